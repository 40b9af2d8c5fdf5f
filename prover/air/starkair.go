package air

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/cairnchain/cairn/prover/stark"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// Statement is what a proof's public input encodes: the AIR public input and
// the trace length it was proven with.
type Statement struct {
	TraceLength int          `json:"trace_length"`
	Public      *PublicInput `json:"public_input"`
}

// numChallenges is z, α (memory) and z' (range check).
const numChallenges = 3

// StarkAIR adapts the Cairo AIR to the generic prover (stark.AIR and
// stark.AuxBuilder).
type StarkAIR struct {
	a      *AIR
	layout *stark.Layout
	pubEnc []byte
	pm     atomic.Pointer[pmCache]
	// mainAs caches a.MainAssertions(): Eval runs at every LDE point.
	mainAs []Assertion
	// pos[i] is where mask cell i goes in a full frame vector
	// [main | interaction] at offset 0 then at offset 1.
	pos []int
	// frames pools full frame vectors for Eval; cells outside the mask are
	// never written, so they stay zero.
	frames sync.Pool
}

type pmCache struct {
	ch Challenges
	as []Assertion
}

var (
	_ stark.AIR        = (*StarkAIR)(nil)
	_ stark.AuxBuilder = (*StarkAIR)(nil)
)

// NewStarkAIR returns the stark adapter of the AIR.
func NewStarkAIR(a *AIR) (*StarkAIR, error) {
	enc, err := json.Marshal(Statement{TraceLength: a.N, Public: a.Pub})
	if err != nil {
		return nil, fmt.Errorf("encode statement: %w", err)
	}
	s := &StarkAIR{a: a, pubEnc: enc, mainAs: a.MainAssertions()}
	w := a.Width() + a.InteractionWidth()
	s.frames.New = func() any {
		f := make([]fp.Element, 2*w)
		return &f
	}
	s.layout = s.buildLayout()
	if err := s.layout.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// ParseStatement decodes a proof's public input and returns the AIR it
// describes.
func ParseStatement(data []byte) (*StarkAIR, error) {
	var st Statement
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("%w: decode statement: %v", ErrBadPublicInput, err)
	}
	if st.Public == nil {
		return nil, fmt.Errorf("%w: statement without public input", ErrBadPublicInput)
	}
	a, err := New(st.Public, st.TraceLength)
	if err != nil {
		return nil, err
	}
	return NewStarkAIR(a)
}

// AIR returns the underlying Cairo AIR.
func (s *StarkAIR) AIR() *AIR { return s.a }

// Name implements stark.AIR.
func (s *StarkAIR) Name() string { return "cairo/" + s.a.layout.Name }

// PublicInput implements stark.AIR: the JSON Statement.
func (s *StarkAIR) PublicInput() []byte { return s.pubEnc }

// Layout implements stark.AIR.
func (s *StarkAIR) Layout() *stark.Layout { return s.layout }

// buildLayout declares the mask (the cells probeMask finds the constraints
// read, offset 0 then offset 1), the constraints in Eval's order and the
// periodic columns.
func (s *StarkAIR) buildLayout() *stark.Layout {
	a := s.a
	n := a.N
	w := a.Width() + a.InteractionWidth()
	l := &stark.Layout{
		TraceLength:   n,
		MainWidth:     a.Width(),
		AuxWidth:      a.InteractionWidth(),
		NumChallenges: numChallenges,
		Periodic:      a.bi.periodicColumns(),
	}
	cur, next := s.probeMask(len(l.Periodic))
	for _, c := range cur {
		l.Mask = append(l.Mask, stark.Cell{Col: c})
		s.pos = append(s.pos, c)
	}
	for _, c := range next {
		l.Mask = append(l.Mask, stark.Cell{Col: c, Offset: 1})
		s.pos = append(s.pos, w+c)
	}
	for k := range a.NumRowConstraints() {
		l.Constraints = append(l.Constraints, stark.Constraint{Name: fmt.Sprintf("row/%d", k), Degree: 2, Domain: stark.Domain{Period: 1}})
	}
	for k := range a.NumTransitionConstraints() {
		l.Constraints = append(l.Constraints, stark.Constraint{Name: fmt.Sprintf("transition/%d", k), Degree: 2, Domain: stark.Domain{Period: 1, Exempt: []int{n - 1}}})
	}
	for k, as := range a.MainAssertions() {
		l.Constraints = append(l.Constraints, stark.Constraint{Name: fmt.Sprintf("assert/%d", k), Degree: 1, Domain: stark.Domain{Period: n, Offset: as.Row}})
	}
	for k, row := range a.interactionAssertionRows() {
		l.Constraints = append(l.Constraints, stark.Constraint{Name: fmt.Sprintf("assert-aux/%d", k), Degree: 1, Domain: stark.Domain{Period: n, Offset: row}})
	}
	return l
}

// interactionAssertionRows lists the rows of InteractionAssertions in order.
func (a *AIR) interactionAssertionRows() []int { return []int{0, 0, a.N - 1, a.N - 1} }

func challengesOf(c []fp.Element) Challenges {
	return Challenges{Z: c[0], Alpha: c[1], ZRC: c[2]}
}

// interactionAssertions caches InteractionAssertions per challenge triple:
// Eval runs at every LDE point with the same challenges.
func (s *StarkAIR) interactionAssertions(ch *Challenges) []Assertion {
	if c := s.pm.Load(); c != nil && c.ch == *ch {
		return c.as
	}
	as := s.a.InteractionAssertions(ch)
	s.pm.Store(&pmCache{ch: *ch, as: as})
	return as
}

// Eval implements stark.AIR: it places the mask cells into a full frame and
// evaluates every constraint.
func (s *StarkAIR) Eval(f *stark.Frame, out []fp.Element) {
	buf := s.frames.Get().(*[]fp.Element)
	full := *buf
	for i, p := range s.pos {
		full[p] = f.Cells[i]
	}
	a := s.a
	ch := challengesOf(f.Challenges)
	s.evalFrame(frameOf(full, a.Width(), a.Width()+a.InteractionWidth()), &ch, f.Periodic, out)
	s.frames.Put(buf)
}

// evalFrame evaluates the constraints, in layout order, on a full frame.
func (s *StarkAIR) evalFrame(fr *Frame, ch *Challenges, periodic []fp.Element, out []fp.Element) {
	a := s.a
	k := 0
	nr := a.NumRowConstraints()
	a.EvalRow(fr, ch, periodic, out[k:k+nr])
	k += nr
	nt := a.NumTransitionConstraints()
	a.EvalTransition(fr, ch, periodic, out[k:k+nt])
	k += nt
	for _, as := range s.mainAs {
		out[k].Sub(&fr.Cur[as.Col], &as.Value)
		k++
	}
	for _, as := range s.interactionAssertions(ch) {
		out[k].Sub(&fr.ICur[as.Col], &as.Value)
		k++
	}
}

// BuildAux implements stark.AuxBuilder: the running products of the memory
// and range-check permutation arguments.
func (s *StarkAIR) BuildAux(main *stark.Trace, challenges []fp.Element) (*stark.Trace, error) {
	if len(challenges) != numChallenges || main.Width() != s.a.Width() || main.Rows() != s.a.N {
		return nil, fmt.Errorf("%w: aux build with %d challenges on a %dx%d trace", ErrBadTrace, len(challenges), main.Width(), main.Rows())
	}
	t := &Trace{Cols: main.Columns, N: s.a.N, layout: s.a.layout, cols: s.a.cols, pub: s.a.Pub}
	ch := challengesOf(challenges)
	inter, err := t.BuildInteraction(&ch)
	if err != nil {
		return nil, err
	}
	return &stark.Trace{Columns: inter}, nil
}
