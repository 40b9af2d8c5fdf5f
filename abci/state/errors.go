package state

import "errors"

// Sentinel errors of the state and block stores.
var (
	// ErrNotFound: the requested block, transaction, receipt or class is not stored.
	ErrNotFound = errors.New("state: not found")
	// ErrVersionUnavailable: the requested state version was never committed or has been pruned.
	ErrVersionUnavailable = errors.New("state: version unavailable")
	// ErrCorrupt: a stored value has the wrong length or cannot be decoded.
	ErrCorrupt = errors.New("state: corrupt value")
	// ErrInvalidConfig: a Config field is out of range.
	ErrInvalidConfig = errors.New("state: invalid config")
)
