package fft

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"
)

func randVec(r *rand.Rand, n int) []fp.Element {
	v := make([]fp.Element, n)
	for i := range v {
		v[i].SetUint64(r.Uint64())
		var hi fp.Element
		hi.SetUint64(r.Uint64())
		v[i].Mul(&v[i], &hi)
	}
	return v
}

func TestFieldTwoAdicityAndGenerator(t *testing.T) {
	pm1 := new(big.Int).Sub(fp.Modulus(), big.NewInt(1))
	require.Equal(t, uint(TwoAdicity), pm1.TrailingZeroBits(), "p-1 = 2^192·odd")
	g := Generator()
	require.Equal(t, -1, g.Legendre(), "3 is a quadratic non-residue")
	w, err := RootOfUnity(TwoAdicity)
	require.NoError(t, err)
	// ω^(2^191) = -1 proves the order is exactly 2^192.
	h := w
	for i := 0; i < TwoAdicity-1; i++ {
		h.Square(&h)
	}
	var minusOne fp.Element
	minusOne.SetOne()
	minusOne.Neg(&minusOne)
	require.True(t, h.Equal(&minusOne))
	_, err = RootOfUnity(TwoAdicity + 1)
	require.ErrorIs(t, err, ErrSize)
}

func naiveEval(coefs []fp.Element, x fp.Element) fp.Element {
	var r, xp fp.Element
	xp.SetOne()
	for i := range coefs {
		var t fp.Element
		t.Mul(&coefs[i], &xp)
		r.Add(&r, &t)
		xp.Mul(&xp, &x)
	}
	return r
}

func TestForwardMatchesNaive(t *testing.T) {
	tw, err := NewTwiddles(14)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 2))
	for _, log := range []int{0, 1, 2, 3, 5, 8, 13, 14} {
		n := 1 << log
		coefs := randVec(r, n)
		evals := append([]fp.Element(nil), coefs...)
		require.NoError(t, tw.Forward(evals))
		w, err := RootOfUnity(log)
		require.NoError(t, err)
		// Check every point for small sizes, a sample for large ones.
		checks := n
		if n > 256 {
			checks = 64
		}
		for c := 0; c < checks; c++ {
			pos := c
			if n > 256 {
				pos = r.IntN(n)
			}
			x := Pow(w, Reverse(uint64(pos), log))
			want := naiveEval(coefs, x)
			require.True(t, want.Equal(&evals[pos]), "log %d pos %d", log, pos)
		}
		require.NoError(t, tw.Inverse(evals))
		require.Equal(t, coefs, evals, "inverse undoes forward at log %d", log)
	}
}

func TestCosetLDEAndInterpolate(t *testing.T) {
	tw, err := NewTwiddles(15)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(3, 4))
	shift := Generator()
	for _, tc := range []struct{ n, blow int }{{1, 2}, {4, 2}, {16, 8}, {1 << 12, 4}, {1 << 13, 4}} {
		// Natural-order evaluations of a random polynomial over <ω_n>.
		evals := randVec(r, tc.n)
		coefs := append([]fp.Element(nil), evals...)
		require.NoError(t, tw.Interpolate(coefs))
		log, _ := Log2(tc.n)
		w, _ := RootOfUnity(log)
		for k := 0; k < 8 && k < tc.n; k++ {
			i := r.IntN(tc.n)
			got := naiveEval(coefs, Pow(w, uint64(i)))
			require.True(t, got.Equal(&evals[i]), "interpolation at row %d", i)
		}
		N := tc.n * tc.blow
		lde := make([]fp.Element, N)
		require.NoError(t, tw.CosetLDE(coefs, shift, lde))
		logN, _ := Log2(N)
		wN, _ := RootOfUnity(logN)
		for k := 0; k < 16; k++ {
			pos := r.IntN(N)
			x := Pow(wN, Reverse(uint64(pos), logN))
			x.Mul(&x, &shift)
			want := naiveEval(coefs, x)
			require.True(t, want.Equal(&lde[pos]), "LDE at pos %d", pos)
			horner := Eval(coefs, x)
			require.True(t, want.Equal(&horner), "Horner")
		}
		back := append([]fp.Element(nil), lde...)
		require.NoError(t, tw.CosetInterpolate(back, shift))
		require.Equal(t, coefs, back[:tc.n])
		for i := tc.n; i < N; i++ {
			require.True(t, back[i].IsZero(), "high coefficient %d", i)
		}
	}
}

func TestSizeErrors(t *testing.T) {
	tw, err := NewTwiddles(4)
	require.NoError(t, err)
	require.ErrorIs(t, tw.Forward(make([]fp.Element, 3)), ErrSize)
	require.ErrorIs(t, tw.Forward(make([]fp.Element, 32)), ErrSize)
	require.ErrorIs(t, tw.Inverse(nil), ErrSize)
	require.ErrorIs(t, tw.CosetLDE(make([]fp.Element, 8), Generator(), make([]fp.Element, 4)), ErrSize)
	_, err = NewTwiddles(-1)
	require.ErrorIs(t, err, ErrSize)
}

func TestBitReverseInvolution(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	a := randVec(r, 64)
	b := append([]fp.Element(nil), a...)
	BitReverse(b)
	require.True(t, b[1].Equal(&a[32]))
	BitReverse(b)
	require.Equal(t, a, b)
}

func BenchmarkForward(b *testing.B) {
	tw, err := NewTwiddles(20)
	require.NoError(b, err)
	r := rand.New(rand.NewPCG(7, 8))
	for _, log := range []int{16, 17, 18, 19, 20} {
		a := randVec(r, 1<<log)
		b.Run("2^"+itoa(log), func(b *testing.B) {
			for b.Loop() {
				_ = tw.Forward(a)
			}
		})
	}
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }
