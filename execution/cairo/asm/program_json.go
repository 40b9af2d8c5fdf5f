package asm

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
)

// Prime is the Stark field modulus as written in program and class JSON.
const Prime = "0x800000000000011000000000000000000000000000000000000000000000001"

const mainScope = "__main__"

type programJSON struct {
	Attributes       []any                        `json:"attributes"`
	Builtins         []string                     `json:"builtins"`
	CompilerVersion  string                       `json:"compiler_version"`
	Data             []string                     `json:"data"`
	DebugInfo        any                          `json:"debug_info"`
	Hints            map[string][]programHint     `json:"hints"`
	Identifiers      map[string]programIdentifier `json:"identifiers"`
	MainScope        string                       `json:"main_scope"`
	Prime            string                       `json:"prime"`
	ReferenceManager struct {
		References []any `json:"references"`
	} `json:"reference_manager"`
}

type programHint struct {
	AccessibleScopes []string         `json:"accessible_scopes"`
	Code             string           `json:"code"`
	FlowTrackingData flowTrackingData `json:"flow_tracking_data"`
}

type flowTrackingData struct {
	APTracking struct {
		Group  int `json:"group"`
		Offset int `json:"offset"`
	} `json:"ap_tracking"`
	ReferenceIDs map[string]int `json:"reference_ids"`
}

type programIdentifier struct {
	Decorators *[]string `json:"decorators,omitempty"`
	PC         *int      `json:"pc,omitempty"`
	Type       string    `json:"type"`
	Value      *big.Int  `json:"value,omitempty"`
}

// ProgramJSON writes the unit as a Cairo 0 compiled program in
// cairo-compile's JSON shape. It needs a %func main and no structured hints.
func (u *Unit) ProgramJSON() ([]byte, error) {
	if _, ok := u.Function("main"); !ok {
		return nil, fmt.Errorf("%s: %w", u.File, ErrNoMain)
	}
	p := programJSON{
		Attributes:      []any{},
		Builtins:        append([]string{}, u.Builtins...),
		CompilerVersion: u.CompilerVersion,
		Data:            make([]string, len(u.Code)),
		Hints:           map[string][]programHint{},
		Identifiers:     map[string]programIdentifier{},
		MainScope:       mainScope,
		Prime:           Prime,
	}
	p.ReferenceManager.References = []any{}
	for i := range u.Code {
		p.Data[i] = u.Code[i].Hex()
	}
	for _, pc := range sortedPCs(u.Hints) {
		for _, h := range u.Hints[pc] {
			if h.IsStructured() {
				return nil, &Error{File: u.File, Pos: h.pos, Err: fmt.Errorf("%w: structured hint %s in a Cairo 0 program (use a Python hint)", ErrBadHint, h.Name)}
			}
			scopes := []string{mainScope}
			if h.scope != "" {
				scopes = append(scopes, mainScope+"."+h.scope)
			}
			ph := programHint{AccessibleScopes: scopes, Code: h.Code}
			ph.FlowTrackingData.ReferenceIDs = map[string]int{}
			key := strconv.Itoa(pc)
			p.Hints[key] = append(p.Hints[key], ph)
		}
	}
	for _, f := range u.Functions {
		pc := f.PC
		p.Identifiers[mainScope+"."+f.Name] = programIdentifier{Decorators: &[]string{}, PC: &pc, Type: "function"}
	}
	for _, l := range u.Labels {
		pc := l.PC
		p.Identifiers[mainScope+"."+l.Name] = programIdentifier{PC: &pc, Type: "label"}
	}
	for _, c := range u.Consts {
		p.Identifiers[mainScope+"."+c.Name] = programIdentifier{Type: "const", Value: c.Value}
	}
	return json.MarshalIndent(p, "", "    ")
}

func sortedPCs(m map[int][]Hint) []int {
	pcs := make([]int, 0, len(m))
	for pc := range m {
		pcs = append(pcs, pc)
	}
	sort.Ints(pcs)
	return pcs
}
