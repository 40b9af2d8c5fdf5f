package air

import (
	"fmt"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/parallel"
)

// numRowPerm is the number of sorted-column and running-product constraints
// that hold on every row.
func (c *columns) numRowPerm() int {
	return 2*(len(c.memSorted)-1) + (len(c.rcSorted) - 1) + len(c.memPairs) + len(c.rcValues)
}

// numTransPerm is the number of permutation constraints between rows.
func (c *columns) numTransPerm() int { return 2 + 1 + 2 }

// evalRowPerm writes the in-row continuity constraints of the sorted memory
// (§9.7) and range-check (§9.9) columns and, when the interaction row is
// given, the running-product constraints
// p_j·(z − (a'_j + α·v'_j)) = p_{j−1}·(z − (a_j + α·v_j)).
func (c *columns) evalRowPerm(r, ir []fp.Element, ch *Challenges, out []fp.Element) {
	k := 0
	for j := 1; j < len(c.memSorted); j++ {
		p, q := c.memSorted[j-1], c.memSorted[j]
		out[k] = continuity(&r[p[0]], &r[q[0]])
		out[k+1] = sameValue(&r[p[0]], &r[q[0]], &r[p[1]], &r[q[1]])
		k += 2
	}
	for j := 1; j < len(c.rcSorted); j++ {
		out[k] = continuity(&r[c.rcSorted[j-1]], &r[c.rcSorted[j]])
		k++
	}
	if ir == nil {
		for ; k < len(out); k++ {
			out[k] = fp.Element{}
		}
		return
	}
	prev := &ir[c.memCarry]
	for j, p := range c.memPairs {
		s := c.memSorted[j]
		den := memTerm(&ch.Z, &ch.Alpha, &r[s[0]], &r[s[1]])
		num := memTerm(&ch.Z, &ch.Alpha, &r[p[0]], &r[p[1]])
		lhs := mul(&ir[c.memProd[j]], &den)
		rhs := mul(prev, &num)
		out[k] = sub(&lhs, &rhs)
		prev = &ir[c.memProd[j]]
		k++
	}
	prev = &ir[c.rcCarry]
	for j, col := range c.rcValues {
		den := sub(&ch.ZRC, &r[c.rcSorted[j]])
		num := sub(&ch.ZRC, &r[col])
		lhs := mul(&ir[c.rcProd[j]], &den)
		rhs := mul(prev, &num)
		out[k] = sub(&lhs, &rhs)
		prev = &ir[c.rcProd[j]]
		k++
	}
}

// evalTransitionPerm writes the continuity constraints from a row's last
// sorted cell to the next row's first, and the carries of the products.
func (c *columns) evalTransitionPerm(r, nx, ir, inx []fp.Element, out []fp.Element) {
	last, first := c.memSorted[len(c.memSorted)-1], c.memSorted[0]
	out[0] = continuity(&r[last[0]], &nx[first[0]])
	out[1] = sameValue(&r[last[0]], &nx[first[0]], &r[last[1]], &nx[first[1]])
	out[2] = continuity(&r[c.rcSorted[len(c.rcSorted)-1]], &nx[c.rcSorted[0]])
	if ir == nil {
		out[3], out[4] = fp.Element{}, fp.Element{}
		return
	}
	out[3] = sub(&inx[c.memCarry], &ir[c.memProd[len(c.memProd)-1]])
	out[4] = sub(&inx[c.rcCarry], &ir[c.rcProd[len(c.rcProd)-1]])
}

// memTerm returns z − (a + α·v).
func memTerm(z, alpha, a, v *fp.Element) fp.Element {
	t := mul(alpha, v)
	t.Add(&t, a)
	return sub(z, &t)
}

// PublicMemoryProduct returns z^|M| / ∏_{(a,v) ∈ M} (z − (a + α·v)), the value
// the memory argument's running product must end with. If a factor vanishes
// (probability ~|M|/p for random challenges) it returns 0, which no running
// product of an honest trace reaches.
func PublicMemoryProduct(pub *PublicInput, ch *Challenges) fp.Element {
	num := elem(1)
	den := elem(1)
	for _, e := range pub.PublicMemory {
		a := elem(e.Address)
		t := memTerm(&ch.Z, &ch.Alpha, &a, e.Value.Element())
		den.Mul(&den, &t)
		num.Mul(&num, &ch.Z)
	}
	var r fp.Element
	r.Div(&num, &den) // den = 0 gives 0
	return r
}

// BuildInteraction computes the interaction trace (running products of the
// memory and range-check permutation arguments) for the given challenges.
func (t *Trace) BuildInteraction(ch *Challenges) ([][]fp.Element, error) {
	c := &t.cols
	n := t.N
	out := make([][]fp.Element, c.iwidth)
	for i := range out {
		out[i] = make([]fp.Element, n)
	}
	// The factors num/den of both running products, computed in parallel
	// chunks of rows (one batch inversion per chunk), then multiplied up in
	// one pass.
	np, nr := len(c.memPairs), len(c.rcValues)
	w := np + nr
	ratios := make([]fp.Element, n*w)
	var hit atomic.Bool
	parallel.Run(n, 1, func(lo, hi int) {
		nums := ratios[lo*w : hi*w]
		dens := make([]fp.Element, len(nums))
		for i := lo; i < hi; i++ {
			k := (i - lo) * w
			for j, p := range c.memPairs {
				nums[k+j] = memTerm(&ch.Z, &ch.Alpha, &t.Cols[p[0]][i], &t.Cols[p[1]][i])
			}
			for j, s := range c.memSorted {
				dens[k+j] = memTerm(&ch.Z, &ch.Alpha, &t.Cols[s[0]][i], &t.Cols[s[1]][i])
			}
			for j, col := range c.rcValues {
				nums[k+np+j] = sub(&ch.ZRC, &t.Cols[col][i])
			}
			for j, col := range c.rcSorted {
				dens[k+np+j] = sub(&ch.ZRC, &t.Cols[col][i])
			}
		}
		for k := range dens {
			if dens[k].IsZero() {
				hit.Store(true)
				return
			}
		}
		inv := fp.BatchInvert(dens)
		for k := range nums {
			nums[k].Mul(&nums[k], &inv[k])
		}
	})
	if hit.Load() {
		return nil, fmt.Errorf("%w: challenge hits a trace value", ErrBadTrace)
	}
	mp, rp := elem(1), elem(1)
	for i := range n {
		out[c.memCarry][i] = mp
		for j := range c.memPairs {
			mp.Mul(&mp, &ratios[i*w+j])
			out[c.memProd[j]][i] = mp
		}
		out[c.rcCarry][i] = rp
		for j := range c.rcValues {
			rp.Mul(&rp, &ratios[i*w+np+j])
			out[c.rcProd[j]][i] = rp
		}
	}
	return out, nil
}
