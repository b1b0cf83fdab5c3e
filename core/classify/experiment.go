package classify

import "fmt"

// Set is a labelled data set: N rows of Dim inputs, one label each.
type Set struct {
	X      []float32
	Dim    int
	Labels []int
}

// N is the number of rows.
func (s Set) N() int { return len(s.Labels) }

// Features maps rows of inputs to rows of features (an encoder's codes, or
// the inputs themselves) and returns the feature size.
type Features func(x []float32) (feat []float32, dim int, err error)

// Experiment is the applications lesson's test of a representation: softmax
// classifiers fitted on Labelled[k] class-balanced training examples (the
// subsets nested, drawn with Seed), scored on the whole held-out set.
type Experiment struct {
	Labelled []int // labelled examples per fit, each a multiple of Classes
	Classes  int
	Seed     uint64
	Decay    float64
	Iters    int // accelerated gradient steps per fit (0: Iterations)
	// Unlabelled is how many training rows (the first ones) the features
	// are standardised over; their labels are not used.
	Unlabelled int
	// Yield is passed to every fit (Problem.Yield).
	Yield func()
}

// Run fits one classifier per labelled size on the features of train and
// returns each one's accuracy on test.
func (e Experiment) Run(train, test Set, features Features) ([]float64, error) {
	if e.Classes < 2 || len(e.Labelled) == 0 {
		return nil, fmt.Errorf("classify: %d classes, labelled sizes %v", e.Classes, e.Labelled)
	}
	largest := 0
	for _, n := range e.Labelled {
		if n <= 0 || n%e.Classes != 0 {
			return nil, fmt.Errorf("classify: %d labelled examples is not a positive multiple of the %d classes", n, e.Classes)
		}
		largest = max(largest, n)
	}
	if test.N() == 0 || train.N() == 0 {
		return nil, fmt.Errorf("classify: %d training and %d held-out examples", train.N(), test.N())
	}
	un := min(max(e.Unlabelled, 1), train.N())
	unFeat, dim, err := features(train.X[:un*train.Dim])
	if err != nil {
		return nil, fmt.Errorf("classify: features of the unlabelled digits: %w", err)
	}
	scaler := FitScaler(Rows(unFeat, dim, seq(un)), dim)
	testFeat, _, err := features(test.X)
	if err != nil {
		return nil, fmt.Errorf("classify: features of the held-out digits: %w", err)
	}
	testX := Rows(testFeat, dim, seq(test.N()))
	acc := make([]float64, len(e.Labelled))
	for k, n := range e.Labelled {
		idx, err := Balanced(train.Labels, e.Classes, n/e.Classes, e.Seed)
		if err != nil {
			return nil, err
		}
		feat, _, err := features(Gather(train.X, train.Dim, idx))
		if err != nil {
			return nil, fmt.Errorf("classify: features of %d labelled digits: %w", n, err)
		}
		p := Problem{X: Rows(feat, dim, seq(n)), Y: Pick(train.Labels, idx), Dim: dim, Classes: e.Classes, Decay: e.Decay, Scaler: scaler, Yield: e.Yield}
		m, err := Fit(p, e.Iters)
		if err != nil {
			return nil, fmt.Errorf("classify: %d labelled digits: %w", n, err)
		}
		if acc[k], err = m.Accuracy(testX, test.Labels); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// Gather copies rows idx of x (dim values each).
func Gather(x []float32, dim int, idx []int) []float32 {
	out := make([]float32, 0, len(idx)*dim)
	for _, i := range idx {
		out = append(out, x[i*dim:(i+1)*dim]...)
	}
	return out
}

// seq is 0, 1, …, n−1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
