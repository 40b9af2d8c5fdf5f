package crypto

import (
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

func BenchmarkPedersen(b *testing.B) {
	r := newRand(10)
	x, y := randFelt(r, 252), randFelt(r, 252)
	Pedersen(&x, &y) // build the lazy tables outside the timing
	b.ResetTimer()
	for b.Loop() {
		x = Pedersen(&x, &y)
	}
}

func BenchmarkPoseidonPermute(b *testing.B) {
	r := newRand(11)
	s := [3]felt.Felt{randFelt(r, 252), randFelt(r, 252), randFelt(r, 252)}
	for b.Loop() {
		PoseidonPermute(&s)
	}
}

func BenchmarkPoseidonMany16(b *testing.B) {
	r := newRand(12)
	xs := make([]felt.Felt, 16)
	for i := range xs {
		xs[i] = randFelt(r, 252)
	}
	for b.Loop() {
		PoseidonMany(xs...)
	}
}

func BenchmarkStarknetKeccak(b *testing.B) {
	data := make([]byte, 64)
	for b.Loop() {
		StarknetKeccak(data)
	}
}

func BenchmarkGetPublicKey(b *testing.B) {
	k := randKey(nil, newRand(16)) // a full-size scalar: one addition per byte
	GetPublicKey(k)
	b.ResetTimer()
	for b.Loop() {
		GetPublicKey(k)
	}
}

func BenchmarkSign(b *testing.B) {
	r := newRand(13)
	k := randKey(nil, r)
	m := randFelt(r, 251)
	if _, _, err := Sign(k, m); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Sign(k, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	r := newRand(14)
	k := randKey(nil, r)
	m := randFelt(r, 251)
	rr, ss, err := Sign(k, m)
	if err != nil {
		b.Fatal(err)
	}
	pub := GetPublicKey(k)
	b.ResetTimer()
	for b.Loop() {
		if !Verify(pub, m, rr, ss) {
			b.Fatal("rejected")
		}
	}
}

func BenchmarkECOp(b *testing.B) {
	r := newRand(15)
	p, q := mulG(3), mulG(5)
	m := randFelt(r, 252)
	for b.Loop() {
		if _, err := ECOp(p, q, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyBuiltin(b *testing.B) {
	r := newRand(14)
	k := randKey(nil, r)
	m := randFelt(r, 251)
	rr, ss, err := Sign(k, m)
	if err != nil {
		b.Fatal(err)
	}
	pub := GetPublicKey(k)
	for b.Loop() {
		if !VerifyBuiltin(pub, m, rr, ss) {
			b.Fatal("rejected")
		}
	}
}
