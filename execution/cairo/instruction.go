package cairo

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// Register selects ap or fp.
type Register uint8

// Registers.
const (
	RegAP Register = iota
	RegFP
)

// Op1Src is the source of op1 (flags 2..4).
type Op1Src uint8

// Op1 sources.
const (
	Op1Op0 Op1Src = iota // [op0 + off_op1]
	Op1Imm               // [pc + off_op1], the immediate
	Op1FP                // [fp + off_op1]
	Op1AP                // [ap + off_op1]
)

// ResLogic is how res is computed (flags 5..6).
type ResLogic uint8

// Res logics.
const (
	ResOp1 ResLogic = iota
	ResAdd
	ResMul
	ResUnconstrained // jnz: res is not used
)

// PcUpdate is how pc changes (flags 7..9).
type PcUpdate uint8

// Pc updates.
const (
	PcRegular PcUpdate = iota
	PcJumpAbs
	PcJumpRel
	PcJnz
)

// ApUpdate is how ap changes (flags 10..11; call implies ap += 2).
type ApUpdate uint8

// Ap updates.
const (
	ApRegular ApUpdate = iota
	ApAdd
	ApAdd1
	ApAdd2
)

// FpUpdate is how fp changes (implied by the opcode).
type FpUpdate uint8

// Fp updates.
const (
	FpRegular FpUpdate = iota
	FpAPPlus2
	FpDst
)

// Opcode is the instruction's opcode (flags 12..14).
type Opcode uint8

// Opcodes.
const (
	OpNop Opcode = iota
	OpCall
	OpRet
	OpAssertEq
)

// Instruction is a decoded Cairo instruction (whitepaper §4.5).
type Instruction struct {
	OffDst, OffOp0, OffOp1 int
	DstReg, Op0Reg         Register
	Op1Src                 Op1Src
	Res                    ResLogic
	PcUpdate               PcUpdate
	ApUpdate               ApUpdate
	FpUpdate               FpUpdate
	Opcode                 Opcode
}

// Size is the instruction's length in words: 2 with an immediate, else 1.
func (i *Instruction) Size() int {
	if i.Op1Src == Op1Imm {
		return 2
	}
	return 1
}

const offsetBias = 1 << 15

// DecodeFelt decodes an instruction word held in a felt (it must be < 2^63).
func DecodeFelt(f *felt.Felt) (Instruction, error) {
	if !f.IsUint64() {
		return Instruction{}, fmt.Errorf("%w: word %s does not fit in 63 bits", ErrInvalidInstruction, f.Hex())
	}
	return Decode(f.Uint64())
}

// Decode decodes an encoded instruction word, as cairo-lang's
// decode_instruction does, rejecting every undefined encoding.
func Decode(w uint64) (Instruction, error) {
	var in Instruction
	if w>>63 != 0 {
		return in, fmt.Errorf("%w: bit 63 set in %#x", ErrInvalidInstruction, w)
	}
	in.OffDst = int(w&0xffff) - offsetBias
	in.OffOp0 = int((w>>16)&0xffff) - offsetBias
	in.OffOp1 = int((w>>32)&0xffff) - offsetBias
	fl := w >> 48
	in.DstReg = Register(fl & 1)
	in.Op0Reg = Register((fl >> 1) & 1)
	switch (fl >> 2) & 7 {
	case 0:
		in.Op1Src = Op1Op0
	case 1:
		in.Op1Src = Op1Imm
	case 2:
		in.Op1Src = Op1FP
	case 4:
		in.Op1Src = Op1AP
	default:
		return in, fmt.Errorf("%w: op1_src bits %03b in %#x", ErrInvalidInstruction, (fl>>2)&7, w)
	}
	switch (fl >> 5) & 3 {
	case 0:
		in.Res = ResOp1
	case 1:
		in.Res = ResAdd
	case 2:
		in.Res = ResMul
	default:
		return in, fmt.Errorf("%w: res_logic bits 11 in %#x", ErrInvalidInstruction, w)
	}
	switch (fl >> 7) & 7 {
	case 0:
		in.PcUpdate = PcRegular
	case 1:
		in.PcUpdate = PcJumpAbs
	case 2:
		in.PcUpdate = PcJumpRel
	case 4:
		in.PcUpdate = PcJnz
	default:
		return in, fmt.Errorf("%w: pc_update bits %03b in %#x", ErrInvalidInstruction, (fl>>7)&7, w)
	}
	if in.PcUpdate == PcJnz {
		if in.Res != ResOp1 {
			return in, fmt.Errorf("%w: jnz with res_logic %d in %#x", ErrInvalidInstruction, in.Res, w)
		}
		in.Res = ResUnconstrained
	}
	switch (fl >> 10) & 3 {
	case 0:
		in.ApUpdate = ApRegular
	case 1:
		in.ApUpdate = ApAdd
	case 2:
		in.ApUpdate = ApAdd1
	default:
		return in, fmt.Errorf("%w: ap_update bits 11 in %#x", ErrInvalidInstruction, w)
	}
	switch (fl >> 12) & 7 {
	case 0:
		in.Opcode = OpNop
	case 1:
		in.Opcode = OpCall
	case 2:
		in.Opcode = OpRet
	case 4:
		in.Opcode = OpAssertEq
	default:
		return in, fmt.Errorf("%w: opcode bits %03b in %#x", ErrInvalidInstruction, (fl>>12)&7, w)
	}
	switch in.Opcode {
	case OpCall:
		if in.ApUpdate != ApRegular {
			return in, fmt.Errorf("%w: call with ap_update %d in %#x", ErrInvalidInstruction, in.ApUpdate, w)
		}
		in.ApUpdate = ApAdd2
		in.FpUpdate = FpAPPlus2
	case OpRet:
		in.FpUpdate = FpDst
	}
	return in, nil
}

// Encode is the inverse of Decode for instructions Decode produces.
func (i *Instruction) Encode() uint64 {
	w := uint64(i.OffDst+offsetBias)&0xffff |
		(uint64(i.OffOp0+offsetBias)&0xffff)<<16 |
		(uint64(i.OffOp1+offsetBias)&0xffff)<<32
	var fl uint64
	fl |= uint64(i.DstReg)
	fl |= uint64(i.Op0Reg) << 1
	fl |= [...]uint64{0, 1, 2, 4}[i.Op1Src&3] << 2
	switch i.Res {
	case ResAdd:
		fl |= 1 << 5
	case ResMul:
		fl |= 2 << 5
	}
	fl |= [...]uint64{0, 1, 2, 4}[i.PcUpdate&3] << 7
	switch i.ApUpdate {
	case ApAdd:
		fl |= 1 << 10
	case ApAdd1:
		fl |= 2 << 10
	}
	fl |= [...]uint64{0, 1, 2, 4}[i.Opcode&3] << 12
	return w | fl<<48
}
