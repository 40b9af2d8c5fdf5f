package rpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

func hashArg(a args, i int, name string) (felt.Felt, error) {
	var h felt.Felt
	err := decode(a, i, name, &h)
	return h, err
}

// locate finds a committed transaction or answers TXN_HASH_NOT_FOUND.
func (s *Server) locate(ctx context.Context, h felt.Felt) (TxLocation, error) {
	loc, err := s.backend.TxLocation(ctx, h)
	if err != nil {
		return TxLocation{}, notFound(err, ErrTxnHashNotFound)
	}
	return loc, nil
}

func getTransactionByHash(ctx context.Context, s *Server, a args) (any, error) {
	h, err := hashArg(a, 0, "transaction_hash")
	if err != nil {
		return nil, err
	}
	pf, err := includeProofFacts(a, 1)
	if err != nil {
		return nil, err
	}
	loc, err := s.locate(ctx, h)
	if err != nil {
		return nil, err
	}
	txs, err := s.blockTxs(ctx, loc.Block, pf)
	if err != nil {
		return nil, err
	}
	if int(loc.Index) >= len(txs) {
		return nil, fmt.Errorf("transaction %s: index %d beyond block %d", h.Hex(), loc.Index, loc.Block)
	}
	return txs[loc.Index], nil
}

func getTransactionByBlockIDAndIndex(ctx context.Context, s *Server, a args) (any, error) {
	id, err := blockIDArg(a, 0)
	if err != nil {
		return nil, err
	}
	var index int64
	if err := decode(a, 1, "index", &index); err != nil {
		return nil, err
	}
	pf, err := includeProofFacts(a, 2)
	if err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.PreConfirmed {
		return nil, ErrInvalidTxnIndex
	}
	txs, err := s.blockTxs(ctx, r.Number, pf)
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= int64(len(txs)) {
		return nil, ErrInvalidTxnIndex
	}
	return txs[index], nil
}

// receipt returns a committed transaction's receipt with its block info.
func (s *Server) receipt(ctx context.Context, h felt.Felt) (*wire.Receipt, error) {
	loc, err := s.locate(ctx, h)
	if err != nil {
		return nil, err
	}
	rs, err := s.blockReceipts(ctx, loc.Block)
	if err != nil {
		return nil, err
	}
	if int(loc.Index) >= len(rs) {
		return nil, fmt.Errorf("receipt %s: index %d beyond block %d", h.Hex(), loc.Index, loc.Block)
	}
	hdr, err := s.header(ctx, loc.Block)
	if err != nil {
		return nil, err
	}
	rc := rs[loc.Index]
	n := loc.Block
	rc.BlockHash, rc.BlockNumber = &hdr.BlockHash, &n
	return &rc, nil
}

func getTransactionReceipt(ctx context.Context, s *Server, a args) (any, error) {
	h, err := hashArg(a, 0, "transaction_hash")
	if err != nil {
		return nil, err
	}
	return s.receipt(ctx, h)
}

// txStatus is ACCEPTED_ON_L2 with the execution status for a committed
// transaction, RECEIVED for one in the mempool, TXN_HASH_NOT_FOUND otherwise
// (a transaction CheckTx rejected is not kept).
func (s *Server) txStatus(ctx context.Context, h felt.Felt) (*wire.TxStatus, error) {
	rc, err := s.receipt(ctx, h)
	if err == nil {
		st := &wire.TxStatus{FinalityStatus: wire.TxAcceptedOnL2, ExecutionStatus: rc.ExecutionStatus}
		if rc.ExecutionStatus == wire.ExecReverted {
			st.FailureReason = rc.RevertReason
		}
		return st, nil
	}
	if !errors.Is(err, ErrTxnHashNotFound) {
		return nil, err
	}
	in, err := s.backend.InMempool(ctx, h)
	if err != nil {
		return nil, fmt.Errorf("mempool lookup %s: %w", h.Hex(), err)
	}
	if !in {
		return nil, ErrTxnHashNotFound
	}
	return &wire.TxStatus{FinalityStatus: wire.TxReceived}, nil
}

func getTransactionStatus(ctx context.Context, s *Server, a args) (any, error) {
	h, err := hashArg(a, 0, "transaction_hash")
	if err != nil {
		return nil, err
	}
	return s.txStatus(ctx, h)
}

// getMessagesStatus: Cairn has no L1 bridge yet, so no L1 transaction is known.
func getMessagesStatus(_ context.Context, _ *Server, a args) (any, error) {
	var h string
	if err := decode(a, 0, "transaction_hash", &h); err != nil {
		return nil, err
	}
	return nil, ErrTxnHashNotFound
}
