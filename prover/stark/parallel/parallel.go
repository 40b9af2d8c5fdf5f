// Package parallel splits index ranges across goroutines, one worker per
// available CPU (runtime.GOMAXPROCS).
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers returns the number of goroutines Run uses: GOMAXPROCS(0).
func Workers() int { return runtime.GOMAXPROCS(0) }

// Run calls fn over disjoint sub-ranges [lo, hi) covering [0, n). Ranges are at
// least minChunk long (the last may be shorter), so small inputs run inline on
// the calling goroutine. Run returns when every call has returned.
func Run(n, minChunk int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	if minChunk < 1 {
		minChunk = 1
	}
	w := Workers()
	if maxW := (n + minChunk - 1) / minChunk; w > maxW {
		w = maxW
	}
	if w <= 1 {
		fn(0, n)
		return
	}
	chunk := (n + w - 1) / w
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			fn(lo, hi)
		}(lo, hi)
	}
	wg.Wait()
}

// Each calls fn(i) for every i in [0, n), spreading the indices over the
// workers; use it for coarse tasks such as one NTT per trace column.
// Workers pull indices from a shared counter, so uneven tasks balance.
func Each(n int, fn func(i int)) {
	w := min(Workers(), n)
	if w <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
