package air

import (
	"cmp"
	"slices"
)

// sortMemPairs sorts memory accesses by address, stably (accesses to one
// address keep their trace order). A Cairo memory is contiguous, so the
// addresses span about as many values as there are accesses: a counting sort
// then does it in linear time; a wider span (an invalid, gapped memory)
// falls back to a comparison sort. It may return a new slice.
func sortMemPairs(pairs []memPair) []memPair {
	if len(pairs) == 0 {
		return pairs
	}
	lo, hi := pairs[0].addr, pairs[0].addr
	for _, p := range pairs {
		lo, hi = min(lo, p.addr), max(hi, p.addr)
	}
	if hi-lo >= 2*uint64(len(pairs)) {
		slices.SortStableFunc(pairs, func(x, y memPair) int { return cmp.Compare(x.addr, y.addr) })
		return pairs
	}
	next := make([]int, hi-lo+1) // first output slot of each address
	for _, p := range pairs {
		next[p.addr-lo]++
	}
	sum := 0
	for i, c := range next {
		next[i] = sum
		sum += c
	}
	out := make([]memPair, len(pairs))
	for _, p := range pairs {
		k := p.addr - lo
		out[next[k]] = p
		next[k]++
	}
	return out
}
