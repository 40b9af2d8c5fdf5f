package stark

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/internal/vec"
	"github.com/cairnchain/cairn/prover/stark/parallel"
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

// deepPolynomial returns the coefficients (length n) of the DEEP
// composition Q(x) = Σ_g (Σ γ·col(x) − k_g)/(x − point_g) from the
// columns' coefficients (trace columns, then composition parts). Working on
// coefficients costs one multiply-add per cell and coefficient, a 1/blowup
// of the same work on the LDE, plus one synthetic division per group and a
// single coset extension of Q afterwards. A nonzero remainder means a
// claimed value is not the column's value at the point.
func deepPolynomial(groups []deepGroup, coefs [][]fp.Element, n int) ([]fp.Element, error) {
	q := make([]fp.Element, n)
	p := make([]fp.Element, n)
	for g := range groups {
		gr := &groups[g]
		clear(p)
		parallel.Run(n, 1<<12, func(lo, hi int) {
			acc, t := fp.Vector(p[lo:hi]), make(fp.Vector, hi-lo)
			for i, col := range gr.cols {
				vec.ScalarMul(t, coefs[col][lo:hi], &gr.gammas[i])
				acc.Add(acc, t)
			}
		})
		p[0].Sub(&p[0], &gr.k)
		// Synthetic division by (x − a): q_{i−1} = p_i + a·q_i, from the top.
		var cur fp.Element
		for i := n - 1; i >= 1; i-- {
			cur.Mul(&cur, &gr.point)
			cur.Add(&cur, &p[i])
			q[i-1].Add(&q[i-1], &cur)
		}
		cur.Mul(&cur, &gr.point)
		cur.Add(&cur, &p[0])
		if !cur.IsZero() {
			return nil, fmt.Errorf("%w: DEEP group %d does not vanish at its point", ErrTrace, g)
		}
	}
	return q, nil
}
