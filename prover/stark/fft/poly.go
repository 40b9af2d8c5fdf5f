package fft

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/parallel"
)

// Interpolate replaces the evaluations a(ω^i), in natural order i, by the
// coefficients of a (natural order).
func (t *Twiddles) Interpolate(a []fp.Element) error {
	if _, err := t.check(len(a)); err != nil {
		return err
	}
	BitReverse(a)
	return t.Inverse(a)
}

// CosetLDE evaluates the polynomial with coefficients coefs (natural order) on
// the coset shift·<ω_N>, N = len(out), writing the evaluations in bit-reversed
// order: out[i] = P(shift·ω_N^rev(i)). N must be a power of two ≥ len(coefs).
//
// With m the power of two ≥ len(coefs), the N/m blocks of m consecutive
// outputs are the evaluations on the cosets shift·ω_N^rev(k)·<ω_m>, so the
// extension is N/m independent size-m transforms (cache friendly, parallel)
// rather than one zero-padded size-N transform.
func (t *Twiddles) CosetLDE(coefs []fp.Element, shift fp.Element, out []fp.Element) error {
	if len(out) < len(coefs) {
		return fmt.Errorf("coset LDE of %d coefficients into %d points: %w", len(coefs), len(out), ErrSize)
	}
	logN, err := t.check(len(out))
	if err != nil {
		return err
	}
	m := 1
	for m < len(coefs) {
		m *= 2
	}
	blocks := len(out) / m
	logB, _ := Log2(blocks)
	wN, err := RootOfUnity(logN)
	if err != nil {
		return err
	}
	workers := max(1, parallel.Workers()/blocks)
	parallel.Each(blocks, func(k int) {
		block := out[k*m : (k+1)*m]
		copy(block, coefs)
		clear(block[len(coefs):])
		c := Pow(wN, Reverse(uint64(k), logB))
		c.Mul(&c, &shift)
		var one fp.Element
		one.SetOne()
		scalePowers(block[:len(coefs)], one, c)
		t.dif(block, workers)
	})
	return nil
}

// CosetInterpolate replaces the evaluations of P on shift·<ω_N> (N = len(a),
// bit-reversed order, as produced by CosetLDE) by P's coefficients.
func (t *Twiddles) CosetInterpolate(a []fp.Element, shift fp.Element) error {
	if err := t.Inverse(a); err != nil {
		return err
	}
	var one, sInv fp.Element
	one.SetOne()
	sInv.Inverse(&shift)
	scalePowers(a, one, sInv)
	return nil
}

// Eval returns P(x) for the coefficients coefs (natural order), by Horner's rule.
func Eval(coefs []fp.Element, x fp.Element) fp.Element {
	var r fp.Element
	for i := len(coefs) - 1; i >= 0; i-- {
		r.Mul(&r, &x)
		r.Add(&r, &coefs[i])
	}
	return r
}
