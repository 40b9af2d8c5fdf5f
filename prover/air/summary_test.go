package air

import (
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
