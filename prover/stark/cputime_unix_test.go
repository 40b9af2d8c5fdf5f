//go:build unix

package stark

import "syscall"

// processCPU returns the user+system CPU seconds used by this process, so
// benchmarks on a shared, oversubscribed machine can report CPU cost too.
func processCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
