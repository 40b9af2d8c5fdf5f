package transcript

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDeterministicAndBound(t *testing.T) {
	a, b := New("x"), New("x")
	a.Absorb([]byte("root"))
	b.Absorb([]byte("root"))
	ea, eb := a.Elements(5), b.Elements(5)
	require.Equal(t, ea, eb)
	require.NotEqual(t, ea[0], ea[1], "successive draws differ")
	c := New("y")
	c.Absorb([]byte("root"))
	require.NotEqual(t, ea[0], c.Element(), "label separates transcripts")
	d := New("x")
	d.Absorb([]byte("rooT"))
	require.NotEqual(t, ea[0], d.Element(), "absorbed data changes draws")
	for _, e := range ea {
		require.Less(t, e.BitLen(), 252)
	}
	// Absorb is length-prefixed: ("ab","c") ≠ ("a","bc").
	x, y := New("z"), New("z")
	x.Absorb([]byte("ab"))
	x.Absorb([]byte("c"))
	y.Absorb([]byte("a"))
	y.Absorb([]byte("bc"))
	require.NotEqual(t, x.Element(), y.Element())
}

func TestIndices(t *testing.T) {
	tr := New("q")
	idx := tr.Indices(1000, 64)
	seen := map[uint64]bool{}
	for _, i := range idx {
		require.Less(t, i, uint64(64))
		seen[i] = true
	}
	require.Greater(t, len(seen), 50, "indices spread over the domain")
}

func TestGrind(t *testing.T) {
	for _, b := range []int{0, 1, 8, 14} {
		p, v := New("g"), New("g")
		p.Absorb([]byte("commit"))
		v.Absorb([]byte("commit"))
		nonce := p.Grind(b)
		require.True(t, v.CheckWork(b, nonce))
		v.AbsorbUint64(nonce)
		require.Equal(t, p.Element(), v.Element())
	}
	// A nonce for another state fails a 14-bit check with high probability;
	// count failures over several nonces so the test cannot flake silently.
	v := New("other")
	fails := 0
	for n := uint64(0); n < 64; n++ {
		if !v.CheckWork(14, n) {
			fails++
		}
	}
	require.Greater(t, fails, 60)
}
