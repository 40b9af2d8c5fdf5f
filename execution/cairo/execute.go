package cairo

import (
	"fmt"
)

// execute runs one decoded instruction: operand computation with deduction,
// opcode assertions and register updates (cairo-lang's run_instruction).
// Operands are read through pointers into memory and the cached immediate;
// the common case (op0 and op1 known) takes no deduction path.
func (vm *VM) execute(c *cachedIns) error {
	ins := &c.ins
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
	dst := mem.cell(dstAddr)
	op0 := mem.cell(op0Addr)

	var op1 *Value
	var op1Addr Relocatable
	switch ins.Op1Src {
	case Op1Imm:
		op1Addr = Relocatable{vm.PC.Segment, vm.PC.Offset + 1}
		op1 = &c.imm
	case Op1Op0:
		if op0 == nil {
			return fmt.Errorf("%w: op0 at %s must be known for a double dereference", ErrUnknownMemory, op0Addr)
		}
		if op0.kind != kindRel {
			return fmt.Errorf("op1 address [op0 %+d]: %w", ins.OffOp1, ErrExpectedRelocatable)
		}
		op1Addr = op0.rel()
		op1Addr.Offset += ins.OffOp1
		op1 = mem.cell(op1Addr)
	case Op1FP:
		op1Addr = vm.FP
		op1Addr.Offset += ins.OffOp1
		op1 = mem.cell(op1Addr)
	case Op1AP:
		op1Addr = vm.AP
		op1Addr.Offset += ins.OffOp1
		op1 = mem.cell(op1Addr)
	}
	if op1Addr.Offset < 0 {
		return fmt.Errorf("%w: negative op1 address %s", ErrBadAddress, op1Addr)
	}

	var res Value
	var op0v, op1v Value // deduced operands live here
	if op0 == nil || op1 == nil {
		var err error
		if op0, op1, err = vm.deduceOperands(ins, dst, op0, op1, op0Addr, op1Addr, &op0v, &op1v, &res); err != nil {
			return err
		}
	}
	if res.kind == kindNone {
		switch ins.Res {
		case ResOp1:
			res = *op1
		case ResAdd:
			if op0.kind == kindFelt && op1.kind == kindFelt {
				res.kind = kindFelt
				res.f.Add(&op0.f, &op1.f)
			} else if err := addRel(op0, op1, &res); err != nil {
				return err
			}
		case ResMul:
			if op0.kind != kindFelt || op1.kind != kindFelt {
				return fmt.Errorf("res = op0 * op1: %w: %s * %s", ErrRelocatable, *op0, *op1)
			}
			res.kind = kindFelt
			res.f.Mul(&op0.f, &op1.f)
		}
	}

	var dstv Value
	if dst == nil {
		switch {
		case ins.Opcode == OpAssertEq && res.kind != kindNone:
			dst = &res
		case ins.Opcode == OpCall:
			dstv.setRel(vm.FP)
			dst = &dstv
		default:
			var err error
			if dstv, err = mem.deduce(dstAddr); err != nil {
				return fmt.Errorf("deduce dst at %s: %w", dstAddr, err)
			}
			if dstv.kind == kindNone {
				return fmt.Errorf("dst: %w: %s", ErrUnknownMemory, dstAddr)
			}
			dst = &dstv
		}
		if err := mem.write(dstAddr, dst); err != nil {
			return fmt.Errorf("write dst: %w", err)
		}
	}
	if ins.Opcode == OpAssertEq {
		if res.kind == kindNone {
			return fmt.Errorf("%w: res is unconstrained", ErrAssertEq)
		}
		if dst != &res && !res.equal(dst) {
			return fmt.Errorf("%w: dst %s != res %s", ErrAssertEq, *dst, res)
		}
	}
	if op0 == &op0v {
		if err := mem.write(op0Addr, op0); err != nil {
			return fmt.Errorf("write op0: %w", err)
		}
	}
	if op1 == &op1v {
		if err := mem.write(op1Addr, op1); err != nil {
			return fmt.Errorf("write op1: %w", err)
		}
	}
	if ins.Opcode == OpCall {
		if err := vm.checkCall(ins, dst, op0); err != nil {
			return err
		}
	}
	return vm.updateRegisters(c, dst, op1, &res)
}

// updateRegisters applies the fp, ap and pc updates of an executed instruction.
func (vm *VM) updateRegisters(c *cachedIns, dst, op1, res *Value) error {
	ins := &c.ins
	var err error
	switch ins.FpUpdate {
	case FpAPPlus2:
		vm.FP = Relocatable{vm.AP.Segment, vm.AP.Offset + 2}
	case FpDst:
		switch dst.kind {
		case kindRel:
			vm.FP = dst.rel()
		case kindFelt:
			if vm.FP, err = vm.FP.AddFelt(&dst.f); err != nil {
				return fmt.Errorf("fp update: %w", err)
			}
		}
	}
	switch ins.ApUpdate {
	case ApAdd1:
		vm.AP.Offset++
	case ApAdd2:
		vm.AP.Offset += 2
	case ApAdd:
		if res.kind != kindFelt {
			return fmt.Errorf("ap += res: %w (res %s)", ErrExpectedFelt, *res)
		}
		if ins.Res == ResOp1 && ins.Op1Src == Op1Imm && c.immOK {
			vm.AP, err = vm.AP.Add(c.immInt)
		} else {
			vm.AP, err = vm.AP.AddFelt(&res.f)
		}
		if err != nil {
			return fmt.Errorf("ap update: %w", err)
		}
	}
	switch ins.PcUpdate {
	case PcRegular:
		vm.PC.Offset += ins.Size()
	case PcJumpAbs:
		if res.kind != kindRel {
			return fmt.Errorf("jmp abs: %w (res %s)", ErrExpectedRelocatable, *res)
		}
		vm.PC = res.rel()
	case PcJumpRel:
		if res.kind != kindFelt {
			return fmt.Errorf("jmp rel: %w (res %s)", ErrExpectedFelt, *res)
		}
		if ins.Res == ResOp1 && ins.Op1Src == Op1Imm && c.immOK {
			vm.PC, err = vm.PC.Add(c.immInt)
		} else {
			vm.PC, err = vm.PC.AddFelt(&res.f)
		}
		if err != nil {
			return fmt.Errorf("jmp rel: %w", err)
		}
	case PcJnz:
		if dst.kind == kindFelt && dst.f.IsZero() {
			vm.PC.Offset += ins.Size()
			return nil
		}
		if op1.kind != kindFelt {
			return fmt.Errorf("jnz: %w (op1 %s)", ErrExpectedFelt, *op1)
		}
		if ins.Op1Src == Op1Imm && c.immOK {
			vm.PC, err = vm.PC.Add(c.immInt)
		} else {
			vm.PC, err = vm.PC.AddFelt(&op1.f)
		}
		if err != nil {
			return fmt.Errorf("jnz: %w", err)
		}
	}
	return nil
}

// checkCall checks the frame cells a call instruction wrote or found.
func (vm *VM) checkCall(ins *Instruction, dst, op0 *Value) error {
	ret := RelValue(Relocatable{vm.PC.Segment, vm.PC.Offset + ins.Size()})
	if !op0.equal(&ret) {
		return fmt.Errorf("%w: op0 %s != return pc %s", ErrCall, *op0, ret)
	}
	fp := RelValue(vm.FP)
	if !dst.equal(&fp) {
		return fmt.Errorf("%w: dst %s != fp %s", ErrCall, *dst, vm.FP)
	}
	return nil
}

// addRel computes res = op0 + op1 where one side is a pointer.
func addRel(op0, op1, res *Value) error {
	r, err := AddValues(*op0, *op1)
	if err != nil {
		return fmt.Errorf("res = op0 + op1: %w", err)
	}
	*res = r
	return nil
}

// deduceOperands fills unknown op0/op1 (cairo-lang compute_operands):
// from the opcode and the other operands, else from the segment's builtin.
// Deduced values are stored in *op0v / *op1v and returned as pointers to
// them; res is set when the deduction determines it.
func (vm *VM) deduceOperands(ins *Instruction, dst, op0, op1 *Value, op0Addr, op1Addr Relocatable, op0v, op1v, res *Value) (*Value, *Value, error) {
	mem := vm.Mem
	var err error
	if op0 == nil {
		if *op0v, *res, err = vm.deduceOp0(ins, dst, op1); err != nil {
			return nil, nil, err
		}
		if op0v.kind == kindNone {
			if *op0v, err = mem.deduce(op0Addr); err != nil {
				return nil, nil, fmt.Errorf("deduce op0 at %s: %w", op0Addr, err)
			}
			if op0v.kind == kindNone {
				return nil, nil, fmt.Errorf("op0: %w: %s", ErrUnknownMemory, op0Addr)
			}
		}
		op0 = op0v
	}
	if op1 == nil {
		var r Value
		if *op1v, r, err = deduceOp1(ins, dst, op0); err != nil {
			return nil, nil, err
		}
		if res.kind == kindNone {
			*res = r
		}
		if op1v.kind == kindNone {
			if *op1v, err = mem.deduce(op1Addr); err != nil {
				return nil, nil, fmt.Errorf("deduce op1 at %s: %w", op1Addr, err)
			}
			if op1v.kind == kindNone {
				return nil, nil, fmt.Errorf("op1: %w: %s", ErrUnknownMemory, op1Addr)
			}
		}
		op1 = op1v
	}
	return op0, op1, nil
}

// deduceOp0 deduces op0 from the opcode, dst and op1 (cairo-lang deduce_op0);
// dst and op1 may be nil (unknown).
func (vm *VM) deduceOp0(ins *Instruction, dst, op1 *Value) (op0, res Value, err error) {
	switch ins.Opcode {
	case OpCall:
		return RelValue(Relocatable{vm.PC.Segment, vm.PC.Offset + ins.Size()}), Value{}, nil
	case OpAssertEq:
		if dst == nil || op1 == nil {
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

// deduceOp1 deduces op1 from the opcode, dst and op0 (cairo-lang deduce_op1);
// dst may be nil (unknown), op0 is known.
func deduceOp1(ins *Instruction, dst, op0 *Value) (op1, res Value, err error) {
	if ins.Opcode != OpAssertEq || dst == nil {
		return
	}
	switch ins.Res {
	case ResOp1:
		return *dst, *dst, nil
	case ResAdd:
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
