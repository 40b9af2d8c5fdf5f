package rpc

import (
	"context"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

func call(ctx context.Context, s *Server, a args) (any, error) {
	var fc wire.FunctionCall
	if err := decode(a, 0, "request", &fc); err != nil {
		return nil, err
	}
	st, r, err := s.stateAt(ctx, a, 1)
	if err != nil {
		return nil, err
	}
	if _, err := deployed(ctx, st, fc.ContractAddress); err != nil {
		return nil, err
	}
	out, err := s.backend.Call(ctx, r.Number, &fc)
	if err != nil {
		return nil, fmt.Errorf("call %s: %w", fc.ContractAddress.Hex(), notFound(err, ErrContractNotFound))
	}
	if out == nil {
		out = []felt.Felt{}
	}
	return out, nil
}

// simulationFlags parses flags; allowed lists the flags the method accepts.
func simulationFlags(a args, i int, allowed ...string) (SimulationFlags, bool, error) {
	var names []string
	if err := decode(a, i, "simulation_flags", &names); err != nil {
		return SimulationFlags{}, false, err
	}
	var f SimulationFlags
	initialReads := false
	for _, n := range names {
		ok := false
		for _, al := range allowed {
			ok = ok || n == al
		}
		if !ok {
			return f, false, ErrInvalidParams.WithData("unsupported simulation flag " + n)
		}
		switch n {
		case wire.SkipValidate:
			f.SkipValidate = true
		case wire.SkipFeeCharge:
			f.SkipFeeCharge = true
		case wire.ReturnInitialReads:
			initialReads = true
		}
	}
	return f, initialReads, nil
}

// broadcastedTxs decodes a list of BROADCASTED_TXN.
func broadcastedTxs(a args, i int, name string) ([]wire.Txn, error) {
	var txs []wire.Txn
	if err := decode(a, i, name, &txs); err != nil {
		return nil, err
	}
	for k := range txs {
		if err := txs[k].ValidateBroadcast(txs[k].Type); err != nil {
			return nil, ErrInvalidParams.WithData(fmt.Sprintf("%s[%d]: %v", name, k, err))
		}
	}
	return txs, nil
}

// simulate runs txs and turns the first reverted one into
// TRANSACTION_EXECUTION_ERROR when failOnRevert is set (fee estimation).
// An INVOKE trace is reverted when it has a revert reason instead of an
// execute invocation; a backend that records no invocations (the node's
// fee estimation) leaves both empty for a transaction that succeeded.
func (s *Server) simulate(ctx context.Context, n uint64, txs []wire.Txn, f SimulationFlags, failOnRevert bool) ([]wire.SimulatedTransaction, error) {
	sims, err := s.backend.Simulate(ctx, n, txs, f)
	if err != nil {
		return nil, fmt.Errorf("simulate on block %d: %w", n, notFound(err, ErrContractNotFound))
	}
	if len(sims) != len(txs) {
		return nil, fmt.Errorf("simulate returned %d results for %d transactions", len(sims), len(txs))
	}
	if failOnRevert {
		for i := range sims {
			tr := &sims[i].TransactionTrace
			if tr.Type == wire.TxInvoke && tr.ExecuteInvocation == nil && tr.RevertReason != "" {
				return nil, &TxExecutionError{Index: uint64(i), Reason: tr.RevertReason}
			}
		}
	}
	return sims, nil
}

func estimateFee(ctx context.Context, s *Server, a args) (any, error) {
	txs, err := broadcastedTxs(a, 0, "request")
	if err != nil {
		return nil, err
	}
	f, _, err := simulationFlags(a, 1, wire.SkipValidate)
	if err != nil {
		return nil, err
	}
	f.SkipFeeCharge = true
	_, r, err := s.stateAt(ctx, a, 2)
	if err != nil {
		return nil, err
	}
	sims, err := s.simulate(ctx, r.Number, txs, f, true)
	if err != nil {
		return nil, err
	}
	out := make([]wire.FeeEstimate, len(sims))
	for i := range sims {
		out[i] = sims[i].FeeEstimation
		out[i].Unit = wire.UnitFri
	}
	return out, nil
}

func estimateMessageFee(ctx context.Context, s *Server, a args) (any, error) {
	var msg wire.MsgFromL1
	if err := decode(a, 0, "message", &msg); err != nil {
		return nil, err
	}
	st, r, err := s.stateAt(ctx, a, 1)
	if err != nil {
		return nil, err
	}
	if _, err := deployed(ctx, st, msg.ToAddress); err != nil {
		return nil, err
	}
	fe, err := s.backend.EstimateMessageFee(ctx, r.Number, &msg)
	if err != nil {
		return nil, fmt.Errorf("estimate message to %s: %w", msg.ToAddress.Hex(), notFound(err, ErrContractNotFound))
	}
	out := *fe
	out.Unit = wire.UnitWei
	return out, nil
}

func simulateTransactions(ctx context.Context, s *Server, a args) (any, error) {
	txs, err := broadcastedTxs(a, 1, "transactions")
	if err != nil {
		return nil, err
	}
	f, initialReads, err := simulationFlags(a, 2, wire.SkipValidate, wire.SkipFeeCharge, wire.ReturnInitialReads)
	if err != nil {
		return nil, err
	}
	if initialReads {
		return nil, ErrInvalidParams.WithData("RETURN_INITIAL_READS is not supported by Cairn")
	}
	_, r, err := s.stateAt(ctx, a, 0)
	if err != nil {
		return nil, err
	}
	sims, err := s.simulate(ctx, r.Number, txs, f, false)
	if err != nil {
		return nil, err
	}
	for i := range sims {
		sims[i].FeeEstimation.Unit = wire.UnitFri
	}
	return sims, nil
}

// traceBlock re-executes a committed block.
func (s *Server) traceBlock(ctx context.Context, n uint64) ([]wire.BlockTransactionTrace, error) {
	tr, err := s.backend.TraceBlock(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("trace block %d: %w", n, notFound(err, ErrBlockNotFound))
	}
	return tr, nil
}

func traceTransaction(ctx context.Context, s *Server, a args) (any, error) {
	h, err := hashArg(a, 0, "transaction_hash")
	if err != nil {
		return nil, err
	}
	loc, err := s.backend.TxLocation(ctx, h)
	if err != nil {
		if in, merr := s.backend.InMempool(ctx, h); merr == nil && in {
			return nil, ErrNoTraceAvailable.WithData(NoTraceAvailableData{Status: wire.TxReceived})
		}
		return nil, notFound(err, ErrTxnHashNotFound)
	}
	traces, err := s.traceBlock(ctx, loc.Block)
	if err != nil {
		return nil, err
	}
	for i := range traces {
		if traces[i].TransactionHash.Equal(&h) {
			return traces[i].TraceRoot, nil
		}
	}
	return nil, fmt.Errorf("trace of block %d lacks transaction %s", loc.Block, h.Hex())
}

func traceBlockTransactions(ctx context.Context, s *Server, a args) (any, error) {
	id, err := blockIDArg(a, 0)
	if err != nil {
		return nil, err
	}
	if id.Tag == wire.TagPreConfirmed {
		return nil, ErrInvalidParams.WithData("block_id: pre_confirmed cannot be traced")
	}
	var flags []string
	if err := decode(a, 1, "trace_flags", &flags); err != nil {
		return nil, err
	}
	for _, f := range flags {
		return nil, ErrInvalidParams.WithData("unsupported trace flag " + f)
	}
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	tr, err := s.traceBlock(ctx, r.Number)
	if err != nil {
		return nil, err
	}
	if tr == nil {
		tr = []wire.BlockTransactionTrace{}
	}
	return tr, nil
}
