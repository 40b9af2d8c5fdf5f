package air

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSortMemPairsMatchesStableSort compares sortMemPairs with
// slices.SortStableFunc on dense addresses with repeated accesses (distinct
// values expose the order within an address) and on sparse addresses (the
// fallback).
func TestSortMemPairsMatchesStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, span := range []uint64{1, 10, 1000, 1 << 40} {
		for _, n := range []int{0, 1, 5, 2000} {
			pairs := make([]memPair, n)
			for i := range pairs {
				pairs[i].addr = 100 + r.Uint64N(span)
				pairs[i].val.SetUint64(uint64(i))
			}
			want := slices.Clone(pairs)
			slices.SortStableFunc(want, func(x, y memPair) int { return cmp.Compare(x.addr, y.addr) })
			require.Equal(t, want, sortMemPairs(slices.Clone(pairs)), "span %d, %d pairs", span, n)
		}
	}
}
