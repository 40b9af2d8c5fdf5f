package starknet

import (
	"bytes"
	"encoding/json"
)

// class encoding: compiler_version string | bytecode felts |
// segment lengths (0 = none, 1 then a node) | hints JSON bytes (compact) |
// EXTERNAL, L1_HANDLER, CONSTRUCTOR entry point lists, each entry
// selector felt | offset u64 | builtin name list.
func (e *encoder) class(c *Class) {
	if c == nil {
		c = &Class{Hints: json.RawMessage("[]")}
	}
	e.bytes([]byte(c.CompilerVersion))
	e.felts(c.Bytecode)
	if c.SegmentLengths == nil {
		e.byte1(0)
	} else {
		e.byte1(1)
		e.segments(c.SegmentLengths)
	}
	e.bytes(c.Hints)
	for _, list := range [][]EntryPoint{c.EntryPoints.External, c.EntryPoints.L1Handler, c.EntryPoints.Constructor} {
		e.u32(uint32(len(list)))
		for _, ep := range list {
			e.felt(ep.Selector)
			e.u64(ep.Offset)
			e.u32(uint32(len(ep.Builtins)))
			for _, b := range ep.Builtins {
				e.bytes([]byte(b))
			}
		}
	}
}

// segment node: 0 | u64 length (leaf) or 1 | u32 n | n nodes.
func (e *encoder) segments(s *SegmentLengths) {
	if s.Children == nil {
		e.byte1(0)
		e.u64(s.Length)
		return
	}
	e.byte1(1)
	e.u32(uint32(len(s.Children)))
	for i := range s.Children {
		e.segments(&s.Children[i])
	}
}

func (d *decoder) class() *Class {
	c := &Class{}
	c.CompilerVersion = string(d.bytes(maxString))
	c.Bytecode = d.felts(MaxBytecode)
	switch flag := d.byte1(); flag {
	case 0:
	case 1:
		c.SegmentLengths = d.segments(0)
	default:
		d.fail("segment lengths flag %d", flag)
	}
	hints := d.bytes(MaxTxBytes)
	if d.err == nil {
		var buf bytes.Buffer
		if err := json.Compact(&buf, hints); err != nil || !bytes.Equal(buf.Bytes(), hints) {
			d.fail("hints are not compact JSON")
		}
	}
	c.Hints = hints
	lists := [3][]EntryPoint{}
	for i := range lists {
		n := d.count(maxEntryPoints, felt32+12)
		lists[i] = make([]EntryPoint, n)
		for j := range lists[i] {
			ep := &lists[i][j]
			ep.Selector = d.felt()
			ep.Offset = d.u64()
			nb := d.count(maxBuiltins, 4)
			ep.Builtins = make([]string, nb)
			for k := range ep.Builtins {
				ep.Builtins[k] = string(d.bytes(maxString))
			}
		}
	}
	c.EntryPoints = EntryPointsByType{External: lists[0], L1Handler: lists[1], Constructor: lists[2]}
	if d.err == nil {
		if err := c.validate(); err != nil {
			d.fail("%v", err)
		}
	}
	return c
}

// felt32 is the encoded size of a felt.
const felt32 = 32

func (d *decoder) segments(depth int) *SegmentLengths {
	if depth > maxSegmentDepth {
		d.fail("bytecode segments nested deeper than %d", maxSegmentDepth)
		return &SegmentLengths{}
	}
	switch kind := d.byte1(); kind {
	case 0:
		return &SegmentLengths{Length: d.u64()}
	case 1:
		n := d.count(maxSegments, 9)
		if n == 0 && d.err == nil {
			d.fail("empty bytecode segment list")
		}
		s := &SegmentLengths{Children: make([]SegmentLengths, n)}
		for i := range s.Children {
			s.Children[i] = *d.segments(depth + 1)
		}
		return s
	default:
		d.fail("segment node kind %d", kind)
		return &SegmentLengths{}
	}
}
