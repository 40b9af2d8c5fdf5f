package air

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/execution/cairo"
)

// Execution is a proof-mode run ready to be proven: the register trace,
// relocated memory and AIR public input.
type Execution struct {
	Trace  []RegisterState
	Memory *Memory
	Public *PublicInput
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
	return FromRelocated(rl, pi)
}
