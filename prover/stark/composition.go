package stark

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/fft"
	"github.com/cairnchain/cairn/prover/stark/internal/vec"
	"github.com/cairnchain/cairn/prover/stark/parallel"
)

// ldePoints returns the LDE coset points shift·ω_N^rev(p) in bit-reversed
// order p; the first D·n of them form the composition sub-coset.
func ldePoints(s *setup) ([]fp.Element, error) {
	N := 1 << s.ldeLog
	w, err := fft.RootOfUnity(s.ldeLog)
	if err != nil {
		return nil, err
	}
	xs := make([]fp.Element, N)
	parallel.Run(N, 1<<12, func(lo, hi int) {
		cur := fft.Pow(w, uint64(lo))
		cur.Mul(&cur, &s.shift)
		for i := lo; i < hi; i++ {
			xs[i] = cur
			cur.Mul(&cur, &w)
		}
	})
	fft.BitReverse(xs)
	return xs, nil
}

// zerofierTable holds 1/(x^(n/P) − c) for the sub-coset points, which repeat
// with period D·P in the natural index, plus the exempt rows' points.
type zerofierTable struct {
	inv    []fp.Element
	exempt []fp.Element
}

func (s *setup) zerofierTables() []zerofierTable {
	out := make([]zerofierTable, len(s.domains))
	for i := range s.domains {
		d := &s.domains[i]
		k := uint64(s.n / d.Period)
		m := s.parts * d.Period
		logM, _ := fft.Log2(m)
		wm, _ := fft.RootOfUnity(logM)
		c := fft.Pow(s.g, uint64(d.Offset)*k)
		base := fft.Pow(s.shift, k)
		vals := make([]fp.Element, m)
		cur := base
		for t := range vals {
			vals[t].Sub(&cur, &c)
			cur.Mul(&cur, &wm)
		}
		out[i].inv = fp.BatchInvert(vals)
		for _, r := range d.Exempt {
			out[i].exempt = append(out[i].exempt, fft.Pow(s.g, uint64(r)))
		}
	}
	return out
}

// periodicTables evaluates each periodic column of length k on the points
// y = x^(n/k) of the sub-coset, indexed by the natural index mod D·k.
func (s *setup) periodicTables(tw *fft.Twiddles) ([][]fp.Element, error) {
	out := make([][]fp.Element, len(s.periodic))
	for i, coefs := range s.periodic {
		k := len(coefs)
		vals := make([]fp.Element, s.parts*k)
		if err := tw.CosetLDE(coefs, fft.Pow(s.shift, uint64(s.n/k)), vals); err != nil {
			return nil, fmt.Errorf("periodic column %d: %w", i, err)
		}
		fft.BitReverse(vals)
		out[i] = vals
	}
	return out, nil
}

// composition evaluates Σ αᵢ·Cᵢ/Zᵢ on the sub-coset of size D·n and returns
// the D parts' coefficients (each of length n): H = Σ x^(i·n)·Hᵢ.
func composition(tw *fft.Twiddles, s *setup, air AIR, cols [][]fp.Element, challenges, alphas []fp.Element) ([][]fp.Element, error) {
	l := s.layout
	xs, err := ldePoints(s)
	if err != nil {
		return nil, err
	}
	zt := s.zerofierTables()
	pt, err := s.periodicTables(tw)
	if err != nil {
		return nil, err
	}
	M := s.parts * s.n
	logM, _ := fft.Log2(M)
	N := 1 << s.ldeLog
	step := N / s.n // row offset 1 = step LDE points in natural order
	offSteps := make([]int, len(s.offsets))
	for i, o := range s.offsets {
		offSteps[i] = ((o%s.n + s.n) % s.n) * step
	}
	evals := make([]fp.Element, M)
	parallel.Run(M, 1<<10, func(lo, hi int) {
		f := &Frame{Cells: make([]fp.Element, len(l.Mask)), Periodic: make([]fp.Element, len(pt)), Challenges: challenges}
		nums := make([]fp.Element, len(l.Constraints))
		weighted := make([]fp.Element, len(l.Constraints))
		byDom := make([]fp.Element, len(s.domains))
		pos := make([]int, len(s.offsets))
		for p := lo; p < hi; p++ {
			f.X = xs[p]
			nat := int(fft.Reverse(uint64(p), s.ldeLog))
			for i, st := range offSteps {
				pos[i] = int(fft.Reverse(uint64((nat+st)&(N-1)), s.ldeLog))
			}
			for i, c := range l.Mask {
				f.Cells[i] = cols[c.Col][pos[s.cellOff[i]]]
			}
			j := int(fft.Reverse(uint64(p), logM)) // natural index in the sub-coset
			for i, tab := range pt {
				f.Periodic[i] = tab[j&(len(tab)-1)]
			}
			air.Eval(f, nums)
			vec.Mul(weighted, nums, alphas)
			clear(byDom)
			for i := range weighted {
				byDom[s.consDom[i]].Add(&byDom[s.consDom[i]], &weighted[i])
			}
			var acc fp.Element
			for d := range byDom {
				z := zt[d].inv[j&(len(zt[d].inv)-1)]
				for _, e := range zt[d].exempt {
					var t fp.Element
					t.Sub(&f.X, &e)
					z.Mul(&z, &t)
				}
				z.Mul(&z, &byDom[d])
				acc.Add(&acc, &z)
			}
			evals[p] = acc
		}
	})
	if err := tw.CosetInterpolate(evals, s.shift); err != nil {
		return nil, fmt.Errorf("interpolate composition: %w", err)
	}
	parts := make([][]fp.Element, s.parts)
	for i := range parts {
		parts[i] = evals[i*s.n : (i+1)*s.n]
	}
	return parts, nil
}
