package cairo

import "fmt"

// rawTrace is one step's registers before relocation, each packed by
// packRel into 64 bits (24 bits of segment, 40 bits of offset): 24 bytes a step.
type rawTrace struct{ pc, ap, fp uint64 }

const (
	traceOffBits = 40
	traceSegMax  = 1 << 24
	// traceChunk is the number of entries per trace chunk. Chunks are never
	// copied, so a traced step costs 24 bytes and nothing for slice growth.
	traceChunkBits = 16
	traceChunk     = 1 << traceChunkBits
)

// packRel packs r for the trace; ok is false if r does not fit.
func packRel(r Relocatable) (uint64, bool) {
	if uint64(r.Segment) >= traceSegMax || uint64(r.Offset) >= 1<<traceOffBits {
		return 0, false
	}
	return uint64(r.Segment)<<traceOffBits | uint64(r.Offset), true
}

func unpackRel(w uint64) Relocatable {
	return Relocatable{Segment: int(w >> traceOffBits), Offset: int(w & (1<<traceOffBits - 1))}
}

// traceBuf is the register trace: fixed-size chunks appended as needed.
type traceBuf struct {
	chunks [][]rawTrace
	n      int
}

// Len returns the number of recorded steps.
func (t *traceBuf) Len() int { return t.n }

func (t *traceBuf) add(e rawTrace) {
	i := t.n & (traceChunk - 1)
	if i == 0 {
		t.chunks = append(t.chunks, make([]rawTrace, traceChunk))
	}
	t.chunks[len(t.chunks)-1][i] = e
	t.n++
}

// at returns step i's entry (0 <= i < Len()).
func (t *traceBuf) at(i int) rawTrace { return t.chunks[i>>traceChunkBits][i&(traceChunk-1)] }

// registers returns step i's pc, ap and fp.
func (t *traceBuf) registers(i int) (pc, ap, fp Relocatable) {
	e := t.at(i)
	return unpackRel(e.pc), unpackRel(e.ap), unpackRel(e.fp)
}

func (vm *VM) recordTrace() error {
	pc, ok1 := packRel(vm.PC)
	ap, ok2 := packRel(vm.AP)
	fp, ok3 := packRel(vm.FP)
	if !ok1 || !ok2 || !ok3 {
		return fmt.Errorf("%w: registers pc %s, ap %s, fp %s do not fit the trace", ErrBadAddress, vm.PC, vm.AP, vm.FP)
	}
	vm.trace.add(rawTrace{pc, ap, fp})
	return nil
}
