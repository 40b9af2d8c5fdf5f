package starknet

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

func randClass(r *rand.Rand) *Class {
	code := randFelts(r, 20)
	code = append(code, randFelt(r))
	c := &Class{CompilerVersion: "cairn-asm-0.1", Bytecode: code, Hints: json.RawMessage(`[[0,[{"SystemCall":{"system":{"Deref":{"register":"FP","offset":-5}}}}]]]`)}
	c.EntryPoints.External = []EntryPoint{
		{Selector: felt.FromUint64(5), Offset: 0, Builtins: []string{"range_check"}},
		{Selector: felt.FromUint64(9), Offset: uint64(len(code) - 1), Builtins: []string{}},
	}
	c.EntryPoints.L1Handler = []EntryPoint{}
	c.EntryPoints.Constructor = []EntryPoint{{Selector: felt.FromUint64(1), Offset: 0, Builtins: []string{"pedersen", "range_check"}}}
	if r.IntN(2) == 0 {
		half := uint64(len(code) / 2)
		c.SegmentLengths = &SegmentLengths{Children: []SegmentLengths{{Length: half}, {Children: []SegmentLengths{{Length: uint64(len(code)) - half}}}}}
	}
	return c
}

func randTx(r *rand.Rand) Transaction {
	switch r.IntN(4) {
	case 0:
		return &InvokeV3{V3Fields: randV3(r), Sender: randFelt(r), Calldata: randFelts(r, 8), AccountDeploymentData: randFelts(r, 2), ProofFacts: randFelts(r, 2)}
	case 1:
		return &DeployAccountV3{V3Fields: randV3(r), ClassHash: randFelt(r), ContractAddressSalt: randFelt(r), ConstructorCalldata: randFelts(r, 3)}
	case 2:
		return &DeclareV3{V3Fields: randV3(r), Sender: randFelt(r), ClassHash: randFelt(r), CompiledClassHash: randFelt(r), AccountDeploymentData: randFelts(r, 1), Class: randClass(r)}
	}
	return &InvokeV1{Sender: randFelt(r), Calldata: randFelts(r, 5), MaxFee: randFelt(r), Signature: randFelts(r, 2), Nonce: randFelt(r)}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200; i++ {
		tx := randTx(r)
		b := EncodeTx(tx)
		got, err := DecodeTx(b)
		if err != nil {
			t.Fatalf("tx %d (%T): decode: %v", i, tx, err)
		}
		if !reflect.DeepEqual(got, tx) {
			t.Fatalf("tx %d (%T): decoded value differs:\n got %+v\nwant %+v", i, tx, got, tx)
		}
		if !bytes.Equal(EncodeTx(got), b) {
			t.Fatalf("tx %d: re-encoding differs", i)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	invTx := &InvokeV3{V3Fields: randV3(r), Sender: randFelt(r), Calldata: randFelts(r, 3)}
	inv := EncodeTx(invTx)
	// Tail: nonce DA, fee DA, sender, calldata list, two empty lists.
	ndaOff := len(inv) - 4 - 4 - (4 + 32*len(invTx.Calldata)) - 32 - 2
	mod := func(f func(b []byte) []byte) []byte { return f(append([]byte{}, inv...)) }
	// Offsets in an INVOKE v3: 2 header bytes, then signature count.
	sigLen := int(inv[5]) // count < 256 in this test
	nonceOff := 2 + 4 + 32*sigLen
	boundsOff := nonceOff + 32
	cases := map[string][]byte{
		"empty":         {},
		"version 0":     mod(func(b []byte) []byte { b[0] = 0; return b }),
		"version 2":     mod(func(b []byte) []byte { b[0] = 2; return b }),
		"unknown tag":   mod(func(b []byte) []byte { b[1] = 0x14; return b }),
		"trailing byte": append(append([]byte{}, inv...), 0),
		"truncated":     inv[:len(inv)-1],
		"header only":   inv[:2],
		"felt >= p":     mod(func(b []byte) []byte { copy(b[nonceOff:], bytes.Repeat([]byte{0xff}, 32)); return b }),
		"huge list":     mod(func(b []byte) []byte { b[2], b[3] = 0x7f, 0xff; return b }),
		"list past end": mod(func(b []byte) []byte { b[5] = byte(sigLen + 1); return b }),
		"nonce da 2":    mod(func(b []byte) []byte { b[ndaOff] = 2; return b }),
		"too large":     make([]byte, MaxTxBytes+1),
		"fee da 2":      mod(func(b []byte) []byte { b[ndaOff+1] = 2; return b }),
		"bounds trunc":  inv[:boundsOff+10],
	}
	for name, b := range cases {
		if _, err := DecodeTx(b); !errors.Is(err, ErrMalformedTx) {
			t.Errorf("%s: got %v, want ErrMalformedTx", name, err)
		}
	}
	// Non-compact hints in a declared class.
	c := randClass(r)
	c.Hints = json.RawMessage(`[ ]`)
	d := EncodeTx(&DeclareV3{V3Fields: randV3(r), Class: c})
	if _, err := DecodeTx(d); !errors.Is(err, ErrMalformedTx) {
		t.Errorf("non-compact hints: got %v", err)
	}
	// Entry point offset outside the bytecode.
	c = randClass(r)
	c.EntryPoints.External[0].Offset = uint64(len(c.Bytecode))
	if _, err := DecodeTx(EncodeTx(&DeclareV3{V3Fields: randV3(r), Class: c})); !errors.Is(err, ErrMalformedTx) {
		t.Errorf("entry point offset: got %v", err)
	}
}

func FuzzDecodeTx(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 8; i++ {
		f.Add(EncodeTx(randTx(r)))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tx, err := DecodeTx(b)
		if err != nil {
			return
		}
		if !bytes.Equal(EncodeTx(tx), b) {
			t.Fatalf("decode→encode is not the identity")
		}
	})
}
