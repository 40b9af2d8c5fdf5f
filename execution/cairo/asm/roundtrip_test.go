package asm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

func randOffset(r *rand.Rand) int {
	switch r.IntN(3) {
	case 0:
		return r.IntN(11) - 5
	case 1:
		return minOffset + r.IntN(3)
	}
	return r.IntN(1<<16) + minOffset
}

func randFelt(r *rand.Rand) felt.Felt {
	switch r.IntN(3) {
	case 0:
		return felt.FromInt64(int64(r.IntN(200)) - 100)
	case 1:
		return felt.FromUint64(r.Uint64())
	}
	var b [32]byte
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return felt.FromBytes(b[:])
}

// randInstruction returns a random instruction that Encode accepts.
func randInstruction(r *rand.Rand) Instruction {
	for {
		i := Instruction{
			OffDst: randOffset(r), OffOp0: randOffset(r), OffOp1: randOffset(r),
			DstReg: Register(r.IntN(2)), Op0Reg: Register(r.IntN(2)),
			Op1Src: []Op1Src{Op1Op0, Op1Imm, Op1FP, Op1AP}[r.IntN(4)],
			Res:    ResLogic(r.IntN(4)),
			PC:     []PCUpdate{PCRegular, PCJumpAbs, PCJumpRel, PCJnz}[r.IntN(4)],
			AP:     APUpdate(r.IntN(4)),
			Opcode: []Opcode{OpNop, OpCall, OpRet, OpAssertEq}[r.IntN(4)],
		}
		if i.Op1Src == Op1Imm {
			i.OffOp1, i.Imm = 1, randFelt(r)
		}
		if _, err := Encode(i); err == nil {
			return i
		}
	}
}

func randWords(r *rand.Rand, n int) []felt.Felt {
	var out []felt.Felt
	for len(out) < n {
		if r.IntN(10) == 0 {
			out = append(out, randFelt(r))
			continue
		}
		w, _ := Encode(randInstruction(r))
		out = append(out, w...)
	}
	return out
}

func randCell(r *rand.Rand) CellRef { return CellRef{Reg: Register(r.IntN(2)), Off: randOffset(r)} }

func randBig(r *rand.Rand) *big.Int {
	v := new(big.Int)
	for n := r.IntN(5); n > 0; n-- {
		v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(r.Uint64()))
	}
	if r.IntN(4) == 0 {
		v.Neg(v)
	}
	return v
}

func randHint(r *rand.Rand) Hint {
	names := hintNames()
	name := names[r.IntN(len(names))]
	h := Hint{Name: name}
	for _, f := range hintSpecs[name] {
		a := HintArg{Name: f.name, kind: f.kind}
		switch f.kind {
		case fCell:
			a.Cell = randCell(r)
		case fBig:
			a.Big = randBig(r)
		default:
			res := ResOperand{Kind: ResKind(r.IntN(4)), Cell: randCell(r)}
			switch res.Kind {
			case ResDoubleDeref:
				res.Offset = randOffset(r)
			case ResImmediate:
				res.Imm = randBig(r)
			case ResBinOp:
				res.Mul = r.IntN(2) == 0
				if r.IntN(2) == 0 {
					c := randCell(r)
					res.BCell = &c
				} else {
					res.Imm = randBig(r)
				}
			}
			a.Res = res
		}
		h.Args = append(h.Args, a)
	}
	return h
}

// Random classes: bytecode (instructions and garbage words), structured
// hints and entry points survive disassemble -> assemble unchanged.
func TestClassRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 60; iter++ {
		words := randWords(r, 1+r.IntN(60))
		class := map[string]any{"prime": Prime, "compiler_version": "2.9.0"}
		bc := make([]string, len(words))
		for i := range words {
			bc[i] = words[i].Hex()
		}
		class["bytecode"] = bc
		hints := []any{}
		for pc := 0; pc < len(words); pc++ {
			if r.IntN(5) == 0 {
				hs := []Hint{randHint(r)}
				if r.IntN(3) == 0 {
					hs = append(hs, randHint(r))
				}
				hints = append(hints, []any{pc, hs})
			}
		}
		class["hints"] = hints
		eps := map[string][]map[string]any{"EXTERNAL": {}, "L1_HANDLER": {}, "CONSTRUCTOR": {}}
		for _, kind := range []string{"EXTERNAL", "L1_HANDLER", "CONSTRUCTOR"} {
			var sels []felt.Felt
			for k := r.IntN(3); k > 0; k-- {
				sels = append(sels, randFelt(r))
			}
			sort.Slice(sels, func(i, j int) bool { return sels[i].Cmp(&sels[j]) < 0 })
			for i, s := range sels {
				if i > 0 && s.Equal(&sels[i-1]) {
					continue
				}
				eps[kind] = append(eps[kind], map[string]any{"selector": s.Hex(), "offset": r.IntN(len(words)), "builtins": []string{"range_check"}})
			}
		}
		class["entry_points_by_type"] = eps
		in, err := json.Marshal(class)
		if err != nil {
			t.Fatal(err)
		}
		text, err := Disassemble(in)
		if err != nil {
			t.Fatalf("iter %d: disassemble: %v", iter, err)
		}
		u, err := Assemble(text, "rt.s")
		if err != nil {
			t.Fatalf("iter %d: reassemble: %v\n%s", iter, err, text)
		}
		out, err := u.ClassJSON()
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, fmt.Sprint("iter ", iter), in, out, "bytecode", "hints", "entry_points_by_type", "compiler_version")
	}
}

// Programs: data, Python hints, builtins and main survive the round trip.
func TestProgramRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 40; iter++ {
		words := randWords(r, 1+r.IntN(60))
		var b bytes.Buffer
		b.WriteString("%builtins output range_check\n%func main\n")
		for i := range words {
			if r.IntN(6) == 0 {
				fmt.Fprintf(&b, "%%{\n    x = %d\n    memory[ap] = x\n%%}\n", i)
			}
			fmt.Fprintf(&b, "dw %s\n", words[i].Hex())
		}
		u, err := Assemble(b.Bytes(), "p.s")
		if err != nil {
			t.Fatal(err)
		}
		in, err := u.ProgramJSON()
		if err != nil {
			t.Fatal(err)
		}
		text, err := Disassemble(in)
		if err != nil {
			t.Fatalf("iter %d: disassemble: %v", iter, err)
		}
		u2, err := Assemble(text, "p2.s")
		if err != nil {
			t.Fatalf("iter %d: reassemble: %v\n%s", iter, err, text)
		}
		out, err := u2.ProgramJSON()
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, fmt.Sprint("iter ", iter), in, out, "data", "hints", "builtins", "identifiers")
	}
}

func assertSameJSON(t *testing.T, what string, a, b []byte, keys ...string) {
	t.Helper()
	var x, y map[string]any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !reflect.DeepEqual(x[k], y[k]) {
			t.Errorf("%s: %s differs:\n in  %v\n out %v", what, k, x[k], y[k])
		}
	}
}

// A program JSON in cairo-compile's shape written by another tool (data
// words from a public Cairo 0 proof-mode stub, "hints" as an empty list)
// disassembles and re-assembles to the same data and labels.
func TestForeignProgramJSON(t *testing.T) {
	in := []byte(`{"attributes": [], "builtins": ["output", "pedersen"], "compiler_version": "0.13.1",
	"data": ["0x40780017fff7fff", "0x4", "0x800000000000011000000000000000000000000000000000000000000000000",
	  "0x1104800180018000", "0x800000000000010fffffffffffffffffffffffffffffffffffffffffffffff9", "0x208b7fff7fff7ffe"],
	"debug_info": null, "hints": [],
	"identifiers": {"__main__.__end__": {"pc": 4, "type": "label"}, "__main__.__start__": {"pc": 0, "type": "label"},
	  "__main__.main": {"decorators": [], "pc": 2, "type": "function"}, "__main__.main.Args": {"type": "struct", "members": {}, "size": 0}},
	"main_scope": "__main__", "prime": "0x800000000000011000000000000000000000000000000000000000000000001",
	"reference_manager": {"references": []}}`)
	text, err := Disassemble(in)
	if err != nil {
		t.Fatal(err)
	}
	u, err := Assemble(text, "foreign.s")
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	out, err := u.ProgramJSON()
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "foreign", in, out, "data", "builtins")
	if pc, ok := u.Label("__end__"); !ok || pc != 4 {
		t.Errorf("__end__ = %d, %v", pc, ok)
	}
}
