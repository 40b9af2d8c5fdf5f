package node

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cairnchain/cairn/abci"
	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/rpc"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// BroadcastFunc hands canonical transaction bytes to the CometBFT mempool
// (BroadcastTxSync) and returns CheckTx's code and log.
type BroadcastFunc func(ctx context.Context, tx []byte) (code uint32, log string, err error)

// CatchingUpFunc reports whether CometBFT is still catching up (block sync).
type CatchingUpFunc func(ctx context.Context) (bool, error)

// Backend implements rpc.Backend over the block store, the IAVL state, the
// executor and the CometBFT mempool.
type Backend struct {
	app       *abci.App
	tree      *state.Tree
	blocks    *state.BlockStore
	exec      *starknet.Executor
	engine    abci.StarknetEngineConfig
	prices    abci.GasPrices
	broadcast BroadcastFunc
	// CatchingUp, when set, makes Syncing report progress during block sync.
	CatchingUp CatchingUpFunc
	// Genesis applies the chain's genesis (TraceBlock of block 0 needs it).
	Genesis func(st starknet.State) error
	// startHead is the head when the backend was created (-1: none).
	startHead int64

	subMu     sync.Mutex
	blockSubs map[chan uint64]struct{}
	poolSubs  map[chan wire.Txn]struct{}
	metrics   *metrics
}

var _ rpc.Backend = (*Backend)(nil)

// NewBackend wires a backend and installs the app hooks that feed the
// subscriptions and the metrics (registered with reg).
func NewBackend(app *abci.App, tree *state.Tree, blocks *state.BlockStore, exec *starknet.Executor,
	engine abci.StarknetEngineConfig, prices abci.GasPrices, broadcast BroadcastFunc, reg prometheus.Registerer) (*Backend, error) {
	m, err := newMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("register metrics: %w", err)
	}
	b := &Backend{app: app, tree: tree, blocks: blocks, exec: exec, engine: engine, prices: prices, broadcast: broadcast,
		blockSubs: map[chan uint64]struct{}{}, poolSubs: map[chan wire.Txn]struct{}{}, metrics: m, startHead: -1}
	if h, err := b.Head(context.Background()); err == nil {
		b.startHead = int64(h)
	}
	app.SetHooks(abci.Hooks{OnCommit: b.onCommit, OnMempoolTx: b.onMempoolTx})
	return b, nil
}

// notFound wraps a block store miss as rpc.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, state.ErrNotFound) || errors.Is(err, state.ErrVersionUnavailable) {
		return fmt.Errorf("%w: %w", rpc.ErrNotFound, err)
	}
	return err
}

// ChainID implements rpc.Backend.
func (b *Backend) ChainID() felt.Felt { return b.engine.ChainID }

// Head implements rpc.Backend.
func (b *Backend) Head(context.Context) (uint64, error) {
	n, ok, err := b.blocks.Head()
	if err != nil {
		return 0, err
	}
	if !ok || b.tree.Version() == 0 {
		return 0, fmt.Errorf("%w: no block committed yet", rpc.ErrNotFound)
	}
	// The block store may be one block ahead of the state after a crash.
	return min(n, uint64(b.tree.Version()-1)), nil
}

// BlockNumberByHash implements rpc.Backend.
func (b *Backend) BlockNumberByHash(_ context.Context, h felt.Felt) (uint64, error) {
	n, err := b.blocks.NumberByHash(h)
	return n, notFound(err)
}

// Header implements rpc.Backend.
func (b *Backend) Header(ctx context.Context, n uint64) (*wire.BlockHeader, error) {
	if err := b.committed(ctx, n); err != nil {
		return nil, err
	}
	h, err := b.blocks.Header(n)
	if err != nil {
		return nil, notFound(err)
	}
	w := headerToWire(h)
	return &w, nil
}

func (b *Backend) committed(ctx context.Context, n uint64) error {
	head, err := b.Head(ctx)
	if err != nil {
		return err
	}
	if n > head {
		return fmt.Errorf("%w: block %d after head %d", rpc.ErrNotFound, n, head)
	}
	return nil
}

// BlockTxs implements rpc.Backend.
func (b *Backend) BlockTxs(ctx context.Context, n uint64) ([]wire.Txn, error) {
	hashes, err := b.blockHashes(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]wire.Txn, len(hashes))
	for i, h := range hashes {
		raw, err := b.blocks.Tx(h)
		if err != nil {
			return nil, err
		}
		tx, err := starknet.DecodeTx(raw)
		if err != nil {
			return nil, fmt.Errorf("stored tx %s: %w", h.Hex(), err)
		}
		if out[i], err = TxToWire(tx, h); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (b *Backend) blockHashes(ctx context.Context, n uint64) ([]felt.Felt, error) {
	if err := b.committed(ctx, n); err != nil {
		return nil, err
	}
	hashes, err := b.blocks.TxHashes(n)
	return hashes, notFound(err)
}

// BlockReceipts implements rpc.Backend.
func (b *Backend) BlockReceipts(ctx context.Context, n uint64) ([]wire.Receipt, error) {
	hashes, err := b.blockHashes(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]wire.Receipt, len(hashes))
	for i, h := range hashes {
		raw, err := b.blocks.Receipt(h)
		if err != nil {
			return nil, err
		}
		if out[i], err = receiptToWire(raw); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// StateUpdate implements rpc.Backend.
func (b *Backend) StateUpdate(ctx context.Context, n uint64) (*wire.StateUpdate, error) {
	if err := b.committed(ctx, n); err != nil {
		return nil, err
	}
	raw, err := b.blocks.StateUpdate(n)
	if err != nil {
		return nil, notFound(err)
	}
	return stateUpdateToWire(raw)
}

// TxLocation implements rpc.Backend.
func (b *Backend) TxLocation(ctx context.Context, h felt.Felt) (rpc.TxLocation, error) {
	loc, err := b.blocks.TxLocation(h)
	if err != nil {
		return rpc.TxLocation{}, notFound(err)
	}
	if err := b.committed(ctx, loc.Block); err != nil {
		return rpc.TxLocation{}, err
	}
	return rpc.TxLocation{Block: loc.Block, Index: loc.Index}, nil
}

// InMempool implements rpc.Backend.
func (b *Backend) InMempool(_ context.Context, h felt.Felt) (bool, error) {
	return b.app.InMempool(h), nil
}

// Syncing implements rpc.Backend: nil when in sync; while CometBFT block
// sync catches up, the blocks since start (CometBFT does not expose the
// peers' height here, so highest is the current block).
func (b *Backend) Syncing(ctx context.Context) (*wire.SyncStatus, error) {
	if b.CatchingUp == nil {
		return nil, nil
	}
	catching, err := b.CatchingUp(ctx)
	if err != nil || !catching {
		return nil, err
	}
	head, err := b.Head(ctx)
	if errors.Is(err, rpc.ErrNotFound) {
		return nil, nil // nothing committed yet: nothing to report progress on
	}
	if err != nil {
		return nil, err
	}
	start := uint64(max(b.startHead, 0))
	sh, err := b.blocks.Header(start)
	if err != nil {
		return nil, notFound(err)
	}
	ch, err := b.blocks.Header(head)
	if err != nil {
		return nil, notFound(err)
	}
	return &wire.SyncStatus{StartingBlockHash: sh.Hash, StartingBlockNum: start, CurrentBlockHash: ch.Hash,
		CurrentBlockNum: head, HighestBlockHash: ch.Hash, HighestBlockNum: head}, nil
}

// State implements rpc.Backend.
func (b *Backend) State(ctx context.Context, n uint64) (rpc.StateReader, error) {
	snap, err := b.snapshot(ctx, n)
	if err != nil {
		return nil, err
	}
	return stateReader{snap}, nil
}

func (b *Backend) snapshot(ctx context.Context, n uint64) (*state.Snapshot, error) {
	if err := b.committed(ctx, n); err != nil {
		return nil, err
	}
	snap, err := b.tree.At(int64(n) + 1)
	return snap, notFound(err)
}

// blockContext is the context of a call or simulation on top of block n.
func (b *Backend) blockContext(n uint64) (starknet.BlockContext, error) {
	h, err := b.blocks.Header(n)
	if err != nil {
		return starknet.BlockContext{}, notFound(err)
	}
	p := b.prices
	return starknet.BlockContext{
		Number: n + 1, Timestamp: h.Timestamp, SequencerAddress: h.Sequencer, ChainID: b.engine.ChainID,
		GasPrices: starknet.GasPrices{L1GasWei: p.L1GasWei, L1GasFri: p.L1GasFri, L1DataGasWei: p.L1DataGasWei,
			L1DataGasFri: p.L1DataGasFri, L2GasWei: p.L2GasWei, L2GasFri: p.L2GasFri},
		FeeTokenAddress: b.engine.FeeToken,
		BlockHashes: func(k uint64) (felt.Felt, bool) {
			hh, err := b.blocks.Header(k)
			if err != nil || k > n {
				return felt.Zero, false
			}
			return hh.Hash, true
		},
		Constants: b.engine.Constants,
	}, nil
}

// Submit implements rpc.Backend: the transaction goes through CheckTx.
func (b *Backend) Submit(ctx context.Context, w *wire.Txn) (rpc.SubmitResult, error) {
	tx, err := TxFromWire(w)
	if err != nil {
		return rpc.SubmitResult{}, coded(err)
	}
	if w.IsQuery() {
		return rpc.SubmitResult{}, coded(fmt.Errorf("%w: query version cannot be submitted", starknet.ErrUnsupportedTxVersion))
	}
	hash := tx.Hash(b.engine.ChainID)
	code, log, err := b.broadcast(ctx, starknet.EncodeTx(tx))
	if err != nil {
		return rpc.SubmitResult{}, err
	}
	if code != abci.CodeOK {
		return rpc.SubmitResult{}, checkTxError(code, log)
	}
	res := rpc.SubmitResult{TransactionHash: hash}
	switch t := tx.(type) {
	case *starknet.DeclareV3:
		res.ClassHash = t.ClassHash
	case *starknet.DeployAccountV3:
		res.ContractAddress = t.SenderAddress()
	}
	return res, nil
}

// Call implements rpc.Backend.
func (b *Backend) Call(ctx context.Context, n uint64, c *wire.FunctionCall) ([]felt.Felt, error) {
	snap, err := b.snapshot(ctx, n)
	if err != nil {
		return nil, err
	}
	bc, err := b.blockContext(n)
	if err != nil {
		return nil, err
	}
	out, err := b.exec.Call(abci.StarknetState{O: state.NewOverlay(snap)}, bc, c.ContractAddress, c.EntryPointSelector, c.Calldata)
	if err != nil {
		return nil, coded(err)
	}
	return out, nil
}

// Simulate implements rpc.Backend: fees come from the executor's
// estimation (SKIP_VALIDATE honoured, fees never charged). Each
// transaction is also executed with tracing on a scratch state for its
// call trace; where that execution refuses it (unsigned, bounds below the
// estimate), the trace carries the type and resources only.
func (b *Backend) Simulate(ctx context.Context, n uint64, txs []wire.Txn, flags rpc.SimulationFlags) ([]wire.SimulatedTransaction, error) {
	snap, err := b.snapshot(ctx, n)
	if err != nil {
		return nil, err
	}
	bc, err := b.blockContext(n)
	if err != nil {
		return nil, err
	}
	stxs := make([]starknet.Transaction, len(txs))
	for i := range txs {
		if stxs[i], err = TxFromWire(&txs[i]); err != nil {
			return nil, coded(fmt.Errorf("tx %d: %w", i, err))
		}
	}
	est, err := b.exec.EstimateFeeWith(abci.StarknetState{O: state.NewOverlay(snap)}, bc, stxs,
		starknet.EstimateOptions{SkipValidate: flags.SkipValidate})
	if err != nil {
		return nil, coded(err)
	}
	scratch := state.NewOverlay(snap)
	out := make([]wire.SimulatedTransaction, len(est))
	for i, e := range est {
		trace := wire.TransactionTrace{Type: txs[i].Type, ExecutionResources: wire.ExecutionResources{
			L1Gas: e.L1GasConsumed, L1DataGas: e.L1DataGasConsumed, L2Gas: e.L2GasConsumed}}
		if r, tr, err := b.exec.ExecuteTraced(abci.StarknetState{O: scratch}, bc, stxs[i]); err == nil {
			trace = b.txTrace(stxs[i].Type(), r, tr)
		}
		out[i] = wire.SimulatedTransaction{
			TransactionTrace: trace,
			FeeEstimation: wire.FeeEstimate{
				L1GasConsumed: wire.U64(e.L1GasConsumed), L1GasPrice: e.L1GasPrice,
				L2GasConsumed: wire.U64(e.L2GasConsumed), L2GasPrice: e.L2GasPrice,
				L1DataGasConsumed: wire.U64(e.L1DataGasConsumed), L1DataGasPrice: e.L1DataGasPrice,
				OverallFee: e.OverallFee, Unit: e.Unit,
			},
		}
	}
	return out, nil
}

// EstimateMessageFee implements rpc.Backend: Cairn has no L1 messaging yet.
func (b *Backend) EstimateMessageFee(context.Context, uint64, *wire.MsgFromL1) (*wire.FeeEstimate, error) {
	return nil, rpc.ErrUnexpectedError.WithData("L1 handler messages are not supported by Cairn")
}

// SubscribeBlocks implements rpc.Backend.
func (b *Backend) SubscribeBlocks(ctx context.Context) (<-chan uint64, error) {
	ch := make(chan uint64, 64)
	b.subMu.Lock()
	b.blockSubs[ch] = struct{}{}
	b.subMu.Unlock()
	go func() {
		<-ctx.Done()
		b.subMu.Lock()
		delete(b.blockSubs, ch)
		close(ch)
		b.subMu.Unlock()
	}()
	return ch, nil
}

// SubscribeMempool implements rpc.Backend.
func (b *Backend) SubscribeMempool(ctx context.Context) (<-chan wire.Txn, error) {
	ch := make(chan wire.Txn, 256)
	b.subMu.Lock()
	b.poolSubs[ch] = struct{}{}
	b.subMu.Unlock()
	go func() {
		<-ctx.Done()
		b.subMu.Lock()
		delete(b.poolSubs, ch)
		close(ch)
		b.subMu.Unlock()
	}()
	return ch, nil
}

// onCommit feeds block subscribers; a subscriber too slow to keep a
// 64-block buffer misses blocks rather than stalling consensus.
func (b *Backend) onCommit(h *state.Header) {
	b.metrics.onCommit(h)
	b.subMu.Lock()
	defer b.subMu.Unlock()
	for ch := range b.blockSubs {
		select {
		case ch <- h.Number:
		default:
		}
	}
}

func (b *Backend) onMempoolTx(raw []byte, hash felt.Felt) {
	b.metrics.admitted.Inc()
	b.subMu.Lock()
	defer b.subMu.Unlock()
	if len(b.poolSubs) == 0 {
		return
	}
	tx, err := starknet.DecodeTx(raw)
	if err != nil {
		return
	}
	w, err := TxToWire(tx, hash)
	if err != nil {
		return
	}
	for ch := range b.poolSubs {
		select {
		case ch <- w:
		default:
		}
	}
}

// stateReader adapts a snapshot to rpc.StateReader.
type stateReader struct{ s *state.Snapshot }

func (r stateReader) ClassHashAt(_ context.Context, a felt.Felt) (felt.Felt, error) {
	return r.s.ClassHashAt(a)
}
func (r stateReader) NonceAt(_ context.Context, a felt.Felt) (felt.Felt, error) { return r.s.Nonce(a) }
func (r stateReader) StorageAt(_ context.Context, a, k felt.Felt) (felt.Felt, error) {
	return r.s.StorageAt(a, k)
}

// Class returns the stored CASM class as JSON (Cairn declares CASM directly).
func (r stateReader) Class(ctx context.Context, h felt.Felt) (json.RawMessage, error) {
	return r.CompiledClass(ctx, h)
}

func (r stateReader) CompiledClass(_ context.Context, h felt.Felt) (json.RawMessage, error) {
	raw, err := r.s.Class(h)
	if err != nil {
		return nil, notFound(err)
	}
	c, err := starknet.DecodeClass(raw)
	if err != nil {
		return nil, fmt.Errorf("stored class %s: %w", h.Hex(), err)
	}
	return json.Marshal(c)
}
