package air

import (
	"runtime"
	"sync"
)

// eachChunk runs fn over [0, n) split into GOMAXPROCS contiguous chunks,
// concurrently, and waits for all of them.
func eachChunk(n int, fn func(lo, hi int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n))
	size := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += size {
		wg.Go(func() { fn(lo, min(lo+size, n)) })
	}
	wg.Wait()
}
