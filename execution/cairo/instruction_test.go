package cairo

import (
	"errors"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

func TestDecodeKnownEncodings(t *testing.T) {
	// Encodings produced by cairo-compile (whitepaper examples and common instructions).
	cases := []struct {
		w    uint64
		want Instruction
	}{
		// [ap] = 1, ap++  (0x480680017fff8000)
		{0x480680017fff8000, Instruction{OffDst: 0, OffOp0: -1, OffOp1: 1, Op0Reg: RegFP, Op1Src: Op1Imm, ApUpdate: ApAdd1, Opcode: OpAssertEq}},
		// ret (0x208b7fff7fff7ffe)
		{0x208b7fff7fff7ffe, Instruction{OffDst: -2, OffOp0: -1, OffOp1: -1, DstReg: RegFP, Op0Reg: RegFP, Op1Src: Op1FP, PcUpdate: PcJumpAbs, FpUpdate: FpDst, Opcode: OpRet}},
		// call rel x (0x1104800180018000)
		{0x1104800180018000, Instruction{OffDst: 0, OffOp0: 1, OffOp1: 1, Op1Src: Op1Imm, PcUpdate: PcJumpRel, ApUpdate: ApAdd2, FpUpdate: FpAPPlus2, Opcode: OpCall}},
		// jmp rel x if [ap-1] != 0 (0x20680017fff7fff)
		{0x20680017fff7fff, Instruction{OffDst: -1, OffOp0: -1, OffOp1: 1, Op0Reg: RegFP, Op1Src: Op1Imm, Res: ResUnconstrained, PcUpdate: PcJnz}},
		// ap += x (0x40780017fff7fff)
		{0x40780017fff7fff, Instruction{OffDst: -1, OffOp0: -1, OffOp1: 1, DstReg: RegFP, Op0Reg: RegFP, Op1Src: Op1Imm, ApUpdate: ApAdd}},
		// [ap] = [ap-1] * [ap-2]; ap++ (0x48507ffe7fff8000)
		{0x48507ffe7fff8000, Instruction{OffDst: 0, OffOp0: -1, OffOp1: -2, Op1Src: Op1AP, Res: ResMul, ApUpdate: ApAdd1, Opcode: OpAssertEq}},
	}
	for _, c := range cases {
		got, err := Decode(c.w)
		if err != nil {
			t.Fatalf("%#x: %v", c.w, err)
		}
		if got != c.want {
			t.Fatalf("%#x: got %+v want %+v", c.w, got, c.want)
		}
		if enc := got.Encode(); enc != c.w {
			t.Fatalf("%#x: re-encoded %#x", c.w, enc)
		}
	}
}

func TestDecodeInvalid(t *testing.T) {
	base := uint64(0x8000) | uint64(0x8000)<<16 | uint64(0x8000)<<32
	flag := func(bits uint64, shift uint) uint64 { return base | bits<<(48+shift) }
	cases := map[string]uint64{
		"bit 63":           base | 1<<63,
		"op1_src 3":        flag(3, 2),
		"op1_src 5":        flag(5, 2),
		"op1_src 7":        flag(7, 2),
		"res 3":            flag(3, 5),
		"pc_update 3":      flag(3, 7),
		"pc_update 7":      flag(7, 7),
		"ap_update 3":      flag(3, 10),
		"opcode 3":         flag(3, 12),
		"opcode 7":         flag(7, 12),
		"call with ap++":   flag(1, 12) | flag(2, 10),
		"call with ap+=":   flag(1, 12) | flag(1, 10),
		"jnz with res add": flag(4, 7) | flag(1, 5),
		"jnz with res mul": flag(4, 7) | flag(2, 5),
	}
	for name, w := range cases {
		if _, err := Decode(w); !errors.Is(err, ErrInvalidInstruction) {
			t.Errorf("%s (%#x): err %v, want ErrInvalidInstruction", name, w, err)
		}
	}
	big := felt.FromUint64(1 << 63)
	big.Add(&big, &big)
	if _, err := DecodeFelt(&big); !errors.Is(err, ErrInvalidInstruction) {
		t.Errorf("2^64: %v", err)
	}
}

func TestDecodeOffsets(t *testing.T) {
	// Offsets are biased by 2^15: raw 0 is -2^15, raw 0xffff is 2^15-1.
	w := uint64(0) | uint64(0xffff)<<16 | uint64(0x8001)<<32
	in, err := Decode(w)
	if err != nil {
		t.Fatal(err)
	}
	if in.OffDst != -1<<15 || in.OffOp0 != 1<<15-1 || in.OffOp1 != 1 {
		t.Fatalf("offsets %d %d %d", in.OffDst, in.OffOp0, in.OffOp1)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []uint64{0x480680017fff8000, 0x208b7fff7fff7ffe, 0x1104800180018000, 1 << 63, 0xffffffffffffffff} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w uint64) {
		in, err := Decode(w)
		if err != nil {
			if !errors.Is(err, ErrInvalidInstruction) {
				t.Fatalf("unexpected error kind %v", err)
			}
			return
		}
		// A valid decoding re-encodes to the same word.
		if enc := in.Encode(); enc != w {
			t.Fatalf("%#x re-encodes to %#x", w, enc)
		}
	})
}
