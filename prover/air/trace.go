package air

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// Trace is the main execution trace of the Cairo AIR, column-major.
type Trace struct {
	// Cols[c][i] is column c at row i; every column has N rows.
	Cols [][]fp.Element
	// N is the number of rows, a power of two.
	N int

	layout Layout
	cols   columns
	pub    *PublicInput
	// sigs are the ecdsa instances' signatures by instance index.
	sigs map[uint64]Signature
}

// Rows returns the number of rows.
func (t *Trace) Rows() int { return t.N }

// Width returns the number of main columns.
func (t *Trace) Width() int { return t.cols.width }

func elem(v uint64) fp.Element {
	var e fp.Element
	e.SetUint64(v)
	return e
}

// signedOffset turns a biased 16-bit offset into its signed value.
func signedOffset(biased uint16) int64 { return int64(biased) - offsetBias }

// addOffset adds a signed offset to an address, failing on overflow.
func addOffset(base uint64, off int64) (uint64, error) {
	a := int64(base) + off
	if a <= 0 || uint64(a) >= maxAddress {
		return 0, fmt.Errorf("address %d%+d out of range", base, off)
	}
	return uint64(a), nil
}

func nextPow2(n int) int {
	if n <= 1 {
		return 1
	}
	return 1 << bits.Len(uint(n-1))
}

// stepRow is the CPU part of one row computed from the registers and memory.
type stepRow struct {
	regs                      RegisterState
	inst                      fp.Element
	ins                       Instruction
	dstAddr, op0Addr, op1Addr uint64
	dst, op0, op1             fp.Element
}

func readCell(mem *Memory, a uint64, what string) (fp.Element, error) {
	v, ok := mem.Get(a)
	if !ok {
		return v, fmt.Errorf("%s at address %d is not in memory", what, a)
	}
	return v, nil
}

// decodeStep reads the instruction and operands of the step at regs.
func decodeStep(regs RegisterState, mem *Memory) (stepRow, error) {
	r := stepRow{regs: regs}
	var err error
	if r.inst, err = readCell(mem, regs.PC, "instruction"); err != nil {
		return r, err
	}
	if r.ins, err = DecodeInstruction(&r.inst); err != nil {
		return r, err
	}
	f := &r.ins.Flags
	base := regs.AP
	if f[FlagDstReg] == 1 {
		base = regs.FP
	}
	if r.dstAddr, err = addOffset(base, signedOffset(r.ins.OffDst)); err != nil {
		return r, fmt.Errorf("dst: %w", err)
	}
	base = regs.AP
	if f[FlagOp0Reg] == 1 {
		base = regs.FP
	}
	if r.op0Addr, err = addOffset(base, signedOffset(r.ins.OffOp0)); err != nil {
		return r, fmt.Errorf("op0: %w", err)
	}
	if r.dst, err = readCell(mem, r.dstAddr, "dst"); err != nil {
		return r, err
	}
	if r.op0, err = readCell(mem, r.op0Addr, "op0"); err != nil {
		return r, err
	}
	switch {
	case f[FlagOp1Imm]+f[FlagOp1AP]+f[FlagOp1FP] > 1:
		return r, fmt.Errorf("%w: several op1 sources in instruction %s", ErrBadTrace, r.inst.String())
	case f[FlagOp1Imm] == 1:
		base = regs.PC
	case f[FlagOp1AP] == 1:
		base = regs.AP
	case f[FlagOp1FP] == 1:
		base = regs.FP
	default:
		if !r.op0.IsUint64() || r.op0.Uint64() >= maxAddress {
			return r, fmt.Errorf("%w: op0 %s used as an address", ErrBadTrace, r.op0.String())
		}
		base = r.op0.Uint64()
	}
	if r.op1Addr, err = addOffset(base, signedOffset(r.ins.OffOp1)); err != nil {
		return r, fmt.Errorf("op1: %w", err)
	}
	if r.op1, err = readCell(mem, r.op1Addr, "op1"); err != nil {
		return r, err
	}
	return r, nil
}

// fill writes the CPU columns of row i.
func (r *stepRow) fill(cols [][]fp.Element, i int) {
	f := &r.ins.Flags
	cols[colPC][i] = elem(r.regs.PC)
	cols[colAP][i] = elem(r.regs.AP)
	cols[colFP][i] = elem(r.regs.FP)
	cols[colInst][i] = r.inst
	cols[colOffDst][i] = elem(uint64(r.ins.OffDst))
	cols[colOffOp0][i] = elem(uint64(r.ins.OffOp0))
	cols[colOffOp1][i] = elem(uint64(r.ins.OffOp1))
	for k := range NumFlags {
		cols[colFlag0+k][i] = elem(uint64(f[k]))
	}
	cols[colDstAddr][i] = elem(r.dstAddr)
	cols[colDst][i] = r.dst
	cols[colOp0Addr][i] = elem(r.op0Addr)
	cols[colOp0][i] = r.op0
	cols[colOp1Addr][i] = elem(r.op1Addr)
	cols[colOp1][i] = r.op1
	var mul, res fp.Element
	mul.Mul(&r.op0, &r.op1)
	if f[FlagPCJnz] == 1 {
		res.Inverse(&r.dst) // 0 when dst = 0
	} else {
		// res = f_add·(op0+op1) + f_mul·mul + (1 − f_add − f_mul)·op1
		var t fp.Element
		if f[FlagResAdd] == 1 {
			t.Add(&r.op0, &r.op1)
			res.Add(&res, &t)
		}
		if f[FlagResMul] == 1 {
			res.Add(&res, &mul)
		}
		k := int64(1) - int64(f[FlagResAdd]) - int64(f[FlagResMul])
		var kk fp.Element
		kk.SetInt64(k)
		t.Mul(&kk, &r.op1)
		res.Add(&res, &t)
	}
	cols[colRes][i] = res
	var t0, t1 fp.Element
	if f[FlagPCJnz] == 1 {
		t0 = r.dst
	}
	t1.Mul(&t0, &res)
	cols[colT0][i] = t0
	cols[colT1][i] = t1
	cols[colMul][i] = mul
}

// memPair is one memory access.
type memPair struct {
	addr uint64
	val  fp.Element
}

// BuildTrace builds the main trace of a proof-mode execution: the register
// trace, the relocated memory and the public input. The trace is padded to a
// power of two (at least n_steps) by repeating the final step, which must be
// an infinite loop (`jmp rel 0`); it grows further when the spare memory or
// range-check cells do not suffice. A layout with the ecdsa builtin needs
// the signatures: see Execution.BuildTrace.
func BuildTrace(regs []RegisterState, mem *Memory, pub *PublicInput) (*Trace, error) {
	return buildTrace(regs, mem, pub, nil)
}

// buildTrace is BuildTrace with the ecdsa signatures by instance index.
func buildTrace(regs []RegisterState, mem *Memory, pub *PublicInput, sigs map[uint64]Signature) (*Trace, error) {
	if err := pub.Validate(); err != nil {
		return nil, err
	}
	lay, err := LayoutByName(pub.Layout)
	if err != nil {
		return nil, err
	}
	if len(regs) == 0 {
		return nil, fmt.Errorf("%w: empty trace", ErrBadTrace)
	}
	steps := make([]stepRow, len(regs))
	for i, r := range regs {
		if steps[i], err = decodeStep(r, mem); err != nil {
			return nil, fmt.Errorf("%w: step %d (pc %d): %v", ErrBadTrace, i, r.PC, err)
		}
	}
	// Every public memory cell must agree with the execution's memory.
	for i, e := range pub.PublicMemory {
		v, ok := mem.Get(e.Address)
		if ok && !v.Equal(e.Value.Element()) {
			return nil, fmt.Errorf("%w: public memory entry %d at address %d disagrees with memory", ErrBadTrace, i, e.Address)
		}
	}

	cols := cpuColumns()
	bi, err := newBuiltins(lay, pub, &cols)
	if err != nil {
		return nil, err
	}

	// Accessed addresses and range-checked values of the real steps.
	accessed := make(map[uint64]bool)
	rcUsed := make(map[uint64]bool)
	for i := range steps {
		s := &steps[i]
		for _, a := range []uint64{s.regs.PC, s.dstAddr, s.op0Addr, s.op1Addr} {
			accessed[a] = true
		}
		for _, o := range []uint16{s.ins.OffDst, s.ins.OffOp0, s.ins.OffOp1} {
			if uint64(o) < pub.RCMin || uint64(o) > pub.RCMax {
				return nil, fmt.Errorf("%w: step %d: offset %d outside the public range-check interval [%d, %d]", ErrBadTrace, i, o, pub.RCMin, pub.RCMax)
			}
			rcUsed[uint64(o)] = true
		}
	}

	n := nextPow2(max(len(steps), int(pub.NSteps), 2))
	// Grow the trace until every builtin segment fits its capacity.
	for bi.checkCapacity(n) != nil && n < 1<<26 {
		n *= 2
	}
	var holes []memPair
	for {
		bacc, brc, err := bi.accesses(n, mem)
		if err != nil {
			return nil, err
		}
		all := make(map[uint64]bool, len(accessed)+len(bacc))
		for a := range accessed {
			all[a] = true
		}
		for _, p := range bacc {
			all[p.addr] = true
		}
		for _, e := range pub.PublicMemory {
			all[e.Address] = true
		}
		holes = memoryHoles(all, mem)
		rcHoles := 0
		for v := pub.RCMin; v <= pub.RCMax; v++ {
			if !rcUsed[v] && !brc[v] {
				rcHoles++
			}
		}
		if len(pub.PublicMemory)+len(holes) <= n && rcHoles <= n {
			break
		}
		if n >= 1<<26 {
			return nil, fmt.Errorf("%w: too many memory or range-check holes", ErrBadTrace)
		}
		n *= 2
	}

	t := &Trace{N: n, layout: lay, cols: cols, pub: pub, sigs: sigs}
	t.Cols = make([][]fp.Element, cols.width)
	for c := range t.Cols {
		t.Cols[c] = make([]fp.Element, n)
	}
	for i := range n {
		s := &steps[min(i, len(steps)-1)]
		s.fill(t.Cols, i)
	}
	// Spare memory accesses: public-memory dummies, holes, then copies of the
	// row's instruction fetch.
	for i := range n {
		switch {
		case i < len(pub.PublicMemory):
			t.Cols[colExtraAddr][i], t.Cols[colExtraVal][i] = fp.Element{}, fp.Element{}
		case i < len(pub.PublicMemory)+len(holes):
			h := holes[i-len(pub.PublicMemory)]
			t.Cols[colExtraAddr][i], t.Cols[colExtraVal][i] = elem(h.addr), h.val
		default:
			t.Cols[colExtraAddr][i], t.Cols[colExtraVal][i] = t.Cols[colPC][i], t.Cols[colInst][i]
		}
	}
	if err := bi.fill(t, mem); err != nil {
		return nil, err
	}
	// Spare range-check values fill the holes of [rc_min, rc_max].
	rcPresent := make(map[uint64]bool)
	for _, c := range cols.rcValues {
		if c == colRCPad {
			continue
		}
		for i := range n {
			v := t.Cols[c][i]
			if !v.IsUint64() || v.Uint64() < pub.RCMin || v.Uint64() > pub.RCMax {
				return nil, fmt.Errorf("%w: row %d: range-checked value %s outside [%d, %d]", ErrBadTrace, i, v.String(), pub.RCMin, pub.RCMax)
			}
			rcPresent[v.Uint64()] = true
		}
	}
	i := 0
	for v := pub.RCMin; v <= pub.RCMax; v++ {
		if !rcPresent[v] {
			t.Cols[colRCPad][i] = elem(v)
			i++
		}
	}
	for ; i < n; i++ {
		t.Cols[colRCPad][i] = elem(pub.RCMin)
	}
	if err := t.fillSorted(); err != nil {
		return nil, err
	}
	return t, nil
}

// memoryHoles lists the addresses between the smallest and largest accessed
// address that nothing accesses, with their memory value (0 if unset).
func memoryHoles(accessed map[uint64]bool, mem *Memory) []memPair {
	if len(accessed) == 0 {
		return nil
	}
	lo, hi := ^uint64(0), uint64(0)
	for a := range accessed {
		lo, hi = min(lo, a), max(hi, a)
	}
	var holes []memPair
	for a := lo; a <= hi; a++ {
		if !accessed[a] {
			v, _ := mem.Get(a)
			holes = append(holes, memPair{addr: a, val: v})
		}
	}
	return holes
}

// fillSorted writes the sorted memory and range-check columns.
func (t *Trace) fillSorted() error {
	c := &t.cols
	pairs := make([]memPair, 0, t.N*len(c.memPairs))
	dummies := 0
	for i := range t.N {
		for _, p := range c.memPairs {
			a, v := t.Cols[p[0]][i], t.Cols[p[1]][i]
			if a.IsZero() && v.IsZero() && dummies < len(t.pub.PublicMemory) {
				dummies++
				continue
			}
			pairs = append(pairs, memPair{addr: a.Uint64(), val: v})
		}
	}
	if dummies != len(t.pub.PublicMemory) {
		return fmt.Errorf("%w: %d public memory dummies for %d public cells", ErrBadTrace, dummies, len(t.pub.PublicMemory))
	}
	for _, e := range t.pub.PublicMemory {
		pairs = append(pairs, memPair{addr: e.Address, val: *e.Value.Element()})
	}
	pairs = sortMemPairs(pairs)
	for k := 1; k < len(pairs); k++ {
		if pairs[k].addr == pairs[k-1].addr && !pairs[k].val.Equal(&pairs[k-1].val) {
			return fmt.Errorf("%w: memory cell %d read with two values", ErrBadTrace, pairs[k].addr)
		}
		if pairs[k].addr > pairs[k-1].addr+1 {
			return fmt.Errorf("%w: memory gap after address %d", ErrBadTrace, pairs[k-1].addr)
		}
	}
	w := len(c.memSorted)
	for k, p := range pairs {
		i, j := k/w, k%w
		t.Cols[c.memSorted[j][0]][i] = elem(p.addr)
		t.Cols[c.memSorted[j][1]][i] = p.val
	}

	vals := make([]uint64, 0, t.N*len(c.rcValues))
	for i := range t.N {
		for _, col := range c.rcValues {
			vals = append(vals, t.Cols[col][i].Uint64())
		}
	}
	slices.Sort(vals)
	w = len(c.rcSorted)
	for k, v := range vals {
		t.Cols[c.rcSorted[k%w]][k/w] = elem(v)
	}
	return nil
}
