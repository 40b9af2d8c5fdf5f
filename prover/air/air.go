package air

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// Assertion pins one trace cell to a value: column Col (of the interaction
// trace when Interaction is set) at row Row.
type Assertion struct {
	Col         int
	Interaction bool
	Row         int
	Value       fp.Element
}

// AIR is the Cairo AIR for one public input and trace length. Everything in
// it is computed from the public input, so prover and verifier build the same.
type AIR struct {
	Pub    *PublicInput
	N      int
	layout Layout
	cols   columns
	bi     *builtins
}

// New returns the AIR for the public input and a trace of n rows (a power of
// two, at least n_steps).
func New(pub *PublicInput, n int) (*AIR, error) {
	if err := pub.Validate(); err != nil {
		return nil, err
	}
	if n < 2 || n&(n-1) != 0 || uint64(n) < pub.NSteps {
		return nil, fmt.Errorf("%w: trace length %d for %d steps", ErrBadPublicInput, n, pub.NSteps)
	}
	lay, err := LayoutByName(pub.Layout)
	if err != nil {
		return nil, err
	}
	a := &AIR{Pub: pub, N: n, layout: lay, cols: cpuColumns()}
	if a.bi, err = newBuiltins(lay, pub, &a.cols); err != nil {
		return nil, err
	}
	if err := a.bi.checkCapacity(n); err != nil {
		return nil, err
	}
	return a, nil
}

// AIR returns the AIR of the trace.
func (t *Trace) AIR() (*AIR, error) { return New(t.pub, t.N) }

// Width returns the main trace width.
func (a *AIR) Width() int { return a.cols.width }

// InteractionWidth returns the interaction trace width.
func (a *AIR) InteractionWidth() int { return a.cols.iwidth }

// NumRowConstraints is the number of constraints that hold on every row.
func (a *AIR) NumRowConstraints() int {
	return numRowCPU + a.cols.numRowPerm() + a.bi.numRow()
}

// NumTransitionConstraints is the number of constraints between each row and
// the next (all rows but the last).
func (a *AIR) NumTransitionConstraints() int {
	return numTransCPU + a.cols.numTransPerm() + a.bi.numTransition()
}

// ConstraintDegree is the highest degree of any constraint in the trace
// columns.
func (a *AIR) ConstraintDegree() int { return 2 }

// EvalRow writes the row constraints of fr.Cur into out
// (len NumRowConstraints). Periodic values for row-periodic builtin
// selectors are given in per.
func (a *AIR) EvalRow(fr *Frame, ch *Challenges, per []fp.Element, out []fp.Element) {
	evalRowCPU(fr.Cur, out[:numRowCPU])
	k := numRowCPU
	np := a.cols.numRowPerm()
	a.cols.evalRowPerm(fr.Cur, fr.ICur, ch, out[k:k+np])
	k += np
	a.bi.evalRow(fr, per, out[k:])
}

// EvalTransition writes the transition constraints between fr.Cur and
// fr.Next into out (len NumTransitionConstraints).
func (a *AIR) EvalTransition(fr *Frame, ch *Challenges, per []fp.Element, out []fp.Element) {
	evalTransitionCPU(fr.Cur, fr.Next, out[:numTransCPU])
	k := numTransCPU
	np := a.cols.numTransPerm()
	a.cols.evalTransitionPerm(fr.Cur, fr.Next, fr.ICur, fr.INext, out[k:k+np])
	k += np
	a.bi.evalTransition(fr, per, out[k:])
}

// execPrefix is the number of cells proof mode places at the start of the
// execution segment before the initial ap (cairo-lang: the dummy return fp
// and pc), so ap = fp = execution.begin_addr + 2 at the first step.
const execPrefix = 2

// registerBounds returns the register values the AIR pins: pc at the first
// and last row from the program segment, ap (and fp) at the first row and ap
// at the last row from the execution segment.
func (a *AIR) registerBounds() (initPC, finalPC, initAP, finalAP uint64) {
	prog := a.Pub.MemorySegments[SegProgram]
	exec := a.Pub.MemorySegments[SegExecution]
	return prog.BeginAddr, prog.StopPtr, exec.BeginAddr + execPrefix, exec.StopPtr
}

// MainAssertions returns the boundary constraints on the main trace:
// pc, ap, fp at the first row, pc and ap at the last, the first sorted
// memory address (1) and the range-check interval ends.
func (a *AIR) MainAssertions() []Assertion {
	initPC, finalPC, initAP, finalAP := a.registerBounds()
	last := a.N - 1
	as := []Assertion{
		{Col: colPC, Row: 0, Value: elem(initPC)},
		{Col: colAP, Row: 0, Value: elem(initAP)},
		{Col: colFP, Row: 0, Value: elem(initAP)},
		{Col: colPC, Row: last, Value: elem(finalPC)},
		{Col: colAP, Row: last, Value: elem(finalAP)},
		// Sorted memory starts at address 1, so the contiguous addresses
		// cannot wrap around the field.
		{Col: a.cols.memSorted[0][0], Row: 0, Value: elem(1)},
		{Col: a.cols.rcSorted[0], Row: 0, Value: elem(a.Pub.RCMin)},
		{Col: a.cols.rcSorted[len(a.cols.rcSorted)-1], Row: last, Value: elem(a.Pub.RCMax)},
	}
	return append(as, a.bi.assertions(a.N)...)
}

// InteractionAssertions returns the boundary constraints on the interaction
// trace: both running products start at 1, the memory product ends at the
// public memory product and the range-check product at 1.
func (a *AIR) InteractionAssertions(ch *Challenges) []Assertion {
	pm := PublicMemoryProduct(a.Pub, ch)
	last := a.N - 1
	return []Assertion{
		{Col: a.cols.memCarry, Interaction: true, Row: 0, Value: elem(1)},
		{Col: a.cols.rcCarry, Interaction: true, Row: 0, Value: elem(1)},
		{Col: a.cols.memProd[len(a.cols.memProd)-1], Interaction: true, Row: last, Value: pm},
		{Col: a.cols.rcProd[len(a.cols.rcProd)-1], Interaction: true, Row: last, Value: elem(1)},
	}
}
