package vec

import (
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"
)

// q3 is the top 64-bit limb of the modulus.
const q3 = 0x0800000000000011

// nearQ returns an element whose Montgomery form is just below q: the
// region where gnark-crypto v0.22.0's IFMA kernel mis-reduces.
func nearQ(r *rand.Rand) fp.Element {
	return fp.Element{r.Uint64(), r.Uint64(), r.Uint64(), q3 - 1 - r.Uint64N(1<<17)}
}

func randElem(r *rand.Rand) fp.Element {
	var e fp.Element
	e.SetUint64(r.Uint64())
	e.Mul(&e, &e)
	e.Mul(&e, &e)
	return e
}

// TestMulMatchesScalar compares Mul and ScalarMul with fp.Element.Mul on
// random inputs, on inputs whose products land just below q (a = w/b for
// w near q, and b = 1), and on aliased outputs.
func TestMulMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 61 // not a multiple of the 8-lane kernel
	for trial := range 400 {
		a, b, out := make([]fp.Element, n), make([]fp.Element, n), make([]fp.Element, n)
		for i := range a {
			b[i] = randElem(r)
			switch trial % 3 {
			case 0:
				a[i] = randElem(r)
			case 1:
				w := nearQ(r)
				var bi fp.Element
				bi.Inverse(&b[i])
				a[i].Mul(&w, &bi)
			case 2:
				a[i] = nearQ(r)
				b[i].SetOne()
			}
		}
		Mul(out, a, b)
		for i := range out {
			var want fp.Element
			want.Mul(&a[i], &b[i])
			require.Equal(t, want, out[i], "trial %d element %d", trial, i)
		}
		c := b[0]
		ScalarMul(out, a, &c)
		for i := range out {
			var want fp.Element
			want.Mul(&a[i], &c)
			require.Equal(t, want, out[i], "scalar trial %d element %d", trial, i)
		}
		want := make([]fp.Element, n)
		for i := range want {
			want[i].Mul(&a[i], &b[i])
		}
		Mul(a, a, b)
		require.Equal(t, want, a, "aliased trial %d", trial)
	}
}
