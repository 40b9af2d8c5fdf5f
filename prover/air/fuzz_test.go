package air

import (
	"bytes"
	"errors"
	"math/big"
	"runtime"
	"sync"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

var (
	seedOnce  sync.Once
	seedProof []byte
)

// fuzzSeedProof proves a small program once per process. The proof-of-work
// nonce the prover finds depends on how many goroutines search for it, so
// the seed is proven at GOMAXPROCS = 1: fuzz workers, whose GOMAXPROCS may
// differ from the coordinator's, then hold the same bytes as the seed
// corpus entry.
func fuzzSeedProof(t testing.TB) []byte {
	seedOnce.Do(func() {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		regs, mem, pub := fibProgram(3).run(t, 16)
		tr, err := BuildTrace(regs, mem, pub)
		if err != nil {
			t.Fatal(err)
		}
		cfg := testProveConfig()
		seedProof, err = ProveTrace(t.Context(), tr, cfg)
		if err != nil {
			t.Fatal(err)
		}
	})
	return seedProof
}

func TestFlippedAndTruncatedProofsRejected(t *testing.T) {
	proof := fuzzSeedProof(t)
	if _, err := Verify(proof, testMinSecurity); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(proof); i += 1 + len(proof)/200 {
		bad := bytes.Clone(proof)
		bad[i] ^= 0x01
		if _, err := Verify(bad, testMinSecurity); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("proof with byte %d flipped accepted: %v", i, err)
		}
	}
	for _, n := range []int{0, 1, 10, len(proof) / 2, len(proof) - 1} {
		if _, err := Verify(proof[:n], testMinSecurity); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("proof truncated to %d bytes accepted: %v", n, err)
		}
	}
}

func FuzzVerify(f *testing.F) {
	proof := fuzzSeedProof(f)
	f.Add(proof)
	f.Add(proof[:len(proof)/3])
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Verify(data, testMinSecurity)
		if err == nil && !bytes.Equal(data, proof) {
			t.Fatal("mutated proof accepted")
		}
	})
}

func FuzzParsePublicInput(f *testing.F) {
	_, _, pub := fibProgram(3).run(f, 16)
	enc, err := pub.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc)
	f.Fuzz(func(t *testing.T, data []byte) {
		pi, err := ParsePublicInput(data)
		if err != nil {
			return
		}
		a, err := New(pi, nextPow2(int(pi.NSteps)))
		if err != nil {
			if !errors.Is(err, ErrBadPublicInput) && !errors.Is(err, ErrUnsupportedLayout) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if _, err := NewStarkAIR(a); err != nil {
			t.Fatalf("built AIR has no valid stark layout: %v", err)
		}
	})
}

func FuzzDecodeFiles(f *testing.F) {
	regs, mem, _ := fibProgram(3).run(f, 16)
	f.Add(EncodeTrace(regs), EncodeMemory(mem))
	f.Fuzz(func(t *testing.T, tb, mb []byte) {
		if _, err := DecodeTrace(tb); err != nil && !errors.Is(err, ErrBadTrace) {
			t.Fatal(err)
		}
		if _, err := DecodeMemory(mb); err != nil && !errors.Is(err, ErrBadTrace) {
			t.Fatal(err)
		}
	})
}

// FuzzParsePrivateInput: air_private_input documents parse or fail with
// ErrBadTrace, never panic; a parsed signature whose witness the component
// accepts is one crypto.VerifyBuiltin accepts (s = w⁻¹ mod the order).
func FuzzParsePrivateInput(f *testing.F) {
	s := ecdsaSigned(f, 12345, 777)
	doc := func(pub, msg, r, w string) []byte {
		return []byte(`{"ecdsa": [{"index": 0, "pubkey": "` + pub + `", "msg": "` + msg + `", "signature_input": {"r": "` + r + `", "w": "` + w + `"}}]}`)
	}
	f.Add(doc(s.PubKey.String(), s.Msg.String(), s.R.String(), s.W.String()))
	f.Add(doc("0x1", "2", "0x3", "0x4"))
	f.Add([]byte(`{"ecdsa": [{"index": 1}, {"index": 1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := ParsePrivateInput(data)
		if err != nil {
			if !errors.Is(err, ErrBadTrace) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		n := 0
		for _, sig := range sigs {
			if n++; n > 2 {
				break
			}
			in := ecdsaInput{pub: sig.PubKey, msg: sig.Msg, r: sig.R, w: sig.W}
			if _, err := in.witness(); err != nil {
				continue
			}
			wf := feltOf(sig.W)
			sv := new(big.Int).ModInverse(wf.BigInt(), crypto.CurveOrder())
			if sv == nil || !crypto.VerifyBuiltin(feltOf(sig.PubKey), feltOf(sig.Msg), feltOf(sig.R), felt.FromBigInt(sv)) {
				t.Fatalf("witness accepts (pub %s, msg %s, r %s, w %s), VerifyBuiltin rejects", sig.PubKey.String(), sig.Msg.String(), sig.R.String(), sig.W.String())
			}
		}
	})
}
