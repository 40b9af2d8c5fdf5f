package cairo

import (
	"context"
	"errors"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/rs/zerolog"
)

// DefaultMaxSteps is the step limit when Config.MaxSteps is 0.
const DefaultMaxSteps = 1 << 32

// Config configures a Runner.
type Config struct {
	// Layout is a cairo-lang layout name (default "plain"). In proof mode it
	// decides the builtin segments and the padding; in normal mode a
	// program's builtins need not be in it.
	Layout string
	// ProofMode runs from __start__ to __end__ and pads as cairo-run --proof_mode.
	ProofMode bool
	// Trace records the register trace (always on in proof mode).
	Trace bool
	// MaxSteps bounds the run (DefaultMaxSteps if 0).
	MaxSteps uint64
	// Log receives debug events; the zero value logs nothing.
	Log zerolog.Logger
	// Progress, if set, is called about every million steps with the step count.
	Progress func(step uint64)
}

func (c *Config) withDefaults() (Config, error) {
	out := *c
	if out.Layout == "" {
		out.Layout = "plain"
	}
	if out.MaxSteps == 0 {
		out.MaxSteps = DefaultMaxSteps
	}
	if out.ProofMode {
		out.Trace = true
	}
	if _, err := LayoutByName(out.Layout); err != nil {
		return out, err
	}
	return out, nil
}

// Runner runs a Program: it owns the VM, the builtin runners and the
// bookkeeping for proof mode and relocation.
type Runner struct {
	Program *Program
	Layout  Layout
	VM      *VM
	// Builtins in canonical order: the program's builtins, plus in proof mode
	// every other builtin of the layout (Included false).
	Builtins []*BuiltinRunner
	// ProgramBase and ExecutionBase are segments 0 and 1.
	ProgramBase, ExecutionBase Relocatable
	// InitialPC, InitialAP, InitialFP and FinalPC delimit the run.
	InitialPC, InitialAP, InitialFP, FinalPC Relocatable

	cfg          Config
	execPublic   []int
	ended        bool
	finalized    bool
	segmentSizes map[int]int
}

// NewRunner prepares a runner: memory with the program and execution
// segments, builtin segments, and the program's hints.
func NewRunner(p *Program, cfg Config) (*Runner, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	layout, _ := LayoutByName(c.Layout)
	mem := NewMemory()
	r := &Runner{Program: p, Layout: layout, cfg: c, segmentSizes: map[int]int{}}
	r.VM = NewVM(mem, c.Log)
	r.VM.EnableTrace(c.Trace)
	r.ProgramBase = mem.AddSegment()
	r.ExecutionBase = mem.AddSegment()
	included := map[string]bool{}
	for _, n := range p.Builtins {
		included[n] = true
	}
	for _, name := range BuiltinOrder {
		lbi, inLayout := layout.Builtin(name)
		if !included[name] && !(c.ProofMode && inLayout) {
			continue
		}
		if c.ProofMode && !inLayout {
			return nil, fmt.Errorf("%w: builtin %s is not in layout %s", ErrLayout, name, layout.Name)
		}
		b, err := newBuiltin(name)
		if err != nil {
			return nil, err
		}
		b.Included = included[name]
		if inLayout {
			b.Ratio, b.InstancesPerComponent = lbi.Ratio, lbi.InstancesPerComponent
		}
		b.Base = mem.AddSegment()
		mem.setRule(b.Base.Segment, b)
		r.Builtins = append(r.Builtins, b)
	}
	if _, err := mem.WriteFelts(r.ProgramBase, p.Data); err != nil {
		return nil, fmt.Errorf("load program: %w", err)
	}
	hints, err := compileHints(p)
	if err != nil {
		return nil, err
	}
	r.VM.SetHints(r.ProgramBase.Segment, hints)
	return r, nil
}

// Builtin returns the runner of the named builtin, or nil.
func (r *Runner) Builtin(name string) *BuiltinRunner {
	for _, b := range r.Builtins {
		if b.Name == name {
			return b
		}
	}
	return nil
}

// builtinStack returns the bases of the included builtins (main's implicit arguments).
func (r *Runner) builtinStack() []Value {
	var s []Value
	for _, b := range r.Builtins {
		if b.Included {
			s = append(s, RelValue(b.Base))
		}
	}
	return s
}

// Run runs the program: in proof mode from __start__ to __end__ with
// padding, else the function entrypoint (default "main") with args after
// the builtin pointers. It then reads the builtins' stop pointers.
func (r *Runner) Run(ctx context.Context, entrypoint string, args []Value) error {
	if r.cfg.ProofMode {
		if err := r.initProof(); err != nil {
			return err
		}
	} else {
		if entrypoint == "" {
			entrypoint = "main"
		}
		pc, ok := r.Program.Label(entrypoint)
		if !ok {
			return fmt.Errorf("%w: no function %q", ErrEntryPoint, entrypoint)
		}
		stack := append(r.builtinStack(), args...)
		if err := r.initFunction(pc, stack); err != nil {
			return err
		}
	}
	if err := r.runToEnd(ctx); err != nil {
		return err
	}
	if err := r.EndRun(); err != nil {
		return err
	}
	return r.readReturnValues()
}

// initFunction sets up a call to the function at pc with the given stack
// (arguments), a return fp segment and an end segment (cairo-lang's
// initialize_function_entrypoint).
func (r *Runner) initFunction(pc int, stack []Value) error {
	mem := r.VM.Mem
	returnFP := mem.AddSegment()
	end := mem.AddSegment()
	stack = append(stack, RelValue(returnFP), RelValue(end))
	if _, err := mem.WriteValues(r.ExecutionBase, stack); err != nil {
		return fmt.Errorf("write initial stack: %w", err)
	}
	r.InitialPC = Relocatable{r.ProgramBase.Segment, pc}
	r.InitialAP = Relocatable{r.ExecutionBase.Segment, len(stack)}
	r.InitialFP = r.InitialAP
	r.FinalPC = end
	r.VM.PC, r.VM.AP, r.VM.FP = r.InitialPC, r.InitialAP, r.InitialFP
	return nil
}

// initProof sets up a proof-mode run (cairo-lang initialize_main_entrypoint
// with proof_mode): stack = [execution_base + 2, 0, builtin bases...].
func (r *Runner) initProof() error {
	start, ok := r.Program.Label("__start__")
	if !ok {
		return fmt.Errorf("%w: proof mode needs a __start__ label", ErrEntryPoint)
	}
	end, ok := r.Program.Label("__end__")
	if !ok {
		return fmt.Errorf("%w: proof mode needs an __end__ label", ErrEntryPoint)
	}
	stack := append([]Value{RelValue(Relocatable{r.ExecutionBase.Segment, 2}), IntValue(0)}, r.builtinStack()...)
	if _, err := r.VM.Mem.WriteValues(r.ExecutionBase, stack); err != nil {
		return fmt.Errorf("write initial stack: %w", err)
	}
	r.execPublic = make([]int, len(stack))
	for i := range stack {
		r.execPublic[i] = i
	}
	r.InitialPC = Relocatable{r.ProgramBase.Segment, start}
	r.InitialAP = Relocatable{r.ExecutionBase.Segment, 2}
	r.InitialFP = r.InitialAP
	r.FinalPC = Relocatable{r.ProgramBase.Segment, end}
	r.VM.PC, r.VM.AP, r.VM.FP = r.InitialPC, r.InitialAP, r.InitialFP
	return nil
}

func (r *Runner) runToEnd(ctx context.Context) error {
	if r.cfg.Progress == nil {
		return r.VM.RunUntilPC(ctx, r.FinalPC, r.cfg.MaxSteps)
	}
	for {
		limit := r.VM.CurrentStep + 1<<20
		if limit > r.cfg.MaxSteps {
			limit = r.cfg.MaxSteps
		}
		err := r.VM.RunUntilPC(ctx, r.FinalPC, limit)
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrMaxSteps) || limit == r.cfg.MaxSteps {
			return err
		}
		r.cfg.Progress(r.VM.CurrentStep)
	}
}

// EndRun finishes the run; in proof mode it pads the trace to a power of
// two large enough for the layout's builtins, range checks and memory.
func (r *Runner) EndRun() error {
	if r.ended {
		return nil
	}
	if r.cfg.ProofMode {
		if err := r.padProof(); err != nil {
			return err
		}
	}
	r.ended = true
	return nil
}

// readReturnValues reads the builtins' stop pointers returned at the top of
// the stack and checks them (cairo-lang read_return_values / final_stack).
// In proof mode the final stack, the cells [ap − n, ap) holding the n
// included builtins' stop pointers, joins the execution segment's public
// memory, as cairo-lang and cairo-vm do, so that a verifier can check the
// stop pointers against the segments of the public input.
func (r *Runner) readReturnValues() error {
	ptr := r.VM.AP
	mem := r.VM.Mem
	for i := len(r.Builtins) - 1; i >= 0; i-- {
		b := r.Builtins[i]
		if !b.Included {
			b.StopPtr = b.Base
			continue
		}
		ptr.Offset--
		if ptr.Offset < 0 {
			return fmt.Errorf("%w: stack too short for the %s stop pointer", ErrEntryPoint, b.Name)
		}
		stop, err := mem.ReadRel(ptr)
		if err != nil {
			return fmt.Errorf("read %s stop pointer: %w", b.Name, err)
		}
		if stop.Segment != b.Base.Segment || stop.Offset != b.UsedCells(mem) {
			return fmt.Errorf("%w: invalid stop pointer for %s: got %s, expected %s", ErrBuiltin, b.Name, stop, Relocatable{b.Base.Segment, b.UsedCells(mem)})
		}
		b.StopPtr = stop
	}
	if r.cfg.ProofMode {
		for off := ptr.Offset; off < r.VM.AP.Offset; off++ {
			r.execPublic = append(r.execPublic, off)
		}
	}
	return nil
}

// Output returns the output builtin's cells (nil if the program has none).
func (r *Runner) Output() ([]felt.Felt, error) {
	b := r.Builtin("output")
	if b == nil || !b.Included {
		return nil, nil
	}
	n := b.UsedCells(r.VM.Mem)
	out, err := r.VM.Mem.ReadFelts(b.Base, n)
	if err != nil {
		return nil, fmt.Errorf("read output: %w", err)
	}
	return out, nil
}

// Steps returns the number of executed steps (including proof-mode padding).
func (r *Runner) Steps() uint64 { return r.VM.CurrentStep }
