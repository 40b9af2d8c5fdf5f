package cairo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/rs/zerolog"
)

// CasmEntryPoint is an entry point of a CASM contract class.
type CasmEntryPoint struct {
	Selector felt.Felt `json:"selector"`
	Offset   int       `json:"offset"`
	Builtins []string  `json:"builtins"`
}

// CasmClass is a Cairo 1 compiled contract class (Scarb's
// .compiled_contract_class.json).
type CasmClass struct {
	CompilerVersion string
	Bytecode        []felt.Felt
	Hints           map[int][]Hint
	// EntryPoints by type: EXTERNAL, L1_HANDLER, CONSTRUCTOR.
	EntryPoints map[string][]CasmEntryPoint
}

type casmJSON struct {
	Prime           string                      `json:"prime"`
	CompilerVersion string                      `json:"compiler_version"`
	Bytecode        []string                    `json:"bytecode"`
	Hints           json.RawMessage             `json:"hints"`
	EntryPoints     map[string][]CasmEntryPoint `json:"entry_points_by_type"`
}

// ParseCasmClass parses a compiled contract class.
func ParseCasmClass(b []byte) (*CasmClass, error) {
	var cj casmJSON
	if err := json.Unmarshal(b, &cj); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProgram, err)
	}
	if err := checkPrime(cj.Prime); err != nil {
		return nil, err
	}
	code, err := parseHexWords(cj.Bytecode)
	if err != nil {
		return nil, err
	}
	hints, err := ParseCasmHints(cj.Hints)
	if err != nil {
		return nil, err
	}
	for pc := range hints {
		if pc >= len(code) {
			return nil, fmt.Errorf("%w: hint pc %d beyond the bytecode", ErrProgram, pc)
		}
	}
	for kind, eps := range cj.EntryPoints {
		for _, ep := range eps {
			if ep.Offset < 0 || ep.Offset >= len(code) {
				return nil, fmt.Errorf("%w: %s entry point %s offset %d", ErrProgram, kind, ep.Selector.Hex(), ep.Offset)
			}
		}
	}
	return &CasmClass{CompilerVersion: cj.CompilerVersion, Bytecode: code, Hints: hints, EntryPoints: cj.EntryPoints}, nil
}

// EntryPoint finds an entry point by type and selector.
func (c *CasmClass) EntryPoint(kind string, selector felt.Felt) (CasmEntryPoint, bool) {
	for _, ep := range c.EntryPoints[kind] {
		if ep.Selector.Equal(&selector) {
			return ep, true
		}
	}
	return CasmEntryPoint{}, false
}

// EntryPointCall is one run of a CASM entry point, as the Starknet execution
// layer makes it.
type EntryPointCall struct {
	Bytecode []felt.Felt
	Hints    map[int][]Hint
	Offset   int
	// Builtins in the entry point's order (its "builtins" list).
	Builtins []string
	Calldata []felt.Felt
	Gas      uint64
	Syscalls SyscallHandler
	MaxSteps uint64
	Trace    bool
	Log      zerolog.Logger
	// SystemSegment, if set, is called with the fresh syscall segment.
	SystemSegment func(Relocatable)
}

// EntryPointResult is the outcome of an entry point run.
type EntryPointResult struct {
	// Failed is set when the entry point panicked; Retdata is then the panic data.
	Failed  bool
	Retdata []felt.Felt
	GasLeft felt.Felt
	Steps   uint64
	// Runner gives access to the VM, the trace and relocation.
	Runner *Runner
}

// RunEntryPoint runs a CASM entry point with Starknet's calling convention:
// arguments are the builtin pointers in the entry point's order (a
// segment_arena gets a fresh arena), the gas counter, the syscall pointer
// and the calldata span; the entry point returns its builtin pointers, gas,
// syscall pointer and (failure flag, retdata start, retdata end).
func RunEntryPoint(ctx context.Context, call EntryPointCall) (*EntryPointResult, error) {
	p := &Program{Data: call.Bytecode, casmHints: call.Hints, Hints: map[int][]Cairo0Hint{}, Identifiers: map[string]Identifier{}}
	var progBuiltins []string
	want := map[string]bool{}
	for _, b := range call.Builtins {
		if b != "segment_arena" && b != "gas_builtin" && b != "system" {
			want[b] = true
		}
	}
	for _, n := range BuiltinOrder {
		if want[n] {
			progBuiltins = append(progBuiltins, n)
			delete(want, n)
		}
	}
	for n := range want {
		return nil, fmt.Errorf("%w: unsupported builtin %q", ErrEntryPoint, n)
	}
	p.Builtins = progBuiltins
	r, err := NewRunner(p, Config{Trace: call.Trace, MaxSteps: call.MaxSteps, Log: call.Log, Layout: "all_cairo"})
	if err != nil {
		return nil, err
	}
	vm := r.VM
	vm.Syscalls = call.Syscalls
	mem := vm.Mem
	var args []Value
	for _, name := range call.Builtins {
		switch name {
		case "segment_arena":
			arena := mem.AddSegment()
			info := mem.AddSegment()
			if _, err := mem.WriteValues(arena, []Value{RelValue(info), IntValue(0), IntValue(0)}); err != nil {
				return nil, err
			}
			args = append(args, RelValue(Relocatable{arena.Segment, 3}))
		case "gas_builtin", "system":
		default:
			args = append(args, RelValue(r.Builtin(name).Base))
		}
	}
	sys := mem.AddSegment()
	if call.SystemSegment != nil {
		call.SystemSegment(sys)
	}
	args = append(args, FeltValue(felt.FromUint64(call.Gas)), RelValue(sys))
	cd := mem.AddSegment()
	cdEnd, err := mem.WriteFelts(cd, call.Calldata)
	if err != nil {
		return nil, err
	}
	args = append(args, RelValue(cd), RelValue(cdEnd))
	if err := r.initFunction(call.Offset, args); err != nil {
		return nil, err
	}
	if err := r.runToEnd(ctx); err != nil {
		return nil, err
	}
	r.ended = true
	res := &EntryPointResult{Steps: vm.CurrentStep, Runner: r}
	top := vm.AP
	if top.Offset < 5 {
		return nil, fmt.Errorf("%w: entry point returned too few values", ErrEntryPoint)
	}
	vals := make([]Value, 5)
	for i := range vals {
		v, err := mem.Read(Relocatable{top.Segment, top.Offset - 5 + i})
		if err != nil {
			return nil, fmt.Errorf("read return values: %w", err)
		}
		vals[i] = v
	}
	if res.GasLeft, err = vals[0].AsFelt(); err != nil {
		return nil, fmt.Errorf("gas return value: %w", err)
	}
	flag, err := vals[2].AsFelt()
	if err != nil {
		return nil, fmt.Errorf("failure flag: %w", err)
	}
	res.Failed = !flag.IsZero()
	start, err1 := vals[3].AsRel()
	end, err2 := vals[4].AsRel()
	if err1 != nil || err2 != nil || start.Segment != end.Segment || end.Offset < start.Offset {
		return nil, fmt.Errorf("%w: bad retdata span %s..%s", ErrEntryPoint, vals[3], vals[4])
	}
	if res.Retdata, err = mem.ReadFelts(start, end.Offset-start.Offset); err != nil {
		return nil, fmt.Errorf("read retdata: %w", err)
	}
	return res, nil
}
