package fft

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/internal/vec"
	"github.com/cairnchain/cairn/prover/stark/parallel"
)

// Coset is a plan for extending polynomials of n coefficients to the coset
// shift·<ω_N> (N = blowup·n), output in bit-reversed order as CosetLDE
// writes it. The N/n output blocks of n points are the cosets
// c_k·<ω_n>, c_k = shift·ω_N^rev(k), so block k is the size-n transform of
// the coefficients scaled by c_k^i. The plan precomputes those N scale
// factors once, so each column costs one vector multiplication and one NTT
// per block. A Coset is read-only and safe for concurrent use.
type Coset struct {
	tw   *Twiddles
	n    int
	logN int
	pows []fp.Element // pows[k·n + i] = c_k^i
}

// NewCoset plans extensions of polynomials with n coefficients to
// shift·<ω_N>; n ≤ N are powers of two within the twiddle table.
func (t *Twiddles) NewCoset(n, N int, shift fp.Element) (*Coset, error) {
	if _, err := t.check(n); err != nil {
		return nil, err
	}
	logN, err := t.check(N)
	if err != nil {
		return nil, err
	}
	if n > N {
		return nil, fmt.Errorf("coset plan for %d coefficients on %d points: %w", n, N, ErrSize)
	}
	blocks := N / n
	logB, _ := Log2(blocks)
	wN, err := RootOfUnity(logN)
	if err != nil {
		return nil, err
	}
	c := &Coset{tw: t, n: n, logN: logN, pows: make([]fp.Element, N)}
	parallel.Each(blocks, func(k int) {
		ck := Pow(wN, Reverse(uint64(k), logB))
		ck.Mul(&ck, &shift)
		p := c.pows[k*n : (k+1)*n]
		p[0].SetOne()
		for i := 1; i < n; i++ {
			p[i].Mul(&p[i-1], &ck)
		}
	})
	return c, nil
}

// Size is the number n of coefficients the plan extends.
func (c *Coset) Size() int { return c.n }

// Blocks is the number of size-n blocks of an extension (the blowup).
func (c *Coset) Blocks() int { return len(c.pows) / c.n }

// ExtendBlock writes block k of the extension of coefs (n coefficients,
// natural order) into out (n elements): out[i] = P(c_k·ω_n^rev(i)). It runs
// on the calling goroutine.
func (c *Coset) ExtendBlock(coefs, out []fp.Element, k int) error {
	if len(coefs) != c.n || len(out) != c.n || k < 0 || k >= c.Blocks() {
		return fmt.Errorf("coset block %d of %d coefficients into %d points: %w", k, len(coefs), len(out), ErrSize)
	}
	c.extendBlock(coefs, out, k)
	return nil
}

// extendBlock is ExtendBlock without the size checks. (Fusing the scaling
// with the first one or two butterfly layers measured no faster.)
func (c *Coset) extendBlock(coefs, out []fp.Element, k int) {
	vec.Mul(out, coefs, c.pows[k*c.n:(k+1)*c.n])
	c.tw.dif(out, 1)
}

// Columns extends many columns at once, spreading the work over GOMAXPROCS
// goroutines: one task per column for the interpolation, one per (column,
// block) for the extension; constant columns are filled without any
// transform. If evals is true the columns hold evaluations on
// <ω_n> in natural order and are interpolated first; otherwise they are
// coefficients. It returns each column's coefficients (new slices; the
// inputs are not modified) and its N bit-reversed coset evaluations.
func (c *Coset) Columns(columns [][]fp.Element, evals bool) (coefs, ldes [][]fp.Element, err error) {
	for i, col := range columns {
		if len(col) != c.n {
			return nil, nil, fmt.Errorf("column %d has %d rows, want %d: %w", i, len(col), c.n, ErrSize)
		}
	}
	coefs = make([][]fp.Element, len(columns))
	ldes = make([][]fp.Element, len(columns))
	var nInv fp.Element
	nInv.SetUint64(uint64(c.n))
	nInv.Inverse(&nInv)
	constant := make([]bool, len(columns))
	parallel.Each(len(columns), func(i int) {
		ldes[i] = make([]fp.Element, len(c.pows))
		coefs[i] = make([]fp.Element, c.n)
		if v, ok := constantPoly(columns[i], evals); ok {
			constant[i] = true
			coefs[i][0] = v
			for j := range ldes[i] {
				ldes[i][j] = v
			}
			return
		}
		if !evals {
			copy(coefs[i], columns[i])
			return
		}
		// The interpolation works in the first block of the (not yet
		// written) extension.
		a := ldes[i][:c.n]
		bitReverseCopy(a, columns[i])
		c.tw.dit(a, 1)
		vec.ScalarMul(coefs[i], a, &nInv)
	})
	var todo []int // columns left to extend
	for i, k := range constant {
		if !k {
			todo = append(todo, i)
		}
	}
	blocks := c.Blocks()
	parallel.Each(len(todo)*blocks, func(t int) {
		i, k := todo[t/blocks], t%blocks
		c.extendBlock(coefs[i], ldes[i][k*c.n:(k+1)*c.n], k)
	})
	return coefs, ldes, nil
}

// constantPoly reports whether col (evaluations if evals, else
// coefficients) is a constant polynomial, and its value. Such columns (unused
// components' padding, fixed registers) need no transform.
func constantPoly(col []fp.Element, evals bool) (fp.Element, bool) {
	if evals {
		for i := 1; i < len(col); i++ {
			if !col[i].Equal(&col[0]) {
				return fp.Element{}, false
			}
		}
		return col[0], true
	}
	for i := 1; i < len(col); i++ {
		if !col[i].IsZero() {
			return fp.Element{}, false
		}
	}
	return col[0], true
}
