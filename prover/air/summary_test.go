package air

import (
	"context"
	"maps"
	"slices"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/cairo/programs"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

func TestProgramHashAndOutputs(t *testing.T) {
	d0, d1 := felt.FromUint64(0x40780017fff7fff), felt.FromUint64(7)
	pub := &PublicInput{
		MemorySegments: map[string]Segment{
			SegProgram:   {BeginAddr: 1, StopPtr: 2},
			SegExecution: {BeginAddr: 3, StopPtr: 5},
			SegOutput:    {BeginAddr: 10, StopPtr: 11},
		},
		PublicMemory: []PublicMemoryEntry{{Address: 1, Value: d0}, {Address: 2, Value: d1}, {Address: 10, Value: felt.FromUint64(99)}},
	}
	inner := crypto.Pedersen(&d0, &d1)
	n := felt.FromUint64(2)
	want := crypto.Pedersen(&n, &inner)
	got, err := pub.ProgramHash()
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(&want) {
		t.Fatalf("program hash %s, want %s", got.Hex(), want.Hex())
	}
	outs, err := pub.Outputs()
	if err != nil || len(outs) != 1 || outs[0].Uint64() != 99 {
		t.Fatalf("outputs %v %v", outs, err)
	}
	pub.PublicMemory = pub.PublicMemory[:2]
	if _, err := pub.Outputs(); err == nil {
		t.Fatal("non-public output cell accepted")
	}
	pub.PublicMemory = pub.PublicMemory[1:]
	if _, err := pub.ProgramHash(); err == nil {
		t.Fatal("non-public program cell accepted")
	}
}

// TestCheckProgramBuiltins: a statement that leaves a builtin's stack
// pointers out of public memory (so the segment reads as unused) is still a
// valid statement, and only a verifier that knows the program's builtins
// can tell: CheckProgram must reject it.
func TestCheckProgramBuiltins(t *testing.T) {
	pj, err := programs.Factorial(5)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := RunProofMode(context.Background(), pj, "small", 0)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := cairo.ParseProgram(pj)
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Public.CheckProgram(prog.Data, prog.Builtins); err != nil {
		t.Fatalf("honest statement: %v", err)
	}
	if got, _ := ex.Public.Builtins(); !slices.Equal(got, []string{SegOutput}) {
		t.Fatalf("builtins %v, want [output]", got)
	}
	if err := ex.Public.CheckProgram(prog.Data[1:], prog.Builtins); err == nil {
		t.Fatal("other bytecode accepted")
	}

	// The lie: drop the output pointer's stack cells and the output cells,
	// and declare the output segment empty.
	lie := *ex.Public
	lie.MemorySegments = maps.Clone(ex.Public.MemorySegments)
	out, exec := lie.MemorySegments[SegOutput], lie.MemorySegments[SegExecution]
	drop := map[uint64]bool{exec.BeginAddr + execPrefix: true, exec.StopPtr - 1: true}
	lie.PublicMemory = nil
	for _, e := range ex.Public.PublicMemory {
		if !drop[e.Address] && (e.Address < out.BeginAddr || e.Address >= out.StopPtr) {
			lie.PublicMemory = append(lie.PublicMemory, e)
		}
	}
	out.StopPtr = out.BeginAddr
	lie.MemorySegments[SegOutput] = out
	if err := lie.Validate(); err != nil {
		t.Fatalf("the lie should be a well-formed statement: %v", err)
	}
	if got, _ := lie.Builtins(); len(got) != 0 {
		t.Fatalf("lie binds builtins %v", got)
	}
	if err := lie.CheckProgram(prog.Data, prog.Builtins); err == nil {
		t.Fatal("statement without the program's output pointer accepted for the program")
	}
}
