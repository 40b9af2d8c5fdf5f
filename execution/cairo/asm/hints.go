package asm

import (
	"math/big"
	"sort"
	"strings"
)

// Hint is a hint attached to an instruction: either Python code (Cairo 0
// programs) or a structured CASM hint (Cairo 1 classes).
type Hint struct {
	// Code is the Python code of a Cairo 0 hint; empty for structured hints.
	Code string
	// Name is the structured hint's variant name (e.g. "TestLessThan").
	Name string
	// Args are the structured hint's fields in declaration order.
	Args []HintArg

	pos   Pos
	scope string     // enclosing function, for accessible_scopes
	args  []hintArgT // unevaluated, filled by the parser
}

// IsStructured reports whether h is a CASM hint.
func (h *Hint) IsStructured() bool { return h.Name != "" }

// CellRef is a [reg + offset] hint operand.
type CellRef struct {
	Reg Register
	Off int
}

// ResKind is the variant of a ResOperand.
type ResKind uint8

// ResOperand variants.
const (
	ResDeref ResKind = iota
	ResDoubleDeref
	ResImmediate
	ResBinOp
)

// ResOperand is a CASM hint operand: [c], [[c] + off], an immediate, or
// [c] op b where b is a cell or an immediate.
type ResOperand struct {
	Kind   ResKind
	Cell   CellRef  // Deref, DoubleDeref base, BinOp a
	Offset int      // DoubleDeref
	Imm    *big.Int // Immediate, or BinOp b when BCell is nil
	Mul    bool     // BinOp: * (else +)
	BCell  *CellRef // BinOp b when a cell
}

// HintArg is one field of a structured hint; which of Cell/Res/Big is set
// follows the field's kind.
type HintArg struct {
	Name string
	Cell CellRef
	Res  ResOperand
	Big  *big.Int

	kind fieldKind
}

// hintArgT is a parsed, not yet evaluated hint field.
type hintArgT struct {
	field hintField
	pos   Pos
	e     *expr
}

// parseHint parses the body of %{ … %} starting at pos.
func parseHint(body string, pos Pos) (*Hint, *Error) {
	name, rest, isStructured := structuredHead(body)
	if !isStructured {
		return &Hint{Code: dedent(body), pos: pos}, nil
	}
	spec := hintSpecs[name]
	toks, err := lex(body, pos)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks}
	for p.peek().kind == tNewline {
		p.next()
	}
	p.next() // the name
	h := &Hint{Name: name, pos: pos}
	skipNL := func() {
		for p.peek().kind == tNewline {
			p.next()
		}
	}
	skipNL()
	if strings.TrimSpace(rest) == "" {
		if spec != nil {
			return nil, errAt(pos, ErrBadHint, "%s needs fields {%s}", name, fieldNames(spec))
		}
		return h, nil
	}
	open, perr := p.expect("{")
	if perr != nil {
		return nil, perr
	}
	seen := map[string]hintArgT{}
	for {
		skipNL()
		t := p.next()
		if t.is("}") {
			break
		}
		if len(seen) > 0 {
			if !t.is(",") {
				return nil, errAt(t.pos, ErrSyntax, "expected ',' or '}', found %s", t.describe())
			}
			skipNL()
			if t = p.next(); t.is("}") {
				break
			}
		}
		if t.kind != tIdent {
			return nil, errAt(t.pos, ErrSyntax, "expected a field name, found %s", t.describe())
		}
		f, ok := findField(spec, t.text)
		if !ok {
			return nil, errAt(t.pos, ErrBadHint, "%s has no field %q (fields: %s)", name, t.text, fieldNames(spec))
		}
		if _, dup := seen[f.name]; dup {
			return nil, errAt(t.pos, ErrDuplicate, "field %s given twice", f.name)
		}
		if _, err := p.expect(":"); err != nil {
			return nil, err
		}
		skipNL()
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if err := checkHintOperand(f, e); err != nil {
			return nil, err
		}
		seen[f.name] = hintArgT{field: f, pos: t.pos, e: e}
	}
	skipNL()
	if t := p.peek(); t.kind != tEOF {
		return nil, errAt(t.pos, ErrSyntax, "unexpected %s after hint", t.describe())
	}
	for _, f := range spec {
		a, ok := seen[f.name]
		if !ok {
			return nil, errAt(open.pos, ErrBadHint, "%s: missing field %s", name, f.name)
		}
		h.args = append(h.args, a)
	}
	return h, nil
}

// structuredHead reports whether body starts with a known structured hint
// name followed by nothing or '{'.
func structuredHead(body string) (name, rest string, ok bool) {
	s := strings.TrimSpace(body)
	n := identLen(s)
	if n == 0 {
		return "", "", false
	}
	if _, known := hintSpecs[s[:n]]; !known {
		return "", "", false
	}
	rest = strings.TrimSpace(s[n:])
	if rest != "" && rest[0] != '{' {
		return "", "", false
	}
	return s[:n], rest, true
}

func findField(spec []hintField, name string) (hintField, bool) {
	for _, f := range spec {
		if f.name == name {
			return f, true
		}
	}
	return hintField{}, false
}

func fieldNames(spec []hintField) string {
	names := make([]string, len(spec))
	for i, f := range spec {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// checkHintOperand checks the shape of a field value at parse time.
func checkHintOperand(f hintField, e *expr) *Error {
	switch f.kind {
	case fCell:
		_, err := asCell(e)
		return err
	case fBig:
		if !e.isConst() {
			return errAt(e.pos, ErrBadHint, "field %s needs a constant", f.name)
		}
		return nil
	}
	_, err := hintRes(e, func(*expr) (int, *Error) { return 0, nil }, func(*cellT) (CellRef, *Error) { return CellRef{}, nil }, func(*expr) (*big.Int, *Error) { return new(big.Int), nil })
	return err
}

// hintRes classifies e as a ResOperand, evaluating offsets and immediates
// with the given functions.
func hintRes(e *expr, offset func(*expr) (int, *Error), cell func(*cellT) (CellRef, *Error), imm func(*expr) (*big.Int, *Error)) (ResOperand, *Error) {
	switch {
	case e.isConst():
		v, err := imm(e)
		return ResOperand{Kind: ResImmediate, Imm: v}, err
	case isCellExpr(e):
		c, err := asCell(e)
		if err != nil {
			return ResOperand{}, err
		}
		cr, err := cell(c)
		return ResOperand{Kind: ResDeref, Cell: cr}, err
	case e.kind == eDeref:
		base, off, err := asDoubleDeref(e)
		if err != nil {
			return ResOperand{}, err
		}
		cr, err := cell(base)
		if err != nil {
			return ResOperand{}, err
		}
		o := 0
		if off != nil {
			if o, err = offset(off); err != nil {
				return ResOperand{}, err
			}
		}
		return ResOperand{Kind: ResDoubleDeref, Cell: cr, Offset: o}, nil
	case e.kind == eBin && (e.op == "+" || e.op == "*"):
		a, err := asCell(e.x)
		if err != nil {
			return ResOperand{}, err
		}
		ar, err := cell(a)
		if err != nil {
			return ResOperand{}, err
		}
		r := ResOperand{Kind: ResBinOp, Cell: ar, Mul: e.op == "*"}
		if e.y.isConst() {
			r.Imm, err = imm(e.y)
			return r, err
		}
		b, err := asCell(e.y)
		if err != nil {
			return ResOperand{}, err
		}
		br, err := cell(b)
		r.BCell = &br
		return r, err
	}
	return ResOperand{}, errAt(e.pos, ErrBadHint, "expected [reg + off], [[reg + off] + off], an immediate or [reg + off] +/* operand")
}

// dedent strips blank leading/trailing lines and common indentation.
func dedent(code string) string {
	lines := strings.Split(strings.ReplaceAll(code, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		} else {
			lines[i] = strings.TrimLeft(l, " \t")
		}
		lines[i] = strings.TrimRight(lines[i], " \t")
	}
	return strings.Join(lines, "\n")
}

// hintNames returns the known structured hint names, sorted.
func hintNames() []string {
	out := make([]string, 0, len(hintSpecs))
	for n := range hintSpecs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
