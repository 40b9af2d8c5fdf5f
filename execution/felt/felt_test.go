package felt

import (
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func randBig(r *rand.Rand) *big.Int {
	b := make([]byte, 32)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	v := new(big.Int).SetBytes(b)
	return v.Mod(v, Modulus())
}

func TestArithmeticMatchesBigInt(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	p := Modulus()
	for i := 0; i < 500; i++ {
		a, b := randBig(r), randBig(r)
		x, y := FromBigInt(a), FromBigInt(b)
		var z Felt
		require.Equal(t, new(big.Int).Mod(new(big.Int).Add(a, b), p), z.Add(&x, &y).BigInt())
		require.Equal(t, new(big.Int).Mod(new(big.Int).Sub(a, b), p), z.Sub(&x, &y).BigInt())
		require.Equal(t, new(big.Int).Mod(new(big.Int).Mul(a, b), p), z.Mul(&x, &y).BigInt())
		if b.Sign() != 0 {
			inv := new(big.Int).ModInverse(b, p)
			require.Equal(t, new(big.Int).Mod(new(big.Int).Mul(a, inv), p), z.Div(&x, &y).BigInt())
		}
	}
}

func TestHexRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200; i++ {
		x := FromBigInt(randBig(r))
		y, err := FromHex(x.Hex())
		require.NoError(t, err)
		require.True(t, x.Equal(&y))
	}
	require.Equal(t, "0x0", Zero.Hex())
	require.Equal(t, "0x1", One.Hex())
}

func TestHexRejects(t *testing.T) {
	pMinus1 := new(big.Int).Sub(Modulus(), big.NewInt(1))
	_, err := FromHex("0x" + pMinus1.Text(16))
	require.NoError(t, err)
	for _, s := range []string{"", "0x", "12", "0xg", "0x" + Modulus().Text(16),
		"0x1" + "0000000000000000000000000000000000000000000000000000000000000000",
		"0x800000000000011000000000000000000000000000000000000000000000001"} {
		_, err := FromHex(s)
		require.Error(t, err, s)
	}
}

func TestJSON(t *testing.T) {
	x := FromUint64(0xabc)
	b, err := json.Marshal(x)
	require.NoError(t, err)
	require.Equal(t, `"0xabc"`, string(b))
	var y Felt
	require.NoError(t, json.Unmarshal([]byte(`"0x0abc"`), &y))
	require.True(t, x.Equal(&y))
	require.Error(t, json.Unmarshal([]byte(`"abc"`), &y))
	require.Error(t, json.Unmarshal([]byte(`12`), &y))
}

func TestNegativeAndLE(t *testing.T) {
	m := FromInt64(-1)
	want := new(big.Int).Sub(Modulus(), big.NewInt(1))
	require.Equal(t, want, m.BigInt())
	one := FromUint64(1)
	le := one.LEBytes()
	require.Equal(t, byte(1), le[0])
	require.Equal(t, byte(0), le[31])
}

func FuzzFromHex(f *testing.F) {
	f.Add("0x1")
	f.Add("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")
	f.Fuzz(func(t *testing.T, s string) {
		x, err := FromHex(s)
		if err != nil {
			return
		}
		y, err := FromHex(x.Hex())
		if err != nil || !x.Equal(&y) {
			t.Fatalf("round trip failed for %q", s)
		}
	})
}

func TestBitLen(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200; i++ {
		b := randBig(r)
		b.Rsh(b, uint(r.IntN(252)))
		x := FromBigInt(b)
		require.Equal(t, b.BitLen(), x.BitLen(), b.Text(16))
	}
	x := FromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1)))
	require.Equal(t, 128, x.BitLen())
	require.Equal(t, 0, Zero.BitLen())
}
