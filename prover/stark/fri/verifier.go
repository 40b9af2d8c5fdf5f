package fri

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/fft"
	"github.com/cairnchain/cairn/prover/stark/merkle"
	"github.com/cairnchain/cairn/prover/stark/transcript"
)

// Verifier checks the query phase of a FRI proof whose commitments it has
// replayed through the transcript.
type Verifier struct {
	p      Params
	degLog int
	shift  fp.Element
	roots  []merkle.Digest
	betas  []fp.Element
	last   []fp.Element
	lastLg int
}

// ReadCommitments replays the commit phase: it checks the number of roots and
// last-layer coefficients against the parameters, absorbs them into tr in the
// prover's order and draws the folding challenges.
func ReadCommitments(tr *transcript.Transcript, roots []merkle.Digest, last []fp.Element, shift fp.Element, degLog int, p Params) (*Verifier, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	layerLogs, lastLog := p.Layers(degLog)
	if len(roots) != len(layerLogs) {
		return nil, fmt.Errorf("%w: %d layer roots, want %d", ErrReject, len(roots), len(layerLogs))
	}
	if len(last) != 1<<lastLog {
		return nil, fmt.Errorf("%w: %d last-layer coefficients, want %d", ErrReject, len(last), 1<<lastLog)
	}
	v := &Verifier{p: p, degLog: degLog, shift: shift, roots: roots, last: last, lastLg: lastLog}
	for _, r := range roots {
		tr.Absorb(r[:])
		v.betas = append(v.betas, tr.Element())
	}
	tr.AbsorbElements(last...)
	return v, nil
}

// Verify checks the openings at the layer-0 positions, given values[i], the
// input function's value at positions[i] (computed by the caller).
func (v *Verifier) Verify(positions []uint64, values []fp.Element, openings []LayerOpening) error {
	if len(positions) != len(values) || len(positions) == 0 {
		return fmt.Errorf("%w: %d positions, %d values", ErrReject, len(positions), len(values))
	}
	if len(openings) != len(v.roots) {
		return fmt.Errorf("%w: %d layer openings, want %d", ErrReject, len(openings), len(v.roots))
	}
	f := v.p.FoldingLog
	k := 1 << f
	logN := v.degLog + v.p.BlowupLog
	pos := append([]uint64(nil), positions...)
	cur := append([]fp.Element(nil), values...)
	shift := v.shift
	for j, op := range openings {
		gs := groups(pos, f)
		if len(op.Values) != len(gs) {
			return fmt.Errorf("%w: layer %d opens %d groups, want %d", ErrReject, j, len(op.Values), len(gs))
		}
		leaves := make([]merkle.Digest, len(gs))
		index := make(map[int]int, len(gs))
		for i, g := range gs {
			if len(op.Values[i]) != k {
				return fmt.Errorf("%w: layer %d group %d has %d values", ErrReject, j, g, len(op.Values[i]))
			}
			leaves[i] = merkle.HashElements(op.Values[i], nil)
			index[g] = i
		}
		if err := merkle.Verify(v.roots[j], 1<<(logN-f), gs, leaves, op.Nodes); err != nil {
			return fmt.Errorf("%w: layer %d: %w", ErrReject, j, err)
		}
		// Fold each distinct group once.
		folded := make([]fp.Element, len(gs))
		for i, g := range gs {
			y, err := v.foldGroup(op.Values[i], g, logN, shift, v.betas[j])
			if err != nil {
				return err
			}
			folded[i] = y
		}
		for q := range pos {
			g := int(pos[q] >> f)
			i := index[g]
			if !op.Values[i][pos[q]&uint64(k-1)].Equal(&cur[q]) {
				return fmt.Errorf("%w: layer %d query %d: value mismatch", ErrReject, j, q)
			}
			cur[q] = folded[i]
			pos[q] >>= f
		}
		logN -= f
		shift = fft.Pow(shift, uint64(k))
	}
	w, err := fft.RootOfUnity(logN)
	if err != nil {
		return err
	}
	for q := range pos {
		x := fft.Pow(w, fft.Reverse(pos[q], logN))
		x.Mul(&x, &shift)
		y := fft.Eval(v.last, x)
		if !y.Equal(&cur[q]) {
			return fmt.Errorf("%w: query %d: last layer mismatch", ErrReject, q)
		}
	}
	return nil
}

// foldGroup folds the k values of group g of a layer of size 2^logN on the
// coset shift·<ω> down to one value of the next layer.
func (v *Verifier) foldGroup(vals []fp.Element, g int, logN int, shift fp.Element, beta fp.Element) (fp.Element, error) {
	f := v.p.FoldingLog
	k := 1 << f
	wN, err := fft.RootOfUnity(logN)
	if err != nil {
		return fp.Element{}, err
	}
	wk, err := fft.RootOfUnity(f)
	if err != nil {
		return fp.Element{}, err
	}
	base := fft.Pow(wN, fft.Reverse(uint64(g), logN-f))
	base.Mul(&base, &shift)
	xs := make([]fp.Element, k)
	for t := range xs {
		xs[t] = fft.Pow(wk, fft.Reverse(uint64(t), f))
		xs[t].Mul(&xs[t], &base)
	}
	a := append([]fp.Element(nil), vals...)
	for len(a) > 1 {
		h := len(a) / 2
		for i := 0; i < h; i++ {
			var inv fp.Element
			inv.Inverse(&xs[2*i])
			a[i] = fold2(&a[2*i], &a[2*i+1], &inv, &beta)
			xs[i].Square(&xs[2*i])
		}
		a = a[:h]
		beta.Square(&beta)
	}
	return a[0], nil
}
