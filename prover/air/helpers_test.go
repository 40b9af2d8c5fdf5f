package air

import (
	"context"
	"fmt"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// enc encodes a Cairo instruction from signed offsets and set flags.
func enc(offDst, offOp0, offOp1 int, flags ...int) uint64 {
	w := uint64(uint16(offDst+offsetBias)) | uint64(uint16(offOp0+offsetBias))<<16 | uint64(uint16(offOp1+offsetBias))<<32
	for _, f := range flags {
		w |= 1 << (48 + f)
	}
	return w
}

// testProgram is a hand-assembled proof-mode program: words loaded at
// address 1, execution segment right after it.
type testProgram struct {
	words []fp.Element
	end   uint64 // pc of the final `jmp rel 0`, relative to the program base
	// layout is the public input's layout ("plain" if empty).
	layout string
	// builtins are the builtin segments whose pointers the program receives
	// on its initial stack and returns on its final stack (withBuiltins).
	builtins []testSegment
}

// testSegment is a builtin segment of a test program: cells used and the
// room reserved for it (≥ cells, enough for the component's capacity).
type testSegment struct {
	name        string
	cells, room uint64
}

// withBuiltins turns a program ending in its final `jmp rel 0` into one
// that takes the segments' pointers as main does in proof mode (initial
// stack at fp+0 …; the program starts with ap += k so its own cells follow)
// and returns the stop pointers before the final loop:
// [ap] = [fp + i] + cells_i, ap++ for each segment i.
func (p testProgram) withBuiltins(layout string, segs ...testSegment) testProgram {
	if p.end != uint64(len(p.words)-2) {
		panic("withBuiltins: the final jmp rel 0 must end the program")
	}
	ws := []fp.Element{word(enc(0, 0, 1, FlagDstReg, FlagOp0Reg, FlagOp1Imm, FlagAPAdd)), imm(int64(len(segs)))}
	ws = append(ws, p.words[:p.end]...)
	for i, s := range segs {
		ws = append(ws, word(enc(0, i, 1, FlagOp0Reg, FlagOp1Imm, FlagResAdd, FlagAPAdd1, FlagOpcodeAssertEq)), elem(s.cells))
	}
	ws = append(ws, p.words[p.end:]...)
	return testProgram{words: ws, end: uint64(len(ws) - 2), layout: layout, builtins: segs}
}

// allCairoProgram is the fibonacci test program on layout all_cairo taking
// the pointers of the layout's range_check, bitwise, ec_op and poseidon
// segments (and ecdsa's when cells uses it) in canonical order, each with
// room for the VM's allocation at n rows (n / ratio instances, at least the
// component's capacity) or for its cells in use if more; cells gives each
// segment's cells in use.
func allCairoProgram(n int, cells map[string]uint64) testProgram {
	lay, _ := LayoutByName("all_cairo")
	var segs []testSegment
	for _, s := range []struct {
		name         string
		ratio, width int
	}{
		{SegRangeCheck, lay.RangeCheckRatio, 1},
		{SegECDSA, lay.ECDSARatio, ecdsaCells},
		{SegBitwise, lay.BitwiseRatio, bitwiseCells},
		{SegECOp, lay.ECOpRatio, ecopCells},
		{SegPoseidon, lay.PoseidonRatio, poseidonCells},
	} {
		c := cells[s.name]
		if s.name == SegECDSA && c == 0 {
			continue // not taken: run adds it empty
		}
		segs = append(segs, testSegment{name: s.name, cells: c, room: max(c, uint64(n/s.ratio*s.width))})
	}
	return fibProgram(5).withBuiltins("all_cairo", segs...)
}

// rcProgram writes each value to the range_check segment, whose pointer is
// at [fp] (layout small): [ap] = v, ap++; [ap-1] = [[fp] + k].
func rcProgram(values []fp.Element) testProgram {
	var ws []fp.Element
	for k, v := range values {
		ws = append(ws,
			word(enc(0, -1, 1, FlagOp1Imm, FlagAPAdd1, FlagOpcodeAssertEq)), v,
			word(enc(-1, 0, k, FlagOp0Reg, FlagOpcodeAssertEq)))
	}
	ws = append(ws, word(enc(0, 0, 1, FlagDstReg, FlagOp0Reg, FlagOp1Imm, FlagPCJumpRel)), imm(0))
	n := uint64(len(values))
	return testProgram{words: ws, end: uint64(len(ws) - 2)}.withBuiltins("small", testSegment{name: SegRangeCheck, cells: n, room: max(n, 64)})
}

func imm(v int64) fp.Element {
	var e fp.Element
	e.SetInt64(v)
	return e
}

func word(w uint64) fp.Element { return elem(w) }

// fibProgram computes n Fibonacci steps with a counter on the stack.
func fibProgram(n int64) testProgram {
	// fp+0 holds the counter's first copy; it serves as the dummy operand.
	ws := []fp.Element{
		word(enc(0, -1, 1, FlagOp1Imm, FlagAPAdd1, FlagOpcodeAssertEq)), imm(n), // [ap] = n, ap++
		word(enc(0, -1, 1, FlagOp1Imm, FlagAPAdd1, FlagOpcodeAssertEq)), imm(1), // [ap] = 1, ap++
		word(enc(0, -1, 1, FlagOp1Imm, FlagAPAdd1, FlagOpcodeAssertEq)), imm(1), // [ap] = 1, ap++
		// loop (pc 6):
		word(enc(0, -3, 1, FlagOp1Imm, FlagResAdd, FlagOpcodeAssertEq)), imm(-1), // [ap] = [ap-3] + (-1)
		word(enc(1, -1, -1, FlagOp1AP, FlagOpcodeAssertEq)),                       // [ap+1] = [ap-1]
		word(enc(2, -2, -1, FlagOp1AP, FlagResAdd, FlagOpcodeAssertEq)),           // [ap+2] = [ap-2] + [ap-1]
		word(enc(0, 0, 1, FlagDstReg, FlagOp0Reg, FlagOp1Imm, FlagAPAdd)), imm(3), // ap += 3
		word(enc(-3, 0, 1, FlagOp0Reg, FlagOp1Imm, FlagPCJnz)), imm(-6), // jmp rel -6 if [ap-3] != 0
		word(enc(0, 0, 1, FlagDstReg, FlagOp0Reg, FlagOp1Imm, FlagPCJumpRel)), imm(0), // jmp rel 0
	}
	return testProgram{words: ws, end: uint64(len(ws) - 2)}
}

// factProgram computes n! recursively with call/ret and mul.
func factProgram(n int64) testProgram {
	ws := []fp.Element{
		word(enc(0, -1, 1, FlagOp1Imm, FlagAPAdd1, FlagOpcodeAssertEq)), imm(n), // 0: [ap] = n, ap++
		word(enc(0, 1, 1, FlagOp1Imm, FlagPCJumpRel, FlagOpcodeCall)), imm(4), // 2: call rel 4 (fact at 6)
		word(enc(0, 0, 1, FlagDstReg, FlagOp0Reg, FlagOp1Imm, FlagPCJumpRel)), imm(0), // 4: jmp rel 0
		// fact (6):
		word(enc(-3, -1, 1, FlagDstReg, FlagOp0Reg, FlagOp1Imm, FlagPCJnz)), imm(5), // 6: jmp rel 5 if [fp-3] != 0
		word(enc(0, -1, 1, FlagOp1Imm, FlagAPAdd1, FlagOpcodeAssertEq)), imm(1), // 8: [ap] = 1, ap++
		word(enc(-2, -1, -1, FlagDstReg, FlagOp0Reg, FlagOp1FP, FlagPCJumpAbs, FlagOpcodeRet)), // 10: ret
		// rec (11):
		word(enc(0, -3, 1, FlagOp0Reg, FlagOp1Imm, FlagResAdd, FlagAPAdd1, FlagOpcodeAssertEq)), imm(-1), // 11: [ap] = [fp-3] - 1, ap++
		word(enc(0, 1, 1, FlagOp1Imm, FlagPCJumpRel, FlagOpcodeCall)), imm(-7), // 13: call rel -7 (fact)
		word(enc(0, -1, -3, FlagOp1FP, FlagResMul, FlagAPAdd1, FlagOpcodeAssertEq)),            // 15: [ap] = [ap-1] * [fp-3], ap++
		word(enc(-2, -1, -1, FlagDstReg, FlagOp0Reg, FlagOp1FP, FlagPCJumpAbs, FlagOpcodeRet)), // 16: ret
	}
	return testProgram{words: ws, end: 4}
}

// run executes the program in a minimal test interpreter (assert_eq writes
// an unknown dst, call writes the frame) for at least minSteps steps and
// until it reaches the final loop, then returns the trace, memory and the
// public input with the program, the execution prefix and the initial and
// final stacks as public memory. The builtin segments follow the execution
// segment (8 cells after its end, each segment room cells long); a first
// run with the segments 2^16 cells further finds the execution's end (the
// test programs' control flow does not depend on the pointers).
func (p testProgram) run(t testing.TB, minSteps int) ([]RegisterState, *Memory, *PublicInput) {
	t.Helper()
	const base = 1
	execBase := base + uint64(len(p.words))
	bases := make([]uint64, len(p.builtins))
	for i := range bases {
		bases[i] = execBase + 1<<16 + uint64(i)<<12
	}
	_, _, stop := p.exec(t, minSteps, bases)
	next := stop + 8
	for i, s := range p.builtins {
		bases[i] = next
		next += s.room
	}
	trace, mem, stop := p.exec(t, minSteps, bases)
	layout := p.layout
	if layout == "" {
		layout = "plain"
	}
	pub := &PublicInput{
		Layout: layout,
		NSteps: uint64(len(trace)),
		MemorySegments: map[string]Segment{
			SegProgram:   {BeginAddr: base, StopPtr: base + p.end},
			SegExecution: {BeginAddr: execBase, StopPtr: stop},
		},
	}
	for i, s := range p.builtins {
		pub.MemorySegments[s.name] = Segment{BeginAddr: bases[i], StopPtr: bases[i] + s.cells}
	}
	// A pedersen or ecdsa segment the program does not take stays empty (no
	// stack entry, no component).
	for _, name := range []string{SegPedersen, SegECDSA} {
		if lay, err := LayoutByName(layout); err == nil && lay.hasSegment(name) {
			if _, ok := pub.MemorySegments[name]; !ok {
				pub.MemorySegments[name] = Segment{BeginAddr: next, StopPtr: next}
			}
		}
	}
	for i, w := range p.words {
		pub.PublicMemory = append(pub.PublicMemory, PublicMemoryEntry{Address: base + uint64(i), Value: felt.FromElement(w)})
	}
	k := uint64(len(p.builtins))
	public := []uint64{execBase, execBase + 1}
	for i := range k {
		public = append(public, execBase+execPrefix+i)
	}
	for i := range k {
		public = append(public, stop-k+i)
	}
	for _, a := range public {
		v, _ := mem.Get(a)
		pub.PublicMemory = append(pub.PublicMemory, PublicMemoryEntry{Address: a, Value: felt.FromElement(v)})
	}
	lo, hi := uint64(1<<16), uint64(0)
	for _, r := range trace {
		w, _ := mem.Get(r.PC)
		ins, err := DecodeInstruction(&w)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range []uint16{ins.OffDst, ins.OffOp0, ins.OffOp1} {
			lo, hi = min(lo, uint64(o)), max(hi, uint64(o))
		}
	}
	if rc, ok := pub.MemorySegments[SegRangeCheck]; ok {
		for a := rc.BeginAddr; a < rc.StopPtr; a++ {
			v, ok := mem.Get(a)
			if !ok {
				continue // set by the test after the run
			}
			for _, part := range valueParts(&v) {
				lo, hi = min(lo, part), max(hi, part)
			}
		}
	}
	pub.RCMin, pub.RCMax = lo, hi
	return trace, mem, pub
}

// exec runs the program with the builtin segments at bases and returns the
// trace, the memory and the final ap.
func (p testProgram) exec(t testing.TB, minSteps int, bases []uint64) ([]RegisterState, *Memory, uint64) {
	t.Helper()
	const base = 1
	mem := &Memory{}
	for i, w := range p.words {
		mem.Set(base+uint64(i), w)
	}
	execBase := base + uint64(len(p.words))
	// Proof mode's execution prefix: return fp and pc, then main's args.
	mem.Set(execBase, elem(execBase+execPrefix))
	mem.Set(execBase+1, fp.Element{})
	for i, b := range bases {
		mem.Set(execBase+execPrefix+uint64(i), elem(b))
	}
	regs := RegisterState{AP: execBase + execPrefix, FP: execBase + execPrefix, PC: base}
	var trace []RegisterState
	for steps := 0; ; steps++ {
		if regs.PC == base+p.end && steps >= minSteps && steps&(steps-1) == 0 {
			break
		}
		if steps > 1<<20 {
			t.Fatal("program does not terminate")
		}
		trace = append(trace, regs)
		next, err := testStep(regs, mem)
		if err != nil {
			t.Fatalf("step %d: %v", steps, err)
		}
		regs = next
	}
	return trace, mem, trace[len(trace)-1].AP
}

// testStep executes one instruction.
func testStep(regs RegisterState, mem *Memory) (RegisterState, error) {
	w, ok := mem.Get(regs.PC)
	if !ok {
		return regs, fmt.Errorf("no instruction at %d", regs.PC)
	}
	ins, err := DecodeInstruction(&w)
	if err != nil {
		return regs, err
	}
	f := ins.Flags
	if f[FlagOpcodeCall] == 1 {
		mem.Set(regs.AP, elem(regs.FP))
		mem.Set(regs.AP+1, elem(regs.PC+ins.Size()))
	}
	if f[FlagOpcodeAssertEq] == 1 {
		// Compute res from op0/op1 and write dst if unknown.
		dstBase := regs.AP
		if f[FlagDstReg] == 1 {
			dstBase = regs.FP
		}
		dstAddr, _ := addOffset(dstBase, signedOffset(ins.OffDst))
		if _, ok := mem.Get(dstAddr); !ok {
			mem.Set(dstAddr, fp.Element{}) // placeholder so decodeStep can read it
			s, err := decodeStep(regs, mem)
			if err != nil {
				return regs, err
			}
			cols := make([][]fp.Element, numColsCPU)
			for c := range cols {
				cols[c] = make([]fp.Element, 1)
			}
			s.fill(cols, 0)
			mem.Set(dstAddr, cols[colRes][0])
		}
	}
	if f[FlagOpcodeAssertEq] == 1 && f[FlagOp1Imm]+f[FlagOp1AP]+f[FlagOp1FP] == 0 && f[FlagResAdd]+f[FlagResMul] == 0 {
		// [dst] = [[op0] + off]: write an unknown op1 from dst.
		op0Base := regs.AP
		if f[FlagOp0Reg] == 1 {
			op0Base = regs.FP
		}
		op0Addr, _ := addOffset(op0Base, signedOffset(ins.OffOp0))
		op0, _ := mem.Get(op0Addr)
		op1Addr, _ := addOffset(op0.Uint64(), signedOffset(ins.OffOp1))
		if _, ok := mem.Get(op1Addr); !ok {
			dstBase := regs.AP
			if f[FlagDstReg] == 1 {
				dstBase = regs.FP
			}
			dstAddr, _ := addOffset(dstBase, signedOffset(ins.OffDst))
			dst, _ := mem.Get(dstAddr)
			mem.Set(op1Addr, dst)
		}
	}
	s, err := decodeStep(regs, mem)
	if err != nil {
		return regs, err
	}
	cols := make([][]fp.Element, numColsCPU)
	for c := range cols {
		cols[c] = make([]fp.Element, 1)
	}
	s.fill(cols, 0)
	res := cols[colRes][0]
	next := regs
	switch {
	case f[FlagPCJnz] == 1:
		if s.dst.IsZero() {
			next.PC = regs.PC + ins.Size()
		} else {
			next.PC = addSigned(regs.PC, &s.op1)
		}
	case f[FlagPCJumpAbs] == 1:
		next.PC = res.Uint64()
	case f[FlagPCJumpRel] == 1:
		next.PC = addSigned(regs.PC, &res)
	default:
		next.PC = regs.PC + ins.Size()
	}
	if f[FlagAPAdd] == 1 {
		next.AP = addSigned(regs.AP, &res)
	}
	next.AP += uint64(f[FlagAPAdd1]) + 2*uint64(f[FlagOpcodeCall])
	switch {
	case f[FlagOpcodeRet] == 1:
		next.FP = s.dst.Uint64()
	case f[FlagOpcodeCall] == 1:
		next.FP = regs.AP + 2
	}
	return next, nil
}

// addSigned adds a small signed field element to x.
func addSigned(x uint64, v *fp.Element) uint64 {
	if v.IsUint64() && v.Uint64() < 1<<62 {
		return x + v.Uint64()
	}
	var neg fp.Element
	neg.Neg(v)
	return x - neg.Uint64()
}

// mustTrace builds the trace of a test program.
func mustTrace(t testing.TB, p testProgram, minSteps int) *Trace {
	t.Helper()
	regs, mem, pub := p.run(t, minSteps)
	tr, err := BuildTrace(regs, mem, pub)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func testChallenges() *Challenges {
	return &Challenges{Z: imm(0x1234567), Alpha: imm(0x7654321), ZRC: imm(0xabcdef)}
}

func feltOf(e fp.Element) felt.Felt { return felt.FromElement(e) }

// checkedAIR returns tr's AIR after checking that every constraint holds on
// tr (main and interaction traces).
func checkedAIR(t testing.TB, tr *Trace) *AIR {
	t.Helper()
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	ch := testChallenges()
	inter, err := tr.BuildInteraction(ch)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Check(tr.Cols, inter, ch); err != nil {
		t.Fatal(err)
	}
	return a
}

// proveAndVerify proves tr with the test options and verifies the proof
// against tr's public input.
func proveAndVerify(t testing.TB, tr *Trace) {
	t.Helper()
	proof, err := ProveTrace(context.Background(), tr, testProveConfig())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyWith(proof, tr.pub, testMinSecurity); err != nil {
		t.Fatal(err)
	}
}
