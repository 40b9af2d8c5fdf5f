package cairo

import (
	"errors"
	"fmt"
)

// Sentinel errors. Errors returned by the VM wrap one of these where it
// applies, so callers can test them with errors.Is.
var (
	// ErrInvalidInstruction is returned for an encoding that is not a valid
	// Cairo instruction (bit 63 set, undefined flag group values, ...).
	ErrInvalidInstruction = errors.New("cairo: invalid instruction")
	// ErrUnknownMemory is returned when reading a memory cell that was never written.
	ErrUnknownMemory = errors.New("cairo: unknown memory cell")
	// ErrInconsistentMemory is returned when writing a different value to a written cell.
	ErrInconsistentMemory = errors.New("cairo: inconsistent memory write")
	// ErrBadAddress is returned for an address with an unknown segment or negative offset.
	ErrBadAddress = errors.New("cairo: invalid address")
	// ErrRelocatable is returned for arithmetic that is undefined on relocatable values.
	ErrRelocatable = errors.New("cairo: invalid relocatable arithmetic")
	// ErrExpectedFelt is returned when a field element was required but a pointer was found.
	ErrExpectedFelt = errors.New("cairo: expected a field element")
	// ErrExpectedRelocatable is returned when a pointer was required but a field element was found.
	ErrExpectedRelocatable = errors.New("cairo: expected a relocatable value")
	// ErrAssertEq is returned when an assert_eq instruction fails.
	ErrAssertEq = errors.New("cairo: assert_eq failed")
	// ErrCall is returned when a call instruction's frame cells are inconsistent.
	ErrCall = errors.New("cairo: call frame mismatch")
	// ErrMaxSteps is returned when a run exceeds its step limit.
	ErrMaxSteps = errors.New("cairo: step limit exceeded")
	// ErrBuiltin is returned when a builtin's constraint is violated.
	ErrBuiltin = errors.New("cairo: builtin constraint violated")
	// ErrUnknownHint is returned for a hint the VM does not implement.
	ErrUnknownHint = errors.New("cairo: unknown hint")
	// ErrHint is returned when a hint fails.
	ErrHint = errors.New("cairo: hint failed")
	// ErrProgram is returned for a malformed program or contract class file.
	ErrProgram = errors.New("cairo: malformed program")
	// ErrLayout is returned for an unknown layout or a run that does not fit one.
	ErrLayout = errors.New("cairo: layout")
	// ErrEntryPoint is returned for an unknown entry point or bad arguments.
	ErrEntryPoint = errors.New("cairo: entry point")
)

// StepError is an execution error with the position where it happened.
type StepError struct {
	PC   Relocatable
	Step uint64
	Err  error
}

func (e *StepError) Error() string {
	return fmt.Sprintf("step %d at pc %s: %v", e.Step, e.PC, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }

// errInsufficient marks a proof-mode run that does not yet fit its layout
// (too few steps for a builtin's ratio or the memory/range-check budget);
// the padding loop keeps running until it fits.
var errInsufficient = fmt.Errorf("%w: insufficient allocated cells", ErrLayout)
