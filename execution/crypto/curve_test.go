package crypto

import (
	"math/big"
	"testing"

	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/internal/jsref"
)

// mulG returns k·G as (x, y) using gnark-crypto's generic scalar multiplication.
func mulG(k int64) [2]felt.Felt {
	var p starkcurve.G1Affine
	p.ScalarMultiplicationBase(big.NewInt(k))
	return [2]felt.Felt{felt.FromElement(p.X), felt.FromElement(p.Y)}
}

func TestOnCurve(t *testing.T) {
	g := StarkCurveGenerator()
	require.Equal(t, "0x1ef15c18599971b7beced415a40f0c7deacfd9b0d1819e03d723d8bc943cfca", g[0].Hex())
	require.Equal(t, "0x5668060aa49730b7be4801df46ec62de53ecd11abe43a32873000c36e8dc1f", g[1].Hex())
	require.True(t, OnCurve(&g[0], &g[1]))
	var y felt.Felt
	y.Add(&g[1], &felt.One)
	require.False(t, OnCurve(&g[0], &y))
	require.False(t, OnCurve(&felt.Zero, &felt.Zero))
	y2, ok := YFromX(&g[0])
	require.True(t, ok)
	var neg felt.Felt
	neg.Neg(&y2)
	require.True(t, y2.Equal(&g[1]) || neg.Equal(&g[1]))
}

func TestECOpMatchesScalarMultiplication(t *testing.T) {
	r := newRand(8)
	q := mulG(7)
	p := mulG(1234567)
	for range 20 {
		m := randFelt(r, 252)
		got, err := ECOp(p, q, &m)
		require.NoError(t, err)
		// want = (1234567 + 7m)·G
		k := new(big.Int).Mul(m.BigInt(), big.NewInt(7))
		k.Add(k, big.NewInt(1234567)).Mod(k, curveOrder)
		var w starkcurve.G1Affine
		w.ScalarMultiplicationBase(k)
		require.True(t, got[0].Element().Equal(&w.X) && got[1].Element().Equal(&w.Y), "m = %s", m.Hex())
	}
	// m = 0 returns P.
	got, err := ECOp(p, q, &felt.Zero)
	require.NoError(t, err)
	require.Equal(t, p, got)
}

func TestECOpRejections(t *testing.T) {
	g := StarkCurveGenerator()
	off := [2]felt.Felt{g[0], felt.One}
	m := felt.FromUint64(3)
	_, err := ECOp(off, g, &m)
	require.ErrorIs(t, err, ErrNotOnCurve)
	_, err = ECOp(g, off, &m)
	require.ErrorIs(t, err, ErrNotOnCurve)

	// P = Q: the very first step has equal x.
	_, err = ECOp(g, g, &m)
	require.ErrorIs(t, err, ErrECOpSameX)
	// P = -Q likewise.
	var negY felt.Felt
	negY.Neg(&g[1])
	_, err = ECOp([2]felt.Felt{g[0], negY}, g, &m)
	require.ErrorIs(t, err, ErrECOpSameX)
	// cairo-lang's example: P = 4Q and m = 8 meets (4Q, 4Q) at the third
	// step although bit 2 of m is 0.
	q := mulG(5)
	p := mulG(20)
	eight := felt.FromUint64(8)
	_, err = ECOp(p, q, &eight)
	require.ErrorIs(t, err, ErrECOpSameX)
	// The same points with m = 1 never meet: P + Q.
	got, err := ECOp(p, q, &felt.One)
	require.NoError(t, err)
	require.Equal(t, mulG(25), got)
}

func TestCrossECOp(t *testing.T) {
	r := newRand(9)
	type item struct{ PX, PY, QX, QY, M string }
	in := make([]item, crossN)
	ours := make([][2]string, crossN)
	for i := range in {
		var ps, qs starkcurve.G1Affine
		ks, kq := randFelt(r, 251), randFelt(r, 251)
		ps.ScalarMultiplicationBase(ks.BigInt())
		qs.ScalarMultiplicationBase(kq.BigInt())
		p := [2]felt.Felt{felt.FromElement(ps.X), felt.FromElement(ps.Y)}
		q := [2]felt.Felt{felt.FromElement(qs.X), felt.FromElement(qs.Y)}
		m := randFelt(r, 252)
		res, err := ECOp(p, q, &m)
		require.NoError(t, err)
		in[i] = item{p[0].Hex(), p[1].Hex(), q[0].Hex(), q[1].Hex(), m.Hex()}
		ours[i] = [2]string{res[0].Hex(), res[1].Hex()}
	}
	var out [][2]string
	jsref.MustRun(t, jsref.ReadStdin+`
import { Point } from '@scure/starknet';
const n = Point.CURVE().n;
const hx = (v) => '0x' + v.toString(16);
console.log(JSON.stringify(input.map(it => {
  const P = Point.fromAffine({ x: BigInt(it.PX), y: BigInt(it.PY) });
  const Q = Point.fromAffine({ x: BigInt(it.QX), y: BigInt(it.QY) });
  const R = P.add(Q.multiplyUnsafe(BigInt(it.M) % n)).toAffine();
  return [hx(R.x), hx(R.y)];
})));
`, in, &out)
	require.Equal(t, ours, out)
}
