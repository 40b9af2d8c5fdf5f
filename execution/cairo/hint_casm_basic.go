package cairo

import (
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// Compilers of cairo-lang-casm's basic CoreHints (arithmetic, segments,
// debug print, system calls).

func compileAllocSegment(a hintArgs) (func(*VM) error, error) {
	dst, err := a.cell("dst")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error { return writeCell(vm, dst, RelValue(vm.Mem.AddSegment())) }, nil
}

// compileTestLess: dst = lhs < rhs (or <=) as integers.
func compileTestLess(a hintArgs, orEq bool) (func(*VM) error, error) {
	ops, err := a.ops("lhs", "rhs")
	if err != nil {
		return nil, err
	}
	dst, err := a.cell("dst")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		x, y, err := bigPair(vm, ops[0], ops[1])
		if err != nil {
			return err
		}
		c := x.Cmp(y)
		return writeCell(vm, dst, FeltValue(boolFelt(c < 0 || (orEq && c == 0))))
	}, nil
}

// compileTestLessAddress: dst = lhs <= rhs for two pointers into one segment.
func compileTestLessAddress(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("lhs", "rhs")
	if err != nil {
		return nil, err
	}
	dst, err := a.cell("dst")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		x, err1 := ops[0].rel(vm)
		y, err2 := ops[1].rel(vm)
		if err1 != nil || err2 != nil || x.Segment != y.Segment {
			return fmt.Errorf("%w: %s: operands are not comparable addresses", ErrHint, a.name)
		}
		return writeCell(vm, dst, FeltValue(boolFelt(x.Offset <= y.Offset)))
	}, nil
}

// compileDivMod: (quotient, remainder) = divmod(lhs, rhs).
func compileDivMod(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("lhs", "rhs")
	if err != nil {
		return nil, err
	}
	out, err := a.cells("quotient", "remainder")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		x, y, err := bigPair(vm, ops[0], ops[1])
		if err != nil {
			return err
		}
		if y.Sign() == 0 {
			return fmt.Errorf("%w: DivMod by zero", ErrHint)
		}
		q, r := new(big.Int).DivMod(x, y, new(big.Int))
		return writeBigs(vm, out, q, r)
	}, nil
}

// compileWideMul128: (high, low) = divmod(lhs * rhs, 2**128).
func compileWideMul128(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("lhs", "rhs")
	if err != nil {
		return nil, err
	}
	out, err := a.cells("high", "low")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		x, y, err := bigPair(vm, ops[0], ops[1])
		if err != nil {
			return err
		}
		if x.Cmp(rcBound) >= 0 || y.Cmp(rcBound) >= 0 {
			return fmt.Errorf("%w: WideMul128 operands must be below 2^128", ErrHint)
		}
		hi, lo := new(big.Int).DivMod(new(big.Int).Mul(x, y), rcBound, new(big.Int))
		return writeBigs(vm, out, hi, lo)
	}, nil
}

// compileLinearSplit: x = min(value // scalar, max_x), y = value - x * scalar.
func compileLinearSplit(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("value", "scalar", "max_x")
	if err != nil {
		return nil, err
	}
	out, err := a.cells("x", "y")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		v, err := bigOps(vm, ops...)
		if err != nil {
			return err
		}
		if v[1].Sign() == 0 {
			return fmt.Errorf("%w: LinearSplit with scalar 0", ErrHint)
		}
		x := new(big.Int).Div(v[0], v[1])
		if x.Cmp(v[2]) > 0 {
			x = v[2]
		}
		y := new(big.Int).Sub(v[0], new(big.Int).Mul(x, v[1]))
		return writeBigs(vm, out, x, y)
	}, nil
}

// compileSquareRoot: dst = isqrt(value).
func compileSquareRoot(a hintArgs) (func(*VM) error, error) {
	v, err := a.op("value")
	if err != nil {
		return nil, err
	}
	dst, err := a.cell("dst")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		x, err := v.big(vm)
		if err != nil {
			return err
		}
		return writeBig(vm, dst, new(big.Int).Sqrt(x))
	}, nil
}

// compileFieldSqrt: sqrt = a square root of val, or of 3*val when val is
// not a quadratic residue; the smaller of the two roots.
func compileFieldSqrt(a hintArgs) (func(*VM) error, error) {
	val, err := a.op("val")
	if err != nil {
		return nil, err
	}
	dst, err := a.cell("sqrt")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		v, err := val.felt(vm)
		if err != nil {
			return err
		}
		var r felt.Felt
		if r.Sqrt(&v) == nil {
			three := felt.FromUint64(3)
			v.Mul(&v, &three)
			if r.Sqrt(&v) == nil {
				return fmt.Errorf("%w: FieldSqrt: neither value nor 3*value is a square", ErrHint)
			}
		}
		var neg felt.Felt
		neg.Neg(&r)
		if neg.Cmp(&r) < 0 {
			r = neg
		}
		return writeCell(vm, dst, FeltValue(r))
	}, nil
}

// compileAllocConstantSize: dst = the next free address of one shared
// segment, which then advances by size.
func compileAllocConstantSize(a hintArgs) (func(*VM) error, error) {
	size, err := a.op("size")
	if err != nil {
		return nil, err
	}
	dst, err := a.cell("dst")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		n, err := size.felt(vm)
		if err != nil {
			return err
		}
		sz, ok := feltToInt(&n)
		if !ok || sz < 0 {
			return fmt.Errorf("%w: AllocConstantSize size %s", ErrHint, n.Hex())
		}
		st := vm.casm()
		if !st.boxedOK {
			st.boxed, st.boxedOK = vm.Mem.AddSegment(), true
		}
		p := st.boxed
		st.boxed.Offset += sz
		return writeCell(vm, dst, RelValue(p))
	}, nil
}

// compileDebugPrint logs the felts in [start, end).
func compileDebugPrint(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("start", "end")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		s, err1 := ops[0].rel(vm)
		e, err2 := ops[1].rel(vm)
		if err1 != nil || err2 != nil || s.Segment != e.Segment || e.Offset < s.Offset {
			return fmt.Errorf("%w: DebugPrint span", ErrHint)
		}
		vals, err := vm.Mem.ReadFelts(s, e.Offset-s.Offset)
		if err != nil {
			return err
		}
		for _, v := range vals {
			vm.log.Info().Str("value", v.Hex()).Msg("cairo debug print")
		}
		return nil
	}, nil
}

// compileSystemCall passes the syscall pointer to the VM's SyscallHandler.
func compileSystemCall(a hintArgs) (func(*VM) error, error) {
	sys, err := a.op("system")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		p, err := sys.rel(vm)
		if err != nil {
			return fmt.Errorf("SystemCall: %w", err)
		}
		if vm.Syscalls == nil {
			return fmt.Errorf("%w: SystemCall without a syscall handler", ErrHint)
		}
		return vm.Syscalls.Syscall(vm, p)
	}, nil
}

// bigPair evaluates two operands as integers in [0, p).
func bigPair(vm *VM, x, y *ResOperand) (*big.Int, *big.Int, error) {
	a, err := x.big(vm)
	if err != nil {
		return nil, nil, err
	}
	b, err := y.big(vm)
	if err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

// bigOps evaluates operands as integers in [0, p).
func bigOps(vm *VM, ops ...*ResOperand) ([]*big.Int, error) {
	out := make([]*big.Int, len(ops))
	for i, o := range ops {
		b, err := o.big(vm)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// writeBigs writes vs[i] (reduced mod p) to cells[i].
func writeBigs(vm *VM, cells []CellRef, vs ...*big.Int) error {
	for i, v := range vs {
		if err := writeBig(vm, cells[i], v); err != nil {
			return err
		}
	}
	return nil
}
