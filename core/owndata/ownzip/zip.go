// Package ownzip reads the images of a student's zip archive for
// core/owndata, with guards against zip bombs. It is a package of its own so
// that the engine worker, which checks own data with core/owndata, does not
// link archive/zip.
package ownzip

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"latentlab/core/owndata"
)

// Limits on a zip archive of images (a guard against zip bombs: the sizes
// its directory declares are checked before anything is inflated, and what
// is inflated is counted as it comes).
const (
	MaxEntries    = 4 * owndata.MaxImages // entries its directory may list
	MaxUnzipped   = 256 << 20             // bytes all its images may inflate to
	MaxImageBytes = 16 << 20              // bytes one image file may hold
	macPrefix     = "__MACOSX/"           // resource forks a Mac's archiver adds
)

// File is one image file of an archive.
type File struct {
	Name string // its path inside the archive
	Data []byte
}

// Read returns the image files of a zip archive (name is the archive's,
// for messages) in the archive's order, the names of the files that are not
// images (directories and hidden files aside), and how many images were
// left out past owndata.MaxImages. A corrupt archive, one whose directory lists
// more than MaxEntries entries or declares more than MaxUnzipped bytes,
// an image over MaxImageBytes, or an entry that inflates to more than it
// declares is refused with an error naming the archive (and the entry).
func Read(name string, b []byte) (files []File, skipped []string, over int, err error) {
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, 0, fmt.Errorf("%s: not a readable zip archive (%v)", name, err)
	}
	if len(r.File) > MaxEntries {
		return nil, nil, 0, fmt.Errorf("%s: %d entries; at most %d", name, len(r.File), MaxEntries)
	}
	var images []*zip.File
	var total uint64
	for _, f := range r.File {
		base := path.Base(f.Name)
		switch {
		case f.FileInfo().IsDir() || strings.HasPrefix(f.Name, macPrefix) || strings.HasPrefix(base, "."):
			continue
		case !owndata.IsImageName(f.Name):
			skipped = append(skipped, f.Name)
			continue
		case len(images) >= owndata.MaxImages:
			over++
			continue
		case f.UncompressedSize64 > MaxImageBytes:
			return nil, nil, 0, fmt.Errorf("%s: %s inflates to %.0f MB; an image may hold at most %d MB", name, f.Name, float64(f.UncompressedSize64)/1e6, MaxImageBytes>>20)
		}
		total += f.UncompressedSize64
		if total > MaxUnzipped {
			return nil, nil, 0, fmt.Errorf("%s: its images inflate to more than %d MB (a zip bomb?); nothing was used", name, MaxUnzipped>>20)
		}
		images = append(images, f)
	}
	for _, f := range images {
		data, err := readEntry(f)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("%s: %s: %w", name, f.Name, err)
		}
		files = append(files, File{Name: f.Name, Data: data})
	}
	return files, skipped, over, nil
}

// readEntry inflates one entry, reading at most the size it declares (and
// one byte more, to notice an entry that lies about it).
func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot be read (%v)", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return nil, errors.New("damaged (its checksum does not match)")
	case err != nil:
		return nil, fmt.Errorf("damaged (%v)", err)
	case uint64(len(data)) > f.UncompressedSize64:
		return nil, errors.New("inflates to more than its declared size")
	}
	return data, nil
}
