package cairo

import (
	"fmt"
)

// execute runs one decoded instruction: operand computation with deduction,
// opcode assertions and register updates (cairo-lang's run_instruction).
func (vm *VM) execute(ins *Instruction) error {
	mem := vm.Mem
	dstAddr := vm.AP
	if ins.DstReg == RegFP {
		dstAddr = vm.FP
	}
	dstAddr.Offset += ins.OffDst
	op0Addr := vm.AP
	if ins.Op0Reg == RegFP {
		op0Addr = vm.FP
	}
	op0Addr.Offset += ins.OffOp0
	if dstAddr.Offset < 0 || op0Addr.Offset < 0 {
		return fmt.Errorf("%w: negative operand address (dst %s, op0 %s)", ErrBadAddress, dstAddr, op0Addr)
	}
	dst, dstOK := mem.Get(dstAddr)
	op0, op0OK := mem.Get(op0Addr)

	var op1Addr Relocatable
	switch ins.Op1Src {
	case Op1Op0:
		if !op0OK {
			return fmt.Errorf("%w: op0 at %s must be known for a double dereference", ErrUnknownMemory, op0Addr)
		}
		if op0.kind != kindRel {
			return fmt.Errorf("op1 address [op0 %+d]: %w", ins.OffOp1, ErrExpectedRelocatable)
		}
		op1Addr = op0.rel
	case Op1Imm:
		op1Addr = vm.PC
	case Op1FP:
		op1Addr = vm.FP
	case Op1AP:
		op1Addr = vm.AP
	}
	op1Addr.Offset += ins.OffOp1
	if op1Addr.Offset < 0 {
		return fmt.Errorf("%w: negative op1 address %s", ErrBadAddress, op1Addr)
	}
	op1, op1OK := mem.Get(op1Addr)

	var res Value
	var err error
	if !op0OK {
		op0, res, err = vm.deduceOp0(ins, &dst, &op1)
		if err != nil {
			return err
		}
		if op0.kind == kindNone {
			if op0, err = mem.deduce(op0Addr); err != nil {
				return fmt.Errorf("deduce op0 at %s: %w", op0Addr, err)
			}
			if op0.kind == kindNone {
				return fmt.Errorf("op0: %w: %s", ErrUnknownMemory, op0Addr)
			}
		}
	}
	if !op1OK {
		var r Value
		op1, r, err = deduceOp1(ins, &dst, &op0)
		if err != nil {
			return err
		}
		if res.kind == kindNone {
			res = r
		}
		if op1.kind == kindNone {
			if op1, err = mem.deduce(op1Addr); err != nil {
				return fmt.Errorf("deduce op1 at %s: %w", op1Addr, err)
			}
			if op1.kind == kindNone {
				return fmt.Errorf("op1: %w: %s", ErrUnknownMemory, op1Addr)
			}
		}
	}
	if res.kind == kindNone {
		if err := computeRes(ins, &op0, &op1, &res); err != nil {
			return err
		}
	}
	if !dstOK {
		switch {
		case ins.Opcode == OpAssertEq && res.kind != kindNone:
			dst = res
		case ins.Opcode == OpCall:
			dst = RelValue(vm.FP)
		default:
			if dst, err = mem.deduce(dstAddr); err != nil {
				return fmt.Errorf("deduce dst at %s: %w", dstAddr, err)
			}
			if dst.kind == kindNone {
				return fmt.Errorf("dst: %w: %s", ErrUnknownMemory, dstAddr)
			}
		}
		if err := mem.Write(dstAddr, dst); err != nil {
			return fmt.Errorf("write dst: %w", err)
		}
	}
	if !op0OK {
		if err := mem.Write(op0Addr, op0); err != nil {
			return fmt.Errorf("write op0: %w", err)
		}
	}
	if !op1OK {
		if err := mem.Write(op1Addr, op1); err != nil {
			return fmt.Errorf("write op1: %w", err)
		}
	}
	if vm.track {
		vm.markAccessed(vm.PC)
		vm.markAccessed(dstAddr)
		vm.markAccessed(op0Addr)
		vm.markAccessed(op1Addr)
	}

	size := ins.Size()
	switch ins.Opcode {
	case OpAssertEq:
		if res.kind == kindNone {
			return fmt.Errorf("%w: res is unconstrained", ErrAssertEq)
		}
		if !res.Equal(dst) {
			return fmt.Errorf("%w: dst %s != res %s", ErrAssertEq, dst, res)
		}
	case OpCall:
		ret := RelValue(Relocatable{vm.PC.Segment, vm.PC.Offset + size})
		if !op0.Equal(ret) {
			return fmt.Errorf("%w: op0 %s != return pc %s", ErrCall, op0, ret)
		}
		if !dst.Equal(RelValue(vm.FP)) {
			return fmt.Errorf("%w: dst %s != fp %s", ErrCall, dst, vm.FP)
		}
	}

	// fp
	switch ins.FpUpdate {
	case FpAPPlus2:
		vm.FP = Relocatable{vm.AP.Segment, vm.AP.Offset + 2}
	case FpDst:
		switch dst.kind {
		case kindRel:
			vm.FP = dst.rel
		case kindFelt:
			if vm.FP, err = vm.FP.AddFelt(&dst.f); err != nil {
				return fmt.Errorf("fp update: %w", err)
			}
		}
	}
	// ap
	switch ins.ApUpdate {
	case ApAdd:
		if res.kind != kindFelt {
			return fmt.Errorf("ap += res: %w (res %s)", ErrExpectedFelt, res)
		}
		if vm.AP, err = vm.AP.AddFelt(&res.f); err != nil {
			return fmt.Errorf("ap update: %w", err)
		}
	case ApAdd1:
		vm.AP.Offset++
	case ApAdd2:
		vm.AP.Offset += 2
	}
	// pc
	switch ins.PcUpdate {
	case PcRegular:
		vm.PC.Offset += size
	case PcJumpAbs:
		if res.kind != kindRel {
			return fmt.Errorf("jmp abs: %w (res %s)", ErrExpectedRelocatable, res)
		}
		vm.PC = res.rel
	case PcJumpRel:
		if res.kind != kindFelt {
			return fmt.Errorf("jmp rel: %w (res %s)", ErrExpectedFelt, res)
		}
		if vm.PC, err = vm.PC.AddFelt(&res.f); err != nil {
			return fmt.Errorf("jmp rel: %w", err)
		}
	case PcJnz:
		if dst.kind == kindFelt && dst.f.IsZero() {
			vm.PC.Offset += size
		} else {
			if op1.kind != kindFelt {
				return fmt.Errorf("jnz: %w (op1 %s)", ErrExpectedFelt, op1)
			}
			if vm.PC, err = vm.PC.AddFelt(&op1.f); err != nil {
				return fmt.Errorf("jnz: %w", err)
			}
		}
	}
	return nil
}

// deduceOp0 deduces op0 from the opcode, dst and op1 (cairo-lang deduce_op0).
func (vm *VM) deduceOp0(ins *Instruction, dst, op1 *Value) (op0, res Value, err error) {
	switch ins.Opcode {
	case OpCall:
		return RelValue(Relocatable{vm.PC.Segment, vm.PC.Offset + ins.Size()}), Value{}, nil
	case OpAssertEq:
		if dst.kind == kindNone || op1.kind == kindNone {
			return
		}
		switch ins.Res {
		case ResAdd:
			op0, err = SubValues(*dst, *op1)
			if err != nil {
				return Value{}, Value{}, fmt.Errorf("deduce op0: %w", err)
			}
			return op0, *dst, nil
		case ResMul:
			if dst.kind == kindFelt && op1.kind == kindFelt && !op1.f.IsZero() {
				op0.kind = kindFelt
				op0.f.Div(&dst.f, &op1.f)
				return op0, *dst, nil
			}
		}
	}
	return
}

// deduceOp1 deduces op1 from the opcode, dst and op0 (cairo-lang deduce_op1).
func deduceOp1(ins *Instruction, dst, op0 *Value) (op1, res Value, err error) {
	if ins.Opcode != OpAssertEq || dst.kind == kindNone {
		return
	}
	switch ins.Res {
	case ResOp1:
		return *dst, *dst, nil
	case ResAdd:
		if op0.kind == kindNone {
			return
		}
		op1, err = SubValues(*dst, *op0)
		if err != nil {
			return Value{}, Value{}, fmt.Errorf("deduce op1: %w", err)
		}
		return op1, *dst, nil
	case ResMul:
		if dst.kind == kindFelt && op0.kind == kindFelt && !op0.f.IsZero() {
			op1.kind = kindFelt
			op1.f.Div(&dst.f, &op0.f)
			return op1, *dst, nil
		}
	}
	return
}

// computeRes sets res from op0 and op1 (absent for jnz).
func computeRes(ins *Instruction, op0, op1, res *Value) error {
	switch ins.Res {
	case ResOp1:
		*res = *op1
	case ResAdd:
		if op0.kind == kindFelt && op1.kind == kindFelt {
			res.kind = kindFelt
			res.f.Add(&op0.f, &op1.f)
			return nil
		}
		r, err := AddValues(*op0, *op1)
		if err != nil {
			return fmt.Errorf("res = op0 + op1: %w", err)
		}
		*res = r
	case ResMul:
		r, err := MulValues(*op0, *op1)
		if err != nil {
			return fmt.Errorf("res = op0 * op1: %w", err)
		}
		*res = r
	}
	return nil
}
