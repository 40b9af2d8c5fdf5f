package stark

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// wideAIR has W independent columns v_j with v_{r+1} = v_r² + j + 1: a
// stand-in for a wide VM trace (degree-2 transitions, two composition parts)
// used to compare full proving time with the trace LDE + commitment.
type wideAIR struct{ w, n int }

func (a *wideAIR) Name() string        { return "bench/wide" }
func (a *wideAIR) PublicInput() []byte { return []byte(fmt.Sprint(a.w, a.n)) }
func (a *wideAIR) Layout() *Layout {
	l := &Layout{TraceLength: a.n, MainWidth: a.w}
	for j := 0; j < a.w; j++ {
		l.Mask = append(l.Mask, Cell{Col: j}, Cell{Col: j, Offset: 1})
		l.Constraints = append(l.Constraints, Constraint{Name: "step", Degree: 2, Domain: Domain{Period: 1, Exempt: []int{a.n - 1}}})
	}
	return l
}
func (a *wideAIR) Eval(f *Frame, out []fp.Element) {
	for j := range out {
		c := fp.NewElement(uint64(j + 1))
		out[j].Square(&f.Cells[2*j])
		out[j].Add(&out[j], &c)
		out[j].Sub(&f.Cells[2*j+1], &out[j])
	}
}

func wideTrace(w, n int) *Trace {
	t := NewTrace(w, n)
	for j, col := range t.Columns {
		col[0].SetUint64(uint64(j + 7))
		c := fp.NewElement(uint64(j + 1))
		for r := 0; r+1 < n; r++ {
			col[r+1].Square(&col[r])
			col[r+1].Add(&col[r+1], &c)
		}
	}
	return t
}

func TestWideAIR(t *testing.T) {
	p, err := NewProver(DefaultProverConfig())
	if err != nil {
		t.Fatal(err)
	}
	air := &wideAIR{w: 4, n: 64}
	proof, err := p.Prove(context.Background(), air, wideTrace(4, 64))
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyBytes(air, proof.Marshal(), DefaultMinSecurity); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCommitTrace is the LDE (default blowup) + Merkle commitment of a trace
// of W columns × 2^16 rows.
func BenchmarkCommitTrace(b *testing.B) {
	for _, w := range []int{8, 32} {
		b.Run(fmt.Sprintf("W=%d/rows=2^16", w), func(b *testing.B) {
			benchCommit(b, w, 1<<16)
		})
	}
}

func benchCommit(b *testing.B, w, n int) time.Duration {
	s, err := newSetup((&wideAIR{w: w, n: n}).Layout(), DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	p, _ := NewProver(DefaultProverConfig())
	tw, err := p.twiddles(s.ldeLog)
	if err != nil {
		b.Fatal(err)
	}
	plan, err := p.ldePlan(tw, s)
	if err != nil {
		b.Fatal(err)
	}
	tr := wideTrace(w, n)
	var total time.Duration
	cpu := processCPU()
	for b.Loop() {
		start := time.Now()
		if _, err := commitColumns(plan, tr.Columns, true); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric((processCPU()-cpu)/float64(max(b.N, 1)), "cpu-s/op")
	return total / time.Duration(max(b.N, 1))
}

// BenchmarkProveWide proves the wide AIR (16 columns × 2^16 rows, default
// options); its "commit" sub-benchmark measures the trace LDE + commitment in
// the same run and reports the ratio prove/commit.
func BenchmarkProveWide(b *testing.B) {
	const w, n = 16, 1 << 16
	air := &wideAIR{w: w, n: n}
	tr := wideTrace(w, n)
	p, err := NewProver(DefaultProverConfig())
	if err != nil {
		b.Fatal(err)
	}
	var prove time.Duration
	b.Run("prove", func(b *testing.B) {
		var size int
		var total time.Duration
		cpu := processCPU()
		for b.Loop() {
			start := time.Now()
			proof, err := p.Prove(context.Background(), air, tr)
			if err != nil {
				b.Fatal(err)
			}
			total += time.Since(start)
			size = len(proof.Marshal())
		}
		prove = total / time.Duration(b.N)
		b.ReportMetric((processCPU()-cpu)/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(size), "proof-bytes")
	})
	b.Run("commit", func(b *testing.B) {
		commit := benchCommit(b, w, n)
		b.ReportMetric(float64(prove)/float64(max(commit, 1)), "prove/commit")
	})
}
