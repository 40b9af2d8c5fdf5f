//go:build unix

package air_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/execution/cairo/programs"
	"github.com/cairnchain/cairn/prover/air"
)

// BenchmarkProvePhases proves fibonacci runs of 2^k steps (default options)
// and reports, besides wall time: process CPU seconds per proof, the proof
// size, the time of the trace LDE + Merkle commitment phases (main and
// interaction) from the prover's debug log, and prove/commit, the ratio the
// performance target bounds by 3. 2^18 needs about 5 GiB.
//
//	go test -run '^$' -bench ProvePhases/steps=2^16 -benchtime 3x ./prover/air
func BenchmarkProvePhases(b *testing.B) {
	for _, k := range []int{14, 16, 18} {
		b.Run(fmt.Sprintf("steps=2^%d", k), func(b *testing.B) {
			pj, err := programs.Fibonacci(uint64(1) << (k - 3))
			if err != nil {
				b.Fatal(err)
			}
			ex, err := air.RunProofMode(context.Background(), pj, "small", 0)
			if err != nil {
				b.Fatal(err)
			}
			var log bytes.Buffer
			cfg := air.DefaultProveConfig()
			cfg.Stark.Logger = zerolog.New(&log).Level(zerolog.DebugLevel)
			var size int
			var commit, total time.Duration
			cpu := cpuSeconds()
			for b.Loop() {
				log.Reset()
				start := time.Now()
				proof, err := air.Prove(context.Background(), ex.Trace, ex.Memory, ex.Public, cfg)
				if err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				size = len(proof)
				commit += commitPhases(b, log.String())
			}
			b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(size), "proof-bytes")
			b.ReportMetric(commit.Seconds()/float64(b.N), "commit-s/op")
			b.ReportMetric(float64(total)/float64(max(commit, 1)), "prove/commit")
		})
	}
}

// commitPhases sums the durations of the trace "LDE+commit" phases in a
// stark prover debug log (zerolog JSON lines, durations in milliseconds).
func commitPhases(b *testing.B, log string) time.Duration {
	var sum time.Duration
	found := 0
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var e struct {
			Phase string  `json:"phase"`
			Took  float64 `json:"took"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			b.Fatalf("prover log line %q: %v", line, err)
		}
		if strings.HasSuffix(e.Phase, "trace LDE+commit") {
			sum += time.Duration(e.Took * float64(time.Millisecond))
			found++
		}
	}
	if found == 0 {
		b.Fatal("no trace commitment phase in the prover log")
	}
	return sum
}

// cpuSeconds is the process's user + system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
