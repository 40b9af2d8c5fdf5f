package asm

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/cairnchain/cairn/execution/felt"
)

// Disassemble reads a Cairo 0 program JSON (cairo-compile's shape) or a CASM
// contract class JSON (Scarb's shape) and returns assembly text that
// Assemble turns back into the same bytecode, hints, entry points and
// builtins. Words that are not instructions the syntax can express are
// written as "dw".
func Disassemble(data []byte) ([]byte, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	switch {
	case probe["bytecode"] != nil:
		return disassembleClass(data)
	case probe["data"] != nil:
		return disassembleProgram(data)
	}
	return nil, fmt.Errorf("%w: neither a program (data) nor a class (bytecode)", ErrBadJSON)
}

// listing collects what is printed before each pc.
type listing struct {
	words  []felt.Felt
	before map[int][]string // directives and labels, printed in order
	hints  map[int][]string // hint bodies
	header []string
}

func newListing() *listing {
	return &listing{before: map[int][]string{}, hints: map[int][]string{}}
}

func parseWords(hexes []string) ([]felt.Felt, error) {
	out := make([]felt.Felt, len(hexes))
	for i, h := range hexes {
		f, err := felt.FromHex(h)
		if err != nil {
			return nil, fmt.Errorf("%w: word %d: %v", ErrBadJSON, i, err)
		}
		out[i] = f
	}
	return out, nil
}

func disassembleClass(data []byte) ([]byte, error) {
	var c struct {
		CompilerVersion   string            `json:"compiler_version"`
		Bytecode          []string          `json:"bytecode"`
		Hints             []json.RawMessage `json:"hints"`
		EntryPointsByType map[string][]struct {
			Selector string   `json:"selector"`
			Offset   int      `json:"offset"`
			Builtins []string `json:"builtins"`
		} `json:"entry_points_by_type"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	l := newListing()
	var err error
	if l.words, err = parseWords(c.Bytecode); err != nil {
		return nil, err
	}
	l.header = append(l.header, "// CASM contract class", fmt.Sprintf("%%compiler_version %q", c.CompilerVersion))
	for i, raw := range c.Hints {
		var pair []json.RawMessage
		var pc int
		var hs []Hint
		if err := json.Unmarshal(raw, &pair); err != nil || len(pair) != 2 {
			return nil, fmt.Errorf("%w: hints[%d] is not [pc, [hints]]", ErrBadJSON, i)
		}
		if err := json.Unmarshal(pair[0], &pc); err != nil {
			return nil, fmt.Errorf("%w: hints[%d] pc: %v", ErrBadJSON, i, err)
		}
		if err := json.Unmarshal(pair[1], &hs); err != nil {
			return nil, fmt.Errorf("%w: hints[%d]: %v", ErrBadJSON, i, err)
		}
		for _, h := range hs {
			l.hints[pc] = append(l.hints[pc], h.Text())
		}
	}
	for _, kind := range []struct{ json, text string }{{"EXTERNAL", "external"}, {"L1_HANDLER", "l1_handler"}, {"CONSTRUCTOR", "constructor"}} {
		for _, ep := range c.EntryPointsByType[kind.json] {
			sel, err := felt.FromHex(ep.Selector)
			if err != nil {
				return nil, fmt.Errorf("%w: selector %q: %v", ErrBadJSON, ep.Selector, err)
			}
			line := "%entrypoint " + kind.text + " " + sel.Hex()
			if len(ep.Builtins) > 0 {
				line += " builtins(" + strings.Join(ep.Builtins, ", ") + ")"
			}
			l.before[ep.Offset] = append(l.before[ep.Offset], line)
		}
	}
	return l.render()
}

type programIdent struct {
	Type  string          `json:"type"`
	PC    *int            `json:"pc"`
	Value json.RawMessage `json:"value"`
}

func disassembleProgram(data []byte) ([]byte, error) {
	var p struct {
		Builtins        []string                `json:"builtins"`
		CompilerVersion string                  `json:"compiler_version"`
		Data            []string                `json:"data"`
		Hints           json.RawMessage         `json:"hints"`
		Identifiers     map[string]programIdent `json:"identifiers"`
		MainScope       string                  `json:"main_scope"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	l := newListing()
	var err error
	if l.words, err = parseWords(p.Data); err != nil {
		return nil, err
	}
	l.header = append(l.header, "// Cairo 0 program")
	if p.CompilerVersion != "" {
		l.header = append(l.header, fmt.Sprintf("%%compiler_version %q", p.CompilerVersion))
	}
	if len(p.Builtins) > 0 {
		l.header = append(l.header, "%builtins "+strings.Join(p.Builtins, " "))
	}
	hints := map[string][]programHint{}
	if trimmed := strings.TrimSpace(string(p.Hints)); trimmed != "" && trimmed != "[]" && trimmed != "null" {
		if err := json.Unmarshal(p.Hints, &hints); err != nil {
			return nil, fmt.Errorf("%w: hints: %v", ErrBadJSON, err)
		}
	}
	for key, hs := range hints {
		pc, err := strconv.Atoi(key)
		if err != nil {
			return nil, fmt.Errorf("%w: hint pc %q", ErrBadJSON, key)
		}
		for _, h := range hs {
			if strings.Contains(h.Code, "%}") {
				return nil, fmt.Errorf("%w: hint at pc %d contains %%}", ErrBadJSON, pc)
			}
			l.hints[pc] = append(l.hints[pc], h.Code)
		}
	}
	scope := p.MainScope
	if scope == "" {
		scope = mainScope
	}
	l.programIdentifiers(p.Identifiers, scope+".")
	return l.render()
}

// programIdentifiers re-creates consts, %func and labels from identifiers
// of the main scope, where the syntax can express them.
func (l *listing) programIdentifiers(ids map[string]programIdent, prefix string) {
	names := make([]string, 0, len(ids))
	for n := range ids {
		names = append(names, n)
	}
	sort.Strings(names)
	funcs := map[string]int{}
	for _, n := range names {
		id := ids[n]
		short, ok := strings.CutPrefix(n, prefix)
		if !ok || !validName(short) || strings.Contains(short, ".") {
			continue
		}
		switch {
		case id.Type == "function" && id.PC != nil:
			funcs[short] = *id.PC
		case id.Type == "const":
			var v big.Int
			if err := v.UnmarshalJSON(id.Value); err == nil {
				l.header = append(l.header, fmt.Sprintf("const %s = %s", short, v.String()))
			}
		}
	}
	// Walk pcs in order, tracking the scope the text is in: a top-level
	// label inside a function needs %endfunc first; a scoped label outside
	// its function stays a comment.
	top := map[int][]string{}
	inner := map[int][][2]string{} // scope, label
	pcs := map[int]bool{}
	for _, n := range names {
		id := ids[n]
		short, ok := strings.CutPrefix(n, prefix)
		if !ok || id.Type != "label" || id.PC == nil {
			continue
		}
		scope, label := "", short
		if i := strings.LastIndex(short, "."); i >= 0 {
			scope, label = short[:i], short[i+1:]
		}
		if !validName(label) {
			continue
		}
		pcs[*id.PC] = true
		if scope == "" {
			top[*id.PC] = append(top[*id.PC], label)
		} else {
			inner[*id.PC] = append(inner[*id.PC], [2]string{scope, label})
		}
	}
	funcsAt := map[int][]string{}
	for n, pc := range funcs {
		funcsAt[pc] = append(funcsAt[pc], n)
		pcs[pc] = true
	}
	order := make([]int, 0, len(pcs))
	for pc := range pcs {
		order = append(order, pc)
	}
	sort.Ints(order)
	cur := ""
	for _, pc := range order {
		var lines []string
		for _, label := range top[pc] {
			if cur != "" {
				lines = append(lines, "%endfunc")
				cur = ""
			}
			lines = append(lines, label+":")
		}
		fs := funcsAt[pc]
		sort.Strings(fs)
		for _, f := range fs {
			lines = append(lines, "", "%func "+f)
			cur = f
		}
		for _, sl := range inner[pc] {
			if sl[0] == cur {
				lines = append(lines, sl[1]+":")
			} else {
				lines = append(lines, "// label "+sl[0]+"."+sl[1])
			}
		}
		l.before[pc] = append(l.before[pc], lines...)
	}
}

func validName(s string) bool {
	return s != "" && identLen(s) == len(s) && !isKeyword(s)
}

// render prints the listing, checking that every instruction re-assembles
// to its words.
func (l *listing) render() ([]byte, error) {
	var b strings.Builder
	for _, h := range l.header {
		b.WriteString(h + "\n")
	}
	b.WriteString("\n")
	for pc := range l.before {
		if pc < 0 || pc > len(l.words) {
			return nil, fmt.Errorf("%w: identifier or entry point at pc %d outside the bytecode", ErrBadJSON, pc)
		}
	}
	for pc := range l.hints {
		if pc < 0 || pc >= len(l.words) {
			return nil, fmt.Errorf("%w: hint at pc %d outside the bytecode", ErrBadJSON, pc)
		}
	}
	pc := 0
	for pc < len(l.words) {
		for _, line := range l.before[pc] {
			b.WriteString(line + "\n")
		}
		for _, h := range l.hints[pc] {
			writeHint(&b, h)
		}
		text, size := l.instructionAt(pc)
		fmt.Fprintf(&b, "    %-48s // pc %d\n", text, pc)
		pc += size
	}
	for _, line := range l.before[len(l.words)] {
		if strings.HasPrefix(line, "%entrypoint") || strings.HasPrefix(line, "%func ") {
			return nil, fmt.Errorf("%w: function or entry point at the end of the bytecode", ErrBadJSON)
		}
		b.WriteString(line + "\n")
	}
	return []byte(b.String()), nil
}

// instructionAt returns the text of the instruction at pc and its size, or a
// dw of the single word when the instruction cannot be expressed exactly.
func (l *listing) instructionAt(pc int) (string, int) {
	dw := "dw " + l.words[pc].Hex()
	inst, size, err := Decode(l.words[pc:])
	if err != nil {
		return dw, 1
	}
	if size == 2 && (len(l.before[pc+1]) > 0 || len(l.hints[pc+1]) > 0) {
		return dw, 1
	}
	text, err := inst.Text()
	if err != nil {
		return dw, 1
	}
	u, err := Assemble([]byte(text), "")
	if err != nil || len(u.Code) != size {
		return dw, 1
	}
	for i := range u.Code {
		if !u.Code[i].Equal(&l.words[pc+i]) {
			return dw, 1
		}
	}
	return text, size
}

func writeHint(b *strings.Builder, code string) {
	if !strings.Contains(code, "\n") {
		b.WriteString("    %{ " + code + " %}\n")
		return
	}
	b.WriteString("    %{\n")
	for _, line := range strings.Split(code, "\n") {
		b.WriteString("        " + line + "\n")
	}
	b.WriteString("    %}\n")
}
