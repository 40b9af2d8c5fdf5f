package cairo

import (
	"fmt"
	"strconv"
	"strings"
)

// refExpr is a parsed reference expression of cairo-compile's reference
// manager, e.g. "[cast(fp + (-3), felt*)]" or "cast([ap + (-1)] + 2, felt*)".
type refExpr struct {
	op    byte // 'r' register, 'n' number, 'd' deref, '+' add, '*' mul
	reg   Register
	num   int64
	a, b  *refExpr
	ctype string // type of the outermost cast, if any
}

type refParser struct {
	s   string
	pos int
}

func parseRef(s string) (*refExpr, error) {
	p := &refParser{s: s}
	e, err := p.expr()
	if err != nil {
		return nil, fmt.Errorf("reference %q: %w", s, err)
	}
	p.ws()
	if p.pos != len(p.s) {
		return nil, fmt.Errorf("reference %q: trailing text at %d", s, p.pos)
	}
	return e, nil
}

func (p *refParser) ws() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}

func (p *refParser) peek() byte {
	p.ws()
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *refParser) expect(c byte) error {
	if p.peek() != c {
		return fmt.Errorf("expected %q at %d", c, p.pos)
	}
	p.pos++
	return nil
}

func (p *refParser) expr() (*refExpr, error) {
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	for {
		c := p.peek()
		if c != '+' && c != '*' && c != '-' {
			return left, nil
		}
		p.pos++
		right, err := p.term()
		if err != nil {
			return nil, err
		}
		if c == '-' {
			right = &refExpr{op: '*', a: right, b: &refExpr{op: 'n', num: -1}}
			c = '+'
		}
		left = &refExpr{op: c, a: left, b: right}
	}
}

func (p *refParser) term() (*refExpr, error) {
	switch c := p.peek(); {
	case c == '[':
		p.pos++
		inner, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(']'); err != nil {
			return nil, err
		}
		return &refExpr{op: 'd', a: inner}, nil
	case c == '(':
		p.pos++
		inner, err := p.expr()
		if err != nil {
			return nil, err
		}
		return inner, p.expect(')')
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		p.pos++
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
		}
		n, err := strconv.ParseInt(p.s[start:p.pos], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("number at %d: %w", start, err)
		}
		return &refExpr{op: 'n', num: n}, nil
	case strings.HasPrefix(p.s[p.pos:], "cast("):
		p.pos += len("cast(")
		inner, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
		depth, start := 0, p.pos
		for ; p.pos < len(p.s); p.pos++ {
			if p.s[p.pos] == '(' {
				depth++
			} else if p.s[p.pos] == ')' {
				if depth == 0 {
					break
				}
				depth--
			}
		}
		if p.pos >= len(p.s) {
			return nil, fmt.Errorf("unterminated cast")
		}
		t := strings.TrimSpace(p.s[start:p.pos])
		p.pos++
		out := *inner
		out.ctype = t
		return &out, nil
	case strings.HasPrefix(p.s[p.pos:], "ap"):
		p.pos += 2
		return &refExpr{op: 'r', reg: RegAP}, nil
	case strings.HasPrefix(p.s[p.pos:], "fp"):
		p.pos += 2
		return &refExpr{op: 'r', reg: RegFP}, nil
	}
	return nil, fmt.Errorf("unexpected text at %d", p.pos)
}

// eval computes the expression's value with the given registers.
func (e *refExpr) eval(m *Memory, ap, fp Relocatable) (Value, error) {
	switch e.op {
	case 'r':
		if e.reg == RegAP {
			return RelValue(ap), nil
		}
		return RelValue(fp), nil
	case 'n':
		return IntValue(e.num), nil
	case 'd':
		addr, err := e.a.eval(m, ap, fp)
		if err != nil {
			return Value{}, err
		}
		a, err := addr.AsRel()
		if err != nil {
			return Value{}, err
		}
		return m.Read(a)
	case '+', '*':
		x, err := e.a.eval(m, ap, fp)
		if err != nil {
			return Value{}, err
		}
		y, err := e.b.eval(m, ap, fp)
		if err != nil {
			return Value{}, err
		}
		if e.op == '+' {
			return AddValues(x, y)
		}
		return MulValues(x, y)
	}
	return Value{}, fmt.Errorf("bad reference expression")
}
