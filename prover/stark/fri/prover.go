package fri

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/fft"
	"github.com/cairnchain/cairn/prover/stark/merkle"
	"github.com/cairnchain/cairn/prover/stark/parallel"
	"github.com/cairnchain/cairn/prover/stark/transcript"
)

type layer struct {
	evals []fp.Element
	tree  *merkle.Tree
}

// Prover holds the committed layers of one FRI proof.
type Prover struct {
	p      Params
	layers []layer
	last   []fp.Element
}

// Commit runs the commit phase on evals, the bit-reversed evaluations of a
// polynomial of degree < 2^degLog on shift·<ω_N>, N = 2^(degLog+BlowupLog).
// For each layer it absorbs the Merkle root into tr and draws the folding
// challenge; it then absorbs the last-layer coefficients. evals is consumed.
func Commit(tr *transcript.Transcript, tw *fft.Twiddles, evals []fp.Element, shift fp.Element, degLog int, p Params) (*Prover, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(evals) != 1<<(degLog+p.BlowupLog) {
		return nil, fmt.Errorf("%w: %d evaluations for degree 2^%d and blowup 2^%d", ErrParams, len(evals), degLog, p.BlowupLog)
	}
	layerLogs, lastLog := p.Layers(degLog)
	pr := &Prover{p: p}
	k := 1 << p.FoldingLog
	// invX[i] = 1/x at even position 2i of the current layer.
	invX, err := halfInverses(len(evals), shift)
	if err != nil {
		return nil, err
	}
	cur := evals
	for range layerLogs {
		leaves := make([]merkle.Digest, len(cur)/k)
		parallel.Run(len(leaves), 1<<10, func(lo, hi int) {
			buf := make([]byte, merkle.ElementBytes*k)
			for g := lo; g < hi; g++ {
				leaves[g] = merkle.HashElements(cur[g*k:(g+1)*k], buf)
			}
		})
		tree, err := merkle.New(leaves)
		if err != nil {
			return nil, fmt.Errorf("fri layer %d commit: %w", len(pr.layers), err)
		}
		pr.layers = append(pr.layers, layer{evals: cur, tree: tree})
		root := tree.Root()
		tr.Absorb(root[:])
		beta := tr.Element()
		for range p.FoldingLog {
			cur = foldAll(cur, invX, beta)
			invX = squareEven(invX)
			beta.Square(&beta)
		}
	}
	// cur now holds the final polynomial on shift^(k^L)·<ω>.
	finalShift := fft.Pow(shift, uint64(1)<<(p.FoldingLog*len(layerLogs)))
	coefs := append([]fp.Element(nil), cur...)
	if err := tw.CosetInterpolate(coefs, finalShift); err != nil {
		return nil, fmt.Errorf("fri last layer: %w", err)
	}
	for i := 1 << lastLog; i < len(coefs); i++ {
		if !coefs[i].IsZero() {
			return nil, fmt.Errorf("%w: last layer coefficient %d of %d is nonzero", ErrNotLowDegree, i, len(coefs))
		}
	}
	pr.last = coefs[:1<<lastLog]
	tr.AbsorbElements(pr.last...)
	return pr, nil
}

// halfInverses returns 1/x for the even positions 2i of the bit-reversed
// coset shift·<ω_N>: x_{2i} = shift·ω_N^{rev_{N/2}(i)} (and x_{2i+1} = −x_{2i}).
func halfInverses(n int, shift fp.Element) ([]fp.Element, error) {
	h := n / 2
	log, err := fft.Log2(n)
	if err != nil {
		return nil, err
	}
	w, err := fft.RootOfUnity(log)
	if err != nil {
		return nil, err
	}
	var wInv, sInv fp.Element
	wInv.Inverse(&w)
	sInv.Inverse(&shift)
	out := make([]fp.Element, h)
	parallel.Run(h, 1<<12, func(lo, hi int) {
		cur := fft.Pow(wInv, uint64(lo))
		cur.Mul(&cur, &sInv)
		for i := lo; i < hi; i++ {
			out[i] = cur
			cur.Mul(&cur, &wInv)
		}
	})
	fft.BitReverse(out)
	return out, nil
}

// squareEven returns the next binary layer's half inverses: the point at even
// position 2i of the folded layer is x_{4i}², so its inverse is invX[2i]².
func squareEven(invX []fp.Element) []fp.Element {
	out := make([]fp.Element, len(invX)/2)
	for i := range out {
		out[i].Square(&invX[2*i])
	}
	return out
}

var inv2 = func() fp.Element {
	var e fp.Element
	e.SetUint64(2)
	e.Inverse(&e)
	return e
}()

// foldAll applies one binary fold to a whole bit-reversed layer.
func foldAll(a, invX []fp.Element, beta fp.Element) []fp.Element {
	out := make([]fp.Element, len(a)/2)
	parallel.Run(len(out), 1<<12, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = fold2(&a[2*i], &a[2*i+1], &invX[i], &beta)
		}
	})
	return out
}

// fold2 returns (a+b)/2 + β·(a−b)/(2x) for f(x) = a, f(−x) = b.
func fold2(a, b, invX, beta *fp.Element) fp.Element {
	var s, d fp.Element
	s.Add(a, b)
	d.Sub(a, b)
	d.Mul(&d, invX)
	d.Mul(&d, beta)
	s.Add(&s, &d)
	s.Mul(&s, &inv2)
	return s
}

// Roots returns the layer commitments in order.
func (p *Prover) Roots() []merkle.Digest {
	out := make([]merkle.Digest, len(p.layers))
	for i, l := range p.layers {
		out[i] = l.tree.Root()
	}
	return out
}

// LastLayer returns the final polynomial's coefficients.
func (p *Prover) LastLayer() []fp.Element { return p.last }

// Open returns the openings of every layer at the given layer-0 positions.
func (p *Prover) Open(positions []uint64) ([]LayerOpening, error) {
	out := make([]LayerOpening, len(p.layers))
	k := 1 << p.p.FoldingLog
	pos := append([]uint64(nil), positions...)
	for j, l := range p.layers {
		gs := groups(pos, p.p.FoldingLog)
		nodes, err := l.tree.Prove(gs)
		if err != nil {
			return nil, fmt.Errorf("fri open layer %d: %w", j, err)
		}
		vals := make([][]fp.Element, len(gs))
		for i, g := range gs {
			vals[i] = append([]fp.Element(nil), l.evals[g*k:(g+1)*k]...)
		}
		out[j] = LayerOpening{Values: vals, Nodes: nodes}
		for i := range pos {
			pos[i] >>= p.p.FoldingLog
		}
	}
	return out, nil
}
