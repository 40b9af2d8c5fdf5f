package asm

import (
	"errors"
	"fmt"
)

// Sentinel errors; match them with errors.Is. Source errors are wrapped in
// *Error, which adds the position.
var (
	// ErrSyntax is a malformed statement, operand or expression.
	ErrSyntax = errors.New("syntax error")
	// ErrOffsetRange is an instruction offset outside [-2^15, 2^15).
	ErrOffsetRange = errors.New("offset out of range [-2^15, 2^15)")
	// ErrIllegalInstruction is an instruction the Cairo encoding cannot
	// express (e.g. ap++ with call, an immediate as op0).
	ErrIllegalInstruction = errors.New("illegal instruction")
	// ErrUndefined is a reference to an unknown label or constant.
	ErrUndefined = errors.New("undefined name")
	// ErrDuplicate is a name, entry point or builtin declared twice.
	ErrDuplicate = errors.New("duplicate definition")
	// ErrBadHint is an unknown structured hint, a missing/unknown field or a
	// hint of the wrong kind for the output format.
	ErrBadHint = errors.New("bad hint")
	// ErrBadDirective is an unknown or malformed % directive.
	ErrBadDirective = errors.New("bad directive")
	// ErrNoMain is returned by ProgramJSON when the unit declares no %func main.
	ErrNoMain = errors.New("program has no main function")
	// ErrBadJSON is a program or class JSON the disassembler cannot read.
	ErrBadJSON = errors.New("bad program/class JSON")
	// ErrInvalidEncoding is a word that is not a valid Cairo instruction.
	ErrInvalidEncoding = errors.New("invalid instruction encoding")
)

// Pos is a position in a source file (1-based line and column, in bytes).
type Pos struct {
	Line, Col int
}

// Error is a source error with its position.
type Error struct {
	File string
	Pos  Pos
	Err  error
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Pos.Line, e.Pos.Col, e.Err)
}

// Unwrap returns the underlying error (usually one of the sentinels).
func (e *Error) Unwrap() error { return e.Err }

// errAt builds a positioned error wrapping sentinel with a message.
func errAt(p Pos, sentinel error, format string, args ...any) *Error {
	return &Error{Pos: p, Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}
