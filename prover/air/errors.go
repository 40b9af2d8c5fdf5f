package air

import "errors"

// Sentinel errors. Callers match them with errors.Is; messages are wrapped
// with the position or field that failed.
var (
	// ErrBadPublicInput means the AIR public input is malformed or inconsistent.
	ErrBadPublicInput = errors.New("air: bad public input")
	// ErrBadTrace means the register trace or memory file is malformed or does
	// not describe a valid Cairo execution.
	ErrBadTrace = errors.New("air: bad trace")
	// ErrUnsupportedLayout means the public input names a layout this AIR does
	// not implement.
	ErrUnsupportedLayout = errors.New("air: unsupported layout")
	// ErrInvalidProof means the proof does not verify against the public input.
	ErrInvalidProof = errors.New("air: invalid proof")
)
