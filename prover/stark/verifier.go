package stark

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/fft"
	"github.com/cairnchain/cairn/prover/stark/fri"
	"github.com/cairnchain/cairn/prover/stark/merkle"
	"github.com/cairnchain/cairn/prover/stark/transcript"
)

// DefaultMinSecurity is the security level (bits) verifiers require unless
// configured otherwise.
const DefaultMinSecurity = 100

// VerifyBytes decodes and verifies a serialized proof.
func VerifyBytes(air AIR, data []byte, minSecurity int) error {
	p, err := Unmarshal(data)
	if err != nil {
		return err
	}
	return Verify(air, p, minSecurity)
}

// Verify checks proof against air (which fixes the layout and public input)
// and rejects options whose conjectured security is below minSecurity bits.
func Verify(air AIR, proof *Proof, minSecurity int) error {
	h := &proof.Header
	if h.Version != Version {
		return fmt.Errorf("%w: version %d", ErrReject, h.Version)
	}
	if h.AIR != air.Name() {
		return fmt.Errorf("%w: proof is for AIR %q, not %q", ErrReject, h.AIR, air.Name())
	}
	if !bytes.Equal(h.PublicInput, air.PublicInput()) {
		return fmt.Errorf("%w: public input differs", ErrReject)
	}
	s, err := newSetup(air.Layout(), h.Options)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrReject, err)
	}
	if sec := h.Options.Security(s.logN, s.parts); sec < minSecurity {
		return fmt.Errorf("%w: %d bits, %d required", ErrSecurity, sec, minSecurity)
	}
	if err := checkShape(s, proof); err != nil {
		return err
	}
	l := s.layout

	tr := transcript.New(transcriptLabel)
	tr.Absorb(h.MarshalHeader())
	tr.Absorb(proof.TraceRoots[0][:])
	var challenges []fp.Element
	if l.AuxWidth > 0 {
		challenges = tr.Elements(l.NumChallenges)
		tr.Absorb(proof.TraceRoots[1][:])
	}
	alphas := tr.Elements(len(l.Constraints))
	tr.Absorb(proof.CompRoot[:])
	z := s.drawOOD(tr.Element)
	want := s.constraintsAt(air, z, proof.OODCells, challenges, alphas)
	if got := s.compositionAt(z, proof.OODComp); !got.Equal(&want) {
		return fmt.Errorf("%w: out-of-domain constraint check failed", ErrReject)
	}
	tr.AbsorbElements(proof.OODCells...)
	tr.AbsorbElements(proof.OODComp...)
	gammas := tr.Elements(len(l.Mask) + s.parts)
	groups := s.deepGroups(z, proof.OODCells, proof.OODComp, gammas)
	fv, err := fri.ReadCommitments(tr, proof.FRIRoots, proof.FRILast, s.shift, s.logN, s.friParams())
	if err != nil {
		return fmt.Errorf("%w: %w", ErrReject, err)
	}
	if !tr.CheckWork(s.opts.GrindingBits, proof.Nonce) {
		return fmt.Errorf("%w: proof of work", ErrReject)
	}
	tr.AbsorbUint64(proof.Nonce)
	positions := tr.Indices(s.opts.Queries, uint64(1)<<s.ldeLog)
	distinct := distinctSorted(positions)

	// Check the row openings and assemble full rows (trace ‖ composition).
	openings := append(slices.Clone(proof.TraceOpenings), proof.CompOpening)
	roots := append(slices.Clone(proof.TraceRoots), proof.CompRoot)
	full := make([][]fp.Element, len(distinct))
	for t, o := range openings {
		if len(o.Rows) != len(distinct) {
			return fmt.Errorf("%w: commitment %d opens %d rows, want %d", ErrReject, t, len(o.Rows), len(distinct))
		}
		leaves := make([]merkle.Digest, len(o.Rows))
		for i, row := range o.Rows {
			leaves[i] = merkle.HashElements(row, nil)
			full[i] = append(full[i], row...)
		}
		if err := merkle.Verify(roots[t], 1<<s.ldeLog, distinct, leaves, o.Nodes); err != nil {
			return fmt.Errorf("%w: commitment %d: %w", ErrReject, t, err)
		}
	}
	w, err := fft.RootOfUnity(s.ldeLog)
	if err != nil {
		return err
	}
	values := make([]fp.Element, len(positions))
	for q, pos := range positions {
		i, _ := slices.BinarySearch(distinct, int(pos))
		x := fft.Pow(w, fft.Reverse(pos, s.ldeLog))
		x.Mul(&x, &s.shift)
		values[q] = deepAt(groups, x, full[i])
	}
	if err := fv.Verify(positions, values, proof.FRI); err != nil {
		return fmt.Errorf("%w: %w", ErrReject, err)
	}
	return nil
}

// checkShape checks every count in the proof against the layout and options
// before any arithmetic uses them.
func checkShape(s *setup, p *Proof) error {
	l := s.layout
	nTraces := 1
	if l.AuxWidth > 0 {
		nTraces = 2
	}
	switch {
	case len(p.TraceRoots) != nTraces || len(p.TraceOpenings) != nTraces:
		return fmt.Errorf("%w: %d trace commitments, want %d", ErrReject, len(p.TraceRoots), nTraces)
	case len(p.OODCells) != len(l.Mask):
		return fmt.Errorf("%w: %d OOD cells, want %d", ErrReject, len(p.OODCells), len(l.Mask))
	case len(p.OODComp) != s.parts:
		return fmt.Errorf("%w: %d OOD composition values, want %d", ErrReject, len(p.OODComp), s.parts)
	}
	widths := []int{l.MainWidth, l.AuxWidth}
	for t, o := range p.TraceOpenings {
		for _, row := range o.Rows {
			if len(row) != widths[t] {
				return fmt.Errorf("%w: trace opening %d has a row of width %d, want %d", ErrReject, t, len(row), widths[t])
			}
		}
	}
	for _, row := range p.CompOpening.Rows {
		if len(row) != s.parts {
			return fmt.Errorf("%w: composition row of width %d, want %d", ErrReject, len(row), s.parts)
		}
	}
	return nil
}
