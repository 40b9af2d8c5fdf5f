package rpc

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// memBackend is an in-memory Backend for tests: a chain of blocks with
// transactions, receipts and state updates, a state per block, a mempool and
// feeds that tests drive with commit and receive.
type memBackend struct {
	mu        sync.Mutex
	chainID   felt.Felt
	headers   []wire.BlockHeader
	txs       [][]wire.Txn
	receipts  [][]wire.Receipt
	updates   []wire.StateUpdate
	states    []*memState
	mempool   map[felt.Felt]wire.Txn
	blockSubs []chan uint64
	poolSubs  []chan wire.Txn
	submitErr error
	submitted []wire.Txn
	callErr   error
	simRevert bool
}

type memState struct {
	classAt map[felt.Felt]felt.Felt
	nonces  map[felt.Felt]felt.Felt
	storage map[[2]felt.Felt]felt.Felt
	classes map[felt.Felt]json.RawMessage
	casm    map[felt.Felt]json.RawMessage
}

var _ Backend = (*memBackend)(nil)

func (m *memBackend) ChainID() felt.Felt { return m.chainID }

func (m *memBackend) Head(context.Context) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.headers) == 0 {
		return 0, ErrNotFound
	}
	return uint64(len(m.headers) - 1), nil
}

func (m *memBackend) BlockNumberByHash(_ context.Context, h felt.Felt) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.headers {
		if m.headers[i].BlockHash.Equal(&h) {
			return uint64(i), nil
		}
	}
	return 0, ErrNotFound
}

func (m *memBackend) Header(_ context.Context, n uint64) (*wire.BlockHeader, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n >= uint64(len(m.headers)) {
		return nil, ErrNotFound
	}
	h := m.headers[n]
	return &h, nil
}

func (m *memBackend) BlockTxs(_ context.Context, n uint64) ([]wire.Txn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n >= uint64(len(m.txs)) {
		return nil, ErrNotFound
	}
	return append([]wire.Txn(nil), m.txs[n]...), nil
}

func (m *memBackend) BlockReceipts(_ context.Context, n uint64) ([]wire.Receipt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n >= uint64(len(m.receipts)) {
		return nil, ErrNotFound
	}
	return append([]wire.Receipt(nil), m.receipts[n]...), nil
}

func (m *memBackend) StateUpdate(_ context.Context, n uint64) (*wire.StateUpdate, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n >= uint64(len(m.updates)) {
		return nil, ErrNotFound
	}
	u := m.updates[n]
	return &u, nil
}

func (m *memBackend) TxLocation(_ context.Context, h felt.Felt) (TxLocation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for b := range m.txs {
		for i := range m.txs[b] {
			if m.txs[b][i].TransactionHash.Equal(&h) {
				return TxLocation{Block: uint64(b), Index: uint32(i)}, nil
			}
		}
	}
	return TxLocation{}, ErrNotFound
}

func (m *memBackend) InMempool(_ context.Context, h felt.Felt) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.mempool[h]
	return ok, nil
}

func (m *memBackend) State(_ context.Context, n uint64) (StateReader, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n >= uint64(len(m.states)) {
		return nil, ErrNotFound
	}
	return m.states[n], nil
}

func (m *memBackend) Syncing(context.Context) (*wire.SyncStatus, error) { return nil, nil }

func (m *memBackend) Submit(_ context.Context, tx *wire.Txn) (SubmitResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.submitErr != nil {
		return SubmitResult{}, m.submitErr
	}
	m.submitted = append(m.submitted, *tx)
	h := felt.FromUint64(0xabc000 + uint64(len(m.submitted)))
	t := *tx
	t.TransactionHash = &h
	m.mempool[h] = t
	for _, c := range m.poolSubs {
		c <- t
	}
	return SubmitResult{TransactionHash: h, ClassHash: felt.FromUint64(0xc1a55), ContractAddress: felt.FromUint64(0xacc)}, nil
}

func (m *memBackend) Call(_ context.Context, n uint64, c *wire.FunctionCall) ([]felt.Felt, error) {
	if m.callErr != nil {
		return nil, m.callErr
	}
	// Echo: block number then calldata.
	return append([]felt.Felt{felt.FromUint64(n)}, c.Calldata...), nil
}

func (m *memBackend) Simulate(_ context.Context, n uint64, txs []wire.Txn, f SimulationFlags) ([]wire.SimulatedTransaction, error) {
	out := make([]wire.SimulatedTransaction, len(txs))
	for i := range txs {
		tr := sampleTrace(txs[i].Type, txs[i].SenderAddress)
		if m.simRevert {
			tr.ExecuteInvocation, tr.RevertReason = nil, "out of gas"
		}
		if f.SkipValidate {
			tr.ValidateInvocation = nil
		}
		if f.SkipFeeCharge {
			tr.FeeTransferInvocation = nil
		}
		out[i] = wire.SimulatedTransaction{TransactionTrace: tr, FeeEstimation: sampleFee(uint64(i) + n)}
	}
	return out, nil
}

func (m *memBackend) EstimateMessageFee(_ context.Context, n uint64, _ *wire.MsgFromL1) (*wire.FeeEstimate, error) {
	f := sampleFee(n)
	return &f, nil
}

func (m *memBackend) TraceBlock(_ context.Context, n uint64) ([]wire.BlockTransactionTrace, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n >= uint64(len(m.txs)) {
		return nil, ErrNotFound
	}
	var out []wire.BlockTransactionTrace
	for _, t := range m.txs[n] {
		out = append(out, wire.BlockTransactionTrace{TransactionHash: *t.TransactionHash, TraceRoot: sampleTrace(t.Type, t.SenderAddress)})
	}
	return out, nil
}

func (m *memBackend) SubscribeBlocks(ctx context.Context) (<-chan uint64, error) {
	c := make(chan uint64, 16)
	m.mu.Lock()
	m.blockSubs = append(m.blockSubs, c)
	m.mu.Unlock()
	return c, nil
}

func (m *memBackend) SubscribeMempool(ctx context.Context) (<-chan wire.Txn, error) {
	c := make(chan wire.Txn, 16)
	m.mu.Lock()
	m.poolSubs = append(m.poolSubs, c)
	m.mu.Unlock()
	return c, nil
}

func (s *memState) ClassHashAt(_ context.Context, a felt.Felt) (felt.Felt, error) {
	return s.classAt[a], nil
}
func (s *memState) NonceAt(_ context.Context, a felt.Felt) (felt.Felt, error) {
	return s.nonces[a], nil
}
func (s *memState) StorageAt(_ context.Context, a, k felt.Felt) (felt.Felt, error) {
	return s.storage[[2]felt.Felt{a, k}], nil
}
func (s *memState) Class(_ context.Context, h felt.Felt) (json.RawMessage, error) {
	c, ok := s.classes[h]
	if !ok {
		return nil, ErrNotFound
	}
	return c, nil
}
func (s *memState) CompiledClass(_ context.Context, h felt.Felt) (json.RawMessage, error) {
	c, ok := s.casm[h]
	if !ok {
		return nil, ErrNotFound
	}
	return c, nil
}
