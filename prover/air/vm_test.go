package air_test

import (
	"context"
	"testing"

	"github.com/cairnchain/cairn/execution/cairo/programs"
	"github.com/cairnchain/cairn/prover/air"
)

func testConfig() air.ProveConfig {
	c := air.DefaultProveConfig()
	c.Stark.Options.GrindingBits = 4
	return c
}

// TestProveVMPrograms proves proof-mode runs of Cairn's VM on its bundled
// programs at several sizes and checks the outputs the proof binds.
func TestProveVMPrograms(t *testing.T) {
	type tc struct {
		name   string
		json   func() ([]byte, error)
		layout string
	}
	cases := []tc{
		{"fibonacci-10-small", func() ([]byte, error) { return programs.Fibonacci(10) }, "small"},
		{"fibonacci-300-small", func() ([]byte, error) { return programs.Fibonacci(300) }, "small"},
		{"factorial-20-small", func() ([]byte, error) { return programs.Factorial(20) }, "small"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pj, err := c.json()
			if err != nil {
				t.Fatal(err)
			}
			ex, err := air.RunProofMode(context.Background(), pj, c.layout, 0)
			if err != nil {
				t.Fatal(err)
			}
			proof, err := air.Prove(context.Background(), ex.Trace, ex.Memory, ex.Public, testConfig())
			if err != nil {
				t.Fatal(err)
			}
			st, err := air.VerifyWith(proof, ex.Public, 90)
			if err != nil {
				t.Fatal(err)
			}
			out, ok := st.Public.SegmentValues(air.SegOutput)
			if !ok || len(out) != 1 {
				t.Fatalf("output %v (%v)", out, ok)
			}
			t.Logf("steps %d rows %d proof %d bytes output %s", st.Public.NSteps, st.TraceLength, len(proof), out[0].Text(10))
		})
	}
}
