package asm

import (
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// EntryPointKind is the kind of a contract entry point.
type EntryPointKind uint8

// Entry point kinds, in the order of Scarb's entry_points_by_type.
const (
	External EntryPointKind = iota
	L1Handler
	Constructor
)

var entryKinds = map[string]EntryPointKind{"external": External, "l1_handler": L1Handler, "constructor": Constructor}

// String returns the directive spelling (external, l1_handler, constructor).
func (k EntryPointKind) String() string {
	switch k {
	case L1Handler:
		return "l1_handler"
	case Constructor:
		return "constructor"
	}
	return "external"
}

// EntryPoint is a contract entry point.
type EntryPoint struct {
	Kind     EntryPointKind
	Name     string // empty when declared by selector
	Selector felt.Felt
	Offset   int
	Builtins []string
}

// Symbol is a function or label: its name and pc. Label names are
// scope-qualified ("main.loop").
type Symbol struct {
	Name string
	PC   int
}

// Const is a named constant.
type Const struct {
	Name  string
	Value *big.Int
}

// Unit is an assembled source file.
type Unit struct {
	File            string
	Code            []felt.Felt    // the bytecode
	Builtins        []string       // %builtins, in order
	CompilerVersion string         // %compiler_version or the default
	Functions       []Symbol       // in source order
	Labels          []Symbol       // in source order
	Consts          []Const        // in source order
	Hints           map[int][]Hint // by pc, in source order
	EntryPoints     []EntryPoint   // in source order
}

// DefaultCompilerVersion is written to the JSON unless %compiler_version
// overrides it.
const DefaultCompilerVersion = "cairn-asm-0.1.0"

// Function returns the pc of the function with the given name.
func (u *Unit) Function(name string) (int, bool) {
	for _, f := range u.Functions {
		if f.Name == name {
			return f.PC, true
		}
	}
	return 0, false
}

// Label returns the pc of the (scope-qualified) label.
func (u *Unit) Label(name string) (int, bool) {
	for _, l := range u.Labels {
		if l.Name == name {
			return l.PC, true
		}
	}
	return 0, false
}
