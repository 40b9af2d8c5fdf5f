package cairo

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

// TestTraceMemoryMatchCairoVM compares Cairn's binary trace and memory files
// with cairo-vm's expected files for its struct.cairo test program
// (cairo_programs/trace_memory/cairo_trace_struct and cairo_memory_struct
// in lambdaclass/cairo-vm). That program compiles to a single `ret`
// (0x208b7fff7fff7ffe) run from main with no builtins. The expected bytes
// are rebuilt here from their numbers: trace (ap 4, fp 4, pc 1); memory
// 1 -> the ret word, 2 -> 4 (return fp), 3 -> 4 (end pc), the two empty
// segments both relocated to address 4.
func TestTraceMemoryMatchCairoVM(t *testing.T) {
	ret := felt.MustHex("0x208b7fff7fff7ffe")
	pc := 0
	p := &Program{Data: []felt.Felt{ret}, MainScope: "__main__", Hints: map[int][]Cairo0Hint{},
		Identifiers: map[string]Identifier{"__main__.main": {Type: "function", PC: &pc}}}
	r := mustRun(t, p, Config{Trace: true})
	rl, err := r.Relocate()
	if err != nil {
		t.Fatal(err)
	}
	var trace, mem bytes.Buffer
	if err := rl.WriteTrace(&trace); err != nil {
		t.Fatal(err)
	}
	if err := rl.WriteMemory(&mem); err != nil {
		t.Fatal(err)
	}
	le := func(vs ...uint64) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint64(b, v)
		}
		return b
	}
	wantTrace := le(4, 4, 1)
	var wantMem []byte
	for _, c := range [][2]uint64{{1, 0x208b7fff7fff7ffe}, {2, 4}, {3, 4}} {
		wantMem = append(wantMem, le(c[0], c[1], 0, 0, 0)...)
	}
	if !bytes.Equal(trace.Bytes(), wantTrace) {
		t.Fatalf("trace\n got %x\nwant %x", trace.Bytes(), wantTrace)
	}
	if !bytes.Equal(mem.Bytes(), wantMem) {
		t.Fatalf("memory\n got %x\nwant %x", mem.Bytes(), wantMem)
	}
}
