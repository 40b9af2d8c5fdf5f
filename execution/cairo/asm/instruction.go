package asm

import (
	"github.com/cairnchain/cairn/execution/felt"
)

// Register is a Cairo address register used as an operand base.
type Register uint8

// The two base registers.
const (
	AP Register = iota
	FP
)

func (r Register) String() string {
	if r == FP {
		return "fp"
	}
	return "ap"
}

// Op1Src says where op1 is read from (whitepaper §4.5, op1_src flags).
type Op1Src uint8

// Op1 sources; the values are the encoded 3-bit field.
const (
	Op1Op0 Op1Src = 0 // [op0 + off_op1] (double dereference)
	Op1Imm Op1Src = 1 // [pc + 1], the immediate word
	Op1FP  Op1Src = 2 // [fp + off_op1]
	Op1AP  Op1Src = 4 // [ap + off_op1]
)

// ResLogic is how res is computed from op0 and op1.
type ResLogic uint8

// Res kinds. ResUnconstrained is used by jnz and encodes as 0.
const (
	ResOp1 ResLogic = iota
	ResAdd
	ResMul
	ResUnconstrained
)

// PCUpdate is how pc advances.
type PCUpdate uint8

// pc updates; the values are the encoded 3-bit field.
const (
	PCRegular PCUpdate = 0
	PCJumpAbs PCUpdate = 1
	PCJumpRel PCUpdate = 2
	PCJnz     PCUpdate = 4
)

// APUpdate is how ap advances. APAdd2 is implied by call and encodes as 0.
type APUpdate uint8

// ap updates.
const (
	APRegular APUpdate = iota
	APAdd              // ap += res
	APAdd1             // ap++
	APAdd2             // call: ap += 2
)

// Opcode is the instruction's opcode.
type Opcode uint8

// Opcodes; the values are the encoded 3-bit field.
const (
	OpNop      Opcode = 0
	OpCall     Opcode = 1
	OpRet      Opcode = 2
	OpAssertEq Opcode = 4
)

// Instruction is one decoded Cairo instruction. Offsets are signed and must
// lie in [-2^15, 2^15). Imm is meaningful only when Op1Src is Op1Imm. The fp
// update is implied by the opcode (call: ap+2, ret: dst, otherwise none).
type Instruction struct {
	OffDst, OffOp0, OffOp1 int
	DstReg, Op0Reg         Register
	Op1Src                 Op1Src
	Res                    ResLogic
	PC                     PCUpdate
	AP                     APUpdate
	Opcode                 Opcode
	Imm                    felt.Felt
}

// Size is the number of memory words the instruction occupies (2 with an
// immediate, else 1).
func (i *Instruction) Size() int {
	if i.Op1Src == Op1Imm {
		return 2
	}
	return 1
}
