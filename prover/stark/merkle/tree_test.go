package merkle

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"
)

func leavesFor(n int) []Digest {
	out := make([]Digest, n)
	for i := range out {
		e := []fp.Element{fp.NewElement(uint64(i)), fp.NewElement(uint64(i * 7))}
		out[i] = HashElements(e, nil)
	}
	return out
}

func subset(r *rand.Rand, n, k int) []int {
	m := map[int]bool{}
	for len(m) < k && len(m) < n {
		m[r.IntN(n)] = true
	}
	out := make([]int, 0, len(m))
	for i := range m {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}

func TestProveVerify(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{1, 2, 8, 1024, 1 << 14} {
		leaves := leavesFor(n)
		tree, err := New(leaves)
		require.NoError(t, err)
		for _, k := range []int{1, 3, 30} {
			idx := subset(r, n, k)
			proof, err := tree.Prove(idx)
			require.NoError(t, err)
			got := make([]Digest, len(idx))
			for i, j := range idx {
				got[i] = leaves[j]
			}
			require.NoError(t, Verify(tree.Root(), n, idx, got, proof))
			if n == 1 {
				continue
			}
			// Any changed proof node or leaf breaks it.
			for i := range proof {
				bad := slices.Clone(proof)
				bad[i][r.IntN(32)] ^= 1 << r.IntN(8)
				require.ErrorIs(t, Verify(tree.Root(), n, idx, got, bad), ErrProof)
			}
			badLeaves := slices.Clone(got)
			badLeaves[0][0] ^= 1
			require.ErrorIs(t, Verify(tree.Root(), n, idx, badLeaves, proof), ErrProof)
			require.ErrorIs(t, Verify(tree.Root(), n, idx, got, append(slices.Clone(proof), Digest{})), ErrProofSize)
			if len(proof) > 0 {
				require.ErrorIs(t, Verify(tree.Root(), n, idx, got, proof[:len(proof)-1]), ErrProofSize)
			}
			require.Error(t, Verify(tree.Root(), 2*n, idx, got, proof), "wrong height")
		}
	}
}

func TestDeduplicatedSize(t *testing.T) {
	tree, err := New(leavesFor(16))
	require.NoError(t, err)
	p, err := tree.Prove([]int{0, 1, 2, 3})
	require.NoError(t, err)
	require.Len(t, p, 2, "a full aligned subtree needs only its two uncles")
	p, err = tree.Prove([]int{5})
	require.NoError(t, err)
	require.Len(t, p, 4)
}

func TestBadInputs(t *testing.T) {
	_, err := New(leavesFor(3))
	require.ErrorIs(t, err, ErrLeafCount)
	tree, err := New(leavesFor(8))
	require.NoError(t, err)
	for _, idx := range [][]int{nil, {2, 1}, {1, 1}, {8}, {-1}} {
		_, err := tree.Prove(idx)
		require.ErrorIs(t, err, ErrIndex, "%v", idx)
		require.ErrorIs(t, Verify(tree.Root(), 8, idx, make([]Digest, len(idx)), nil), ErrIndex)
	}
	require.ErrorIs(t, Verify(tree.Root(), 8, []int{1}, nil, nil), ErrIndex)
}

func FuzzVerify(f *testing.F) {
	tree, err := New(leavesFor(64))
	require.NoError(f, err)
	idx := []int{3, 17, 40}
	proof, err := tree.Prove(idx)
	require.NoError(f, err)
	var seed []byte
	for _, p := range proof {
		seed = append(seed, p[:]...)
	}
	f.Add(seed, uint8(0))
	f.Fuzz(func(t *testing.T, raw []byte, shiftIdx uint8) {
		var nodes []Digest
		for len(raw) >= 32 {
			var d Digest
			copy(d[:], raw)
			nodes = append(nodes, d)
			raw = raw[32:]
		}
		ix := []int{3, 17, 40 + int(shiftIdx%24)}
		leaves := leavesFor(64)
		got := []Digest{leaves[ix[0]], leaves[ix[1]], leaves[ix[2]]}
		err := Verify(tree.Root(), 64, ix, got, nodes)
		if err == nil && (ix[2] != 40 || len(nodes) != len(proof)) {
			t.Fatalf("accepted a different opening")
		}
	})
}

func BenchmarkTree2p16(b *testing.B) {
	leaves := leavesFor(1 << 16)
	for b.Loop() {
		_, _ = New(leaves)
	}
}
