package owndata

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestParseCSV(t *testing.T) {
	for _, c := range []struct {
		name, in string
		cols     []string
		rows     int
		first    []float64
	}{
		{"header", "x,y\n1,2\n3,4\n", []string{"x", "y"}, 2, []float64{1, 2}},
		{"no header", "1,2,3\n4,5,6\n", []string{"column 1", "column 2", "column 3"}, 2, []float64{1, 2, 3}},
		{"semicolons and spaces", "a; b\n 1.5; -2e3\n3;4\n", []string{"a", "b"}, 2, []float64{1.5, -2000}},
		{"tabs, CRLF, BOM, blank lines", "\ufeffa\tb\r\n1\t2\r\n\r\n3\t4\r\n", []string{"a", "b"}, 2, []float64{1, 2}},
		{"quoted header", "\"width, cm\",height\n1,2\n3,4\n", []string{"width, cm", "height"}, 2, []float64{1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb, err := ParseCSV("f.csv", []byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(tb.Columns) != fmt.Sprint(c.cols) || tb.Rows != c.rows || fmt.Sprint(tb.X[:len(c.first)]) != fmt.Sprint(c.first) {
				t.Errorf("got %q, %d rows, %v", tb.Columns, tb.Rows, tb.X)
			}
		})
	}
}

// TestParseCSVRefuses: every bad input is an error naming the file, the
// line and (for a cell) the column, and the problem.
func TestParseCSVRefuses(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"non-numeric cell", "x,y\n1,2\n3,abc\n", `f.csv, line 3, column 2 (y): "abc" is not a number`},
		{"empty cell", "x,y\n1,\n3,4\n", "f.csv, line 2, column 2 (y): empty cell"},
		{"ragged row", "x,y\n1,2\n3,4,5\n", "f.csv, line 3: 3 cells where the first row has 2 (ragged rows)"},
		{"short row", "1,2\n3\n", "f.csv, line 2: 1 cells where the first row has 2"},
		{"single row", "x,y\n1,2\n", "f.csv: 1 data rows; at least 2 are needed"},
		{"header only", "x,y\n", "f.csv: 0 data rows"},
		{"NaN", "x,y\n1,2\nNaN,4\n", `f.csv, line 3, column 1 (x): "NaN" is not a finite number`},
		{"Inf", "x,y\n1,-Inf\n3,4\n", `line 2, column 2 (y): "-Inf" is not a finite number`},
		{"huge", "x,y\n1,2\n3,1e300\n", `line 3, column 2 (y): "1e300" is too large`},
		{"overflow", "x,y\n1,2\n3,1e400\n", `"1e400" is too large`},
		{"bad quote", "x,y\n1,\"2\n", "f.csv, line 2"},
		{"empty", "", "f.csv is empty"},
		{"too many columns", strings.Repeat("1,", MaxColumns) + "1\n", "65 columns"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseCSV("f.csv", []byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestParseCSVCapsRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("x,y\n")
	for i := range MaxRows + 2500 {
		fmt.Fprintf(&b, "%d,%d\n", i, i%7)
	}
	tb, err := ParseCSV("big.csv", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Rows != MaxRows || len(tb.X) != 2*MaxRows {
		t.Errorf("kept %d rows, want %d", tb.Rows, MaxRows)
	}
	if want := "the first 100,000 were kept and about 2,500 left out"; !strings.Contains(tb.Note, want) {
		t.Errorf("note %q, want %q", tb.Note, want)
	}
}

func TestCheckSize(t *testing.T) {
	if err := CheckSize("a.csv", 200e6); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "a.csv (200 MB)") {
		t.Errorf("200 MB: %v", err)
	}
	if err := CheckSize("a.csv", 1000); err != nil {
		t.Error(err)
	}
}

func TestStandardise(t *testing.T) {
	tb, err := ParseCSV("f.csv", []byte("a,b,c\n1,10,5\n2,10,7\n3,10,9\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Standardise("f.csv", tb, []int{0, 2})
	if err != nil {
		t.Fatal(err)
	}
	k := float32(math.Sqrt(1.5))
	want := []float32{-k, -k, 0, 0, k, k}
	for i := range want {
		if math.Abs(float64(s.X[i]-want[i])) > 1e-6 {
			t.Fatalf("got %v, want %v", s.X, want)
		}
	}
	if s.N() != 3 || s.Dim != 2 {
		t.Errorf("N %d Dim %d", s.N(), s.Dim)
	}
	if _, err := Standardise("f.csv", tb, []int{0, 1}); err == nil || !strings.Contains(err.Error(), `column "b" is constant`) {
		t.Errorf("constant column: %v", err)
	}
	if _, err := Standardise("f.csv", tb, []int{0}); err == nil || !strings.Contains(err.Error(), "at least 2 columns") {
		t.Errorf("one column: %v", err)
	}
}

func TestSampleStroke(t *testing.T) {
	// An L of length 1 + 1 at spacing 0.25: 9 points, evenly spaced along the path.
	pts := SampleStroke(nil, []float64{0, 0, 1, 0, 1, 1}, 0.25)
	if len(pts) != 18 {
		t.Fatalf("%d points: %v", len(pts)/2, pts)
	}
	for i := 2; i < len(pts); i += 2 {
		if d := math.Hypot(float64(pts[i]-pts[i-2]), float64(pts[i+1]-pts[i-1])); math.Abs(d-0.25) > 1e-6 {
			t.Errorf("step %d: %g apart", i/2, d)
		}
	}
	if last := pts[16:]; last[0] != 1 || last[1] != 1 {
		t.Errorf("last point %v", last)
	}
	if got := SampleStroke(nil, []float64{0.5, 0.5}, 0.1); len(got) != 2 {
		t.Errorf("a dab: %v", got)
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		x    []float32
		dim  int
		want string
	}{
		{[]float32{1, 2, 3, 4}, 2, ""},
		{[]float32{1, 2, 3}, 2, "not whole points"},
		{[]float32{1, 2}, 2, "at least 2"},
		{[]float32{1, 2, float32(math.NaN()), 4}, 2, "point 2, coordinate 1 is NaN"},
		{[]float32{1, 2, float32(math.Inf(1)), 4}, 2, "is +Inf"},
		{[]float32{1, 2}, 0, "coordinates per point"},
	} {
		err := Check(c.x, c.dim)
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%v, %d) = %v, want %q", c.x, c.dim, err, c.want)
		}
	}
}

// FuzzParseCSV: any bytes give a table or an error, never a panic, and a
// table is whole: Rows×columns finite numbers, MinRows…MaxRows rows.
func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{"x,y\n1,2\n3,4\n", "1;2\n3;4\n", "a\tb\n1\t2\n\"3\"\t4\n", "x,y\n1,2\n3,abc\n", "1,2\n3\n", "\ufeff1,2\r\n3,4"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := ParseCSV("f.csv", b)
		if err != nil {
			return
		}
		if tb.Rows < MinRows || tb.Rows > MaxRows || len(tb.X) != tb.Rows*len(tb.Columns) {
			t.Fatalf("table of %d rows, %d columns, %d numbers", tb.Rows, len(tb.Columns), len(tb.X))
		}
		for _, v := range tb.X {
			if math.IsNaN(v) || math.Abs(v) > MaxAbs {
				t.Fatalf("cell %g", v)
			}
		}
		cols := make([]int, len(tb.Columns))
		for j := range cols {
			cols[j] = j
		}
		if s, err := Standardise("f.csv", tb, cols); err == nil {
			if err := Check(s.X, s.Dim); err != nil && len(cols) >= 2 {
				t.Fatalf("standardised set refused: %v", err)
			}
		}
	})
}
