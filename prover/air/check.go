package air

import (
	"fmt"
	"iter"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// ConstraintError reports the first constraint an assignment violates.
type ConstraintError struct {
	Kind  string // "row", "transition", "assertion"
	Index int    // constraint index within its kind
	Row   int
}

func (e *ConstraintError) Error() string {
	return fmt.Sprintf("air: %s constraint %d fails at row %d", e.Kind, e.Index, e.Row)
}

// Check evaluates every constraint of the AIR on a full assignment (main and
// interaction traces, challenges) and returns a *ConstraintError for the
// first violation. The prover runs it before committing so that a bad trace
// fails with a precise message instead of an unverifiable proof.
func (a *AIR) Check(main, inter [][]fp.Element, ch *Challenges) error {
	if len(main) != a.Width() || len(inter) != a.InteractionWidth() {
		return fmt.Errorf("%w: trace widths %d/%d, want %d/%d", ErrBadTrace, len(main), len(inter), a.Width(), a.InteractionWidth())
	}
	if err := a.checkRows(main, inter, ch, func(yield func(int) bool) {
		for i := range a.N {
			if !yield(i) {
				return
			}
		}
	}); err != nil {
		return err
	}
	return a.checkAssertions(main, inter, ch)
}

// checkRows evaluates the row constraints at the given rows and the
// transition constraints from them (none from the last row). With a nil
// interaction trace the running-product constraints are not evaluated.
func (a *AIR) checkRows(main, inter [][]fp.Element, ch *Challenges, rows iter.Seq[int]) error {
	n := a.N
	row := func(cols [][]fp.Element, i int) []fp.Element {
		if cols == nil {
			return nil
		}
		r := make([]fp.Element, len(cols))
		for c := range cols {
			r[c] = cols[c][i]
		}
		return r
	}
	outR := make([]fp.Element, a.NumRowConstraints())
	outT := make([]fp.Element, a.NumTransitionConstraints())
	for i := range rows {
		fr := Frame{Cur: row(main, i), Next: row(main, (i+1)%n), ICur: row(inter, i), INext: row(inter, (i+1)%n)}
		per := a.Periodic(i)
		a.EvalRow(&fr, ch, per, outR)
		for k := range outR {
			if !outR[k].IsZero() {
				return &ConstraintError{Kind: "row", Index: k, Row: i}
			}
		}
		if i == n-1 {
			continue
		}
		a.EvalTransition(&fr, ch, per, outT)
		for k := range outT {
			if !outT[k].IsZero() {
				return &ConstraintError{Kind: "transition", Index: k, Row: i}
			}
		}
	}
	return nil
}

// checkAssertions checks the boundary assertions of the main and
// interaction traces.
func (a *AIR) checkAssertions(main, inter [][]fp.Element, ch *Challenges) error {
	for k, as := range append(a.MainAssertions(), a.InteractionAssertions(ch)...) {
		cols := main
		if as.Interaction {
			cols = inter
		}
		if !cols[as.Col][as.Row].Equal(&as.Value) {
			return &ConstraintError{Kind: "assertion", Index: k, Row: as.Row}
		}
	}
	return nil
}

// Periodic returns the values of the layout's periodic columns at row i.
func (a *AIR) Periodic(i int) []fp.Element { return a.bi.periodic(i) }
