package stark

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// ErrLayout reports an AIR layout the prover and verifier cannot use.
var ErrLayout = errors.New("stark: invalid AIR layout")

// AIR is the verifier's view of an algebraic intermediate representation: a
// trace of Layout().TraceLength rows, constraints over a window of cells, and
// the public input that fixes it. Implementations must be deterministic and
// safe for concurrent use (Eval is called from many goroutines).
type AIR interface {
	// Name identifies the AIR and its layout in proof headers, e.g. "cairo/plain".
	Name() string
	// PublicInput is the canonical encoding of the public input; it is bound
	// into the transcript and stored in the proof header.
	PublicInput() []byte
	// Layout describes columns, mask, constraints and periodic columns. It is
	// read once per prove/verify call.
	Layout() *Layout
	// Eval writes the numerator of every constraint (in Layout().Constraints
	// order) at the frame's point into out (len(out) == number of constraints).
	// A numerator must vanish on every row of the constraint's Domain when the
	// trace is valid.
	Eval(f *Frame, out []fp.Element)
}

// AuxBuilder is implemented by AIRs with interaction (auxiliary) columns: after
// the main trace is committed the prover draws Layout().NumChallenges random
// challenges and calls BuildAux to obtain Layout().AuxWidth more columns (for
// example running products of a permutation argument), which are committed in
// a second tree. Constraints then see main and aux columns together.
type AuxBuilder interface {
	BuildAux(main *Trace, challenges []fp.Element) (*Trace, error)
}

// Trace is a column-major execution trace: Columns[c][r] is column c at row r.
type Trace struct {
	Columns [][]fp.Element
}

// NewTrace allocates width zeroed columns of length rows.
func NewTrace(width, rows int) *Trace {
	t := &Trace{Columns: make([][]fp.Element, width)}
	for i := range t.Columns {
		t.Columns[i] = make([]fp.Element, rows)
	}
	return t
}

// Width is the number of columns.
func (t *Trace) Width() int { return len(t.Columns) }

// Rows is the column length (0 for an empty trace).
func (t *Trace) Rows() int {
	if len(t.Columns) == 0 {
		return 0
	}
	return len(t.Columns[0])
}

// Cell names a trace cell relative to the row a constraint is evaluated at:
// column Col (main columns first, then aux columns) at row r+Offset (mod the
// trace length). Offsets may be negative.
type Cell struct {
	Col    int
	Offset int
}

// Domain is the set of rows on which a constraint must hold: rows r with
// r ≡ Offset (mod Period), minus the rows listed in Exempt. Period must divide
// the trace length. Period 1 is every row; Period == TraceLength is a single
// row (a boundary constraint). Its vanishing polynomial is
// (x^(n/Period) − g^(Offset·n/Period)) / ∏_{r ∈ Exempt} (x − g^r), g the trace
// domain generator, n the trace length.
type Domain struct {
	Period int
	Offset int
	Exempt []int
}

// Constraint declares one constraint. Degree bounds the numerator's degree in
// units of the trace degree: a product of two cells is 2, a cell times a
// periodic column is 2, a use of Frame.X counts 1. Name is for errors and logs.
type Constraint struct {
	Name   string
	Degree int
	Domain Domain
}

// Layout is the static shape of an AIR instance.
type Layout struct {
	// TraceLength is the number of rows n, a power of two ≥ 2.
	TraceLength int
	// MainWidth and AuxWidth count the main and interaction columns.
	MainWidth int
	AuxWidth  int
	// NumChallenges is how many random field elements BuildAux receives
	// (0 unless AuxWidth > 0).
	NumChallenges int
	// Mask lists the cells Eval reads; Frame.Cells follows this order.
	Mask []Cell
	// Constraints lists the constraints Eval evaluates.
	Constraints []Constraint
	// Periodic lists periodic columns: Periodic[i] (length k, a power of two
	// dividing n) gives the value at row r as Periodic[i][r mod k].
	Periodic [][]fp.Element
}

// Frame is the input of AIR.Eval at one point x: the mask cells' values,
// the periodic columns' values and the interaction challenges.
type Frame struct {
	X          fp.Element
	Cells      []fp.Element
	Periodic   []fp.Element
	Challenges []fp.Element
}

// Width is MainWidth + AuxWidth.
func (l *Layout) Width() int { return l.MainWidth + l.AuxWidth }

// MaxDegree is the largest constraint degree (at least 1).
func (l *Layout) MaxDegree() int {
	d := 1
	for _, c := range l.Constraints {
		d = max(d, c.Degree)
	}
	return d
}

// Validate checks the layout's internal consistency.
func (l *Layout) Validate() error {
	n := l.TraceLength
	if n < 2 || n&(n-1) != 0 || n > 1<<40 {
		return fmt.Errorf("%w: trace length %d is not a power of two in [2, 2^40]", ErrLayout, n)
	}
	if l.MainWidth < 1 || l.AuxWidth < 0 || l.Width() > 1<<16 {
		return fmt.Errorf("%w: widths main %d aux %d", ErrLayout, l.MainWidth, l.AuxWidth)
	}
	if l.NumChallenges < 0 || l.NumChallenges > 1<<10 || (l.AuxWidth == 0 && l.NumChallenges != 0) {
		return fmt.Errorf("%w: %d challenges with %d aux columns", ErrLayout, l.NumChallenges, l.AuxWidth)
	}
	if len(l.Mask) == 0 || len(l.Constraints) == 0 {
		return fmt.Errorf("%w: empty mask or constraint list", ErrLayout)
	}
	seen := make(map[Cell]bool, len(l.Mask))
	for i, c := range l.Mask {
		if c.Col < 0 || c.Col >= l.Width() || c.Offset <= -n || c.Offset >= n {
			return fmt.Errorf("%w: mask cell %d (col %d offset %d) out of range", ErrLayout, i, c.Col, c.Offset)
		}
		if seen[c] {
			return fmt.Errorf("%w: mask cell %d (col %d offset %d) repeated", ErrLayout, i, c.Col, c.Offset)
		}
		seen[c] = true
	}
	for i, c := range l.Constraints {
		if err := c.Domain.validate(n); err != nil {
			return fmt.Errorf("%w: constraint %d (%s): %w", ErrLayout, i, c.Name, err)
		}
		if c.Degree < 1 || c.Degree > 64 {
			return fmt.Errorf("%w: constraint %d (%s): degree %d", ErrLayout, i, c.Name, c.Degree)
		}
	}
	for i, p := range l.Periodic {
		k := len(p)
		if k < 1 || k&(k-1) != 0 || k > n {
			return fmt.Errorf("%w: periodic column %d has length %d", ErrLayout, i, k)
		}
	}
	return nil
}

func (d *Domain) validate(n int) error {
	if d.Period < 1 || d.Period > n || n%d.Period != 0 {
		return fmt.Errorf("period %d does not divide %d", d.Period, n)
	}
	if d.Offset < 0 || d.Offset >= d.Period {
		return fmt.Errorf("offset %d outside [0, %d)", d.Offset, d.Period)
	}
	size := n / d.Period
	if len(d.Exempt) >= size {
		return fmt.Errorf("%d exemptions leave no rows of %d", len(d.Exempt), size)
	}
	seen := make(map[int]bool, len(d.Exempt))
	for _, r := range d.Exempt {
		if r < 0 || r >= n || r%d.Period != d.Offset || seen[r] {
			return fmt.Errorf("exempt row %d is not a distinct row of the domain", r)
		}
		seen[r] = true
	}
	return nil
}

// quotientDegree bounds deg(numerator/zerofier) for constraint c over a trace
// of n rows.
func (c *Constraint) quotientDegree(n int) int {
	return c.Degree*(n-1) - (n/c.Domain.Period - len(c.Domain.Exempt))
}
