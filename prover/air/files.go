package air

import (
	"encoding/binary"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// RegisterState is one relocated trace entry: the registers before a step.
type RegisterState struct {
	AP, FP, PC uint64
}

// Memory is relocated memory: Values[a] is the cell at address a when
// Known[a] is set. Address 0 is never used.
type Memory struct {
	Values []fp.Element
	Known  []bool
}

// Get returns the cell at address a and whether it is set.
func (m *Memory) Get(a uint64) (fp.Element, bool) {
	if a >= uint64(len(m.Values)) || !m.Known[a] {
		return fp.Element{}, false
	}
	return m.Values[a], true
}

// Set writes v at address a, growing the memory as needed.
func (m *Memory) Set(a uint64, v fp.Element) {
	for uint64(len(m.Values)) <= a {
		m.Values = append(m.Values, fp.Element{})
		m.Known = append(m.Known, false)
	}
	m.Values[a] = v
	m.Known[a] = true
}

const (
	traceEntryBytes  = 24
	memoryEntryBytes = 40
	// maxMemoryAddress bounds the addresses accepted from a memory file; the
	// memory is held densely.
	maxMemoryAddress = 1 << 24
)

// DecodeTrace parses cairo-lang's binary trace format: per step ap, fp, pc as
// little-endian uint64.
func DecodeTrace(data []byte) ([]RegisterState, error) {
	if len(data)%traceEntryBytes != 0 {
		return nil, fmt.Errorf("%w: trace file length %d is not a multiple of %d", ErrBadTrace, len(data), traceEntryBytes)
	}
	out := make([]RegisterState, len(data)/traceEntryBytes)
	for i := range out {
		b := data[i*traceEntryBytes:]
		out[i] = RegisterState{
			AP: binary.LittleEndian.Uint64(b[0:]),
			FP: binary.LittleEndian.Uint64(b[8:]),
			PC: binary.LittleEndian.Uint64(b[16:]),
		}
		if out[i].AP >= maxAddress || out[i].FP >= maxAddress || out[i].PC >= maxAddress {
			return nil, fmt.Errorf("%w: trace entry %d: register out of range", ErrBadTrace, i)
		}
	}
	return out, nil
}

// EncodeTrace writes the binary trace format read by DecodeTrace.
func EncodeTrace(trace []RegisterState) []byte {
	out := make([]byte, 0, len(trace)*traceEntryBytes)
	for _, s := range trace {
		out = binary.LittleEndian.AppendUint64(out, s.AP)
		out = binary.LittleEndian.AppendUint64(out, s.FP)
		out = binary.LittleEndian.AppendUint64(out, s.PC)
	}
	return out
}

// DecodeMemory parses cairo-lang's binary memory format: per cell the address
// as little-endian uint64 and the value as 32 little-endian bytes below p.
func DecodeMemory(data []byte) (*Memory, error) {
	if len(data)%memoryEntryBytes != 0 {
		return nil, fmt.Errorf("%w: memory file length %d is not a multiple of %d", ErrBadTrace, len(data), memoryEntryBytes)
	}
	m := &Memory{}
	for i := 0; i < len(data)/memoryEntryBytes; i++ {
		b := data[i*memoryEntryBytes:]
		addr := binary.LittleEndian.Uint64(b)
		if addr == 0 || addr >= maxMemoryAddress {
			return nil, fmt.Errorf("%w: memory entry %d: address %d out of range", ErrBadTrace, i, addr)
		}
		var le [32]byte
		copy(le[:], b[8:40])
		v, err := fp.LittleEndian.Element(&le)
		if err != nil {
			return nil, fmt.Errorf("%w: memory entry %d at address %d: %v", ErrBadTrace, i, addr, err)
		}
		if old, ok := m.Get(addr); ok && !old.Equal(&v) {
			return nil, fmt.Errorf("%w: memory entry %d: address %d written twice", ErrBadTrace, i, addr)
		}
		m.Set(addr, v)
	}
	return m, nil
}

// EncodeMemory writes the binary memory format read by DecodeMemory, in
// address order.
func EncodeMemory(m *Memory) []byte {
	var out []byte
	for a, ok := range m.Known {
		if !ok {
			continue
		}
		out = binary.LittleEndian.AppendUint64(out, uint64(a))
		f := felt.FromElement(m.Values[a])
		le := f.LEBytes()
		out = append(out, le[:]...)
	}
	return out
}
