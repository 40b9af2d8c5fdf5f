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

// cachedIns is a decoded instruction with its immediate pre-read: imm is
// the op1 immediate, and immInt/immOK its value as a small signed integer
// (for jumps and ap += imm without leaving Montgomery form).
type cachedIns struct {
	ins    Instruction
	imm    Value
	immInt int
	immOK  bool
	ok     bool
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

	log     zerolog.Logger
	icache  [][]cachedIns
	hintSeg int
	hintTab [][]Hint
	traceOn bool
	trace   traceBuf
	// accessed marks the cells the executed instructions touched, computed
	// from the trace up to trace[accessedUpTo] (proof mode's memory holes).
	accessed     [][]bool
	accessedUpTo int
	// casmSt is the CASM hints' state (dictionaries, squash, arcs).
	casmSt *casmState
}

// NewVM returns a VM over mem with no program; log may be zerolog.Nop().
func NewVM(mem *Memory, log zerolog.Logger) *VM {
	return &VM{Mem: mem, log: log, hintSeg: -1, Scopes: []map[string]any{{}}}
}

// EnableTrace turns trace collection on or off.
func (vm *VM) EnableTrace(on bool) { vm.traceOn = on }

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

// fetch returns the decoded instruction at pc from the cache, decoding it
// on first use.
func (vm *VM) fetch(pc Relocatable) (*cachedIns, error) {
	if uint(pc.Segment) < uint(len(vm.icache)) {
		if seg := vm.icache[pc.Segment]; uint(pc.Offset) < uint(len(seg)) && seg[pc.Offset].ok {
			return &seg[pc.Offset], nil
		}
	}
	return vm.decodeAt(pc)
}

// decodeAt decodes the instruction at pc and caches it.
func (vm *VM) decodeAt(pc Relocatable) (*cachedIns, error) {
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
	c := cachedIns{ins: ins, ok: true}
	if ins.Op1Src == Op1Imm {
		immAddr := Relocatable{pc.Segment, pc.Offset + 1}
		imm, ok := vm.Mem.Get(immAddr)
		if !ok {
			return nil, fmt.Errorf("fetch immediate: %w: %s", ErrUnknownMemory, immAddr)
		}
		c.imm = imm
		if imm.kind == kindFelt {
			c.immInt, c.immOK = feltToInt(&imm.f)
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
	seg[pc.Offset] = c
	return &seg[pc.Offset], nil
}

// Step runs the hints at pc and executes one instruction.
func (vm *VM) Step() error {
	pc := vm.PC
	if pc.Segment == vm.hintSeg && uint(pc.Offset) < uint(len(vm.hintTab)) {
		if hs := vm.hintTab[pc.Offset]; len(hs) > 0 {
			if err := vm.runHints(hs); err != nil {
				return err
			}
		}
	}
	c, err := vm.fetch(pc)
	if err != nil {
		return &StepError{PC: pc, Step: vm.CurrentStep, Err: err}
	}
	if vm.traceOn {
		if err := vm.recordTrace(); err != nil {
			return &StepError{PC: pc, Step: vm.CurrentStep, Err: err}
		}
	}
	if err := vm.execute(c); err != nil {
		return &StepError{PC: pc, Step: vm.CurrentStep, Err: err}
	}
	vm.CurrentStep++
	return nil
}

func (vm *VM) runHints(hs []Hint) error {
	for _, h := range hs {
		if err := h.Exec(vm); err != nil {
			return &StepError{PC: vm.PC, Step: vm.CurrentStep, Err: fmt.Errorf("hint %s: %w", h.Name(), err)}
		}
	}
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

// updateAccessed marks the cells touched by the trace entries not yet
// processed: pc, dst, op0 and op1 of each step (cairo-lang's accessed
// addresses). Computing them after the fact keeps the step loop lean.
func (vm *VM) updateAccessed() error {
	for ; vm.accessedUpTo < vm.trace.Len(); vm.accessedUpTo++ {
		pc, ap, fp := vm.trace.registers(vm.accessedUpTo)
		c, err := vm.fetch(pc)
		if err != nil {
			return fmt.Errorf("accessed cells of step %d: %w", vm.accessedUpTo, err)
		}
		dst, op0, op1, err := vm.operandAddrs(&c.ins, pc, ap, fp)
		if err != nil {
			return fmt.Errorf("accessed cells of step %d: %w", vm.accessedUpTo, err)
		}
		vm.markAccessed(pc)
		vm.markAccessed(dst)
		vm.markAccessed(op0)
		vm.markAccessed(op1)
	}
	return nil
}

// operandAddrs returns the dst, op0 and op1 addresses of ins executed with
// the given registers (op0 must be known for a double dereference).
func (vm *VM) operandAddrs(ins *Instruction, pc, ap, fp Relocatable) (dst, op0, op1 Relocatable, err error) {
	dst, op0 = ap, ap
	if ins.DstReg == RegFP {
		dst = fp
	}
	if ins.Op0Reg == RegFP {
		op0 = fp
	}
	dst.Offset += ins.OffDst
	op0.Offset += ins.OffOp0
	switch ins.Op1Src {
	case Op1Op0:
		p := vm.Mem.cell(op0)
		if p == nil || p.kind != kindRel {
			return dst, op0, op1, fmt.Errorf("%w: op0 at %s is not a known pointer", ErrExpectedRelocatable, op0)
		}
		op1 = p.rel()
	case Op1Imm:
		op1 = pc
	case Op1FP:
		op1 = fp
	case Op1AP:
		op1 = ap
	}
	op1.Offset += ins.OffOp1
	if dst.Offset < 0 || op0.Offset < 0 || op1.Offset < 0 {
		return dst, op0, op1, fmt.Errorf("%w: negative operand address (dst %s, op0 %s, op1 %s)", ErrBadAddress, dst, op0, op1)
	}
	return dst, op0, op1, nil
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
