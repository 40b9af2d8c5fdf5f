package cairo

import (
	"errors"
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fr"
)

func builtinMem(t *testing.T, name string) (*Memory, *BuiltinRunner) {
	t.Helper()
	m := NewMemory()
	b, err := newBuiltin(name)
	if err != nil {
		t.Fatal(err)
	}
	b.Base = m.AddSegment()
	m.setRule(b.Base.Segment, b)
	return m, b
}

func deduceAt(t *testing.T, m *Memory, off int) felt.Felt {
	t.Helper()
	v, err := m.deduce(Relocatable{0, off})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := v.Felt()
	if !ok {
		t.Fatalf("no deduction at %d", off)
	}
	return f
}

func TestPedersenBuiltin(t *testing.T) {
	m, _ := builtinMem(t, "pedersen")
	one, two := felt.FromUint64(1), felt.FromUint64(2)
	_, _ = m.WriteFelts(Relocatable{0, 3}, []felt.Felt{one, two})
	got := deduceAt(t, m, 5)
	want := felt.MustHex("0x5bb9440e27889a364bcb678b1f679ecd1347acdedcbf36e83494f857cc58026")
	if !got.Equal(&want) {
		t.Fatalf("pedersen(1,2) = %s", got.Hex())
	}
	// Inputs are not deduced; missing inputs give no deduction.
	if v, _ := m.deduce(Relocatable{0, 0}); !v.IsAbsent() {
		t.Fatal("input cell deduced")
	}
	if v, _ := m.deduce(Relocatable{0, 8}); !v.IsAbsent() {
		t.Fatal("deduced from missing inputs")
	}
}

func TestRangeCheckBuiltin(t *testing.T) {
	m, _ := builtinMem(t, "range_check")
	max := felt.FromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1)))
	if err := m.WriteFelt(Relocatable{0, 0}, max); err != nil {
		t.Fatalf("2^128-1 rejected: %v", err)
	}
	over := felt.FromBigInt(new(big.Int).Lsh(big.NewInt(1), 128))
	if err := m.WriteFelt(Relocatable{0, 1}, over); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("2^128 accepted: %v", err)
	}
	if err := m.Write(Relocatable{0, 2}, IntValue(-1)); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("-1 accepted: %v", err)
	}
	if err := m.WriteRel(Relocatable{0, 3}, Relocatable{0, 0}); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("pointer accepted: %v", err)
	}
}

func TestBitwiseBuiltin(t *testing.T) {
	m, _ := builtinMem(t, "bitwise")
	x, _ := new(big.Int).SetString("123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", 16)
	y, _ := new(big.Int).SetString("0fedcba9876543210fedcba9876543210fedcba9876543210fedcba987654", 16)
	_, _ = m.WriteFelts(Relocatable{0, 0}, []felt.Felt{felt.FromBigInt(x), felt.FromBigInt(y)})
	for i, want := range []*big.Int{new(big.Int).And(x, y), new(big.Int).Xor(x, y), new(big.Int).Or(x, y)} {
		got := deduceAt(t, m, 2+i)
		if got.BigInt().Cmp(want) != 0 {
			t.Fatalf("output %d = %s, want %x", i, got.Hex(), want)
		}
	}
	big251 := felt.FromBigInt(new(big.Int).Lsh(big.NewInt(1), 251))
	_, _ = m.WriteFelts(Relocatable{0, 5}, []felt.Felt{big251, felt.One})
	if _, err := m.deduce(Relocatable{0, 7}); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("input 2^251 accepted: %v", err)
	}
}

func TestPoseidonBuiltin(t *testing.T) {
	m, _ := builtinMem(t, "poseidon")
	in := [3]felt.Felt{felt.FromUint64(1), felt.FromUint64(2), felt.FromUint64(3)}
	_, _ = m.WriteFelts(Relocatable{0, 0}, in[:])
	want := in
	crypto.PoseidonPermute(&want)
	for i := 0; i < 3; i++ {
		if got := deduceAt(t, m, 3+i); !got.Equal(&want[i]) {
			t.Fatalf("output %d = %s, want %s", i, got.Hex(), want[i].Hex())
		}
	}
}

func TestECOpBuiltin(t *testing.T) {
	m, _ := builtinMem(t, "ec_op")
	_, g := starkcurve.Generators()
	var g2, g5, want starkcurve.G1Affine
	g2.Double(&g)
	g5.ScalarMultiplication(&g, big.NewInt(5))
	// p = 2G, q = G, m = 3 → 5G
	want = g5
	in := []felt.Felt{felt.FromElement(g2.X), felt.FromElement(g2.Y), felt.FromElement(g.X), felt.FromElement(g.Y), felt.FromUint64(3)}
	_, _ = m.WriteFelts(Relocatable{0, 0}, in)
	rx, ry := deduceAt(t, m, 5), deduceAt(t, m, 6)
	wx, wy := felt.FromElement(want.X), felt.FromElement(want.Y)
	if !rx.Equal(&wx) || !ry.Equal(&wy) {
		t.Fatalf("2G + 3G != 5G")
	}
	bad := append([]felt.Felt{felt.One, felt.One}, in[2:]...)
	_, _ = m.WriteFelts(Relocatable{0, 7}, bad)
	if _, err := m.deduce(Relocatable{0, 12}); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("point off the curve accepted: %v", err)
	}
}

func TestKeccakBuiltin(t *testing.T) {
	m, _ := builtinMem(t, "keccak")
	zero := make([]felt.Felt, 8)
	_, _ = m.WriteFelts(Relocatable{0, 0}, zero)
	// Keccak-f[1600] of the zero state: first lane 0xF1258F7940E1DDE7.
	got := deduceAt(t, m, 8)
	if lo := got.Uint64(); lo != 0xF1258F7940E1DDE7 {
		t.Fatalf("first lane %#x", lo)
	}
}

// sign makes a STARK-curve ECDSA signature with private key priv and nonce k.
func sign(priv, k, msg *big.Int) (pub, r, s felt.Felt) {
	_, g := starkcurve.Generators()
	var P, R starkcurve.G1Affine
	P.ScalarMultiplication(&g, priv)
	R.ScalarMultiplication(&g, k)
	n := fr.Modulus()
	rx := felt.FromElement(R.X)
	rb := rx.BigInt()
	sb := new(big.Int).Mul(rb, priv)
	sb.Add(sb, msg)
	sb.Mul(sb, new(big.Int).ModInverse(k, n))
	sb.Mod(sb, n)
	return felt.FromElement(P.X), felt.FromBigInt(rb), felt.FromBigInt(sb)
}

func TestECDSABuiltin(t *testing.T) {
	m, b := builtinMem(t, "ecdsa")
	msg := big.NewInt(0x1234)
	pub, r, s := sign(big.NewInt(987654321), big.NewInt(123456789), msg)
	if err := b.AddSignature(Relocatable{0, 0}, r, s); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteFelt(Relocatable{0, 0}, pub); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteFelt(Relocatable{0, 1}, felt.FromBigInt(msg)); err != nil {
		t.Fatalf("valid signature rejected: %v", err)
	}
	// Wrong message for a registered signature.
	if err := b.AddSignature(Relocatable{0, 2}, r, s); err != nil {
		t.Fatal(err)
	}
	_ = m.WriteFelt(Relocatable{0, 2}, pub)
	if err := m.WriteFelt(Relocatable{0, 3}, felt.FromUint64(0x1235)); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("bad signature accepted: %v", err)
	}
	// No signature registered.
	_ = m.WriteFelt(Relocatable{0, 5}, felt.One)
	if err := m.WriteFelt(Relocatable{0, 4}, pub); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("unsigned instance accepted: %v", err)
	}
}
