package asm

import (
	"math/big"
)

type stmtKind uint8

const (
	sInst stmtKind = iota
	sLabel
	sConst
	sFunc
	sEntry
	sBuiltins
	sHint
	sCompilerVersion
	sEndFunc
)

// stmt is one parsed source statement.
type stmt struct {
	kind     stmtKind
	pos      Pos
	name     string   // label, const, func, entry point name
	value    *expr    // const value
	inst     *instT   // sInst
	hint     *Hint    // sHint
	entry    *entryT  // sEntry
	builtins []string // sBuiltins
	str      string   // sCompilerVersion
}

// cellT is a [reg + off] operand whose offset is not yet evaluated.
type cellT struct {
	reg Register
	off *expr // nil means 0
	pos Pos
}

// instT is an instruction whose expressions are evaluated in the second pass.
type instT struct {
	pos    Pos
	opcode Opcode
	pc     PCUpdate
	ap     APUpdate
	res    ResLogic
	dst    *cellT // nil: [fp + -1]
	op0    *cellT // nil: [fp + -1]
	op1Src Op1Src
	op1    *cellT // FP/AP: the cell; Op0: only off is used; nil with FP: [fp + -1]
	inner  *cellT // op0 + [[x] + off]: x must equal op0
	imm    *expr  // Op1Imm
	immRel bool   // immediate is a label: encode label - pc
	dw     *expr  // a raw word
}

func (t *instT) size() int {
	if t.dw == nil && t.op1Src == Op1Imm {
		return 2
	}
	return 1
}

// entryT is an %entrypoint directive.
type entryT struct {
	kind     EntryPointKind
	selector *big.Int // nil: starknet_keccak(name)
	builtins []string
}

type parser struct {
	exprParser
	file string
}

// parse turns source text into statements.
func parse(src, file string) ([]stmt, error) {
	toks, lerr := lex(src, Pos{1, 1})
	if lerr != nil {
		lerr.File = file
		return nil, lerr
	}
	p := &parser{exprParser: exprParser{toks: toks}, file: file}
	var out []stmt
	for {
		t := p.peek()
		if t.kind == tEOF {
			return out, nil
		}
		if t.kind == tNewline || t.is(";") {
			p.next()
			continue
		}
		s, err := p.parseStmt()
		if err != nil {
			err.File = file
			return nil, err
		}
		out = append(out, s)
	}
}

// endStmt consumes the end of a statement: a newline, ';' or EOF.
func (p *parser) endStmt() *Error {
	t := p.peek()
	switch {
	case t.kind == tNewline || t.is(";"):
		p.next()
		return nil
	case t.kind == tEOF:
		return nil
	}
	return errAt(t.pos, ErrSyntax, "unexpected %s at end of statement", t.describe())
}

func (p *parser) parseStmt() (stmt, *Error) {
	t := p.peek()
	switch t.kind {
	case tHint:
		p.next()
		h, err := parseHint(t.text, t.pos)
		if err != nil {
			return stmt{}, err
		}
		return stmt{kind: sHint, pos: t.pos, hint: h}, nil
	case tDirective:
		return p.parseDirective()
	case tIdent:
		if p.toks[p.i+1].is(":") {
			if isKeyword(t.text) {
				return stmt{}, errAt(t.pos, ErrSyntax, "keyword '%s' used as a label", t.text)
			}
			p.next()
			p.next()
			return stmt{kind: sLabel, pos: t.pos, name: t.text}, nil
		}
		if t.text == "const" {
			return p.parseConst()
		}
	}
	inst, err := p.parseInstruction()
	if err != nil {
		return stmt{}, err
	}
	if err := p.endStmt(); err != nil {
		return stmt{}, err
	}
	return stmt{kind: sInst, pos: inst.pos, inst: inst}, nil
}

func (p *parser) parseConst() (stmt, *Error) {
	kw := p.next()
	name := p.next()
	if name.kind != tIdent || isKeyword(name.text) {
		return stmt{}, errAt(name.pos, ErrSyntax, "expected a constant name, found %s", name.describe())
	}
	if _, err := p.expect("="); err != nil {
		return stmt{}, err
	}
	v, err := p.parseExpr()
	if err != nil {
		return stmt{}, err
	}
	if !v.isConst() {
		return stmt{}, errAt(v.pos, ErrSyntax, "constant %s must not use registers or memory", name.text)
	}
	if err := p.endStmt(); err != nil {
		return stmt{}, err
	}
	return stmt{kind: sConst, pos: kw.pos, name: name.text, value: v}, nil
}

func (p *parser) parseDirective() (stmt, *Error) {
	d := p.next()
	s := stmt{pos: d.pos}
	switch d.text {
	case "builtins":
		s.kind = sBuiltins
		for p.peek().kind == tIdent {
			s.builtins = append(s.builtins, p.next().text)
		}
	case "func":
		s.kind = sFunc
		n := p.next()
		if n.kind != tIdent || isKeyword(n.text) {
			return s, errAt(n.pos, ErrBadDirective, "%%func needs a name, found %s", n.describe())
		}
		s.name = n.text
	case "endfunc":
		s.kind = sEndFunc
	case "entrypoint":
		if err := p.parseEntry(&s); err != nil {
			return s, err
		}
	case "compiler_version":
		s.kind = sCompilerVersion
		v := p.next()
		if v.kind != tString {
			return s, errAt(v.pos, ErrBadDirective, "%%compiler_version needs a quoted string")
		}
		s.str = v.text
	default:
		return s, errAt(d.pos, ErrBadDirective, "unknown directive %%%s", d.text)
	}
	return s, p.endStmt()
}

func (p *parser) parseEntry(s *stmt) *Error {
	s.kind = sEntry
	s.entry = &entryT{}
	k := p.next()
	kind, ok := entryKinds[k.text]
	if k.kind != tIdent || !ok {
		return errAt(k.pos, ErrBadDirective, "entry point kind must be external, l1_handler or constructor, found %s", k.describe())
	}
	s.entry.kind = kind
	n := p.next()
	switch {
	case n.kind == tNumber:
		v, err := parseInt(n.text)
		if err != nil {
			return errAt(n.pos, ErrBadDirective, "bad selector %q", n.text)
		}
		s.entry.selector = v
	case n.kind == tIdent && !isKeyword(n.text):
		s.name = n.text
	default:
		return errAt(n.pos, ErrBadDirective, "entry point needs a name or a selector, found %s", n.describe())
	}
	if t := p.peek(); t.kind == tIdent && t.text == "builtins" {
		p.next()
		if _, err := p.expect("("); err != nil {
			return err
		}
		for !p.peek().is(")") {
			if len(s.entry.builtins) > 0 {
				if _, err := p.expect(","); err != nil {
					return err
				}
			}
			b := p.next()
			if b.kind != tIdent {
				return errAt(b.pos, ErrBadDirective, "expected a builtin name, found %s", b.describe())
			}
			s.entry.builtins = append(s.entry.builtins, b.text)
		}
		p.next()
	}
	return nil
}
