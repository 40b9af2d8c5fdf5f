package cairo

import (
	"errors"
	"fmt"
)

// padProof runs the __end__ loop (jmp rel 0) until the step count is a
// power of two (and a multiple of the layout's cpu component step) that
// leaves room for every builtin, the range-check units, the diluted pool
// and the memory holes (cairo-lang end_run with proof_mode).
func (r *Runner) padProof() error {
	if err := r.runUntilNextPow2(); err != nil {
		return err
	}
	for {
		err := r.checkUsedCells()
		if err == nil {
			return nil
		}
		if !errors.Is(err, errInsufficient) {
			return err
		}
		if r.VM.CurrentStep >= r.cfg.MaxSteps {
			return fmt.Errorf("%w: %v", ErrMaxSteps, err)
		}
		if err := r.VM.RunSteps(1); err != nil {
			return err
		}
		if err := r.runUntilNextPow2(); err != nil {
			return err
		}
	}
}

func (r *Runner) runUntilNextPow2() error {
	n := r.VM.CurrentStep
	target := uint64(1)
	for target < n {
		target <<= 1
	}
	step := uint64(r.Layout.CPUComponentStep)
	if step > 1 && target%step != 0 {
		target += step - target%step
	}
	if target > r.cfg.MaxSteps {
		return fmt.Errorf("%w: padding to %d steps", ErrMaxSteps, target)
	}
	return r.VM.RunSteps(target - n)
}

// checkUsedCells returns errInsufficient if the current step count does not
// fit the layout (cairo-lang check_used_cells).
func (r *Runner) checkUsedCells() error {
	steps := r.VM.CurrentStep
	mem := r.VM.Mem
	builtinUnits := 0
	rcUsed := 0
	dilutedUsed := 0
	for _, b := range r.Builtins {
		alloc, err := b.AllocatedCells(mem, steps)
		if err != nil {
			return err
		}
		if used := b.UsedCells(mem); used > alloc {
			return fmt.Errorf("%w: %s uses %d cells, %d allocated", errInsufficient, b.Name, used, alloc)
		}
		builtinUnits += alloc
		rcUsed += b.UsedCells(mem) * b.RCParts
		if r.Layout.Diluted != nil && b.Name == "bitwise" {
			dilutedUsed += bitwiseDilutedUnits(r.Layout.Diluted.Spacing, r.Layout.Diluted.NBits) * (alloc / b.CellsPerInstance)
		}
	}
	// range checks
	rcMin, rcMax, err := r.RangeCheckLimits()
	if err != nil {
		return err
	}
	unusedRC := (r.Layout.RCUnits-3)*int(steps) - rcUsed
	if unusedRC < rcMax-rcMin {
		return fmt.Errorf("%w: range-check units: %d unused < %d", errInsufficient, unusedRC, rcMax-rcMin)
	}
	// diluted pool
	if d := r.Layout.Diluted; d != nil {
		unused := d.UnitsPerStep*int(steps) - dilutedUsed
		if unused < 1<<d.NBits {
			return fmt.Errorf("%w: diluted units: %d unused < %d", errInsufficient, unused, 1<<d.NBits)
		}
	}
	// memory
	total := r.Layout.MemoryUnitsPerStep * int(steps)
	public := total / r.Layout.PublicMemoryFraction
	unusedMem := total - (public + 4*int(steps) + builtinUnits)
	holes, err := r.memoryHoles()
	if err != nil {
		return err
	}
	if unusedMem < holes {
		return fmt.Errorf("%w: memory units: %d unused < %d holes", errInsufficient, unusedMem, holes)
	}
	return nil
}

// bitwiseDilutedUnits is cairo-lang's BitwiseBuiltinRunner.get_used_diluted_check_units
// for total_n_bits = 251.
func bitwiseDilutedUnits(spacing, nBits int) int {
	const totalBits = 251
	step := spacing * nBits
	n := (totalBits + step - 1) / step
	partition, trimmed := 0, 0
	for i := 0; i < n; i++ {
		for j := 0; j < spacing; j++ {
			x := i*step + j
			partition++
			if x+spacing*(nBits-1)+1 > totalBits {
				trimmed++
			}
		}
	}
	return 4*partition + trimmed
}

// memoryHoles counts written-but-unaccessed cells as cairo-vm does: per
// non-builtin segment (the output segment counts) that the VM accessed,
// its size minus its accessed cells.
func (r *Runner) memoryHoles() (int, error) {
	if err := r.VM.updateAccessed(); err != nil {
		return 0, err
	}
	builtinSeg := map[int]bool{}
	for _, b := range r.Builtins {
		if b.Name != "output" {
			builtinSeg[b.Base.Segment] = true
		}
	}
	holes := 0
	for seg := 0; seg < r.VM.Mem.NumSegments(); seg++ {
		if builtinSeg[seg] {
			continue
		}
		acc := r.VM.accessedCount(seg)
		if acc == 0 {
			continue
		}
		if size := r.segmentSize(seg); size > acc {
			holes += size - acc
		}
	}
	return holes, nil
}

// segmentSize is a segment's size for relocation: the finalized size when
// set (proof mode), else its used size.
func (r *Runner) segmentSize(seg int) int {
	if n, ok := r.segmentSizes[seg]; ok {
		return n
	}
	return r.VM.Mem.SegmentUsedSize(seg)
}

// RangeCheckLimits returns the min and max 16-bit range-check values used
// by the executed instructions' biased offsets and the range_check
// builtin's 16-bit parts (cairo-lang get_perm_range_check_limits).
func (r *Runner) RangeCheckLimits() (rcMin, rcMax int, err error) {
	rcMin, rcMax = 1<<16, -1
	upd := func(v int) {
		if v < rcMin {
			rcMin = v
		}
		if v > rcMax {
			rcMax = v
		}
	}
	// Every executed instruction is in the decode cache (and only those).
	for _, seg := range r.VM.icache {
		for i := range seg {
			if !seg[i].ok {
				continue
			}
			ins := &seg[i].ins
			upd(ins.OffDst + offsetBias)
			upd(ins.OffOp0 + offsetBias)
			upd(ins.OffOp1 + offsetBias)
		}
	}
	for _, b := range r.Builtins {
		if b.RCParts == 0 {
			continue
		}
		n := b.UsedCells(r.VM.Mem)
		for i := 0; i < n; i++ {
			v, ok := r.VM.Mem.Get(Relocatable{b.Base.Segment, i})
			if !ok {
				continue
			}
			f, _ := v.Felt()
			w := f.Words()
			for p := 0; p < b.RCParts; p++ {
				upd(int(w[p/4] >> (16 * (p % 4)) & 0xffff))
			}
		}
	}
	if rcMax < 0 {
		return 0, 0, nil
	}
	return rcMin, rcMax, nil
}
