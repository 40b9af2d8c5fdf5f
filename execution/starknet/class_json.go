package starknet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// casmPrime is the prime field CASM classes must declare.
var casmPrime = felt.Modulus()

// casmJSON is Scarb's .compiled_contract_class.json shape (and the spec's
// CASM_COMPILED_CONTRACT_CLASS).
type casmJSON struct {
	Prime                  string            `json:"prime"`
	CompilerVersion        string            `json:"compiler_version"`
	Bytecode               []felt.Felt       `json:"bytecode"`
	BytecodeSegmentLengths json.RawMessage   `json:"bytecode_segment_lengths,omitempty"`
	Hints                  json.RawMessage   `json:"hints"`
	EntryPointsByType      EntryPointsByType `json:"entry_points_by_type"`
}

// ParseCASM parses a CASM contract class JSON (Scarb's
// .compiled_contract_class.json, or the assembler's ClassJSON). Fields other
// than the CASM ones (e.g. pythonic_hints) are ignored. A Sierra class
// (sierra_program) is rejected with ErrCompilationFailed since Cairn has no
// Sierra compiler.
func ParseCASM(b []byte) (*Class, error) {
	var probe struct {
		Sierra json.RawMessage `json:"sierra_program"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("%w: class JSON: %v", ErrMalformedClass, err)
	}
	if len(probe.Sierra) > 0 {
		return nil, fmt.Errorf("%w: Sierra classes cannot be compiled by Cairn; declare the CASM (compiled_contract_class) instead", ErrCompilationFailed)
	}
	var j casmJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("%w: CASM JSON: %v", ErrMalformedClass, err)
	}
	if p, ok := new(big.Int).SetString(trimHex(j.Prime), 16); !ok || p.Cmp(casmPrime) != 0 {
		return nil, fmt.Errorf("%w: prime %q is not the Stark prime", ErrMalformedClass, j.Prime)
	}
	c := &Class{CompilerVersion: j.CompilerVersion, Bytecode: j.Bytecode, EntryPoints: j.EntryPointsByType}
	if len(j.BytecodeSegmentLengths) > 0 && string(j.BytecodeSegmentLengths) != "null" {
		s, err := parseSegments(j.BytecodeSegmentLengths, 0)
		if err != nil {
			return nil, err
		}
		c.SegmentLengths = s
	}
	if len(j.Hints) == 0 || string(j.Hints) == "null" {
		j.Hints = json.RawMessage("[]")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, j.Hints); err != nil {
		return nil, fmt.Errorf("%w: hints: %v", ErrMalformedClass, err)
	}
	c.Hints = buf.Bytes()
	for _, list := range []*[]EntryPoint{&c.EntryPoints.External, &c.EntryPoints.L1Handler, &c.EntryPoints.Constructor} {
		if *list == nil {
			*list = []EntryPoint{}
		}
		for i := range *list {
			if (*list)[i].Builtins == nil {
				(*list)[i].Builtins = []string{}
			}
		}
	}
	if c.Bytecode == nil {
		c.Bytecode = []felt.Felt{}
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func trimHex(s string) string {
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		return s[2:]
	}
	return s
}

func parseSegments(raw json.RawMessage, depth int) (*SegmentLengths, error) {
	if depth > maxSegmentDepth {
		return nil, fmt.Errorf("%w: bytecode_segment_lengths nested deeper than %d", ErrMalformedClass, maxSegmentDepth)
	}
	var n uint64
	if err := json.Unmarshal(raw, &n); err == nil {
		return &SegmentLengths{Length: n}, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("%w: bytecode_segment_lengths: %v", ErrMalformedClass, err)
	}
	s := &SegmentLengths{Children: make([]SegmentLengths, len(list))}
	for i, item := range list {
		c, err := parseSegments(item, depth+1)
		if err != nil {
			return nil, err
		}
		s.Children[i] = *c
	}
	return s, nil
}

// MarshalJSON writes the class in the CASM contract class JSON shape.
func (c *Class) MarshalJSON() ([]byte, error) {
	j := casmJSON{
		Prime: "0x" + casmPrime.Text(16), CompilerVersion: c.CompilerVersion,
		Bytecode: c.Bytecode, Hints: c.Hints, EntryPointsByType: c.EntryPoints,
	}
	if c.SegmentLengths != nil {
		seg, err := json.Marshal(segmentsValue(c.SegmentLengths))
		if err != nil {
			return nil, fmt.Errorf("marshal bytecode_segment_lengths: %w", err)
		}
		j.BytecodeSegmentLengths = seg
	}
	return json.Marshal(j)
}

func segmentsValue(s *SegmentLengths) any {
	if s.Children == nil {
		return s.Length
	}
	out := make([]any, len(s.Children))
	for i := range s.Children {
		out[i] = segmentsValue(&s.Children[i])
	}
	return out
}

// UnmarshalJSON parses the CASM shape (see ParseCASM).
func (c *Class) UnmarshalJSON(b []byte) error {
	p, err := ParseCASM(b)
	if err != nil {
		return err
	}
	*c = *p
	return nil
}
