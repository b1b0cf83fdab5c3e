// Package owndata reads a student's own data set: a CSV file of numeric
// columns (ParseCSV, then Standardise the chosen columns), points drawn on
// a canvas (SampleStroke turns a brush stroke into points), or small images
// the browser decoded (FitGray makes each a 28×28 example like MNIST,
// ImageBatch gathers an upload; the subpackage ownzip reads zip archives). Every refusal is
// an error that names the file's row and column and the problem, so that the
// page can show it as it is; a data set that is too large is capped with a
// note instead. It is stdlib-only: the page's binary carries it.
package owndata
