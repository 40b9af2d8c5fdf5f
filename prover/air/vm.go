package air

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/execution/cairo"
)

// Execution is a proof-mode run ready to be proven: the register trace,
// relocated memory, AIR public input and the private witnesses of the
// ecdsa builtin.
type Execution struct {
	Trace  []RegisterState
	Memory *Memory
	Public *PublicInput
	// Signatures are the ecdsa instances' signatures by instance index
	// (ParsePrivateInput).
	Signatures map[uint64]Signature
}

// BuildTrace builds the execution's main trace (see BuildTrace).
func (ex *Execution) BuildTrace() (*Trace, error) {
	return buildTrace(ex.Trace, ex.Memory, ex.Public, ex.Signatures)
}

// Prove builds the execution's trace and proves it.
func (ex *Execution) Prove(ctx context.Context, cfg ProveConfig) ([]byte, error) {
	t, err := ex.BuildTrace()
	if err != nil {
		return nil, err
	}
	return ProveTrace(ctx, t, cfg)
}

// FromRelocated converts a finished proof-mode run of Cairn's VM.
func FromRelocated(rl *cairo.Relocated, pi *cairo.AirPublicInput) (*Execution, error) {
	enc, err := json.Marshal(pi)
	if err != nil {
		return nil, fmt.Errorf("encode public input: %w", err)
	}
	pub, err := ParsePublicInput(enc)
	if err != nil {
		return nil, err
	}
	ex := &Execution{Public: pub, Memory: &Memory{}}
	ex.Trace = make([]RegisterState, len(rl.Trace))
	for i, t := range rl.Trace {
		ex.Trace[i] = RegisterState{AP: t.AP, FP: t.FP, PC: t.PC}
	}
	for a, ok := range rl.Present {
		if ok {
			ex.Memory.Set(uint64(a), *rl.Memory[a].Element())
		}
	}
	return ex, nil
}

// RunProofMode runs a Cairo 0 program JSON in proof mode with the layout and
// returns the execution to prove.
func RunProofMode(ctx context.Context, programJSON []byte, layout string, maxSteps uint64) (*Execution, error) {
	prog, err := cairo.ParseProgram(programJSON)
	if err != nil {
		return nil, err
	}
	r, err := cairo.NewRunner(prog, cairo.Config{Layout: layout, ProofMode: true, MaxSteps: maxSteps})
	if err != nil {
		return nil, err
	}
	if err := r.Run(ctx, "main", nil); err != nil {
		return nil, fmt.Errorf("run in proof mode: %w", err)
	}
	rl, err := r.Relocate()
	if err != nil {
		return nil, err
	}
	pi, err := r.AirPublicInput(rl)
	if err != nil {
		return nil, err
	}
	ex, err := FromRelocated(rl, pi)
	if err != nil {
		return nil, err
	}
	// The signatures go through the air_private_input.json form, the same
	// path as `cairn prove --air-private-input`.
	priv, err := r.AirPrivateInput("", "")
	if err != nil {
		return nil, err
	}
	enc, err := json.Marshal(priv)
	if err != nil {
		return nil, fmt.Errorf("encode private input: %w", err)
	}
	if ex.Signatures, err = ParsePrivateInput(enc); err != nil {
		return nil, err
	}
	return ex, nil
}
