package fft

import (
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"
)

// TestCosetColumns checks the batched plan against Interpolate + CosetLDE
// (themselves checked against naive evaluation above).
func TestCosetColumns(t *testing.T) {
	tw, err := NewTwiddles(15)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 6))
	shift := Generator()
	for _, tc := range []struct{ n, blow, cols int }{{1, 2, 1}, {2, 4, 3}, {8, 2, 5}, {64, 8, 4}, {1 << 12, 4, 4}, {1 << 14, 2, 1}} {
		plan, err := tw.NewCoset(tc.n, tc.n*tc.blow, shift)
		require.NoError(t, err)
		require.Equal(t, tc.blow, plan.Blocks())
		cols := make([][]fp.Element, tc.cols)
		for i := range cols {
			// Random, constant values, constant but the last value, and a
			// lone constant coefficient (constant polynomials skip the
			// transforms).
			cols[i] = randVec(r, tc.n)
			switch i % 4 {
			case 1:
				for j := range cols[i] {
					cols[i][j] = cols[i][0]
				}
			case 2:
				for j := range cols[i][:tc.n-1] {
					cols[i][j] = cols[i][0]
				}
			case 3:
				clear(cols[i][1:])
			}
		}
		orig := make([][]fp.Element, tc.cols)
		for i := range cols {
			orig[i] = append([]fp.Element(nil), cols[i]...)
		}
		for _, evals := range []bool{true, false} {
			coefs, ldes, err := plan.Columns(cols, evals)
			require.NoError(t, err)
			require.Equal(t, orig, cols, "inputs unchanged")
			for i := range cols {
				want := append([]fp.Element(nil), cols[i]...)
				if evals {
					require.NoError(t, tw.Interpolate(want))
				}
				require.Equal(t, want, coefs[i], "coefficients of column %d", i)
				lde := make([]fp.Element, tc.n*tc.blow)
				require.NoError(t, tw.CosetLDE(want, shift, lde))
				require.Equal(t, lde, ldes[i], "extension of column %d", i)
			}
		}
	}
}

func TestCosetErrors(t *testing.T) {
	tw, err := NewTwiddles(6)
	require.NoError(t, err)
	_, err = tw.NewCoset(8, 4, Generator())
	require.ErrorIs(t, err, ErrSize)
	_, err = tw.NewCoset(8, 128, Generator())
	require.ErrorIs(t, err, ErrSize)
	_, err = tw.NewCoset(3, 12, Generator())
	require.ErrorIs(t, err, ErrSize)
	plan, err := tw.NewCoset(8, 32, Generator())
	require.NoError(t, err)
	_, _, err = plan.Columns([][]fp.Element{make([]fp.Element, 7)}, true)
	require.ErrorIs(t, err, ErrSize)
	require.ErrorIs(t, plan.ExtendBlock(make([]fp.Element, 8), make([]fp.Element, 8), 4), ErrSize)
	require.NoError(t, plan.ExtendBlock(make([]fp.Element, 8), make([]fp.Element, 8), 3))
}

// BenchmarkExtendBlock is one size-n block of a coset extension on one
// goroutine; ns/butterfly divides by (n/2)·log2(n).
func BenchmarkExtendBlock(b *testing.B) {
	for _, log := range []int{12, 14, 16} {
		n := 1 << log
		tw, err := NewTwiddles(log + 2)
		require.NoError(b, err)
		plan, err := tw.NewCoset(n, 4*n, Generator())
		require.NoError(b, err)
		coefs := randVec(rand.New(rand.NewPCG(1, 2)), n)
		out := make([]fp.Element, n)
		b.Run("2^"+itoa(log), func(b *testing.B) {
			for b.Loop() {
				require.NoError(b, plan.ExtendBlock(coefs, out, 1))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n/2*log), "ns/butterfly")
		})
	}
}
