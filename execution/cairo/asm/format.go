package asm

import (
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// Text returns the instruction in canonical assembly syntax
// ("[ap + 0] = [fp + -3] + [ap + -1], ap++"). It fails for instructions the
// syntax cannot express (e.g. a nop that only increments ap); such words are
// disassembled as "dw".
func (i *Instruction) Text() (string, error) {
	apSuffix := ""
	if i.AP == APAdd1 {
		apSuffix = ", ap++"
	}
	dst := cellText(i.DstReg, i.OffDst)
	switch i.Opcode {
	case OpAssertEq:
		res, err := i.resText()
		if err != nil {
			return "", err
		}
		if i.AP == APAdd {
			return "", fmt.Errorf("%w: assert_eq with ap += res", ErrIllegalInstruction)
		}
		return dst + " = " + res + apSuffix, nil
	case OpCall:
		kind, err := i.jumpKind()
		if err != nil {
			return "", err
		}
		if i.Res != ResOp1 || i.Op1Src == Op1Op0 {
			return "", fmt.Errorf("%w: call target must be an immediate or a cell", ErrIllegalInstruction)
		}
		return "call " + kind + " " + i.op1Text(), nil
	case OpRet:
		return "ret", nil
	}
	// nop: jumps and ap +=.
	switch i.PC {
	case PCJnz:
		if i.Op1Src == Op1Op0 {
			return "", fmt.Errorf("%w: jnz offset through op0", ErrIllegalInstruction)
		}
		if i.AP == APAdd {
			return "", fmt.Errorf("%w: jnz with ap += res", ErrIllegalInstruction)
		}
		return "jmp rel " + i.op1Text() + " if " + dst + " != 0" + apSuffix, nil
	case PCJumpAbs, PCJumpRel:
		kind, err := i.jumpKind()
		if err != nil {
			return "", err
		}
		if i.AP == APAdd {
			return "", fmt.Errorf("%w: jmp with ap += res", ErrIllegalInstruction)
		}
		res, err := i.resText()
		if err != nil {
			return "", err
		}
		return "jmp " + kind + " " + res + apSuffix, nil
	}
	if i.AP != APAdd {
		return "", fmt.Errorf("%w: nop without a jump or ap +=", ErrIllegalInstruction)
	}
	res, err := i.resText()
	if err != nil {
		return "", err
	}
	return "ap += " + res, nil
}

func (i *Instruction) jumpKind() (string, error) {
	switch i.PC {
	case PCJumpAbs:
		return "abs", nil
	case PCJumpRel:
		return "rel", nil
	}
	return "", fmt.Errorf("%w: pc update %d", ErrIllegalInstruction, i.PC)
}

func (i *Instruction) resText() (string, error) {
	switch i.Res {
	case ResOp1:
		return i.op1Text(), nil
	case ResAdd:
		return cellText(i.Op0Reg, i.OffOp0) + " + " + i.op1Text(), nil
	case ResMul:
		return cellText(i.Op0Reg, i.OffOp0) + " * " + i.op1Text(), nil
	}
	return "", fmt.Errorf("%w: res logic %d", ErrIllegalInstruction, i.Res)
}

func (i *Instruction) op1Text() string {
	switch i.Op1Src {
	case Op1Imm:
		return immText(&i.Imm)
	case Op1FP:
		return cellText(FP, i.OffOp1)
	case Op1AP:
		return cellText(AP, i.OffOp1)
	}
	return "[" + cellText(i.Op0Reg, i.OffOp0) + " + " + fmt.Sprint(i.OffOp1) + "]"
}

func cellText(r Register, off int) string {
	return fmt.Sprintf("[%s + %d]", r, off)
}

// immText prints a field element as a signed integer: values above p/2 as
// negatives, small magnitudes in decimal and large ones in hex.
func immText(v *felt.Felt) string {
	x := v.BigInt()
	p := felt.Modulus()
	half := new(big.Int).Rsh(p, 1)
	if x.Cmp(half) > 0 {
		x.Sub(x, p)
	}
	return intText(x)
}

// intText prints small integers in decimal and others in 0x hex, signed.
func intText(x *big.Int) string {
	if x.IsInt64() {
		if v := x.Int64(); v > -(1<<32) && v < 1<<32 {
			return x.String()
		}
	}
	if x.Sign() < 0 {
		return "-0x" + new(big.Int).Neg(x).Text(16)
	}
	return "0x" + x.Text(16)
}
