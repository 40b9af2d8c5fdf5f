package asm

import (
	"errors"
	"strings"
	"testing"
)

// Every error path reports file:line:col and the right sentinel.
func TestErrorPositions(t *testing.T) {
	cases := []struct {
		src       string
		sentinel  error
		line, col int
	}{
		{"[ap] = [fp + 32768]", ErrOffsetRange, 1, 14},
		{"[ap] = [fp - 32769]", ErrOffsetRange, 1, 14},
		{"\n  [ap + 40000] = 1", ErrOffsetRange, 2, 9},
		{"[ap] = [[fp + 32768] + 17]", ErrOffsetRange, 1, 15},
		{"call rel 5, ap++", ErrIllegalInstruction, 1, 13},
		{"call rel 5; ap++", ErrIllegalInstruction, 1, 13},
		{"ret; ap++", ErrIllegalInstruction, 1, 6},
		{"ap += 5; ap++", ErrIllegalInstruction, 1, 10},
		{"dw 5, ap++", ErrIllegalInstruction, 1, 7},
		{"call rel [ap] + 5", ErrIllegalInstruction, 1, 10},
		{"jmp rel [ap] + [fp] if [fp] != 0", ErrIllegalInstruction, 1, 9},
		{"jmp abs 3 if [fp] != 0", ErrIllegalInstruction, 1, 11},
		{"[fp] = [ap + 10] - 1234567890", ErrIllegalInstruction, 1, 20},
		{"[ap] = [fp] * [[ap] + 1]", ErrIllegalInstruction, 1, 16},
		{"fp - 3 = [fp]", ErrSyntax, 1, 1},
		{"[ap] = [fp * 3]", ErrSyntax, 1, 9},
		{"[5] = [fp]", ErrSyntax, 1, 2},
		{"[x + 7] = [15]", ErrSyntax, 1, 2},
		{"[ap + 1] = 1234 * [fp]", ErrSyntax, 1, 12},
		{"[ap + 1] = [fp] + [fp] * [fp]", ErrSyntax, 1, 19},
		{"jmp rel [fp] if 5 != 0", ErrSyntax, 1, 17},
		{"jmp rel [ap] if [fp] + 3 != 0", ErrSyntax, 1, 17},
		{"jmp rel [ap] if [fp] != 1", ErrSyntax, 1, 25},
		{"[ap] = 1 ap++", ErrSyntax, 1, 10},
		{"[ap] = 1, ap", ErrSyntax, 1, 9},
		{"[ap] = $", ErrSyntax, 1, 8},
		{"jmp nowhere", ErrUndefined, 1, 5},
		{"%func f\n[ap] = [fp + K]", ErrUndefined, 2, 14},
		{"x:\nx:\nret", ErrDuplicate, 2, 1},
		{"%func f\n%func f\nret", ErrDuplicate, 2, 1},
		{"const A = B\nconst B = A\nret", ErrSyntax, 2, 11},
		{"const A = 1 / 0", ErrSyntax, 1, 11},
		{"const A = 7 / 2", ErrSyntax, 1, 11},
		{"const A = 2 ** 5000", ErrSyntax, 1, 11},
		{"%builtins output bogus", ErrBadDirective, 1, 1},
		{"%builtins range_check output", ErrBadDirective, 1, 1},
		{"%builtins output output", ErrDuplicate, 1, 1},
		{"%nope", ErrBadDirective, 1, 1},
		{"%entrypoint foo bar", ErrBadDirective, 1, 13},
		{"%entrypoint external f builtins(nonsense)\nret", ErrBadDirective, 1, 1},
		{"%entrypoint external 0x5\nret\n%entrypoint external 0x5\nret", ErrDuplicate, 3, 1},
		{"%{ memory[ap] = 1 %}", ErrBadHint, 1, 3},
		{"%{ memory[ap] = 1", ErrSyntax, 1, 1},
		{"%{ AllocSegment %}\nret", ErrBadHint, 1, 3},
		{"%{ AllocSegment { dst: [ap + 0], x: [ap] } %}\nret", ErrBadHint, 1, 34},
		{"%{ AllocSegment { } %}\nret", ErrBadHint, 1, 17},
		{"%{ AllocSegment { dst: 5 } %}\nret", ErrSyntax, 1, 24},
		{"%{ TestLessThan { lhs: [ap] - 1, rhs: 1, dst: [ap] } %}\nret", ErrBadHint, 1, 24},
		{"%{ TestLessThan { lhs: 1, lhs: 2, rhs: 1, dst: [ap] } %}\nret", ErrDuplicate, 1, 27},
		{"%{\n  SystemCall { system: [fp + 99999] }\n%}\nret", ErrOffsetRange, 2, 30},
		{"%compiler_version 5", ErrBadDirective, 1, 19},
		{"label:\nap:", ErrSyntax, 2, 1},
		{"const = 4", ErrSyntax, 1, 7},
		{"[ap] = 'abc", ErrSyntax, 1, 8},
		{"[ap] = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'", ErrSyntax, 1, 8},
	}
	for _, c := range cases {
		_, err := Assemble([]byte(c.src), "e.s")
		if err == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		if !errors.Is(err, c.sentinel) {
			t.Errorf("%q: err %v, want %v", c.src, err, c.sentinel)
		}
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%q: %v is not an *Error", c.src, err)
			continue
		}
		if pe.File != "e.s" {
			t.Errorf("%q: file %q", c.src, pe.File)
		}
		if c.line != 0 && (pe.Pos.Line != c.line || pe.Pos.Col != c.col) {
			t.Errorf("%q: at %d:%d, want %d:%d (%v)", c.src, pe.Pos.Line, pe.Pos.Col, c.line, c.col, err)
		}
		if !strings.HasPrefix(err.Error(), "e.s:") {
			t.Errorf("%q: message %q lacks the position", c.src, err)
		}
	}
}

func TestFormatMismatchErrors(t *testing.T) {
	u, err := Assemble([]byte("%func main\n%{ AllocSegment { dst: [ap + 0] } %}\nret"), "m.s")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.ProgramJSON(); !errors.Is(err, ErrBadHint) {
		t.Errorf("structured hint in ProgramJSON: %v", err)
	}
	u, err = Assemble([]byte("%func main\n%{ memory[ap] = 1 %}\nret"), "m.s")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.ClassJSON(); !errors.Is(err, ErrBadHint) {
		t.Errorf("python hint in ClassJSON: %v", err)
	}
	u, err = Assemble([]byte("ret"), "m.s")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.ProgramJSON(); !errors.Is(err, ErrNoMain) {
		t.Errorf("no main: %v", err)
	}
	if _, err := Assemble([]byte("const N = 1\nret"), "m.s", WithConst("M", nil)); !errors.Is(err, ErrUndefined) {
		t.Errorf("override of undeclared const: %v", err)
	}
}
