package cairo

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// casmHint is a structured CASM hint (cairo-lang-casm's CoreHint / StarknetHint).
type casmHint struct {
	name string
	fn   func(vm *VM) error
}

func (h *casmHint) Name() string      { return h.name }
func (h *casmHint) Exec(vm *VM) error { return h.fn(vm) }

// casmHintFields holds the union of the operand fields of the supported hints.
type casmHintFields struct {
	Dst, Quotient, Remainder, High, Low, X, Y, Sqrt CellRef
	Lhs, Rhs, Value, Scalar, MaxX, Size, System     *ResOperand
	Val                                             *ResOperand `json:"val"`
	Start, End                                      *ResOperand
}

func (f *casmHintFields) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	cells := map[string]*CellRef{"dst": &f.Dst, "quotient": &f.Quotient, "remainder": &f.Remainder,
		"high": &f.High, "low": &f.Low, "x": &f.X, "y": &f.Y, "sqrt": &f.Sqrt}
	ops := map[string]**ResOperand{"lhs": &f.Lhs, "rhs": &f.Rhs, "value": &f.Value, "scalar": &f.Scalar,
		"max_x": &f.MaxX, "size": &f.Size, "system": &f.System, "val": &f.Val, "start": &f.Start, "end": &f.End}
	for k, v := range raw {
		if c, ok := cells[k]; ok {
			if err := json.Unmarshal(v, c); err != nil {
				return fmt.Errorf("field %s: %w", k, err)
			}
			continue
		}
		if o, ok := ops[k]; ok {
			*o = new(ResOperand)
			if err := json.Unmarshal(v, *o); err != nil {
				return fmt.Errorf("field %s: %w", k, err)
			}
		}
	}
	return nil
}

func (f *casmHintFields) need(name string, ops ...*ResOperand) error {
	for _, o := range ops {
		if o == nil {
			return fmt.Errorf("%w: hint %s is missing an operand", ErrProgram, name)
		}
	}
	return nil
}

// ParseCasmHints parses a CASM class's "hints" array ([[pc, [hint, ...]], ...]).
func ParseCasmHints(raw json.RawMessage) (map[int][]Hint, error) {
	out := map[int][]Hint{}
	if len(raw) == 0 {
		return out, nil
	}
	var entries [][2]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("%w: hints: %v", ErrProgram, err)
	}
	for i, e := range entries {
		var pc int
		if err := json.Unmarshal(e[0], &pc); err != nil || pc < 0 {
			return nil, fmt.Errorf("%w: hints[%d]: bad pc %s", ErrProgram, i, e[0])
		}
		var list []map[string]json.RawMessage
		if err := json.Unmarshal(e[1], &list); err != nil {
			return nil, fmt.Errorf("%w: hints[%d]: %v", ErrProgram, i, err)
		}
		for _, obj := range list {
			if len(obj) != 1 {
				return nil, fmt.Errorf("%w: hints[%d]: hint object with %d keys", ErrProgram, i, len(obj))
			}
			for name, body := range obj {
				h, err := compileCasmHint(name, body)
				if err != nil {
					return nil, fmt.Errorf("hint at pc %d: %w", pc, err)
				}
				out[pc] = append(out[pc], h)
			}
		}
	}
	return out, nil
}

func compileCasmHint(name string, body json.RawMessage) (Hint, error) {
	var f casmHintFields
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, fmt.Errorf("%w: hint %s: %v", ErrProgram, name, err)
	}
	h := &casmHint{name: name}
	switch name {
	case "AllocSegment":
		h.fn = func(vm *VM) error { return writeCell(vm, f.Dst, RelValue(vm.Mem.AddSegment())) }
	case "TestLessThan", "TestLessThanOrEqual":
		if err := f.need(name, f.Lhs, f.Rhs); err != nil {
			return nil, err
		}
		orEq := name == "TestLessThanOrEqual"
		h.fn = func(vm *VM) error {
			a, err := f.Lhs.big(vm)
			if err != nil {
				return err
			}
			b, err := f.Rhs.big(vm)
			if err != nil {
				return err
			}
			c := a.Cmp(b)
			return writeCell(vm, f.Dst, FeltValue(boolFelt(c < 0 || (orEq && c == 0))))
		}
	case "TestLessThanOrEqualAddress":
		if err := f.need(name, f.Lhs, f.Rhs); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			a, err := f.Lhs.get(vm)
			if err != nil {
				return err
			}
			b, err := f.Rhs.get(vm)
			if err != nil {
				return err
			}
			ra, err1 := a.AsRel()
			rb, err2 := b.AsRel()
			if err1 != nil || err2 != nil || ra.Segment != rb.Segment {
				return fmt.Errorf("%w: %s: %s and %s are not comparable addresses", ErrHint, name, a, b)
			}
			return writeCell(vm, f.Dst, FeltValue(boolFelt(ra.Offset <= rb.Offset)))
		}
	case "DivMod":
		if err := f.need(name, f.Lhs, f.Rhs); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			a, err := f.Lhs.big(vm)
			if err != nil {
				return err
			}
			b, err := f.Rhs.big(vm)
			if err != nil {
				return err
			}
			if b.Sign() == 0 {
				return fmt.Errorf("%w: DivMod by zero", ErrHint)
			}
			q, r := new(big.Int).DivMod(a, b, new(big.Int))
			if err := writeBig(vm, f.Quotient, q); err != nil {
				return err
			}
			return writeBig(vm, f.Remainder, r)
		}
	case "WideMul128":
		if err := f.need(name, f.Lhs, f.Rhs); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			a, err := f.Lhs.big(vm)
			if err != nil {
				return err
			}
			b, err := f.Rhs.big(vm)
			if err != nil {
				return err
			}
			if a.Cmp(rcBound) >= 0 || b.Cmp(rcBound) >= 0 {
				return fmt.Errorf("%w: WideMul128 operands must be below 2^128", ErrHint)
			}
			hi, lo := new(big.Int).DivMod(new(big.Int).Mul(a, b), rcBound, new(big.Int))
			if err := writeBig(vm, f.High, hi); err != nil {
				return err
			}
			return writeBig(vm, f.Low, lo)
		}
	case "LinearSplit":
		if err := f.need(name, f.Value, f.Scalar, f.MaxX); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			v, err := f.Value.big(vm)
			if err != nil {
				return err
			}
			s, err := f.Scalar.big(vm)
			if err != nil {
				return err
			}
			mx, err := f.MaxX.big(vm)
			if err != nil {
				return err
			}
			if s.Sign() == 0 {
				return fmt.Errorf("%w: LinearSplit with scalar 0", ErrHint)
			}
			x := new(big.Int).Div(v, s)
			if x.Cmp(mx) > 0 {
				x = mx
			}
			y := new(big.Int).Sub(v, new(big.Int).Mul(x, s))
			if err := writeBig(vm, f.X, x); err != nil {
				return err
			}
			return writeBig(vm, f.Y, y)
		}
	case "SquareRoot":
		if err := f.need(name, f.Value); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			v, err := f.Value.big(vm)
			if err != nil {
				return err
			}
			return writeBig(vm, f.Dst, new(big.Int).Sqrt(v))
		}
	case "FieldSqrt":
		if err := f.need(name, f.Val); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			v, err := f.Val.felt(vm)
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
			return writeCell(vm, f.Sqrt, FeltValue(r))
		}
	case "AllocConstantSize":
		if err := f.need(name, f.Size); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			n, err := f.Size.felt(vm)
			if err != nil {
				return err
			}
			size, ok := feltToInt(&n)
			if !ok || size < 0 {
				return fmt.Errorf("%w: AllocConstantSize size %s", ErrHint, n.Hex())
			}
			next, ok := vm.Scopes[0]["__constant_segment_next"].(Relocatable)
			if !ok {
				next = vm.Mem.AddSegment()
			}
			vm.Scopes[0]["__constant_segment_next"] = Relocatable{next.Segment, next.Offset + size}
			return writeCell(vm, f.Dst, RelValue(next))
		}
	case "DebugPrint":
		if err := f.need(name, f.Start, f.End); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			s, err := f.Start.get(vm)
			if err != nil {
				return err
			}
			e, err := f.End.get(vm)
			if err != nil {
				return err
			}
			n, err := SubValues(e, s)
			if err != nil {
				return err
			}
			start, _ := s.AsRel()
			nf, _ := n.AsFelt()
			cnt, ok := feltToInt(&nf)
			if !ok || cnt < 0 {
				return fmt.Errorf("%w: DebugPrint span", ErrHint)
			}
			vals, err := vm.Mem.ReadFelts(start, cnt)
			if err != nil {
				return err
			}
			for _, v := range vals {
				vm.log.Info().Str("value", v.Hex()).Msg("cairo debug print")
			}
			return nil
		}
	case "SystemCall":
		if err := f.need(name, f.System); err != nil {
			return nil, err
		}
		h.fn = func(vm *VM) error {
			v, err := f.System.get(vm)
			if err != nil {
				return err
			}
			p, err := v.AsRel()
			if err != nil {
				return fmt.Errorf("SystemCall: %w", err)
			}
			if vm.Syscalls == nil {
				return fmt.Errorf("%w: SystemCall without a syscall handler", ErrHint)
			}
			return vm.Syscalls.Syscall(vm, p)
		}
	default:
		return nil, fmt.Errorf("%w: CASM hint %s", ErrUnknownHint, name)
	}
	return h, nil
}
