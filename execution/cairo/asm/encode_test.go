package asm

import (
	"errors"
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

// Vectors from cairo-lang's encode_test.py (src/starkware/cairo/lang/compiler).
func TestEncodeCairoLangVectors(t *testing.T) {
	cases := []struct {
		src  string
		want []uint64
	}{
		{"[ap] = 1; ap++", []uint64{0x480680017FFF8000, 1}},
		{"[ap] = 1", []uint64{0x400680017FFF8000, 1}},
		{"jmp rel [ap + 2] + [fp]", []uint64{0x0129800080027FFF}},
		{"jmp abs [ap + 2] + [fp]", []uint64{0x00A9800080027FFF}},
		{"jmp rel [fp - 16] if [ap + 3] != 0", []uint64{0x020A7FF07FFF8003}},
		{"call rel 1234", []uint64{0x1104800180018000, 1234}},
		{"ret", []uint64{0x208B7FFF7FFF7FFE}},
		{"ap += 123", []uint64{0x40780017FFF7FFF, 123}},
	}
	for _, c := range cases {
		got := assembleWords(t, c.src)
		if len(got) != len(c.want) {
			t.Fatalf("%q: got %d words, want %d", c.src, len(got), len(c.want))
		}
		for i := range got {
			w := felt.FromUint64(c.want[i])
			if !got[i].Equal(&w) {
				t.Errorf("%q word %d: got %s want %s", c.src, i, got[i].Hex(), w.Hex())
			}
		}
	}
}

// Field-level expectations from cairo-lang's instruction_builder_test.py.
func TestBuildCairoLangInstructions(t *testing.T) {
	type I = Instruction
	imm := func(v int64) felt.Felt { return felt.FromInt64(v) }
	cases := []struct {
		src  string
		want I
	}{
		{"[ap] = [fp]; ap++", I{0, -1, 0, AP, FP, Op1FP, ResOp1, PCRegular, APAdd1, OpAssertEq, felt.Zero}},
		{"[fp - 3] = [fp + 7]", I{-3, -1, 7, FP, FP, Op1FP, ResOp1, PCRegular, APRegular, OpAssertEq, felt.Zero}},
		{"[ap - 3] = [ap]", I{-3, -1, 0, AP, FP, Op1AP, ResOp1, PCRegular, APRegular, OpAssertEq, felt.Zero}},
		{"[ap + 2] = [[fp]]", I{2, 0, 0, AP, FP, Op1Op0, ResOp1, PCRegular, APRegular, OpAssertEq, felt.Zero}},
		{"[ap + 2] = [[ap - 4] + 7]; ap++", I{2, -4, 7, AP, AP, Op1Op0, ResOp1, PCRegular, APAdd1, OpAssertEq, felt.Zero}},
		{"[ap + 2] = 1234567890", I{2, -1, 1, AP, FP, Op1Imm, ResOp1, PCRegular, APRegular, OpAssertEq, imm(1234567890)}},
		{"[ap + 1] = [ap - 7] * [fp + 3]", I{1, -7, 3, AP, AP, Op1FP, ResMul, PCRegular, APRegular, OpAssertEq, felt.Zero}},
		{"[ap + 10] = [fp] + 1234567890", I{10, 0, 1, AP, FP, Op1Imm, ResAdd, PCRegular, APRegular, OpAssertEq, imm(1234567890)}},
		{"[fp - 3] = [ap + 7] * [ap + 8]", I{-3, 7, 8, FP, AP, Op1AP, ResMul, PCRegular, APRegular, OpAssertEq, felt.Zero}},
		{"jmp rel [ap + 1] + [fp - 7]", I{-1, 1, -7, FP, AP, Op1FP, ResAdd, PCJumpRel, APRegular, OpNop, felt.Zero}},
		{"jmp abs 123; ap++", I{-1, -1, 1, FP, FP, Op1Imm, ResOp1, PCJumpAbs, APAdd1, OpNop, imm(123)}},
		{"jmp rel [ap + 1] + [ap - 7]", I{-1, 1, -7, FP, AP, Op1AP, ResAdd, PCJumpRel, APRegular, OpNop, felt.Zero}},
		{"jmp rel [fp - 1] if [fp - 7] != 0", I{-7, -1, -1, FP, FP, Op1FP, ResUnconstrained, PCJnz, APRegular, OpNop, felt.Zero}},
		{"jmp rel [ap - 1] if [fp - 7] != 0", I{-7, -1, -1, FP, FP, Op1AP, ResUnconstrained, PCJnz, APRegular, OpNop, felt.Zero}},
		{"jmp rel 123 if [ap] != 0; ap++", I{0, -1, 1, AP, FP, Op1Imm, ResUnconstrained, PCJnz, APAdd1, OpNop, imm(123)}},
		{"call abs [fp + 4]", I{0, 1, 4, AP, AP, Op1FP, ResOp1, PCJumpAbs, APAdd2, OpCall, felt.Zero}},
		{"call rel [fp + 4]", I{0, 1, 4, AP, AP, Op1FP, ResOp1, PCJumpRel, APAdd2, OpCall, felt.Zero}},
		{"call rel [ap + 4]", I{0, 1, 4, AP, AP, Op1AP, ResOp1, PCJumpRel, APAdd2, OpCall, felt.Zero}},
		{"call rel 123", I{0, 1, 1, AP, AP, Op1Imm, ResOp1, PCJumpRel, APAdd2, OpCall, imm(123)}},
		{"ret", I{-2, -1, -1, FP, FP, Op1FP, ResOp1, PCJumpAbs, APRegular, OpRet, felt.Zero}},
		{"ap += [fp + 4] + [fp]", I{-1, 4, 0, FP, FP, Op1FP, ResAdd, PCRegular, APAdd, OpNop, felt.Zero}},
		{"ap += [ap + 4] + [ap]", I{-1, 4, 0, FP, AP, Op1AP, ResAdd, PCRegular, APAdd, OpNop, felt.Zero}},
		{"ap += 123", I{-1, -1, 1, FP, FP, Op1Imm, ResOp1, PCRegular, APAdd, OpNop, imm(123)}},
		// Cairo 1 / task spellings.
		{"[ap] = [fp + -3] + [ap + -1], ap++", I{0, -3, -1, AP, FP, Op1AP, ResAdd, PCRegular, APAdd1, OpAssertEq, felt.Zero}},
		{"[ap + 0] = 5, ap++", I{0, -1, 1, AP, FP, Op1Imm, ResOp1, PCRegular, APAdd1, OpAssertEq, imm(5)}},
		{"[fp + 1] = [[fp + -3] + 2]", I{1, -3, 2, FP, FP, Op1Op0, ResOp1, PCRegular, APRegular, OpAssertEq, felt.Zero}},
		{"[ap] = [ap + -1] * [fp + 2]", I{0, -1, 2, AP, AP, Op1FP, ResMul, PCRegular, APRegular, OpAssertEq, felt.Zero}},
		{"[ap] = [fp] + 1, ap++", I{0, 0, 1, AP, FP, Op1Imm, ResAdd, PCRegular, APAdd1, OpAssertEq, imm(1)}},
		{"[ap] = [fp + (-3)] * -1", I{0, -3, 1, AP, FP, Op1Imm, ResMul, PCRegular, APRegular, OpAssertEq, imm(-1)}},
		{"[ap] = [fp] + [[fp] + 5]", I{0, 0, 5, AP, FP, Op1Op0, ResAdd, PCRegular, APRegular, OpAssertEq, felt.Zero}},
		{"jmp rel 4", I{-1, -1, 1, FP, FP, Op1Imm, ResOp1, PCJumpRel, APRegular, OpNop, imm(4)}},
		{"jmp abs [ap + -1]", I{-1, -1, -1, FP, FP, Op1AP, ResOp1, PCJumpAbs, APRegular, OpNop, felt.Zero}},
		{"jmp rel [[ap + 2] + 1]", I{-1, 2, 1, FP, AP, Op1Op0, ResOp1, PCJumpRel, APRegular, OpNop, felt.Zero}},
		{"call abs [fp + 3]", I{0, 1, 3, AP, AP, Op1FP, ResOp1, PCJumpAbs, APAdd2, OpCall, felt.Zero}},
		{"call rel 5", I{0, 1, 1, AP, AP, Op1Imm, ResOp1, PCJumpRel, APAdd2, OpCall, imm(5)}},
		{"ap += 3", I{-1, -1, 1, FP, FP, Op1Imm, ResOp1, PCRegular, APAdd, OpNop, imm(3)}},
		{"jmp rel 3 if [ap + -1] != 0", I{-1, -1, 1, AP, FP, Op1Imm, ResUnconstrained, PCJnz, APRegular, OpNop, imm(3)}},
	}
	for _, c := range cases {
		words := assembleWords(t, c.src)
		got, n, err := Decode(words)
		if err != nil {
			t.Fatalf("%q: decode: %v", c.src, err)
		}
		if n != len(words) {
			t.Errorf("%q: decoded %d words of %d", c.src, n, len(words))
		}
		if got != c.want {
			t.Errorf("%q:\n got  %+v\n want %+v", c.src, got, c.want)
		}
		// Encode of the expected instruction gives the same words.
		enc, err := Encode(c.want)
		if err != nil {
			t.Fatalf("%q: encode: %v", c.src, err)
		}
		for i := range enc {
			if !enc[i].Equal(&words[i]) {
				t.Errorf("%q: Encode word %d = %s, assembler %s", c.src, i, enc[i].Hex(), words[i].Hex())
			}
		}
	}
}

// Syntactic sugar from cairo-lang's instruction_builder_test.py.
func TestEquivalentForms(t *testing.T) {
	pairs := [][2]string{
		{"5 = [fp + 1]", "[fp + 1] = 5"},
		{"[[ap + 2] + 3] = [fp + 1]; ap++", "[fp + 1] = [[ap + 2] + 3]; ap++"},
		{"[ap] + [fp] = [fp + 1]", "[fp + 1] = [ap] + [fp]"},
		{"[fp] = [ap + 10] - [fp - 1]", "[ap + 10] = [fp] + [fp - 1]"},
		{"[fp] = [ap + 10] / [fp - 1]", "[ap + 10] = [fp] * [fp - 1]"},
		{"[ap] = 1, ap++", "[ap + 0] = 1; ap++"},
		{"[ap] = 1, ap++;", "[ap + 0] = 1; ap++"},
		{"[fp - 3] = [fp + -3]", "[fp + (-3)] = [fp - (3)]"},
		{"const X = 7\n[ap + X] = X * 2 + 1", "[ap + 7] = 15"},
		{"[ap] = 2 ** 251 + 17 * 2 ** 192", "[ap] = -1"},
		{"[ap] = 0x10 / 4 - 5", "[ap] = -1"},
		{"[ap] = 'AB'", "[ap] = 0x4142"},
		{"const E = 'Out of gas'\n[ap] = E", "[ap] = 0x4f7574206f6620676173"},
	}
	for _, p := range pairs {
		a, b := assembleWords(t, p[0]), assembleWords(t, p[1])
		if len(a) != len(b) {
			t.Fatalf("%q vs %q: lengths %d, %d", p[0], p[1], len(a), len(b))
		}
		for i := range a {
			if !a[i].Equal(&b[i]) {
				t.Errorf("%q vs %q: word %d %s != %s", p[0], p[1], i, a[i].Hex(), b[i].Hex())
			}
		}
	}
}

func TestLabelsAreRelative(t *testing.T) {
	src := "start:\n  [ap] = 1, ap++\nloop:\n  jmp loop if [ap + -1] != 0\n  call start\n  jmp end\n  ret\nend:\n  ret\n"
	u, err := Assemble([]byte(src), "l.s")
	if err != nil {
		t.Fatal(err)
	}
	// pcs: 0 assert(2) 2 jnz(2) 4 call(2) 6 jmp(2) 8 ret 9 end ret
	for _, c := range []struct {
		immPC int
		want  int64
	}{{3, 0}, {5, -4}, {7, 3}} {
		w := felt.FromInt64(c.want)
		if !u.Code[c.immPC].Equal(&w) {
			t.Errorf("imm at %d = %s, want %d", c.immPC, u.Code[c.immPC].Hex(), c.want)
		}
	}
	if pc, ok := u.Label("end"); !ok || pc != 9 {
		t.Errorf("label end = %d, %v", pc, ok)
	}
}

func TestDecodeRejectsInvalid(t *testing.T) {
	bad := []felt.Felt{
		felt.FromBigInt(new(big.Int).Lsh(big.NewInt(1), 63)), // bit 63
		felt.FromUint64(0x000F800080008000),                  // op1 src 3
		felt.FromUint64(0x0060800080008000),                  // res 3
		felt.FromUint64(0x0180800080008000),                  // pc update 3
		felt.FromUint64(0x0C00800080008000),                  // ap update 3
		felt.FromUint64(0x3000800080008000),                  // opcode 3
		felt.FromUint64(0x1500800080008000),                  // call with ap++
		felt.FromUint64(0x0220800080008000),                  // jnz with res add
		felt.FromInt64(-1),
	}
	for _, w := range bad {
		if _, _, err := Decode([]felt.Felt{w, felt.Zero}); !errors.Is(err, ErrInvalidEncoding) {
			t.Errorf("Decode(%s) err = %v, want ErrInvalidEncoding", w.Hex(), err)
		}
	}
	if _, _, err := Decode([]felt.Felt{felt.FromUint64(0x480680017FFF8000)}); !errors.Is(err, ErrInvalidEncoding) {
		t.Errorf("missing immediate: err = %v", err)
	}
}

func assembleWords(t *testing.T, src string) []felt.Felt {
	t.Helper()
	u, err := Assemble([]byte(src), "t.cairo-asm")
	if err != nil {
		t.Fatalf("assemble %q: %v", src, err)
	}
	return u.Code
}
