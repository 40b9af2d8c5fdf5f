package rpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// resolved is a block id mapped to a committed block: for "pre_confirmed",
// Number is the latest committed block and PreConfirmed is set.
type resolved struct {
	Number       uint64
	PreConfirmed bool
}

// notFound maps ErrNotFound to the spec error e and passes other errors on.
func notFound(err error, e *Error) error {
	if errors.Is(err, ErrNotFound) {
		return e
	}
	return err
}

func (s *Server) head(ctx context.Context) (uint64, error) {
	n, err := s.backend.Head(ctx)
	if err != nil {
		return 0, notFound(err, ErrNoBlocks)
	}
	return n, nil
}

// resolve maps a block id to a committed block (see resolved).
func (s *Server) resolve(ctx context.Context, id wire.BlockID) (resolved, error) {
	switch {
	case id.Hash != nil:
		n, err := s.backend.BlockNumberByHash(ctx, *id.Hash)
		if err != nil {
			return resolved{}, notFound(err, ErrBlockNotFound)
		}
		return resolved{Number: n}, nil
	case id.Number != nil:
		h, err := s.backend.Head(ctx)
		if err != nil {
			return resolved{}, notFound(err, ErrBlockNotFound)
		}
		if *id.Number > h {
			return resolved{}, ErrBlockNotFound
		}
		return resolved{Number: *id.Number}, nil
	default:
		h, err := s.backend.Head(ctx)
		if err != nil {
			return resolved{}, notFound(err, ErrBlockNotFound)
		}
		return resolved{Number: h, PreConfirmed: id.Tag == wire.TagPreConfirmed}, nil
	}
}

func blockIDArg(a args, i int) (wire.BlockID, error) {
	var id wire.BlockID
	err := decode(a, i, "block_id", &id)
	return id, err
}

// preConfirmedHeader is the (empty) block being built on top of block n.
func (s *Server) preConfirmedHeader(ctx context.Context, n uint64) (wire.PreConfirmedHeader, error) {
	h, err := s.backend.Header(ctx, n)
	if err != nil {
		return wire.PreConfirmedHeader{}, fmt.Errorf("header %d: %w", n, notFound(err, ErrBlockNotFound))
	}
	return wire.PreConfirmedHeader{
		BlockNumber: n + 1, Timestamp: h.Timestamp, SequencerAddress: h.SequencerAddress,
		L1GasPrice: h.L1GasPrice, L2GasPrice: h.L2GasPrice, L1DataGasPrice: h.L1DataGasPrice,
		L1DAMode: h.L1DAMode, StarknetVersion: h.StarknetVersion,
	}, nil
}

func (s *Server) header(ctx context.Context, n uint64) (*wire.BlockHeader, error) {
	h, err := s.backend.Header(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("header %d: %w", n, notFound(err, ErrBlockNotFound))
	}
	return h, nil
}

func (s *Server) blockTxs(ctx context.Context, n uint64, proofFacts bool) ([]wire.Txn, error) {
	txs, err := s.backend.BlockTxs(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("transactions of block %d: %w", n, notFound(err, ErrBlockNotFound))
	}
	if !proofFacts {
		for i := range txs {
			txs[i].ProofFacts = nil
		}
	}
	return txs, nil
}

func (s *Server) blockReceipts(ctx context.Context, n uint64) ([]wire.Receipt, error) {
	rs, err := s.backend.BlockReceipts(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("receipts of block %d: %w", n, notFound(err, ErrBlockNotFound))
	}
	return rs, nil
}

// includeProofFacts reads the optional response_flags param.
func includeProofFacts(a args, i int) (bool, error) {
	var flags []string
	if err := decode(a, i, "response_flags", &flags); err != nil {
		return false, err
	}
	for _, f := range flags {
		if f != "INCLUDE_PROOF_FACTS" {
			return false, ErrInvalidParams.WithData("unknown response flag " + f)
		}
	}
	return len(flags) > 0, nil
}

func getBlockWithTxHashes(ctx context.Context, s *Server, a args) (any, error) {
	id, err := blockIDArg(a, 0)
	if err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.PreConfirmed {
		h, err := s.preConfirmedHeader(ctx, r.Number)
		if err != nil {
			return nil, err
		}
		return wire.PreConfirmedBlockWithTxHashes{PreConfirmedHeader: h, Transactions: []felt.Felt{}}, nil
	}
	h, err := s.header(ctx, r.Number)
	if err != nil {
		return nil, err
	}
	txs, err := s.blockTxs(ctx, r.Number, false)
	if err != nil {
		return nil, err
	}
	hashes := make([]felt.Felt, len(txs))
	for i := range txs {
		if txs[i].TransactionHash != nil {
			hashes[i] = *txs[i].TransactionHash
		}
	}
	return wire.BlockWithTxHashes{Status: wire.StatusAcceptedOnL2, BlockHeader: *h, Transactions: hashes}, nil
}

func getBlockWithTxs(ctx context.Context, s *Server, a args) (any, error) {
	id, err := blockIDArg(a, 0)
	if err != nil {
		return nil, err
	}
	pf, err := includeProofFacts(a, 1)
	if err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.PreConfirmed {
		h, err := s.preConfirmedHeader(ctx, r.Number)
		if err != nil {
			return nil, err
		}
		return wire.PreConfirmedBlockWithTxs{PreConfirmedHeader: h, Transactions: []wire.Txn{}}, nil
	}
	h, err := s.header(ctx, r.Number)
	if err != nil {
		return nil, err
	}
	txs, err := s.blockTxs(ctx, r.Number, pf)
	if err != nil {
		return nil, err
	}
	if txs == nil {
		txs = []wire.Txn{}
	}
	return wire.BlockWithTxs{Status: wire.StatusAcceptedOnL2, BlockHeader: *h, Transactions: txs}, nil
}

func getBlockWithReceipts(ctx context.Context, s *Server, a args) (any, error) {
	id, err := blockIDArg(a, 0)
	if err != nil {
		return nil, err
	}
	pf, err := includeProofFacts(a, 1)
	if err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.PreConfirmed {
		h, err := s.preConfirmedHeader(ctx, r.Number)
		if err != nil {
			return nil, err
		}
		return wire.PreConfirmedBlockWithReceipts{PreConfirmedHeader: h, Transactions: []wire.TxnAndReceipt{}}, nil
	}
	h, err := s.header(ctx, r.Number)
	if err != nil {
		return nil, err
	}
	txs, err := s.blockTxs(ctx, r.Number, pf)
	if err != nil {
		return nil, err
	}
	rs, err := s.blockReceipts(ctx, r.Number)
	if err != nil {
		return nil, err
	}
	if len(rs) != len(txs) {
		return nil, fmt.Errorf("block %d has %d transactions but %d receipts", r.Number, len(txs), len(rs))
	}
	out := make([]wire.TxnAndReceipt, len(txs))
	for i := range txs {
		rc := rs[i]
		rc.BlockHash, rc.BlockNumber = nil, nil
		txs[i].TransactionHash = nil
		out[i] = wire.TxnAndReceipt{Transaction: txs[i], Receipt: rc}
	}
	return wire.BlockWithReceipts{Status: wire.StatusAcceptedOnL2, BlockHeader: *h, Transactions: out}, nil
}

func getBlockTransactionCount(ctx context.Context, s *Server, a args) (any, error) {
	id, err := blockIDArg(a, 0)
	if err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.PreConfirmed {
		return 0, nil
	}
	h, err := s.header(ctx, r.Number)
	if err != nil {
		return nil, err
	}
	return h.TransactionCount, nil
}

func getStateUpdate(ctx context.Context, s *Server, a args) (any, error) {
	id, err := blockIDArg(a, 0)
	if err != nil {
		return nil, err
	}
	var filter []felt.Felt
	if err := decode(a, 1, "contract_addresses", &filter); err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.PreConfirmed {
		h, err := s.header(ctx, r.Number)
		if err != nil {
			return nil, err
		}
		return wire.PreConfirmedStateUpdate{OldRoot: h.NewRoot}, nil
	}
	su, err := s.backend.StateUpdate(ctx, r.Number)
	if err != nil {
		return nil, fmt.Errorf("state update %d: %w", r.Number, notFound(err, ErrBlockNotFound))
	}
	if filter != nil {
		su.StateDiff = filterStateDiff(su.StateDiff, filter)
	}
	return su, nil
}

// filterStateDiff keeps only the entries of the given contracts (classes
// declared in the block are kept: they belong to no contract).
func filterStateDiff(d wire.StateDiff, addrs []felt.Felt) wire.StateDiff {
	keep := func(a felt.Felt) bool {
		for i := range addrs {
			if addrs[i].Equal(&a) {
				return true
			}
		}
		return false
	}
	out := wire.StateDiff{DeclaredClasses: d.DeclaredClasses, DeprecatedDeclaredClasses: d.DeprecatedDeclaredClasses,
		MigratedCompiledClasses: d.MigratedCompiledClasses}
	for _, x := range d.StorageDiffs {
		if keep(x.Address) {
			out.StorageDiffs = append(out.StorageDiffs, x)
		}
	}
	for _, x := range d.DeployedContracts {
		if keep(x.Address) {
			out.DeployedContracts = append(out.DeployedContracts, x)
		}
	}
	for _, x := range d.ReplacedClasses {
		if keep(x.ContractAddress) {
			out.ReplacedClasses = append(out.ReplacedClasses, x)
		}
	}
	for _, x := range d.Nonces {
		if keep(x.ContractAddress) {
			out.Nonces = append(out.Nonces, x)
		}
	}
	return out
}

func blockNumber(ctx context.Context, s *Server, _ args) (any, error) {
	return s.head(ctx)
}

func blockHashAndNumber(ctx context.Context, s *Server, _ args) (any, error) {
	n, err := s.head(ctx)
	if err != nil {
		return nil, err
	}
	h, err := s.header(ctx, n)
	if err != nil {
		return nil, err
	}
	return wire.BlockHashAndNumber{BlockHash: h.BlockHash, BlockNumber: n}, nil
}

func specVersion(ctx context.Context, _ *Server, _ args) (any, error) {
	return specVersionOf(ctx), nil
}

func chainID(_ context.Context, s *Server, _ args) (any, error) {
	id := s.backend.ChainID()
	return id.Hex(), nil
}

func syncing(ctx context.Context, s *Server, _ args) (any, error) {
	st, err := s.backend.Syncing(ctx)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return false, nil
	}
	return st, nil
}
