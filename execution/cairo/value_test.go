package cairo

import (
	"math/big"
	mrand "math/rand"
	"math/rand/v2"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

// feltToIntRef is feltToInt computed with math/big.
func feltToIntRef(f *felt.Felt) (int, bool) {
	b := f.BigInt()
	half := new(big.Int).Rsh(felt.Modulus(), 1)
	if b.Cmp(half) > 0 {
		b.Sub(b, felt.Modulus())
	}
	lim := big.NewInt(maxOffset)
	if b.CmpAbs(lim) >= 0 {
		return 0, false
	}
	return int(b.Int64()), true
}

func TestFeltToIntMatchesBig(t *testing.T) {
	cases := []felt.Felt{felt.Zero, felt.One}
	for _, v := range []int64{-1, -2, 2, 1 << 47, -(1 << 47), maxOffset - 1, -(maxOffset - 1), maxOffset, -maxOffset, 1 << 62, -(1 << 62)} {
		cases = append(cases, felt.FromInt64(v))
	}
	// p - 2^64 and neighbours: borrow patterns around limb boundaries.
	p := felt.Modulus()
	for _, d := range []int64{-1, 0, 1} {
		b := new(big.Int).Sub(p, new(big.Int).Lsh(big.NewInt(1), 64))
		b.Add(b, big.NewInt(d))
		cases = append(cases, felt.FromBigInt(b))
	}
	half := new(big.Int).Rsh(p, 1)
	cases = append(cases, felt.FromBigInt(half), felt.FromBigInt(new(big.Int).Add(half, big.NewInt(1))))
	rng := rand.New(rand.NewPCG(1, 2))
	brng := mrand.New(mrand.NewSource(3))
	for i := 0; i < 2000; i++ {
		cases = append(cases, felt.FromInt64(rng.Int64N(1<<50)-(1<<49)))
		cases = append(cases, felt.FromBigInt(new(big.Int).Rand(brng, p)))
	}
	for _, f := range cases {
		got, gok := feltToInt(&f)
		want, wok := feltToIntRef(&f)
		if got != want || gok != wok {
			t.Fatalf("feltToInt(%s) = %d, %v; want %d, %v", f.Hex(), got, gok, want, wok)
		}
	}
}

func TestValueRelRoundTrip(t *testing.T) {
	for _, r := range []Relocatable{{0, 0}, {1, 5}, {7, 1 << 40}, {1 << 20, 3}} {
		v := RelValue(r)
		got, ok := v.Rel()
		if !ok || got != r || v.IsFelt() {
			t.Fatalf("RelValue(%s).Rel() = %s, %v", r, got, ok)
		}
		if _, ok := v.Felt(); ok {
			t.Fatalf("RelValue(%s) reads as a felt", r)
		}
		// A felt with the same limbs as a pointer is a different value.
		f := felt.FromUint64(uint64(r.Offset))
		if FeltValue(f).Equal(v) {
			t.Fatalf("felt %s equals pointer %s", f.Hex(), r)
		}
	}
}
