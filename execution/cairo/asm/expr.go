package asm

import (
	"fmt"
	"math/big"
	"strings"
)

// exprKind is the kind of an expression node.
type exprKind uint8

const (
	eNum   exprKind = iota // integer literal
	eName                  // constant or label
	eReg                   // ap or fp (only inside dereferences)
	eDeref                 // [x]
	eBin                   // x op y
	eNeg                   // -x
)

// expr is a parsed operand or constant expression.
type expr struct {
	kind exprKind
	pos  Pos
	num  *big.Int // eNum
	name string   // eName
	reg  Register // eReg
	op   string   // eBin: + - * / **
	x, y *expr    // eDeref/eNeg: x; eBin: x, y
}

// isConst reports whether e contains no register or dereference.
func (e *expr) isConst() bool {
	switch e.kind {
	case eNum, eName:
		return true
	case eNeg:
		return e.x.isConst()
	case eBin:
		return e.x.isConst() && e.y.isConst()
	}
	return false
}

// maxExprDepth bounds nesting so hostile input cannot exhaust the stack.
const maxExprDepth = 200

// exprParser parses expressions from a token slice.
type exprParser struct {
	toks  []token
	i     int
	depth int
}

func (p *exprParser) peek() token { return p.toks[p.i] }

func (p *exprParser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *exprParser) expect(punct string) (token, *Error) {
	t := p.next()
	if !t.is(punct) {
		return t, errAt(t.pos, ErrSyntax, "expected '%s', found %s", punct, t.describe())
	}
	return t, nil
}

// parseExpr parses sums (lowest precedence).
func (p *exprParser) parseExpr() (*expr, *Error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxExprDepth {
		return nil, errAt(p.peek().pos, ErrSyntax, "expression nested too deeply")
	}
	x, err := p.parseTerm()
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t.is("+") || t.is("-"); t = p.peek() {
		p.next()
		y, err := p.parseTerm()
		if err != nil {
			return nil, err
		}
		x = &expr{kind: eBin, pos: x.pos, op: t.text, x: x, y: y}
	}
	return x, nil
}

func (p *exprParser) parseTerm() (*expr, *Error) {
	x, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t.is("*") || t.is("/"); t = p.peek() {
		p.next()
		y, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		x = &expr{kind: eBin, pos: x.pos, op: t.text, x: x, y: y}
	}
	return x, nil
}

func (p *exprParser) parseUnary() (*expr, *Error) {
	if t := p.peek(); t.is("-") {
		p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxExprDepth {
			return nil, errAt(t.pos, ErrSyntax, "expression nested too deeply")
		}
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &expr{kind: eNeg, pos: t.pos, x: x}, nil
	}
	x, err := p.parseAtom()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.is("**") {
		p.next()
		y, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		x = &expr{kind: eBin, pos: x.pos, op: "**", x: x, y: y}
	}
	return x, nil
}

func (p *exprParser) parseAtom() (*expr, *Error) {
	t := p.next()
	switch {
	case t.kind == tNumber:
		n, err := parseInt(t.text)
		if err != nil {
			return nil, errAt(t.pos, ErrSyntax, "bad number %q", t.text)
		}
		return &expr{kind: eNum, pos: t.pos, num: n}, nil
	case t.kind == tShortStr:
		if len(t.text) > maxShortString {
			return nil, errAt(t.pos, ErrSyntax, "short string longer than %d characters", maxShortString)
		}
		for i := 0; i < len(t.text); i++ {
			if t.text[i] >= 0x80 {
				return nil, errAt(t.pos, ErrSyntax, "short string must be ASCII")
			}
		}
		return &expr{kind: eNum, pos: t.pos, num: new(big.Int).SetBytes([]byte(t.text))}, nil
	case t.kind == tIdent && (t.text == "ap" || t.text == "fp"):
		r := AP
		if t.text == "fp" {
			r = FP
		}
		return &expr{kind: eReg, pos: t.pos, reg: r}, nil
	case t.kind == tIdent:
		if isKeyword(t.text) {
			return nil, errAt(t.pos, ErrSyntax, "unexpected keyword '%s' in expression", t.text)
		}
		return &expr{kind: eName, pos: t.pos, name: t.text}, nil
	case t.is("("):
		x, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
		return x, nil
	case t.is("["):
		x, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect("]"); err != nil {
			return nil, err
		}
		return &expr{kind: eDeref, pos: t.pos, x: x}, nil
	}
	return nil, errAt(t.pos, ErrSyntax, "expected an expression, found %s", t.describe())
}

// parseInt parses decimal or 0x-hex digits.
func parseInt(s string) (*big.Int, error) {
	base := 10
	digits := s
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		base, digits = 16, s[2:]
	}
	if digits == "" || strings.ContainsAny(digits, "_+-") {
		return nil, fmt.Errorf("bad integer %q", s)
	}
	n, ok := new(big.Int).SetString(digits, base)
	if !ok {
		return nil, fmt.Errorf("bad integer %q", s)
	}
	return n, nil
}

var keywords = map[string]bool{
	"ap": true, "fp": true, "call": true, "jmp": true, "ret": true, "rel": true,
	"abs": true, "if": true, "const": true, "dw": true,
}

func isKeyword(s string) bool { return keywords[s] }

// maxShortString is the longest Cairo short string (31 bytes fit a felt).
const maxShortString = 31

// maxBits bounds constant values so that `2 ** 2 ** 64` cannot exhaust memory.
const maxBits = 1024

// resolver looks up a name used in a constant expression.
type resolver func(name string, pos Pos) (*big.Int, *Error)

// eval computes a constant expression over the integers.
func (e *expr) eval(res resolver) (*big.Int, *Error) {
	switch e.kind {
	case eNum:
		return new(big.Int).Set(e.num), nil
	case eName:
		return res(e.name, e.pos)
	case eNeg:
		x, err := e.x.eval(res)
		if err != nil {
			return nil, err
		}
		return x.Neg(x), nil
	case eBin:
		x, err := e.x.eval(res)
		if err != nil {
			return nil, err
		}
		y, err := e.y.eval(res)
		if err != nil {
			return nil, err
		}
		return binop(e, x, y)
	case eReg:
		return nil, errAt(e.pos, ErrSyntax, "register %s in a constant expression", e.reg)
	}
	return nil, errAt(e.pos, ErrSyntax, "dereference in a constant expression")
}

func binop(e *expr, x, y *big.Int) (*big.Int, *Error) {
	z := new(big.Int)
	switch e.op {
	case "+":
		z.Add(x, y)
	case "-":
		z.Sub(x, y)
	case "*":
		z.Mul(x, y)
	case "/":
		if y.Sign() == 0 {
			return nil, errAt(e.pos, ErrSyntax, "division by zero")
		}
		var m big.Int
		z.QuoRem(x, y, &m)
		if m.Sign() != 0 {
			return nil, errAt(e.pos, ErrSyntax, "%s / %s is not exact", x, y)
		}
	case "**":
		if y.Sign() < 0 || !y.IsInt64() || (x.BitLen() > 1 && y.Int64() > maxBits) {
			return nil, errAt(e.pos, ErrSyntax, "exponent %s out of range", y)
		}
		z.Exp(x, y, nil)
	}
	if z.BitLen() > maxBits {
		return nil, errAt(e.pos, ErrSyntax, "value exceeds %d bits", maxBits)
	}
	return z, nil
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }
