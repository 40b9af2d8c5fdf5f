package cairo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

func proofRun(t *testing.T, layout string) (*Runner, *Relocated) {
	t.Helper()
	p := fibOutputProgram(20).program("output")
	r := mustRun(t, p, Config{ProofMode: true, Layout: layout})
	rl, err := r.Relocate()
	if err != nil {
		t.Fatal(err)
	}
	return r, rl
}

func TestProofModeFibonacci(t *testing.T) {
	r, rl := proofRun(t, "small")
	out, err := r.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := felt.FromBigInt(fibRef(20))
	if len(out) != 1 || !out[0].Equal(&want) {
		t.Fatalf("output %v, want [%s]", out, want.Text(10))
	}
	n := r.Steps()
	if n&(n-1) != 0 {
		t.Fatalf("steps %d not a power of two", n)
	}
	// small layout: ecdsa ratio 512 forces at least 512 steps.
	if n < 512 {
		t.Fatalf("steps %d < 512 (ecdsa ratio)", n)
	}
	if len(rl.Trace) != int(n) {
		t.Fatalf("trace %d, steps %d", len(rl.Trace), n)
	}
	// Trace starts at __start__ (address 1) with ap = fp = execution base + 2.
	execBase := rl.SegmentBases[1]
	if rl.Trace[0] != (TraceEntry{AP: execBase + 2, FP: execBase + 2, PC: 1}) {
		t.Fatalf("first trace entry %+v", rl.Trace[0])
	}
	// Padding steps loop on __end__ (pc = 1 + 4).
	if last := rl.Trace[len(rl.Trace)-1]; last.PC != 5 {
		t.Fatalf("last pc %d, want 5 (__end__)", last.PC)
	}
	pi, err := r.AirPublicInput(rl)
	if err != nil {
		t.Fatal(err)
	}
	if pi.NSteps != int(n) || pi.Layout != "small" {
		t.Fatalf("public input %+v", pi)
	}
	names := []string{}
	for _, s := range pi.MemorySegments {
		names = append(names, s.Name)
	}
	if got := names; len(got) != 6 || got[0] != "program" || got[1] != "execution" || got[2] != "output" || got[3] != "pedersen" || got[4] != "range_check" || got[5] != "ecdsa" {
		t.Fatalf("segments %v", got)
	}
	// Output segment: stop_ptr = begin + 1.
	if s := pi.MemorySegments[2]; s.StopPtr != s.BeginAddr+1 {
		t.Fatalf("output segment %+v", s)
	}
	// Public memory: program, 3 initial stack cells, the final stack (the
	// output stop pointer at ap − 1, as cairo-lang's read_return_values adds
	// it in proof mode), 1 output cell.
	if got, want := len(pi.PublicMemory), len(r.Program.Data)+3+1+1; got != want {
		t.Fatalf("public memory %d entries, want %d", got, want)
	}
	execSeg, outSeg := pi.MemorySegments[1], pi.MemorySegments[2]
	stop := felt.FromUint64(outSeg.StopPtr)
	if fs := pi.PublicMemory[len(pi.PublicMemory)-2]; fs.Address != execSeg.StopPtr-1 || fs.Value != stop.Hex() {
		t.Fatalf("final stack cell %+v, want address %d value %d", fs, execSeg.StopPtr-1, outSeg.StopPtr)
	}
	if last := pi.PublicMemory[len(pi.PublicMemory)-1]; last.Value != want.Hex() {
		t.Fatalf("last public cell %+v, want output %s", last, want.Hex())
	}
	js, err := json.Marshal(pi)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js, []byte(`"memory_segments":{"program":{"begin_addr":1,`)) || !bytes.Contains(js, []byte(`"dynamic_params":null`)) {
		t.Fatalf("public input JSON shape: %s", js[:200])
	}
	if pi.RCMin < 0 || pi.RCMax > 1<<16 || pi.RCMin > pi.RCMax {
		t.Fatalf("rc limits %d..%d", pi.RCMin, pi.RCMax)
	}
}

func TestTraceAndMemoryFilesStable(t *testing.T) {
	hash := func() (string, string) {
		_, rl := proofRun(t, "small")
		var tb, mb bytes.Buffer
		if err := rl.WriteTrace(&tb); err != nil {
			t.Fatal(err)
		}
		if err := rl.WriteMemory(&mb); err != nil {
			t.Fatal(err)
		}
		if tb.Len() != 24*len(rl.Trace) {
			t.Fatalf("trace file %d bytes for %d steps", tb.Len(), len(rl.Trace))
		}
		if mb.Len()%40 != 0 {
			t.Fatalf("memory file %d bytes", mb.Len())
		}
		ts := sha256.Sum256(tb.Bytes())
		ms := sha256.Sum256(mb.Bytes())
		return hex.EncodeToString(ts[:]), hex.EncodeToString(ms[:])
	}
	t1, m1 := hash()
	t2, m2 := hash()
	if t1 != t2 || m1 != m2 {
		t.Fatalf("files differ across runs")
	}
	t.Logf("trace sha256 %s memory sha256 %s", t1, m1)
	if t1 != goldenTraceSHA {
		t.Fatalf("trace sha256 %s, pinned %s", t1, goldenTraceSHA)
	}
}

// goldenTraceSHA pins the trace file of fibOutputProgram(20) on layout small.
const goldenTraceSHA = "ee7769a43e5015c44176b801d7770b8fe9f26a7c0424f94304b913cc615d12ad"
