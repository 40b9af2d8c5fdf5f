package starknet

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/felt"
)

// vmRunner runs CASM entry points on Cairn's Cairo VM with the frame's
// syscalls. Parsed hints are cached by class hash (a class hash fixes the
// hints, so the cache cannot change results).
type vmRunner struct {
	hints *sync.Map // felt.ClassHash → map[int][]cairo.Hint
}

func newVMRunner() vmRunner { return vmRunner{hints: &sync.Map{}} }

func (r vmRunner) classHints(classHash felt.ClassHash, class *Class) (map[int][]cairo.Hint, error) {
	if h, ok := r.hints.Load(classHash); ok {
		return h.(map[int][]cairo.Hint), nil
	}
	h, err := cairo.ParseCasmHints(class.Hints)
	if err != nil {
		return nil, err
	}
	r.hints.Store(classHash, h)
	return h, nil
}

func (r vmRunner) run(f *callFrame, class *Class, ep *EntryPoint, calldata []felt.Felt) (runOutcome, error) {
	hints, err := r.classHints(f.classHash, class)
	if err != nil {
		return runOutcome{}, fmt.Errorf("class %s hints: %w", f.classHash.Hex(), err)
	}
	x := f.x
	if x.steps >= x.maxSteps {
		return runOutcome{}, fmt.Errorf("%w: no steps left", ErrOutOfResources)
	}
	left := x.maxSteps - x.steps
	res, err := cairo.RunEntryPoint(context.Background(), cairo.EntryPointCall{
		Bytecode: class.Bytecode, Hints: hints, Offset: int(ep.Offset), Builtins: ep.Builtins,
		Calldata: calldata, Gas: left * max(x.bc.Constants.L2GasPerStep, 1), Syscalls: vmSyscalls{f: f},
		MaxSteps: left, Log: x.e.log, Trace: x.trace != nil,
	})
	if err != nil {
		if errors.Is(err, cairo.ErrMaxSteps) {
			return runOutcome{Steps: left}, fmt.Errorf("%w: %w", ErrOutOfResources, err)
		}
		return runOutcome{}, err
	}
	out := runOutcome{Retdata: res.Retdata, Failed: res.Failed, Steps: res.Steps, Builtins: builtinUsage(res.Runner)}
	if x.trace != nil {
		out.Run = res.Runner
	}
	return out, nil
}

// builtinUsage counts the builtin instances a run used, by builtin name.
func builtinUsage(r *cairo.Runner) map[string]uint64 {
	if r == nil || len(r.Builtins) == 0 {
		return nil
	}
	out := make(map[string]uint64, len(r.Builtins))
	for _, b := range r.Builtins {
		if n := b.UsedInstances(r.VM.Mem); n > 0 {
			out[b.Name] = uint64(n)
		}
	}
	return out
}
