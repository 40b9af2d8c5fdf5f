package asm

import (
	"strings"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tNewline
	tIdent     // names, may contain dots: f.loop
	tNumber    // decimal or 0x hex digits
	tString    // "..." (text without quotes)
	tHint      // body of %{ ... %}
	tDirective // %name (text without %)
	tPunct     // operators and brackets
	tShortStr  // 'abc': a Cairo short string (text without quotes)
)

type token struct {
	kind tokKind
	text string
	pos  Pos
}

func (t token) is(punct string) bool { return t.kind == tPunct && t.text == punct }

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tNewline:
		return "end of line"
	case tHint:
		return "hint"
	case tString, tShortStr:
		return "string"
	case tDirective:
		return "%" + t.text
	}
	return "'" + t.text + "'"
}

// punctuators, longest first.
var puncts = []string{"**", "++", "+=", "!=", "[", "]", "(", ")", "{", "}", "+", "-", "*", "/", "=", ",", ";", ":"}

// lex splits src into tokens. hintBody is where a hint's body starts (used to
// position errors inside structured hints).
func lex(src string, start Pos) ([]token, *Error) {
	var toks []token
	line, col := start.Line, start.Col
	i := 0
	advance := func(n int) {
		for k := 0; k < n; k++ {
			if src[i] == '\n' {
				line++
				col = 1
			} else {
				col++
			}
			i++
		}
	}
	for i < len(src) {
		c := src[i]
		p := Pos{line, col}
		switch {
		case c == '\n':
			toks = append(toks, token{tNewline, "\n", p})
			advance(1)
		case c == ' ' || c == '\t' || c == '\r':
			advance(1)
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				advance(1)
			}
		case strings.HasPrefix(src[i:], "%{"):
			end := strings.Index(src[i+2:], "%}")
			if end < 0 {
				return nil, errAt(p, ErrSyntax, "unterminated hint: missing %%}")
			}
			advance(2)
			bodyPos := Pos{line, col}
			body := src[i : i+end]
			advance(end + 2)
			toks = append(toks, token{tHint, body, bodyPos})
		case c == '%':
			advance(1)
			n := identLen(src[i:])
			if n == 0 {
				return nil, errAt(p, ErrSyntax, "expected a directive name after '%%'")
			}
			toks = append(toks, token{tDirective, src[i : i+n], p})
			advance(n)
		case c == '"':
			end := strings.IndexAny(src[i+1:], "\"\n")
			if end < 0 || src[i+1+end] != '"' {
				return nil, errAt(p, ErrSyntax, "unterminated string")
			}
			toks = append(toks, token{tString, src[i+1 : i+1+end], p})
			advance(end + 2)
		case c == '\'':
			end := strings.IndexAny(src[i+1:], "'\n")
			if end < 0 || src[i+1+end] != '\'' {
				return nil, errAt(p, ErrSyntax, "unterminated short string")
			}
			toks = append(toks, token{tShortStr, src[i+1 : i+1+end], p})
			advance(end + 2)
		case isDigit(c):
			n := 1
			if c == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') {
				n = 2
			}
			for i+n < len(src) && (isIdentChar(src[i+n])) {
				n++
			}
			toks = append(toks, token{tNumber, src[i : i+n], p})
			advance(n)
		case isIdentStart(c):
			n := identLen(src[i:])
			toks = append(toks, token{tIdent, src[i : i+n], p})
			advance(n)
		default:
			matched := false
			for _, pu := range puncts {
				if strings.HasPrefix(src[i:], pu) {
					toks = append(toks, token{tPunct, pu, p})
					advance(len(pu))
					matched = true
					break
				}
			}
			if !matched {
				return nil, errAt(p, ErrSyntax, "unexpected character %q", rune(c))
			}
		}
	}
	toks = append(toks, token{tEOF, "", Pos{line, col}})
	return toks, nil
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentChar(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// identLen is the length of the name at the start of s: identifier parts
// joined by dots ("f.loop").
func identLen(s string) int {
	n := 0
	for {
		if n >= len(s) || !isIdentStart(s[n]) {
			return n
		}
		for n < len(s) && isIdentChar(s[n]) {
			n++
		}
		if n+1 < len(s) && s[n] == '.' && isIdentStart(s[n+1]) {
			n++
			continue
		}
		return n
	}
}
