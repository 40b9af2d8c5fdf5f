package parallel

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRunCoversRangeOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000, 4097} {
		hits := make([]atomic.Int32, n)
		Run(n, 16, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				hits[i].Add(1)
			}
		})
		for i := range hits {
			require.Equal(t, int32(1), hits[i].Load(), "n=%d i=%d", n, i)
		}
	}
}

func TestEachCoversIndicesOnce(t *testing.T) {
	hits := make([]atomic.Int32, 100)
	Each(len(hits), func(i int) { hits[i].Add(1) })
	for i := range hits {
		require.Equal(t, int32(1), hits[i].Load(), "i=%d", i)
	}
}
