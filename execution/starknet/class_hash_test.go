package starknet

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/internal/jsref"
)

// TestCompiledClassHashMatchesStarknetJS compares the Poseidon compiled class
// hash of random CASM classes (flat segment lengths or none) with
// starknet.js's (Starknet versions before the Blake migration).
func TestCompiledClassHashMatchesStarknetJS(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var classes []json.RawMessage
	var want []felt.Felt
	for i := 0; i < 6; i++ {
		c := randClass(r)
		if i%2 == 1 {
			n := uint64(len(c.Bytecode))
			c.SegmentLengths = &SegmentLengths{Children: []SegmentLengths{{Length: n / 3}, {Length: n - n/3}}}
		} else {
			c.SegmentLengths = nil
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseCASM(b)
		if err != nil {
			t.Fatalf("parse own JSON: %v", err)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("JSON round trip differs:\n got %+v\nwant %+v", back, c)
		}
		classes = append(classes, b)
		want = append(want, c.CompiledClassHash())
	}
	var got []string
	jsref.MustRun(t, jsref.ReadStdin+`
import { hash } from 'starknet';
console.log(JSON.stringify(input.map((c) => hash.computeCompiledClassHash(c, '0.14.0'))));
`, classes, &got)
	for i := range want {
		if mustHex(t, got[i]) != want[i] {
			t.Errorf("class %d: compiled class hash %s, starknet.js %s", i, want[i].Hex(), got[i])
		}
	}
}

func TestClassHashCoversHints(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	c := randClass(r)
	d := *c
	d.Hints = json.RawMessage(`[]`)
	if c.CompiledClassHash() != d.CompiledClassHash() {
		t.Fatal("hints changed the compiled class hash")
	}
	if c.Hash() == d.Hash() {
		t.Fatal("hints did not change the class hash")
	}
}

func TestParseCASMRejectsSierra(t *testing.T) {
	_, err := ParseCASM([]byte(`{"sierra_program":["0x1"],"entry_points_by_type":{}}`))
	if !errors.Is(err, ErrCompilationFailed) {
		t.Fatalf("got %v, want ErrCompilationFailed", err)
	}
	_, err = ParseCASM([]byte(`{"prime":"0x7","bytecode":[],"hints":[],"entry_points_by_type":{}}`))
	if !errors.Is(err, ErrMalformedClass) {
		t.Fatalf("wrong prime: got %v", err)
	}
}
