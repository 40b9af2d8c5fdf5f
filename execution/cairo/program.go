package cairo

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/cairnchain/cairn/execution/felt"
)

// starkPrimeHex is the Stark prime as cairo-compile writes it.
const starkPrimeHex = "0x800000000000011000000000000000000000000000000000000000000000001"

// ApTracking is cairo-compile's ap tracking data: ap's offset from the
// start of a tracking group.
type ApTracking struct {
	Group  int `json:"group"`
	Offset int `json:"offset"`
}

// FlowTracking is a hint's flow tracking data: ap tracking at the hint and
// the references visible there.
type FlowTracking struct {
	ApTracking   ApTracking     `json:"ap_tracking"`
	ReferenceIDs map[string]int `json:"reference_ids"`
}

// Cairo0Hint is a Python hint of a Cairo 0 program.
type Cairo0Hint struct {
	Code             string       `json:"code"`
	AccessibleScopes []string     `json:"accessible_scopes"`
	FlowTracking     FlowTracking `json:"flow_tracking_data"`
}

// Reference is an entry of the program's reference manager.
type Reference struct {
	ApTracking ApTracking `json:"ap_tracking_data"`
	PC         int        `json:"pc"`
	Value      string     `json:"value"`
}

// Identifier is an entry of the program's identifiers (functions, labels,
// constants, references, structs, members, aliases).
type Identifier struct {
	Type        string          `json:"type"`
	PC          *int            `json:"pc,omitempty"`
	Value       json.RawMessage `json:"value,omitempty"`
	Destination string          `json:"destination,omitempty"`
	CairoType   string          `json:"cairo_type,omitempty"`
	Offset      *int            `json:"offset,omitempty"`
	Size        *int            `json:"size,omitempty"`
	Members     map[string]struct {
		CairoType string `json:"cairo_type"`
		Offset    int    `json:"offset"`
	} `json:"members,omitempty"`
}

// Program is a loaded Cairo 0 program (cairo-compile output), or the
// bytecode of a CASM class wrapped as a program.
type Program struct {
	Data        []felt.Felt
	Builtins    []string
	Hints       map[int][]Cairo0Hint
	Identifiers map[string]Identifier
	MainScope   string
	References  []Reference
	// casmHints holds structured CASM hints by pc (CASM classes only).
	casmHints map[int][]Hint
}

type programJSON struct {
	Prime            string                  `json:"prime"`
	Data             []string                `json:"data"`
	Builtins         []string                `json:"builtins"`
	Hints            map[string][]Cairo0Hint `json:"hints"`
	Identifiers      map[string]Identifier   `json:"identifiers"`
	MainScope        string                  `json:"main_scope"`
	ReferenceManager struct {
		References []Reference `json:"references"`
	} `json:"reference_manager"`
}

// LoadProgramFile reads a cairo-compile JSON file.
func LoadProgramFile(path string) (*Program, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read program: %w", err)
	}
	p, err := ParseProgram(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// ParseProgram parses cairo-compile's program JSON.
func ParseProgram(b []byte) (*Program, error) {
	var pj programJSON
	if err := json.Unmarshal(b, &pj); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProgram, err)
	}
	if err := checkPrime(pj.Prime); err != nil {
		return nil, err
	}
	data, err := parseHexWords(pj.Data)
	if err != nil {
		return nil, err
	}
	if err := checkBuiltinOrder(pj.Builtins); err != nil {
		return nil, err
	}
	p := &Program{
		Data:        data,
		Builtins:    pj.Builtins,
		Hints:       map[int][]Cairo0Hint{},
		Identifiers: pj.Identifiers,
		MainScope:   pj.MainScope,
		References:  pj.ReferenceManager.References,
	}
	if p.Identifiers == nil {
		p.Identifiers = map[string]Identifier{}
	}
	if p.MainScope == "" {
		p.MainScope = "__main__"
	}
	for k, hs := range pj.Hints {
		pc, err := strconv.Atoi(k)
		if err != nil || pc < 0 || pc >= len(data) {
			return nil, fmt.Errorf("%w: hint pc %q", ErrProgram, k)
		}
		p.Hints[pc] = hs
	}
	return p, nil
}

func checkPrime(s string) error {
	if s == "" {
		return fmt.Errorf("%w: missing prime", ErrProgram)
	}
	v, ok := new(big.Int).SetString(strings.TrimPrefix(strings.ToLower(s), "0x"), 16)
	if !ok || v.Cmp(felt.Modulus()) != 0 {
		return fmt.Errorf("%w: prime %q is not the Stark prime %s", ErrProgram, s, starkPrimeHex)
	}
	return nil
}

func parseHexWords(ws []string) ([]felt.Felt, error) {
	out := make([]felt.Felt, len(ws))
	for i, w := range ws {
		f, err := felt.FromHex(w)
		if err != nil {
			return nil, fmt.Errorf("%w: data[%d]: %v", ErrProgram, i, err)
		}
		out[i] = f
	}
	return out, nil
}

// Label returns the pc of a function or label identifier, looked up as
// given and then under the main scope.
func (p *Program) Label(name string) (int, bool) {
	for _, n := range []string{name, p.MainScope + "." + name} {
		id, ok := p.Identifiers[n]
		for depth := 0; ok && id.Type == "alias" && depth < 16; depth++ {
			id, ok = p.Identifiers[id.Destination]
		}
		if ok && id.PC != nil && (id.Type == "function" || id.Type == "label") {
			return *id.PC, true
		}
	}
	return 0, false
}

// Constant returns the value of a const identifier.
func (p *Program) Constant(name string) (felt.Felt, bool) {
	id, ok := p.Identifiers[name]
	for depth := 0; ok && id.Type == "alias" && depth < 16; depth++ {
		id, ok = p.Identifiers[id.Destination]
	}
	if !ok || id.Type != "const" || len(id.Value) == 0 {
		return felt.Felt{}, false
	}
	b, ok := new(big.Int).SetString(string(id.Value), 10)
	if !ok {
		return felt.Felt{}, false
	}
	return felt.FromBigInt(b), true
}

// hintPCs returns the pcs that carry hints, sorted.
func (p *Program) hintPCs() []int {
	pcs := make([]int, 0, len(p.Hints))
	for pc := range p.Hints {
		pcs = append(pcs, pc)
	}
	sort.Ints(pcs)
	return pcs
}
