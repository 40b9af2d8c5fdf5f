package air

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/cairnchain/cairn/execution/felt"
)

// Segment is a memory segment's relocated bounds: cells [BeginAddr, StopPtr).
type Segment struct {
	BeginAddr uint64 `json:"begin_addr"`
	StopPtr   uint64 `json:"stop_ptr"`
}

// PublicMemoryEntry is one cell of public memory.
type PublicMemoryEntry struct {
	Address uint64    `json:"address"`
	Value   felt.Felt `json:"value"`
	Page    uint64    `json:"page"`
}

// PublicInput is the AIR public input in cairo-lang's air_public_input.json
// format (as written by `cairn run --proof-mode --air-public-input`).
type PublicInput struct {
	Layout         string              `json:"layout"`
	RCMin          uint64              `json:"rc_min"`
	RCMax          uint64              `json:"rc_max"`
	NSteps         uint64              `json:"n_steps"`
	MemorySegments map[string]Segment  `json:"memory_segments"`
	PublicMemory   []PublicMemoryEntry `json:"public_memory"`
}

// Segment names used by the AIR.
const (
	SegProgram    = "program"
	SegExecution  = "execution"
	SegOutput     = "output"
	SegRangeCheck = "range_check"
	SegBitwise    = "bitwise"
	SegPoseidon   = "poseidon"
	SegECOp       = "ec_op"
	SegPedersen   = "pedersen"
	SegECDSA      = "ecdsa"
)

// maxAddress bounds every address so that address arithmetic in the field
// can never wrap.
const maxAddress = uint64(1) << 62

// ParsePublicInput decodes and validates an air_public_input.json document.
func ParsePublicInput(data []byte) (*PublicInput, error) {
	var pi PublicInput
	if err := json.Unmarshal(data, &pi); err != nil {
		return nil, fmt.Errorf("%w: decode json: %v", ErrBadPublicInput, err)
	}
	if err := pi.Validate(); err != nil {
		return nil, err
	}
	return &pi, nil
}

// Validate checks the public input's internal consistency: a known layout,
// the program and execution segments, a 16-bit range-check interval,
// addresses below 2^62, and builtin pointers on the initial and final stack
// that match the builtin segments (checkBuiltinStack).
func (pi *PublicInput) Validate() error {
	lay, err := LayoutByName(pi.Layout)
	if err != nil {
		return err
	}
	if pi.RCMin > pi.RCMax || pi.RCMax >= 1<<16 {
		return fmt.Errorf("%w: range-check interval [%d, %d] not within [0, 2^16)", ErrBadPublicInput, pi.RCMin, pi.RCMax)
	}
	if pi.NSteps == 0 || pi.NSteps > math.MaxInt32 {
		return fmt.Errorf("%w: n_steps %d", ErrBadPublicInput, pi.NSteps)
	}
	for _, name := range []string{SegProgram, SegExecution} {
		if _, ok := pi.MemorySegments[name]; !ok {
			return fmt.Errorf("%w: missing memory segment %q", ErrBadPublicInput, name)
		}
	}
	if prog := pi.MemorySegments[SegProgram]; prog.BeginAddr != 1 {
		return fmt.Errorf("%w: program segment starts at %d, not 1", ErrBadPublicInput, prog.BeginAddr)
	}
	if exec := pi.MemorySegments[SegExecution]; exec.StopPtr < exec.BeginAddr+execPrefix {
		return fmt.Errorf("%w: execution segment [%d, %d) shorter than its %d-cell prefix", ErrBadPublicInput, exec.BeginAddr, exec.StopPtr, execPrefix)
	}
	for _, name := range pi.segmentNames() {
		s := pi.MemorySegments[name]
		if s.BeginAddr == 0 || s.BeginAddr > s.StopPtr || s.StopPtr >= maxAddress {
			return fmt.Errorf("%w: segment %q bounds [%d, %d)", ErrBadPublicInput, name, s.BeginAddr, s.StopPtr)
		}
		if !lay.hasSegment(name) && s.StopPtr != s.BeginAddr {
			return fmt.Errorf("%w: layout %q cannot prove the %d cells of segment %q", ErrUnsupportedLayout, pi.Layout, s.StopPtr-s.BeginAddr, name)
		}
	}
	for i, e := range pi.PublicMemory {
		if e.Address == 0 || e.Address >= maxAddress {
			return fmt.Errorf("%w: public memory entry %d: address %d", ErrBadPublicInput, i, e.Address)
		}
	}
	return pi.checkBuiltinStack()
}

// segmentNames returns the segment names in sorted order.
func (pi *PublicInput) segmentNames() []string {
	names := make([]string, 0, len(pi.MemorySegments))
	for n := range pi.MemorySegments {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// SegmentValues returns the public memory values of the named segment's cells
// [begin, stop) in address order, and false if any of them is not public.
func (pi *PublicInput) SegmentValues(name string) ([]felt.Felt, bool) {
	s, ok := pi.MemorySegments[name]
	if !ok {
		return nil, false
	}
	byAddr := make(map[uint64]felt.Felt, len(pi.PublicMemory))
	for _, e := range pi.PublicMemory {
		byAddr[e.Address] = e.Value
	}
	out := make([]felt.Felt, 0, s.StopPtr-s.BeginAddr)
	for a := s.BeginAddr; a < s.StopPtr; a++ {
		v, ok := byAddr[a]
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

// Marshal encodes the public input as canonical JSON (sorted segment names,
// public memory in the given order).
func (pi *PublicInput) Marshal() ([]byte, error) {
	return json.Marshal(pi)
}
