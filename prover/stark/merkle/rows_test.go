package merkle

import (
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"
)

// TestHashRowsMatchesHashElements checks HashRows (the sixteen-lane kernel
// where available) against HashElements of each row, for even and odd
// widths and row ranges that are not multiples of sixteen.
func TestHashRowsMatchesHashElements(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, w := range []int{0, 1, 2, 3, 7, 8, 56, 69} {
		const n = 53
		cols := make([][]fp.Element, w)
		for j := range cols {
			cols[j] = make([]fp.Element, n)
			for i := range cols[j] {
				cols[j][i].SetUint64(r.Uint64())
				cols[j][i].Mul(&cols[j][i], &cols[j][i])
			}
		}
		for _, rg := range [][2]int{{0, n}, {3, 3 + 32}, {5, 20}, {7, 9}} {
			out := make([]Digest, rg[1]-rg[0])
			HashRows(cols, rg[0], rg[1], out)
			for i := range out {
				row := make([]fp.Element, w)
				for j := range row {
					row[j] = cols[j][rg[0]+i]
				}
				require.Equal(t, HashElements(row, nil), out[i], "width %d rows %v row %d", w, rg, rg[0]+i)
			}
		}
	}
}

// TestHashNodesMatchesHashNode checks the batched inner-node hashing against
// HashNode for counts around the sixteen-lane width.
func TestHashNodesMatchesHashNode(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 15, 16, 17, 40} {
		kids := make([]Digest, 2*n)
		for i := range kids {
			for j := range kids[i] {
				kids[i][j] = byte(r.Uint32())
			}
		}
		dst := make([]Digest, n)
		hashNodes(dst, kids)
		for k := range dst {
			require.Equal(t, HashNode(&kids[2*k], &kids[2*k+1]), dst[k], "%d nodes, node %d", n, k)
		}
	}
}

// BenchmarkHashRows hashes 4096 rows of 56 columns (the Cairo main trace
// width), with HashRows and with a HashElements loop.
func BenchmarkHashRows(b *testing.B) {
	const w, n = 56, 4096
	cols := make([][]fp.Element, w)
	for j := range cols {
		cols[j] = make([]fp.Element, n)
		for i := range cols[j] {
			cols[j][i].SetUint64(uint64(i*w + j))
		}
	}
	out := make([]Digest, n)
	b.Run("lanes", func(b *testing.B) {
		b.SetBytes(w * n * ElementBytes)
		for b.Loop() {
			HashRows(cols, 0, n, out)
		}
	})
	b.Run("scalar", func(b *testing.B) {
		b.SetBytes(w * n * ElementBytes)
		row, buf := make([]fp.Element, w), make([]byte, w*ElementBytes)
		for b.Loop() {
			for i := range n {
				for j := range row {
					row[j] = cols[j][i]
				}
				out[i] = HashElements(row, buf)
			}
		}
	})
}
