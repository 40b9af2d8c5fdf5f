package fft

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/internal/parallel"
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
func (t *Twiddles) CosetLDE(coefs []fp.Element, shift fp.Element, out []fp.Element) error {
	if len(out) < len(coefs) {
		return fmt.Errorf("coset LDE of %d coefficients into %d points: %w", len(coefs), len(out), ErrSize)
	}
	if _, err := t.check(len(out)); err != nil {
		return err
	}
	copy(out, coefs)
	clear(out[len(coefs):])
	var one fp.Element
	one.SetOne()
	scalePowers(out[:len(coefs)], one, shift)
	t.dif(out, parallel.Workers())
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
