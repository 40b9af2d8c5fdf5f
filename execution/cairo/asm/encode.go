package asm

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

const (
	offsetBias = 1 << 15
	minOffset  = -(1 << 15)
	maxOffset  = 1<<15 - 1

	flagDstReg   = 0
	flagOp0Reg   = 1
	flagOp1Src   = 2
	flagResLogic = 5
	flagPCUpdate = 7
	flagAPUpdate = 10
	flagOpcode   = 12
)

// inOffsetRange reports whether v fits a biased 16-bit offset.
func inOffsetRange(v int) bool { return v >= minOffset && v <= maxOffset }

// Encode returns the instruction's words: the encoded instruction and, with
// an immediate operand, the immediate.
func Encode(inst Instruction) ([]felt.Felt, error) {
	w, err := encodeWord(&inst)
	if err != nil {
		return nil, err
	}
	out := []felt.Felt{felt.FromUint64(w)}
	if inst.Op1Src == Op1Imm {
		out = append(out, inst.Imm)
	}
	return out, nil
}

func encodeWord(inst *Instruction) (uint64, error) {
	for _, o := range [...]struct {
		name string
		v    int
	}{{"dst", inst.OffDst}, {"op0", inst.OffOp0}, {"op1", inst.OffOp1}} {
		if !inOffsetRange(o.v) {
			return 0, fmt.Errorf("%w: %s offset %d", ErrOffsetRange, o.name, o.v)
		}
	}
	if inst.Op1Src == Op1Imm && inst.OffOp1 != 1 {
		return 0, fmt.Errorf("%w: immediate operand needs op1 offset 1, got %d", ErrIllegalInstruction, inst.OffOp1)
	}
	var flags uint64
	if inst.DstReg == FP {
		flags |= 1 << flagDstReg
	}
	if inst.Op0Reg == FP {
		flags |= 1 << flagOp0Reg
	}
	switch inst.Op1Src {
	case Op1Op0, Op1Imm, Op1FP, Op1AP:
		flags |= uint64(inst.Op1Src) << flagOp1Src
	default:
		return 0, fmt.Errorf("%w: op1 source %d", ErrIllegalInstruction, inst.Op1Src)
	}
	switch {
	case inst.PC == PCJnz && inst.Res != ResUnconstrained:
		return 0, fmt.Errorf("%w: jnz needs an unconstrained res", ErrIllegalInstruction)
	case inst.PC != PCJnz && inst.Res == ResUnconstrained:
		return 0, fmt.Errorf("%w: unconstrained res outside jnz", ErrIllegalInstruction)
	case inst.Res == ResOp1 || inst.Res == ResUnconstrained:
	case inst.Res == ResAdd || inst.Res == ResMul:
		flags |= uint64(inst.Res) << flagResLogic
	default:
		return 0, fmt.Errorf("%w: res logic %d", ErrIllegalInstruction, inst.Res)
	}
	switch inst.PC {
	case PCRegular, PCJumpAbs, PCJumpRel, PCJnz:
		flags |= uint64(inst.PC) << flagPCUpdate
	default:
		return 0, fmt.Errorf("%w: pc update %d", ErrIllegalInstruction, inst.PC)
	}
	switch {
	case inst.Opcode == OpCall && inst.AP != APAdd2:
		return 0, fmt.Errorf("%w: ap++ and ap += may not be used with call", ErrIllegalInstruction)
	case inst.Opcode != OpCall && inst.AP == APAdd2:
		return 0, fmt.Errorf("%w: ap += 2 is implied by call only", ErrIllegalInstruction)
	case inst.AP == APAdd2, inst.AP == APRegular:
	case inst.AP == APAdd, inst.AP == APAdd1:
		flags |= uint64(inst.AP) << flagAPUpdate
	default:
		return 0, fmt.Errorf("%w: ap update %d", ErrIllegalInstruction, inst.AP)
	}
	switch inst.Opcode {
	case OpNop, OpCall, OpRet, OpAssertEq:
		flags |= uint64(inst.Opcode) << flagOpcode
	default:
		return 0, fmt.Errorf("%w: opcode %d", ErrIllegalInstruction, inst.Opcode)
	}
	if inst.Opcode == OpRet && inst.AP != APRegular {
		return 0, fmt.Errorf("%w: ap++ may not be used with ret", ErrIllegalInstruction)
	}
	return uint64(inst.OffDst+offsetBias) |
		uint64(inst.OffOp0+offsetBias)<<16 |
		uint64(inst.OffOp1+offsetBias)<<32 |
		flags<<48, nil
}

// Decode decodes the instruction at the start of words and returns it with
// its size in words. It fails with ErrInvalidEncoding on a word that is not
// an instruction (too large, bit 63 set, undefined flag values, a missing
// immediate).
func Decode(words []felt.Felt) (Instruction, int, error) {
	var inst Instruction
	if len(words) == 0 {
		return inst, 0, fmt.Errorf("%w: no words", ErrInvalidEncoding)
	}
	if !words[0].IsUint64() || words[0].Uint64()>>63 != 0 {
		return inst, 0, fmt.Errorf("%w: %s does not fit 63 bits", ErrInvalidEncoding, words[0].Hex())
	}
	w := words[0].Uint64()
	inst.OffDst = int(w&0xffff) - offsetBias
	inst.OffOp0 = int(w>>16&0xffff) - offsetBias
	inst.OffOp1 = int(w>>32&0xffff) - offsetBias
	flags := w >> 48
	inst.DstReg = Register(flags >> flagDstReg & 1)
	inst.Op0Reg = Register(flags >> flagOp0Reg & 1)
	inst.Op1Src = Op1Src(flags >> flagOp1Src & 7)
	inst.Res = ResLogic(flags >> flagResLogic & 3)
	inst.PC = PCUpdate(flags >> flagPCUpdate & 7)
	inst.AP = APUpdate(flags >> flagAPUpdate & 3)
	inst.Opcode = Opcode(flags >> flagOpcode & 7)
	bad := func(what string) (Instruction, int, error) {
		return Instruction{}, 0, fmt.Errorf("%w: %s in %#x", ErrInvalidEncoding, what, w)
	}
	switch inst.Op1Src {
	case Op1Op0, Op1Imm, Op1FP, Op1AP:
	default:
		return bad("op1 source")
	}
	if inst.Res == 3 {
		return bad("res logic")
	}
	switch inst.PC {
	case PCRegular, PCJumpAbs, PCJumpRel:
	case PCJnz:
		if inst.Res != ResOp1 {
			return bad("res logic with jnz")
		}
		inst.Res = ResUnconstrained
	default:
		return bad("pc update")
	}
	if inst.AP == 3 {
		return bad("ap update")
	}
	switch inst.Opcode {
	case OpNop, OpRet, OpAssertEq:
	case OpCall:
		if inst.AP != APRegular {
			return bad("ap update with call")
		}
		inst.AP = APAdd2
	default:
		return bad("opcode")
	}
	if inst.Op1Src != Op1Imm {
		return inst, 1, nil
	}
	if len(words) < 2 {
		return bad("missing immediate")
	}
	inst.Imm = words[1]
	return inst, 2, nil
}
