package starknet

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// EntryPoint is one CASM entry point: the function selector, its offset in
// the bytecode and the builtins it expects (names like "range_check").
type EntryPoint struct {
	Selector felt.Felt `json:"selector"`
	Offset   uint64    `json:"offset"`
	Builtins []string  `json:"builtins"`
}

// EntryPointsByType groups a class's entry points, each list sorted by selector.
type EntryPointsByType struct {
	External    []EntryPoint `json:"EXTERNAL"`
	L1Handler   []EntryPoint `json:"L1_HANDLER"`
	Constructor []EntryPoint `json:"CONSTRUCTOR"`
}

// SegmentLengths is CASM's bytecode_segment_lengths: either a leaf length
// (Children == nil) or a list of nested segments.
type SegmentLengths struct {
	Length   uint64
	Children []SegmentLengths
}

// Class is a Cairo 1 CASM contract class (Scarb's .compiled_contract_class.json
// shape). Cairn declares and stores CASM directly since no Sierra compiler
// runs here; Hash is Cairn's class hash over the CASM (see Hash).
type Class struct {
	CompilerVersion string
	Bytecode        []felt.Felt
	// SegmentLengths is nil when the class has no bytecode_segment_lengths
	// (the whole bytecode is one segment).
	SegmentLengths *SegmentLengths
	// Hints is the CASM "hints" array, compacted JSON as the VM's CASM loader
	// reads it ("[]" when the class has none).
	Hints       json.RawMessage
	EntryPoints EntryPointsByType
}

// EntryPoint returns the entry point with the selector in the given list, or
// ErrEntryPointNotFound.
func (c *Class) EntryPoint(kind EntryPointKind, selector felt.Felt) (*EntryPoint, error) {
	list := c.entryPoints(kind)
	for i := range list {
		if list[i].Selector.Equal(&selector) {
			return &list[i], nil
		}
	}
	return nil, fmt.Errorf("%s entry point %s: %w", kind, selector.Hex(), ErrEntryPointNotFound)
}

// EntryPointKind selects a list in EntryPointsByType.
type EntryPointKind uint8

// Entry point kinds.
const (
	EntryPointExternal EntryPointKind = iota
	EntryPointL1Handler
	EntryPointConstructor
)

// String returns the CASM name of the kind.
func (k EntryPointKind) String() string {
	switch k {
	case EntryPointExternal:
		return "EXTERNAL"
	case EntryPointL1Handler:
		return "L1_HANDLER"
	case EntryPointConstructor:
		return "CONSTRUCTOR"
	}
	return "UNKNOWN"
}

func (c *Class) entryPoints(kind EntryPointKind) []EntryPoint {
	switch kind {
	case EntryPointExternal:
		return c.EntryPoints.External
	case EntryPointL1Handler:
		return c.EntryPoints.L1Handler
	case EntryPointConstructor:
		return c.EntryPoints.Constructor
	}
	return nil
}

// validate checks the structural rules Cairn relies on: entry points sorted
// by strictly increasing selector with offsets inside the bytecode, segment
// lengths summing to the bytecode length, hints being a JSON array.
func (c *Class) validate() error {
	n := uint64(len(c.Bytecode))
	for _, kind := range []EntryPointKind{EntryPointExternal, EntryPointL1Handler, EntryPointConstructor} {
		list := c.entryPoints(kind)
		for i := range list {
			if list[i].Offset >= n {
				return fmt.Errorf("%w: %s entry point %d offset %d outside bytecode of %d", ErrMalformedClass, kind, i, list[i].Offset, n)
			}
			if i > 0 && list[i-1].Selector.Cmp(&list[i].Selector) >= 0 {
				return fmt.Errorf("%w: %s entry points not sorted by selector at %d", ErrMalformedClass, kind, i)
			}
		}
	}
	if kind := len(c.EntryPoints.Constructor); kind > 1 {
		return fmt.Errorf("%w: %d constructors", ErrMalformedClass, kind)
	}
	if c.SegmentLengths != nil {
		total, err := c.SegmentLengths.total(0)
		if err != nil {
			return err
		}
		if total != n {
			return fmt.Errorf("%w: bytecode_segment_lengths sum %d != bytecode length %d", ErrMalformedClass, total, n)
		}
	}
	h := bytes.TrimSpace(c.Hints)
	if len(h) == 0 || h[0] != '[' || !json.Valid(h) {
		return fmt.Errorf("%w: hints is not a JSON array", ErrMalformedClass)
	}
	return nil
}

// maxSegmentDepth bounds the nesting of bytecode_segment_lengths.
const maxSegmentDepth = 8

func (s *SegmentLengths) total(depth int) (uint64, error) {
	if depth > maxSegmentDepth {
		return 0, fmt.Errorf("%w: bytecode_segment_lengths nested deeper than %d", ErrMalformedClass, maxSegmentDepth)
	}
	if s.Children == nil {
		return s.Length, nil
	}
	if len(s.Children) == 0 {
		return 0, fmt.Errorf("%w: empty bytecode segment list", ErrMalformedClass)
	}
	var sum uint64
	for i := range s.Children {
		t, err := s.Children[i].total(depth + 1)
		if err != nil {
			return 0, err
		}
		if sum+t < sum {
			return 0, fmt.Errorf("%w: bytecode_segment_lengths overflow", ErrMalformedClass)
		}
		sum += t
	}
	return sum, nil
}
