package cairo

import (
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// rcBound is range_check_builtin.bound (2^128).
var rcBound = new(big.Int).Lsh(big.NewInt(1), 128)

// cairo0Hints whitelists Cairo 0 hints of cairo-lang's common library by
// their exact code.
var cairo0Hints = map[string]func(c *idsCtx) error{
	"memory[ap] = segments.add()": func(c *idsCtx) error {
		return c.vm.Mem.WriteRel(c.vm.AP, c.vm.Mem.AddSegment())
	},
	"vm_enter_scope({'n': ids.len})": func(c *idsCtx) error { return enterScopeN(c, "len") },
	"vm_enter_scope({'n': ids.n})":   func(c *idsCtx) error { return enterScopeN(c, "n") },
	"n -= 1\nids.continue_copying = 1 if n > 0 else 0": func(c *idsCtx) error {
		return loopN(c, "continue_copying")
	},
	"n -= 1\nids.continue_loop = 1 if n > 0 else 0": func(c *idsCtx) error {
		return loopN(c, "continue_loop")
	},
	"vm_enter_scope()": func(c *idsCtx) error {
		c.vm.Scopes = append(c.vm.Scopes, map[string]any{})
		return nil
	},
	"vm_exit_scope()": func(c *idsCtx) error {
		if len(c.vm.Scopes) <= 1 {
			return fmt.Errorf("%w: vm_exit_scope with no scope to exit", ErrHint)
		}
		c.vm.Scopes = c.vm.Scopes[:len(c.vm.Scopes)-1]
		return nil
	},
	"from starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.a)\nassert 0 <= ids.a % PRIME < range_check_builtin.bound, f'a = {ids.a} is out of range.'": func(c *idsCtx) error {
		a, err := c.felt("a")
		if err != nil {
			return err
		}
		if a.BigInt().Cmp(rcBound) >= 0 {
			return fmt.Errorf("%w: a = %s is out of range", ErrHint, a.Text(10))
		}
		return nil
	},
	"memory[ap] = 0 if 0 <= (ids.a % PRIME) < range_check_builtin.bound else 1": func(c *idsCtx) error {
		a, err := c.felt("a")
		if err != nil {
			return err
		}
		return c.vm.Mem.WriteFelt(c.vm.AP, boolFelt(a.BigInt().Cmp(rcBound) >= 0))
	},
	"memory[ap] = 0 if 0 <= ((-ids.a - 1) % PRIME) < range_check_builtin.bound else 1": func(c *idsCtx) error {
		a, err := c.felt("a")
		if err != nil {
			return err
		}
		var v felt.Felt
		v.Neg(&a)
		v.Sub(&v, &felt.One)
		return c.vm.Mem.WriteFelt(c.vm.AP, boolFelt(v.BigInt().Cmp(rcBound) >= 0))
	},
	"from starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.value)\nassert ids.value % PRIME != 0, f'assert_not_zero failed: {ids.value} = 0.'": func(c *idsCtx) error {
		v, err := c.felt("value")
		if err != nil {
			return err
		}
		if v.IsZero() {
			return fmt.Errorf("%w: assert_not_zero failed: value = 0", ErrHint)
		}
		return nil
	},
	"from starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.div)\nassert 0 < ids.div <= PRIME // range_check_builtin.bound, \\\n    f'div={hex(ids.div)} is out of the valid range.'\nids.q, ids.r = divmod(ids.value, ids.div)": unsignedDivRem,
	"from starkware.cairo.common.math_utils import assert_integer\nassert ids.MAX_HIGH < 2**128 and ids.MAX_LOW < 2**128\nassert PRIME - 1 == ids.MAX_HIGH * 2**128 + ids.MAX_LOW\nassert_integer(ids.value)\nids.low = ids.value & ((1 << 128) - 1)\nids.high = ids.value >> 128": func(c *idsCtx) error {
		v, err := c.felt("value")
		if err != nil {
			return err
		}
		b := v.BigInt()
		low := new(big.Int).And(b, new(big.Int).Sub(rcBound, big.NewInt(1)))
		high := new(big.Int).Rsh(b, 128)
		if err := c.setFelt("low", felt.FromBigInt(low)); err != nil {
			return err
		}
		return c.setFelt("high", felt.FromBigInt(high))
	},
	"from starkware.cairo.common.math_utils import as_int\n\n# Correctness check.\nvalue = as_int(ids.value, PRIME) % PRIME\nassert value < ids.UPPER_BOUND, f'{value} is outside of the range [0, 2**250).'\n\n# Calculation for the assertion.\nids.high, ids.low = divmod(ids.value, ids.SHIFT)": func(c *idsCtx) error {
		v, err := c.felt("value")
		if err != nil {
			return err
		}
		if bitLen(&v) > 250 {
			return fmt.Errorf("%w: %s is outside of the range [0, 2**250)", ErrHint, v.Text(10))
		}
		q, r := new(big.Int).DivMod(v.BigInt(), rcBound, new(big.Int))
		if err := c.setFelt("high", felt.FromBigInt(q)); err != nil {
			return err
		}
		return c.setFelt("low", felt.FromBigInt(r))
	},
	"from starkware.python.math_utils import isqrt\nvalue = ids.value % PRIME\nassert value < 2 ** 250, f\"value={value} is outside of the range [0, 2**250).\"\nassert 2 ** 250 < PRIME\nids.root = isqrt(value)": func(c *idsCtx) error {
		v, err := c.felt("value")
		if err != nil {
			return err
		}
		if bitLen(&v) > 250 {
			return fmt.Errorf("%w: value=%s is outside of the range [0, 2**250)", ErrHint, v.Text(10))
		}
		return c.setFelt("root", felt.FromBigInt(new(big.Int).Sqrt(v.BigInt())))
	},
}

func boolFelt(b bool) felt.Felt {
	if b {
		return felt.One
	}
	return felt.Zero
}

func enterScopeN(c *idsCtx, name string) error {
	n, err := c.felt(name)
	if err != nil {
		return err
	}
	c.vm.Scopes = append(c.vm.Scopes, map[string]any{"n": n.BigInt()})
	return nil
}

func loopN(c *idsCtx, flag string) error {
	n, ok := c.scope()["n"].(*big.Int)
	if !ok {
		return fmt.Errorf("%w: scope variable n is not set", ErrHint)
	}
	n = new(big.Int).Sub(n, big.NewInt(1))
	c.scope()["n"] = n
	return c.setFelt(flag, boolFelt(n.Sign() > 0))
}

func unsignedDivRem(c *idsCtx) error {
	div, err := c.felt("div")
	if err != nil {
		return err
	}
	value, err := c.felt("value")
	if err != nil {
		return err
	}
	d := div.BigInt()
	limit := new(big.Int).Div(felt.Modulus(), rcBound)
	if d.Sign() <= 0 || d.Cmp(limit) > 0 {
		return fmt.Errorf("%w: div=%s is out of the valid range", ErrHint, div.Hex())
	}
	q, r := new(big.Int).DivMod(value.BigInt(), d, new(big.Int))
	if err := c.setFelt("q", felt.FromBigInt(q)); err != nil {
		return err
	}
	return c.setFelt("r", felt.FromBigInt(r))
}
