package air

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/prover/stark"
)

// TestProveExplainsBadTrace: a trace with one changed cell is rejected by
// the STARK prover, and ProveTrace then names the failing constraint
// (ErrBadTrace wrapping a *ConstraintError); with SkipCheck it returns the
// prover's stark.ErrTrace alone.
func TestProveExplainsBadTrace(t *testing.T) {
	tr := mustTrace(t, fibProgram(10), 64)
	one := imm(1)
	tr.Cols[colAP][5].Add(&tr.Cols[colAP][5], &one)
	cfg := DefaultProveConfig()
	cfg.Stark.Options.Queries = 8
	_, err := ProveTrace(context.Background(), tr, cfg)
	require.ErrorIs(t, err, ErrBadTrace)
	var ce *ConstraintError
	require.True(t, errors.As(err, &ce), "constraint named: %v", err)
	cfg.SkipCheck = true
	_, err = ProveTrace(context.Background(), tr, cfg)
	require.ErrorIs(t, err, stark.ErrTrace)
	require.False(t, errors.As(err, &ce))
}
