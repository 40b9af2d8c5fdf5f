package cairo

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

type recordingSyscalls struct{ ptrs []Relocatable }

func (s *recordingSyscalls) Syscall(vm *VM, p Relocatable) error {
	s.ptrs = append(s.ptrs, p)
	return vm.Mem.WriteFelt(p, felt.FromUint64(77))
}

// echoClass returns (gas, sys, 0, calldata span): an entry point echoing its calldata.
func echoClass(t *testing.T, hints string) []byte {
	a := newAsm()
	copyFP := func(off int) {
		a.ins(Instruction{OffDst: 0, OffOp0: -1, OffOp1: off, Op0Reg: RegFP, Op1Src: Op1FP, ApUpdate: ApAdd1, Opcode: OpAssertEq})
	}
	copyFP(-6)
	copyFP(-5)
	a.assignImm(0, 0, true)
	copyFP(-4)
	copyFP(-3)
	a.ret()
	var code []string
	for _, f := range a.data {
		code = append(code, fmt.Sprintf("%q", f.Hex()))
	}
	return []byte(fmt.Sprintf(`{"prime":"0x800000000000011000000000000000000000000000000000000000000000001","compiler_version":"2.6.0",
"bytecode":[%s],"hints":%s,
"entry_points_by_type":{"EXTERNAL":[{"selector":"0x1","offset":0,"builtins":["range_check"]}],"L1_HANDLER":[],"CONSTRUCTOR":[]}}`,
		strings.Join(code, ","), hints))
}

func TestRunEntryPointEcho(t *testing.T) {
	// The entry point has a range_check builtin, so arguments shift by one:
	// fp-7 range_check, fp-6 gas, fp-5 system, fp-4/fp-3 calldata.
	hints := `[[0,[{"TestLessThan":{"lhs":{"Deref":{"register":"FP","offset":-6}},"rhs":{"Immediate":"0x100"},"dst":{"register":"AP","offset":10}}},
		{"AllocSegment":{"dst":{"register":"AP","offset":11}}},
		{"SystemCall":{"system":{"Deref":{"register":"FP","offset":-5}}}}]]]`
	c, err := ParseCasmClass(echoClass(t, hints))
	if err != nil {
		t.Fatal(err)
	}
	ep, ok := c.EntryPoint("EXTERNAL", felt.One)
	if !ok {
		t.Fatal("entry point not found")
	}
	sys := &recordingSyscalls{}
	cd := []felt.Felt{felt.FromUint64(5), felt.FromUint64(6), felt.FromUint64(7)}
	res, err := RunEntryPoint(t.Context(), EntryPointCall{Bytecode: c.Bytecode, Hints: c.Hints, Offset: ep.Offset, Builtins: ep.Builtins, Calldata: cd, Gas: 1000, Syscalls: sys})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed || len(res.Retdata) != 3 || !res.Retdata[2].Equal(&cd[2]) {
		t.Fatalf("result %+v", res)
	}
	if res.GasLeft.Uint64() != 1000 || res.Steps != 6 {
		t.Fatalf("gas %s steps %d", res.GasLeft.Hex(), res.Steps)
	}
	vm := res.Runner.VM
	ap0 := res.Runner.InitialAP
	lt, _ := vm.Mem.ReadFelt(Relocatable{ap0.Segment, ap0.Offset + 10})
	if lt.Uint64() != 0 { // gas 1000 < 0x100 is false
		t.Fatalf("TestLessThan wrote %s", lt.Hex())
	}
	if _, err := vm.Mem.ReadRel(Relocatable{ap0.Segment, ap0.Offset + 11}); err != nil {
		t.Fatalf("AllocSegment: %v", err)
	}
	if len(sys.ptrs) != 1 {
		t.Fatalf("syscalls %v", sys.ptrs)
	}
	if v, _ := vm.Mem.ReadFelt(sys.ptrs[0]); v.Uint64() != 77 {
		t.Fatal("syscall handler write lost")
	}
}

func TestCasmHintsErrors(t *testing.T) {
	for name, hints := range map[string]string{
		"unknown":     `[[0,[{"NoSuchHint":{}}]]]`,
		"bad operand": `[[0,[{"TestLessThan":{"lhs":{"Bogus":1},"rhs":{"Immediate":"0x1"},"dst":{"register":"AP","offset":0}}}]]]`,
		"pc too big":  `[[99,[{"AllocSegment":{"dst":{"register":"AP","offset":0}}}]]]`,
	} {
		if _, err := ParseCasmClass(echoClass(t, hints)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if name == "unknown" && (!errors.Is(err, ErrUnknownHint) || !strings.Contains(err.Error(), "NoSuchHint")) {
			t.Errorf("unknown hint error %v", err)
		}
	}
}

func TestCasmHintArithmetic(t *testing.T) {
	m := NewMemory()
	vm := NewVM(m, zeroLog())
	seg := m.AddSegment()
	vm.AP, vm.FP = seg, seg
	_ = m.WriteFelt(seg, felt.FromUint64(100))
	run := func(name, body string) {
		t.Helper()
		var raw map[string]json.RawMessage
		_ = json.Unmarshal([]byte(`{"x":`+body+`}`), &raw)
		h, err := compileCasmHint(name, raw["x"])
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Exec(vm); err != nil {
			t.Fatal(err)
		}
	}
	read := func(off int) uint64 {
		f, err := m.ReadFelt(Relocatable{seg.Segment, off})
		if err != nil {
			t.Fatal(err)
		}
		return f.Uint64()
	}
	run("DivMod", `{"lhs":{"Deref":{"register":"AP","offset":0}},"rhs":{"Immediate":"0x7"},"quotient":{"register":"AP","offset":1},"remainder":{"register":"AP","offset":2}}`)
	if read(1) != 14 || read(2) != 2 {
		t.Fatalf("DivMod 100/7 = %d r %d", read(1), read(2))
	}
	run("LinearSplit", `{"value":{"Immediate":"0x64"},"scalar":{"Immediate":"0x3"},"max_x":{"Immediate":"0x10"},"x":{"register":"AP","offset":3},"y":{"register":"AP","offset":4}}`)
	if read(3) != 16 || read(4) != 52 {
		t.Fatalf("LinearSplit: %d %d", read(3), read(4))
	}
	run("SquareRoot", `{"value":{"Immediate":"0x65"},"dst":{"register":"AP","offset":5}}`)
	if read(5) != 10 {
		t.Fatalf("SquareRoot(101) = %d", read(5))
	}
	run("WideMul128", `{"lhs":{"Immediate":"0xffffffffffffffffffffffffffffffff"},"rhs":{"Immediate":"0x2"},"high":{"register":"AP","offset":6},"low":{"register":"AP","offset":7}}`)
	if read(6) != 1 {
		t.Fatalf("WideMul128 high %d", read(6))
	}
	run("TestLessThanOrEqual", `{"lhs":{"BinOp":{"op":"Add","a":{"register":"AP","offset":0},"b":{"Immediate":"0x1"}}},"rhs":{"Immediate":"0x65"},"dst":{"register":"AP","offset":8}}`)
	if read(8) != 1 {
		t.Fatal("101 <= 101 false")
	}
}

func FuzzParseCasmClass(f *testing.F) {
	f.Add([]byte(`{"prime":"0x800000000000011000000000000000000000000000000000000000000000001","bytecode":["0x1"],"hints":[[0,[{"AllocSegment":{"dst":{"register":"AP","offset":0}}}]]],"entry_points_by_type":{}}`))
	f.Add([]byte(`{"hints":[[0,[{"DivMod":{"lhs":{"DoubleDeref":[{"register":"FP","offset":-3},1]}}}]]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ParseCasmClass(b)
	})
}

func FuzzParseProgram(f *testing.F) {
	f.Add([]byte(`{"prime":"0x800000000000011000000000000000000000000000000000000000000000001","data":["0x1"],"builtins":["output"],"hints":{"0":[{"code":"memory[ap] = segments.add()","accessible_scopes":[],"flow_tracking_data":{"ap_tracking":{"group":0,"offset":0},"reference_ids":{}}}]},"identifiers":{},"reference_manager":{"references":[{"ap_tracking_data":{"group":0,"offset":0},"pc":0,"value":"[cast(fp + (-3), felt*)]"}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseProgram(b)
		if err != nil {
			return
		}
		if r, err := NewRunner(p, Config{MaxSteps: 100}); err == nil {
			_ = r.Run(t.Context(), "main", nil)
		}
	})
}
