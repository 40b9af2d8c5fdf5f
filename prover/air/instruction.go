package air

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// Flag indices f_0..f_14 of a Cairo instruction (whitepaper §4.5).
const (
	FlagDstReg = iota
	FlagOp0Reg
	FlagOp1Imm
	FlagOp1FP
	FlagOp1AP
	FlagResAdd
	FlagResMul
	FlagPCJumpAbs
	FlagPCJumpRel
	FlagPCJnz
	FlagAPAdd
	FlagAPAdd1
	FlagOpcodeCall
	FlagOpcodeRet
	FlagOpcodeAssertEq
	NumFlags
)

// offsetBias is 2^15: offsets are stored biased as off + 2^15 in [0, 2^16).
const offsetBias = 1 << 15

// Instruction is a decoded Cairo instruction word.
type Instruction struct {
	// OffDst, OffOp0, OffOp1 are the biased offsets (off + 2^15).
	OffDst, OffOp0, OffOp1 uint16
	// Flags holds f_0..f_14 as 0/1.
	Flags [NumFlags]uint8
}

// DecodeInstruction splits an instruction word into its biased offsets and
// flags. The word must be below 2^63 (bit 63, f̃_15, must be zero).
func DecodeInstruction(word *fp.Element) (Instruction, error) {
	var ins Instruction
	if !word.IsUint64() {
		return ins, fmt.Errorf("%w: instruction word %s exceeds 64 bits", ErrBadTrace, word.String())
	}
	w := word.Uint64()
	if w>>63 != 0 {
		return ins, fmt.Errorf("%w: instruction word %#x has bit 63 set", ErrBadTrace, w)
	}
	ins.OffDst = uint16(w)
	ins.OffOp0 = uint16(w >> 16)
	ins.OffOp1 = uint16(w >> 32)
	for i := range NumFlags {
		ins.Flags[i] = uint8(w>>(48+i)) & 1
	}
	return ins, nil
}

// Size returns the instruction's size in words (2 with an immediate).
func (ins *Instruction) Size() uint64 { return 1 + uint64(ins.Flags[FlagOp1Imm]) }
