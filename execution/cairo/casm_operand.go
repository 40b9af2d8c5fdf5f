package cairo

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// CellRef is a CASM cell reference: [ap + offset] or [fp + offset].
type CellRef struct {
	Register string `json:"register"`
	Offset   int    `json:"offset"`
}

func (c CellRef) addr(vm *VM) (Relocatable, error) {
	var base Relocatable
	switch c.Register {
	case "AP":
		base = vm.AP
	case "FP":
		base = vm.FP
	default:
		return base, fmt.Errorf("%w: register %q", ErrProgram, c.Register)
	}
	return base.Add(c.Offset)
}

// ResOperand is a CASM hint operand: Deref, DoubleDeref, Immediate or BinOp.
type ResOperand struct {
	Deref       *CellRef
	DoubleDeref *CellRef
	DDOffset    int
	Immediate   *felt.Felt
	BinOp       *struct {
		Op string
		A  CellRef
		B  *ResOperand
	}
}

type binOpJSON struct {
	Op string          `json:"op"`
	A  CellRef         `json:"a"`
	B  json.RawMessage `json:"b"`
}

// UnmarshalJSON decodes Scarb's externally tagged operand forms.
func (r *ResOperand) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%w: operand: %v", ErrProgram, err)
	}
	if len(m) != 1 {
		return fmt.Errorf("%w: operand %s", ErrProgram, b)
	}
	for k, v := range m {
		switch k {
		case "Deref":
			r.Deref = new(CellRef)
			return json.Unmarshal(v, r.Deref)
		case "DoubleDeref":
			var pair [2]json.RawMessage
			if err := json.Unmarshal(v, &pair); err != nil {
				return fmt.Errorf("%w: DoubleDeref: %v", ErrProgram, err)
			}
			r.DoubleDeref = new(CellRef)
			if err := json.Unmarshal(pair[0], r.DoubleDeref); err != nil {
				return fmt.Errorf("%w: DoubleDeref: %v", ErrProgram, err)
			}
			return json.Unmarshal(pair[1], &r.DDOffset)
		case "Immediate":
			f, err := parseBigFelt(v)
			if err != nil {
				return err
			}
			r.Immediate = &f
			return nil
		case "BinOp":
			var bo binOpJSON
			if err := json.Unmarshal(v, &bo); err != nil {
				return fmt.Errorf("%w: BinOp: %v", ErrProgram, err)
			}
			var rb ResOperand
			if err := json.Unmarshal(bo.B, &rb); err != nil {
				return err
			}
			if bo.Op != "Add" && bo.Op != "Mul" {
				return fmt.Errorf("%w: BinOp op %q", ErrProgram, bo.Op)
			}
			r.BinOp = &struct {
				Op string
				A  CellRef
				B  *ResOperand
			}{bo.Op, bo.A, &rb}
			return nil
		}
	}
	return fmt.Errorf("%w: operand kind in %s", ErrProgram, b)
}

// parseBigFelt reads a felt written as a hex string, decimal string or JSON number.
func parseBigFelt(v json.RawMessage) (felt.Felt, error) {
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		s = string(v)
	}
	b, ok := new(big.Int).SetString(s, 0)
	if !ok {
		return felt.Felt{}, fmt.Errorf("%w: bad integer %s", ErrProgram, v)
	}
	return felt.FromBigInt(b), nil
}

// get evaluates the operand.
func (r *ResOperand) get(vm *VM) (Value, error) {
	switch {
	case r.Deref != nil:
		a, err := r.Deref.addr(vm)
		if err != nil {
			return Value{}, err
		}
		return vm.Mem.Read(a)
	case r.DoubleDeref != nil:
		a, err := r.DoubleDeref.addr(vm)
		if err != nil {
			return Value{}, err
		}
		p, err := vm.Mem.ReadRel(a)
		if err != nil {
			return Value{}, err
		}
		p, err = p.Add(r.DDOffset)
		if err != nil {
			return Value{}, err
		}
		return vm.Mem.Read(p)
	case r.Immediate != nil:
		return FeltValue(*r.Immediate), nil
	case r.BinOp != nil:
		a, err := r.BinOp.A.addr(vm)
		if err != nil {
			return Value{}, err
		}
		x, err := vm.Mem.Read(a)
		if err != nil {
			return Value{}, err
		}
		y, err := r.BinOp.B.get(vm)
		if err != nil {
			return Value{}, err
		}
		if r.BinOp.Op == "Add" {
			return AddValues(x, y)
		}
		return MulValues(x, y)
	}
	return Value{}, fmt.Errorf("%w: empty operand", ErrProgram)
}

func (r *ResOperand) felt(vm *VM) (felt.Felt, error) {
	v, err := r.get(vm)
	if err != nil {
		return felt.Felt{}, err
	}
	return v.AsFelt()
}

func (r *ResOperand) rel(vm *VM) (Relocatable, error) {
	v, err := r.get(vm)
	if err != nil {
		return Relocatable{}, err
	}
	return v.AsRel()
}

func (r *ResOperand) big(vm *VM) (*big.Int, error) {
	f, err := r.felt(vm)
	if err != nil {
		return nil, err
	}
	return f.BigInt(), nil
}

func writeCell(vm *VM, c CellRef, v Value) error {
	a, err := c.addr(vm)
	if err != nil {
		return err
	}
	return vm.Mem.Write(a, v)
}

func writeBig(vm *VM, c CellRef, b *big.Int) error {
	return writeCell(vm, c, FeltValue(felt.FromBigInt(b)))
}
