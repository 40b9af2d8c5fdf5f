package stark

import (
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/internal/parallel"
	"github.com/cairnchain/cairn/prover/stark/internal/vec"
)

// deepGroup is one term of the DEEP composition: (Σ γ·col(x) − k)/(x − point).
type deepGroup struct {
	point  fp.Element
	cols   []int // indices into the combined row: trace columns, then composition parts
	gammas []fp.Element
	k      fp.Element // Σ γ·(claimed value at point)
}

// deepGroups groups mask cells by offset (one denominator each) and adds the
// composition parts to the z group.
func (s *setup) deepGroups(z fp.Element, cells, comp, gammas []fp.Element) []deepGroup {
	groups := make([]deepGroup, len(s.offsets))
	zGroup := -1
	for i, o := range s.offsets {
		groups[i].point = s.rowShift(o)
		groups[i].point.Mul(&groups[i].point, &z)
		if o == 0 {
			zGroup = i
		}
	}
	add := func(g *deepGroup, col int, gamma, v fp.Element) {
		g.cols = append(g.cols, col)
		g.gammas = append(g.gammas, gamma)
		var t fp.Element
		t.Mul(&gamma, &v)
		g.k.Add(&g.k, &t)
	}
	for i, c := range s.layout.Mask {
		add(&groups[s.cellOff[i]], c.Col, gammas[i], cells[i])
	}
	if zGroup < 0 {
		groups = append(groups, deepGroup{point: z})
		zGroup = len(groups) - 1
	}
	w := s.layout.Width()
	for i := range comp {
		add(&groups[zGroup], w+i, gammas[len(cells)+i], comp[i])
	}
	return groups
}

// deepAt evaluates the DEEP composition at x from the row of all columns.
func deepAt(groups []deepGroup, x fp.Element, row []fp.Element) fp.Element {
	var acc fp.Element
	for g := range groups {
		num := groupNumerator(&groups[g], row)
		var den fp.Element
		den.Sub(&x, &groups[g].point)
		den.Inverse(&den)
		num.Mul(&num, &den)
		acc.Add(&acc, &num)
	}
	return acc
}

func groupNumerator(g *deepGroup, row []fp.Element) fp.Element {
	var num fp.Element
	for i, c := range g.cols {
		var t fp.Element
		t.Mul(&g.gammas[i], &row[c])
		num.Add(&num, &t)
	}
	num.Sub(&num, &g.k)
	return num
}

// deepChunk is the number of LDE points deepEvaluations handles at a time
// (its working set: a few vectors of this length per group).
const deepChunk = 512

// deepEvaluations evaluates the DEEP composition on the whole LDE coset
// (bit-reversed), from the LDE columns (trace, then composition parts). It
// works column by column on chunks of points with vector operations: per
// group, Σ γ·col over the chunk, minus the group constant, times the batch
// inverted denominators 1/(x − point).
func deepEvaluations(s *setup, groups []deepGroup, cols [][]fp.Element) ([]fp.Element, error) {
	xs, err := ldePoints(s)
	if err != nil {
		return nil, err
	}
	N := len(xs)
	out := make([]fp.Element, N)
	nChunks := (N + deepChunk - 1) / deepChunk
	parallel.Run(nChunks, 1, func(clo, chi int) {
		dens := make([]fp.Element, deepChunk*len(groups))
		acc := make(fp.Vector, deepChunk)
		tmp := make(fp.Vector, deepChunk)
		for c := clo; c < chi; c++ {
			lo, hi := c*deepChunk, min((c+1)*deepChunk, N)
			m := hi - lo
			for g := range groups {
				d := dens[g*m : (g+1)*m]
				for j := range d {
					d[j].Sub(&xs[lo+j], &groups[g].point)
				}
			}
			inv := fp.BatchInvert(dens[:m*len(groups)])
			res := fp.Vector(out[lo:hi])
			for g := range groups {
				gr := &groups[g]
				a, t := acc[:m], tmp[:m]
				for j := range a {
					a[j].Neg(&gr.k)
				}
				for i, col := range gr.cols {
					vec.ScalarMul(t, cols[col][lo:hi], &gr.gammas[i])
					a.Add(a, t)
				}
				vec.Mul(t, a, inv[g*m:(g+1)*m])
				res.Add(res, t)
			}
		}
	})
	return out, nil
}
