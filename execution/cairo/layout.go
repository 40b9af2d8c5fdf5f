package cairo

import (
	"fmt"
	"sort"
)

// BuiltinOrder is cairo-lang's canonical builtin order: a program's builtins
// must appear in this order, and builtin segments are created in it.
var BuiltinOrder = []string{
	"output", "pedersen", "range_check", "ecdsa", "bitwise", "ec_op",
	"keccak", "poseidon", "range_check96", "add_mod", "mul_mod",
}

func builtinRank(name string) int {
	for i, n := range BuiltinOrder {
		if n == name {
			return i
		}
	}
	return -1
}

func checkBuiltinOrder(names []string) error {
	last := -1
	for _, n := range names {
		r := builtinRank(n)
		if r < 0 {
			return fmt.Errorf("%w: unknown builtin %q", ErrProgram, n)
		}
		if r <= last {
			return fmt.Errorf("%w: builtins %v are not in the order %v", ErrProgram, names, BuiltinOrder)
		}
		last = r
	}
	return nil
}

// LayoutBuiltin is a builtin's parameters in a layout.
type LayoutBuiltin struct {
	Name string
	// Ratio is the number of steps per builtin instance (0 for output,
	// whose size is not bound to the step count).
	Ratio int
	// InstancesPerComponent is the number of instances per AIR component
	// (keccak: 16; others 1).
	InstancesPerComponent int
}

// DilutedPool is a layout's diluted pool parameters.
type DilutedPool struct {
	UnitsPerStep, Spacing, NBits int
}

// Layout is one of cairo-lang's layouts (src/starkware/cairo/lang/instances.py).
type Layout struct {
	Name                 string
	CPUComponentStep     int
	RCUnits              int
	PublicMemoryFraction int
	MemoryUnitsPerStep   int
	NTraceColumns        int
	Diluted              *DilutedPool
	// Builtins in canonical order.
	Builtins []LayoutBuiltin
}

// Has reports whether the layout contains the named builtin.
func (l *Layout) Has(name string) bool {
	_, ok := l.Builtin(name)
	return ok
}

// Builtin returns the layout's parameters for the named builtin.
func (l *Layout) Builtin(name string) (LayoutBuiltin, bool) {
	for _, b := range l.Builtins {
		if b.Name == name {
			return b, true
		}
	}
	return LayoutBuiltin{}, false
}

func lb(name string, ratio int) LayoutBuiltin {
	return LayoutBuiltin{Name: name, Ratio: ratio, InstancesPerComponent: 1}
}

var (
	dilutedStarknet = &DilutedPool{UnitsPerStep: 2, Spacing: 4, NBits: 16}
	diluted16       = &DilutedPool{UnitsPerStep: 16, Spacing: 4, NBits: 16}
	keccakLayout    = LayoutBuiltin{Name: "keccak", Ratio: 2048, InstancesPerComponent: 16}
)

// layouts is cairo-lang's table. The dynamic layout's ratios are supplied
// by the prover; here it carries ratio 1 placeholders and is not usable for
// sizing (DynamicLayout returns it with caller-chosen ratios).
var layouts = map[string]Layout{
	"plain": {Name: "plain", CPUComponentStep: 1, RCUnits: 16, PublicMemoryFraction: 4, MemoryUnitsPerStep: 8, NTraceColumns: 8},
	"small": {Name: "small", CPUComponentStep: 1, RCUnits: 16, PublicMemoryFraction: 4, MemoryUnitsPerStep: 8, NTraceColumns: 25,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", 8), lb("range_check", 8), lb("ecdsa", 512)}},
	"dex": {Name: "dex", CPUComponentStep: 1, RCUnits: 4, PublicMemoryFraction: 4, MemoryUnitsPerStep: 8, NTraceColumns: 22,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", 8), lb("range_check", 8), lb("ecdsa", 512)}},
	"recursive": {Name: "recursive", CPUComponentStep: 1, RCUnits: 4, PublicMemoryFraction: 8, MemoryUnitsPerStep: 8, NTraceColumns: 10, Diluted: diluted16,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", 128), lb("range_check", 8), lb("bitwise", 8)}},
	"starknet": {Name: "starknet", CPUComponentStep: 1, RCUnits: 4, PublicMemoryFraction: 4, MemoryUnitsPerStep: 8, NTraceColumns: 10, Diluted: dilutedStarknet,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", 32), lb("range_check", 16), lb("ecdsa", 2048), lb("bitwise", 64), lb("ec_op", 1024), lb("poseidon", 32)}},
	"starknet_with_keccak": {Name: "starknet_with_keccak", CPUComponentStep: 1, RCUnits: 4, PublicMemoryFraction: 4, MemoryUnitsPerStep: 8, NTraceColumns: 15, Diluted: diluted16,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", 32), lb("range_check", 16), lb("ecdsa", 2048), lb("bitwise", 64), lb("ec_op", 1024), keccakLayout, lb("poseidon", 32)}},
	"recursive_large_output": {Name: "recursive_large_output", CPUComponentStep: 1, RCUnits: 4, PublicMemoryFraction: 8, MemoryUnitsPerStep: 8, NTraceColumns: 13, Diluted: diluted16,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", 32), lb("range_check", 8), lb("bitwise", 8)}},
	"all_cairo": {Name: "all_cairo", CPUComponentStep: 1, RCUnits: 4, PublicMemoryFraction: 8, MemoryUnitsPerStep: 8, NTraceColumns: 11, Diluted: diluted16,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", 256), lb("range_check", 8), lb("ecdsa", 2048), lb("bitwise", 16), lb("ec_op", 1024), keccakLayout, lb("poseidon", 256)}},
	"all_solidity": {Name: "all_solidity", CPUComponentStep: 1, RCUnits: 8, PublicMemoryFraction: 8, MemoryUnitsPerStep: 8, NTraceColumns: 27, Diluted: diluted16,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", 8), lb("range_check", 8), lb("ecdsa", 512), lb("bitwise", 256), lb("ec_op", 256)}},
}

// LayoutByName returns cairo-lang's layout of that name. "dynamic" returns
// the dynamic layout with every ratio set to 1 (use DynamicLayout to choose).
func LayoutByName(name string) (Layout, error) {
	if name == "dynamic" {
		return DynamicLayout(nil), nil
	}
	l, ok := layouts[name]
	if !ok {
		return Layout{}, fmt.Errorf("%w: unknown layout %q (known: %v)", ErrLayout, name, LayoutNames())
	}
	l.Builtins = append([]LayoutBuiltin(nil), l.Builtins...)
	return l, nil
}

// LayoutNames lists the known layouts.
func LayoutNames() []string {
	out := []string{"dynamic"}
	for n := range layouts {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// DynamicLayout returns cairo-lang's dynamic layout with the given builtin
// ratios (missing or non-positive ratios default to 1).
func DynamicLayout(ratios map[string]int) Layout {
	r := func(n string) int {
		if v := ratios[n]; v > 0 {
			return v
		}
		return 1
	}
	return Layout{Name: "dynamic", CPUComponentStep: 1, RCUnits: 16, PublicMemoryFraction: 8, MemoryUnitsPerStep: 8, NTraceColumns: 73, Diluted: diluted16,
		Builtins: []LayoutBuiltin{lb("output", 0), lb("pedersen", r("pedersen")), lb("range_check", r("range_check")), lb("ecdsa", r("ecdsa")), lb("bitwise", r("bitwise")), lb("ec_op", r("ec_op"))}}
}
