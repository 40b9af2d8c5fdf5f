package asm

import (
	"encoding/json"
	"fmt"
	"sort"
)

type classJSON struct {
	Prime             string           `json:"prime"`
	CompilerVersion   string           `json:"compiler_version"`
	Bytecode          []string         `json:"bytecode"`
	Hints             []classHints     `json:"hints"`
	EntryPointsByType classEntryPoints `json:"entry_points_by_type"`
}

// classHints is one [pc, [hint, …]] pair.
type classHints struct {
	PC    int
	Hints []Hint
}

func (c classHints) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{c.PC, c.Hints})
}

type classEntryPoints struct {
	External    []classEntryPoint `json:"EXTERNAL"`
	L1Handler   []classEntryPoint `json:"L1_HANDLER"`
	Constructor []classEntryPoint `json:"CONSTRUCTOR"`
}

type classEntryPoint struct {
	Selector string   `json:"selector"`
	Offset   int      `json:"offset"`
	Builtins []string `json:"builtins"`
}

// ClassJSON writes the unit as a CASM contract class in the shape of Scarb's
// .compiled_contract_class.json: structured hints only, entry points sorted
// by selector within each kind.
func (u *Unit) ClassJSON() ([]byte, error) {
	c := classJSON{
		Prime:           Prime,
		CompilerVersion: u.CompilerVersion,
		Bytecode:        make([]string, len(u.Code)),
		Hints:           []classHints{},
		EntryPointsByType: classEntryPoints{
			External: []classEntryPoint{}, L1Handler: []classEntryPoint{}, Constructor: []classEntryPoint{},
		},
	}
	for i := range u.Code {
		c.Bytecode[i] = u.Code[i].Hex()
	}
	for _, pc := range sortedPCs(u.Hints) {
		for _, h := range u.Hints[pc] {
			if !h.IsStructured() {
				return nil, &Error{File: u.File, Pos: h.pos, Err: fmt.Errorf("%w: Python hint in a CASM class (use a structured hint)", ErrBadHint)}
			}
		}
		c.Hints = append(c.Hints, classHints{PC: pc, Hints: u.Hints[pc]})
	}
	eps := append([]EntryPoint{}, u.EntryPoints...)
	sort.SliceStable(eps, func(i, j int) bool { return eps[i].Selector.Cmp(&eps[j].Selector) < 0 })
	for _, ep := range eps {
		e := classEntryPoint{Selector: ep.Selector.Hex(), Offset: ep.Offset, Builtins: append([]string{}, ep.Builtins...)}
		switch ep.Kind {
		case External:
			c.EntryPointsByType.External = append(c.EntryPointsByType.External, e)
		case L1Handler:
			c.EntryPointsByType.L1Handler = append(c.EntryPointsByType.L1Handler, e)
		default:
			c.EntryPointsByType.Constructor = append(c.EntryPointsByType.Constructor, e)
		}
	}
	return json.MarshalIndent(c, "", "  ")
}
