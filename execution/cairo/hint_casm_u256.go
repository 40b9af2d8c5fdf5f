package cairo

import (
	"fmt"
	"math/big"
)

// u256 hints: integers split into 128-bit limbs, limb 0 least significant.

var mask128 = new(big.Int).Sub(rcBound, big.NewInt(1))

// joinLimbs returns sum(limbs[i] * 2^(128 i)).
func joinLimbs(limbs []*big.Int) *big.Int {
	v := new(big.Int)
	for i := len(limbs) - 1; i >= 0; i-- {
		v.Lsh(v, 128).Add(v, limbs[i])
	}
	return v
}

// splitLimbs returns n 128-bit limbs of v; the last limb takes the rest.
func splitLimbs(v *big.Int, n int) []*big.Int {
	out := make([]*big.Int, n)
	r := new(big.Int).Set(v)
	for i := 0; i < n-1; i++ {
		out[i] = new(big.Int).And(r, mask128)
		r.Rsh(r, 128)
	}
	out[n-1] = r
	return out
}

// compileLimbDivMod builds Uint256DivMod / Uint512DivModByUint256:
// quotient, remainder = divmod(dividend, divisor) in 128-bit limbs.
func compileLimbDivMod(a hintArgs, nDividend int) (func(*VM) error, error) {
	var in, outs []string
	for i := 0; i < nDividend; i++ {
		in = append(in, fmt.Sprintf("dividend%d", i))
		outs = append(outs, fmt.Sprintf("quotient%d", i))
	}
	in = append(in, "divisor0", "divisor1")
	outs = append(outs, "remainder0", "remainder1")
	ops, err := a.ops(in...)
	if err != nil {
		return nil, err
	}
	cells, err := a.cells(outs...)
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		v, err := bigOps(vm, ops...)
		if err != nil {
			return err
		}
		dividend := joinLimbs(v[:nDividend])
		divisor := joinLimbs(v[nDividend:])
		if divisor.Sign() == 0 {
			return fmt.Errorf("%w: %s: division by zero", ErrHint, a.name)
		}
		q, r := new(big.Int).DivMod(dividend, divisor, new(big.Int))
		return writeBigs(vm, cells, append(splitLimbs(q, nDividend), splitLimbs(r, 2)...)...)
	}, nil
}

func compileUint256DivMod(a hintArgs) (func(*VM) error, error) { return compileLimbDivMod(a, 2) }
func compileUint512DivMod(a hintArgs) (func(*VM) error, error) { return compileLimbDivMod(a, 4) }

// compileUint256SquareRoot: root = isqrt(value), remainder = value - root^2;
// root in 64-bit limbs sqrt0, sqrt1, remainder in 128-bit limbs, and
// sqrt_mul_2_minus_remainder_ge_u128 = 2 root - remainder >= 2^128.
func compileUint256SquareRoot(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("value_low", "value_high")
	if err != nil {
		return nil, err
	}
	cells, err := a.cells("sqrt0", "sqrt1", "remainder_low", "remainder_high", "sqrt_mul_2_minus_remainder_ge_u128")
	if err != nil {
		return nil, err
	}
	mask64 := new(big.Int).SetUint64(^uint64(0))
	return func(vm *VM) error {
		v, err := bigOps(vm, ops...)
		if err != nil {
			return err
		}
		value := joinLimbs(v)
		root := new(big.Int).Sqrt(value)
		rem := new(big.Int).Sub(value, new(big.Int).Mul(root, root))
		ge := new(big.Int).Sub(new(big.Int).Lsh(root, 1), rem).Cmp(rcBound) >= 0
		flag := big.NewInt(0)
		if ge {
			flag.SetInt64(1)
		}
		rl := splitLimbs(rem, 2)
		return writeBigs(vm, cells, new(big.Int).And(root, mask64), new(big.Int).Rsh(root, 64), rl[0], rl[1], flag)
	}, nil
}

// compileU256InvModN: for b and n in 128-bit limbs, either r = b^-1 mod n
// and k = (r b - 1) / n with g0_or_no_inv = 0, or a proof of no inverse:
// g = gcd(b, n) (2 if even) with s = b / g, t = n / g. n = 1 is the
// no-inverse special case g = 1, s = b, t = 1.
func compileU256InvModN(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("b0", "b1", "n0", "n1")
	if err != nil {
		return nil, err
	}
	cells, err := a.cells("g0_or_no_inv", "g1_option", "s_or_r0", "s_or_r1", "t_or_k0", "t_or_k1")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		v, err := bigOps(vm, ops...)
		if err != nil {
			return err
		}
		b, n := joinLimbs(v[:2]), joinLimbs(v[2:])
		one := big.NewInt(1)
		if n.Cmp(one) == 0 {
			return writeBigs(vm, cells, one, new(big.Int), v[0], v[1], one, new(big.Int))
		}
		g := new(big.Int).GCD(nil, nil, b, n)
		if g.Cmp(one) != 0 {
			if g.Bit(0) == 0 {
				g.SetInt64(2)
			}
			s, t := new(big.Int).Quo(b, g), new(big.Int).Quo(n, g)
			gl, sl, tl := splitLimbs(g, 2), splitLimbs(s, 2), splitLimbs(t, 2)
			return writeBigs(vm, cells, gl[0], gl[1], sl[0], sl[1], tl[0], tl[1])
		}
		r := new(big.Int).ModInverse(b, n)
		if r == nil {
			return fmt.Errorf("%w: U256InvModN: no inverse despite gcd 1", ErrHint)
		}
		k := new(big.Int).Mul(r, b)
		k.Sub(k, one).Quo(k, n)
		rl, kl := splitLimbs(r, 2), splitLimbs(k, 2)
		return writeBigs(vm, []CellRef{cells[0], cells[2], cells[3], cells[4], cells[5]}, new(big.Int), rl[0], rl[1], kl[0], kl[1])
	}, nil
}
