package stark

import (
	"errors"
	"fmt"
)

// Sentinel errors about proof options.
var (
	ErrOptions  = errors.New("stark: invalid proof options")
	ErrSecurity = errors.New("stark: proof options below the required security level")
)

// fieldBits is ⌊log2 p⌋ for the Stark252 field.
const fieldBits = 251

// Options are the proof parameters; they travel in the proof header and are
// bound into the transcript.
type Options struct {
	// BlowupLog is log2 of the low-degree-extension blowup factor (1..6).
	BlowupLog int
	// Queries is the number of FRI query positions (1..255).
	Queries int
	// GrindingBits is the proof-of-work difficulty before queries (0..32).
	GrindingBits int
	// FoldingLog is log2 of the FRI folding factor: 1, 2 or 3 (2, 4 or 8).
	FoldingLog int
	// LastLayerLog bounds the FRI last-layer polynomial: at most 2^LastLayerLog
	// coefficients are sent in the clear (0..10).
	LastLayerLog int
}

// DefaultOptions gives 45·2 + 16 = 106 bits of conjectured security:
// blowup 4, 45 queries, 16 bits of grinding, FRI folding by 8, last layer of
// at most 32 coefficients. Blowup 4 halves the LDE, the trace commitment and
// the prover's memory against blowup 8 with 30 queries, for proofs about 35 %
// larger (measured in docs/prover.md, "Performance").
func DefaultOptions() Options {
	return Options{BlowupLog: 2, Queries: 45, GrindingBits: 16, FoldingLog: 3, LastLayerLog: 5}
}

// Validate checks every field's range.
func (o Options) Validate() error {
	switch {
	case o.BlowupLog < 1 || o.BlowupLog > 6:
		return fmt.Errorf("%w: blowup log %d not in [1, 6]", ErrOptions, o.BlowupLog)
	case o.Queries < 1 || o.Queries > 255:
		return fmt.Errorf("%w: %d queries not in [1, 255]", ErrOptions, o.Queries)
	case o.GrindingBits < 0 || o.GrindingBits > 32:
		return fmt.Errorf("%w: %d grinding bits not in [0, 32]", ErrOptions, o.GrindingBits)
	case o.FoldingLog < 1 || o.FoldingLog > 3:
		return fmt.Errorf("%w: folding log %d not in [1, 3]", ErrOptions, o.FoldingLog)
	case o.LastLayerLog < 0 || o.LastLayerLog > 10:
		return fmt.Errorf("%w: last layer log %d not in [0, 10]", ErrOptions, o.LastLayerLog)
	}
	return nil
}

// QuerySecurity is the conjectured security of the FRI queries and grinding:
// Queries·BlowupLog + GrindingBits (ethSTARK conjecture, one query of a
// rate-1/B code errs with probability 1/B).
func (o Options) QuerySecurity() int { return o.Queries*o.BlowupLog + o.GrindingBits }

// FieldSecurity bounds the algebraic (out-of-domain and random-combination)
// soundness error for a trace of 2^traceLog rows with compositionParts parts:
// ≈ log2(p) − log2(LDE size) − log2(composition degree bound) − 1. For
// Stark252 and practical sizes it is far above QuerySecurity.
func (o Options) FieldSecurity(traceLog, compositionParts int) int {
	return fieldBits - (traceLog + o.BlowupLog) - (traceLog + ceilLog2(compositionParts)) - 1
}

// Security is the conjectured security level in bits of a proof with these
// options for a trace of 2^traceLog rows: the minimum of QuerySecurity and
// FieldSecurity.
func (o Options) Security(traceLog, compositionParts int) int {
	return min(o.QuerySecurity(), o.FieldSecurity(traceLog, compositionParts))
}

func ceilLog2(v int) int {
	l := 0
	for 1<<l < v {
		l++
	}
	return l
}
