package rpc

import (
	"context"
	"testing"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/node/rpc/wire"
)

// bareSimBackend simulates like the node's backend does: traces carry the
// type and resources only, no invocations (and so no revert reason).
type bareSimBackend struct{ *memBackend }

func (b bareSimBackend) Simulate(ctx context.Context, n uint64, txs []wire.Txn, f SimulationFlags) ([]wire.SimulatedTransaction, error) {
	sims, err := b.memBackend.Simulate(ctx, n, txs, f)
	for i := range sims {
		tr := &sims[i].TransactionTrace
		tr.ValidateInvocation, tr.ExecuteInvocation, tr.FeeTransferInvocation = nil, nil, nil
	}
	return sims, err
}

// TestEstimateFeeWithoutInvocations: an INVOKE estimated by a backend that
// records no invocations is not a revert (it used to be answered with
// TRANSACTION_EXECUTION_ERROR and an empty reason, which broke
// starknet.js's Account.execute against a real node).
func TestEstimateFeeWithoutInvocations(t *testing.T) {
	sp := loadSpec(t)
	mem := newTestChain()
	s, err := New(bareSimBackend{mem}, Config{}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	q := broadcastInvoke()
	q["version"] = wire.QueryVersion3
	r := rawCall(t, s, "starknet_estimateFee", []any{[]any{q}, []string{"SKIP_VALIDATE"}, "latest"})
	if r.Error != nil {
		t.Fatalf("estimate of a succeeding invoke failed: %+v", r.Error)
	}
	sp.validateResult(t, "starknet_estimateFee", r.Result)
	if got := field(t, r.Result, "0", "unit"); got != wire.UnitFri {
		t.Errorf("unit %v", got)
	}
	// A revert reason still makes it TRANSACTION_EXECUTION_ERROR.
	mem.simRevert = true
	r = rawCall(t, s, "starknet_estimateFee", []any{[]any{q}, []string{}, "latest"})
	if r.Error == nil || r.Error.Code != 41 {
		t.Fatalf("want TRANSACTION_EXECUTION_ERROR, got %+v", r)
	}
}
