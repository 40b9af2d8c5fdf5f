package cairo

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/cairnchain/cairn/execution/felt"
)

// TraceEntry is one step's registers relocated to linear addresses.
type TraceEntry struct {
	AP, FP, PC uint64
}

// Relocated is a finished run in cairo-lang's linear address space:
// segment i starts at SegmentBases[i] (segment 0 at address 1) and segments
// follow each other in order, each as long as its size.
type Relocated struct {
	Trace []TraceEntry
	// Memory[addr] is the value at addr where Present[addr]; index 0 is unused.
	Memory  []felt.Felt
	Present []bool
	// SegmentBases[i] is the first address of segment i; the last entry is
	// one past the end of memory.
	SegmentBases []uint64
}

// finalizeSegments fixes segment sizes as cairo-lang's finalize_segments
// does in proof mode: the program segment is the program's length and
// builtin segments are their allocated size.
func (r *Runner) finalizeSegments() error {
	if r.finalized || !r.cfg.ProofMode {
		return nil
	}
	r.segmentSizes[r.ProgramBase.Segment] = len(r.Program.Data)
	for _, b := range r.Builtins {
		n, err := b.AllocatedCells(r.VM.Mem, r.VM.CurrentStep)
		if err != nil {
			return err
		}
		r.segmentSizes[b.Base.Segment] = n
	}
	r.finalized = true
	return nil
}

// segmentBases returns the relocation table.
func (r *Runner) segmentBases() []uint64 {
	n := r.VM.Mem.NumSegments()
	bases := make([]uint64, n+1)
	bases[0] = 1
	for i := 0; i < n; i++ {
		bases[i+1] = bases[i] + uint64(r.segmentSize(i))
	}
	return bases
}

func relocAddr(bases []uint64, a Relocatable) (uint64, error) {
	if a.Segment < 0 || a.Segment >= len(bases)-1 {
		return 0, fmt.Errorf("%w: relocate %s", ErrBadAddress, a)
	}
	return bases[a.Segment] + uint64(a.Offset), nil
}

// Relocate returns the run's trace and memory in the linear address space.
// It must follow Run (EndRun).
func (r *Runner) Relocate() (*Relocated, error) {
	if !r.ended {
		return nil, fmt.Errorf("relocate: the run has not ended")
	}
	if err := r.finalizeSegments(); err != nil {
		return nil, err
	}
	bases := r.segmentBases()
	out := &Relocated{SegmentBases: bases}
	total := bases[len(bases)-1]
	out.Memory = make([]felt.Felt, total)
	out.Present = make([]bool, total)
	mem := r.VM.Mem
	for seg := 0; seg < mem.NumSegments(); seg++ {
		cells := mem.segs[seg]
		if len(cells) > r.segmentSize(seg) {
			return nil, fmt.Errorf("%w: segment %d has %d cells, larger than its size %d", ErrLayout, seg, len(cells), r.segmentSize(seg))
		}
		for off := range cells {
			v := &cells[off]
			if v.kind == kindNone {
				continue
			}
			addr := bases[seg] + uint64(off)
			switch v.kind {
			case kindFelt:
				out.Memory[addr] = v.f
			case kindRel:
				ra, err := relocAddr(bases, v.rel())
				if err != nil {
					return nil, fmt.Errorf("relocate value at %d:%d: %w", seg, off, err)
				}
				out.Memory[addr] = felt.FromUint64(ra)
			}
			out.Present[addr] = true
		}
	}
	out.Trace = make([]TraceEntry, r.VM.trace.Len())
	for i := range out.Trace {
		tpc, tap, tfp := r.VM.trace.registers(i)
		pc, err1 := relocAddr(bases, tpc)
		ap, err2 := relocAddr(bases, tap)
		fp, err3 := relocAddr(bases, tfp)
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("relocate trace step %d: %w", i, ErrBadAddress)
		}
		out.Trace[i] = TraceEntry{AP: ap, FP: fp, PC: pc}
	}
	return out, nil
}

// WriteTrace writes cairo-lang's binary trace file: ap, fp, pc as
// little-endian u64 for each step.
func (rl *Relocated) WriteTrace(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf [24]byte
	for _, t := range rl.Trace {
		binary.LittleEndian.PutUint64(buf[0:], t.AP)
		binary.LittleEndian.PutUint64(buf[8:], t.FP)
		binary.LittleEndian.PutUint64(buf[16:], t.PC)
		if _, err := bw.Write(buf[:]); err != nil {
			return fmt.Errorf("write trace: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write trace: %w", err)
	}
	return nil
}

// WriteMemory writes cairo-lang's binary memory file: for each present
// cell in address order, the address as little-endian u64 and the value as
// 32 little-endian bytes.
func (rl *Relocated) WriteMemory(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf [40]byte
	for addr, ok := range rl.Present {
		if !ok {
			continue
		}
		binary.LittleEndian.PutUint64(buf[0:], uint64(addr))
		le := rl.Memory[addr].LEBytes()
		copy(buf[8:], le[:])
		if _, err := bw.Write(buf[:]); err != nil {
			return fmt.Errorf("write memory: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write memory: %w", err)
	}
	return nil
}
