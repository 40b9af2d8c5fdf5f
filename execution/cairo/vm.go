package cairo

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"
)

// Hint is code the VM runs before executing the instruction at a pc.
type Hint interface {
	// Exec runs the hint against the VM's current state.
	Exec(vm *VM) error
	// Name identifies the hint in errors.
	Name() string
}

// rawTrace is one step's registers before relocation.
type rawTrace struct{ pc, ap, fp Relocatable }

type cachedIns struct {
	ins Instruction
	ok  bool
}

// VM is the Cairo machine: memory, registers and the hint state. Build it
// with NewVM; a Runner sets it up for a program.
type VM struct {
	Mem        *Memory
	PC, AP, FP Relocatable
	// CurrentStep counts executed instructions.
	CurrentStep uint64

	// Syscalls handles CASM SystemCall hints (nil: syscalls fail).
	Syscalls SyscallHandler
	// Scopes is the hint execution scope stack (vm_enter_scope/vm_exit_scope).
	Scopes []map[string]any

	log      zerolog.Logger
	icache   [][]cachedIns
	hintSeg  int
	hintTab  [][]Hint
	traceOn  bool
	trace    []rawTrace
	accessed [][]bool
	track    bool
}

// NewVM returns a VM over mem with no program; log may be zerolog.Nop().
func NewVM(mem *Memory, log zerolog.Logger) *VM {
	return &VM{Mem: mem, log: log, hintSeg: -1, Scopes: []map[string]any{{}}}
}

// EnableTrace turns trace collection on or off.
func (vm *VM) EnableTrace(on bool) { vm.traceOn = on }

// trackAccesses turns on recording of accessed addresses (proof mode).
func (vm *VM) trackAccesses() { vm.track = true }

// SetHints installs hints for the segment seg: hints[i] runs before the
// instruction at (seg, i).
func (vm *VM) SetHints(seg int, hints map[int][]Hint) {
	vm.hintSeg = seg
	maxPC := -1
	for pc := range hints {
		if pc > maxPC {
			maxPC = pc
		}
	}
	vm.hintTab = make([][]Hint, maxPC+1)
	for pc, h := range hints {
		if pc >= 0 {
			vm.hintTab[pc] = h
		}
	}
}

// fetch decodes the instruction at pc, caching it.
func (vm *VM) fetch(pc Relocatable) (*Instruction, error) {
	if pc.Segment >= 0 && pc.Segment < len(vm.icache) && pc.Offset >= 0 && pc.Offset < len(vm.icache[pc.Segment]) {
		c := &vm.icache[pc.Segment][pc.Offset]
		if c.ok {
			return &c.ins, nil
		}
	}
	v, err := vm.Mem.Read(pc)
	if err != nil {
		return nil, fmt.Errorf("fetch instruction: %w", err)
	}
	f, err := v.AsFelt()
	if err != nil {
		return nil, fmt.Errorf("fetch instruction: %w", err)
	}
	ins, err := DecodeFelt(&f)
	if err != nil {
		return nil, err
	}
	if ins.Op1Src == Op1Imm {
		if _, ok := vm.Mem.Get(Relocatable{pc.Segment, pc.Offset + 1}); !ok {
			return nil, fmt.Errorf("fetch immediate: %w: %s", ErrUnknownMemory, Relocatable{pc.Segment, pc.Offset + 1})
		}
	}
	for len(vm.icache) <= pc.Segment {
		vm.icache = append(vm.icache, nil)
	}
	seg := vm.icache[pc.Segment]
	if pc.Offset >= len(seg) {
		n := vm.Mem.SegmentUsedSize(pc.Segment)
		if n <= pc.Offset {
			n = pc.Offset + 1
		}
		ns := make([]cachedIns, n)
		copy(ns, seg)
		seg = ns
		vm.icache[pc.Segment] = seg
	}
	seg[pc.Offset] = cachedIns{ins: ins, ok: true}
	return &seg[pc.Offset].ins, nil
}

// Step runs the hints at pc and executes one instruction.
func (vm *VM) Step() error {
	pc := vm.PC
	if pc.Segment == vm.hintSeg && pc.Offset < len(vm.hintTab) {
		for _, h := range vm.hintTab[pc.Offset] {
			if err := h.Exec(vm); err != nil {
				return &StepError{PC: pc, Step: vm.CurrentStep, Err: fmt.Errorf("hint %s: %w", h.Name(), err)}
			}
		}
	}
	ins, err := vm.fetch(pc)
	if err != nil {
		return &StepError{PC: pc, Step: vm.CurrentStep, Err: err}
	}
	if vm.traceOn {
		vm.trace = append(vm.trace, rawTrace{pc, vm.AP, vm.FP})
	}
	if err := vm.execute(ins); err != nil {
		return &StepError{PC: pc, Step: vm.CurrentStep, Err: err}
	}
	vm.CurrentStep++
	return nil
}

// RunUntilPC steps until pc == end. maxSteps > 0 bounds the total step count
// (CurrentStep) and returns ErrMaxSteps when reached.
func (vm *VM) RunUntilPC(ctx context.Context, end Relocatable, maxSteps uint64) error {
	for vm.PC != end {
		if maxSteps > 0 && vm.CurrentStep >= maxSteps {
			return &StepError{PC: vm.PC, Step: vm.CurrentStep, Err: fmt.Errorf("%w: %d steps", ErrMaxSteps, maxSteps)}
		}
		if vm.CurrentStep&0xfffff == 0 && ctx.Err() != nil {
			return fmt.Errorf("run interrupted at step %d: %w", vm.CurrentStep, ctx.Err())
		}
		if err := vm.Step(); err != nil {
			return err
		}
	}
	return nil
}

// RunSteps executes exactly n more steps.
func (vm *VM) RunSteps(n uint64) error {
	for i := uint64(0); i < n; i++ {
		if err := vm.Step(); err != nil {
			return err
		}
	}
	return nil
}

func (vm *VM) markAccessed(a Relocatable) {
	for len(vm.accessed) <= a.Segment {
		vm.accessed = append(vm.accessed, nil)
	}
	s := vm.accessed[a.Segment]
	if a.Offset >= len(s) {
		n := 2 * len(s)
		if n <= a.Offset {
			n = a.Offset + 1
		}
		ns := make([]bool, n)
		copy(ns, s)
		s = ns
		vm.accessed[a.Segment] = s
	}
	s[a.Offset] = true
}

func (vm *VM) accessedCount(seg int) int {
	if seg >= len(vm.accessed) {
		return 0
	}
	n := 0
	for _, b := range vm.accessed[seg] {
		if b {
			n++
		}
	}
	return n
}
