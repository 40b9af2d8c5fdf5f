package abci

import (
	"context"
	"fmt"
	"sync"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
)

// AppVersion is the application protocol version reported by Info.
const AppVersion uint64 = 1

// txCacheSize bounds the decoded-transaction cache (a few mempools' worth).
const txCacheSize = 20_000

var _ abcitypes.Application = (*App)(nil)

// App is Cairn's ABCI application. CometBFT's local client serialises the
// ABCI calls; mu additionally guards the fields the read paths (Query, the
// RPC backend through Head) share with them.
type App struct {
	abcitypes.BaseApplication

	cfg    Config
	engine Engine
	tree   *state.Tree
	blocks *state.BlockStore
	log    zerolog.Logger

	mu sync.Mutex
	// genesis holds InitChain's state until the first block commits it.
	genesis *state.Overlay
	// check is the mempool's view: committed state plus admitted txs' nonces.
	check *state.Overlay
	// pending is the block FinalizeBlock staged and Commit persists.
	pending *pendingBlock
	// last is the header of the latest committed block (nil before block 0).
	last *state.Header
	// mempool indexes the hashes of admitted, uncommitted transactions.
	mempool map[felt.Felt]struct{}
	hooks   Hooks
	// txs caches decoded transactions across the ABCI calls.
	txs *txCache
}

type pendingBlock struct {
	height  int64
	block   *state.Block
	appHash []byte
	removed []felt.Felt
}

// New returns an application over an opened tree and block store. It
// validates cfg and loads the latest committed header.
func New(cfg Config, engine Engine, tree *state.Tree, blocks *state.BlockStore, log zerolog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, engine: engine, tree: tree, blocks: blocks, log: log, mempool: map[felt.Felt]struct{}{},
		txs: newTxCache(txCacheSize)}
	if v := tree.Version(); v > 0 {
		h, err := blocks.Header(uint64(v - 1))
		if err != nil {
			return nil, fmt.Errorf("load header of committed height %d: %w", v, err)
		}
		a.last = h
	}
	if err := a.resetCheckState(); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *App) resetCheckState() error {
	view, err := a.newBlockView()
	if err != nil {
		return fmt.Errorf("reset mempool state: %w", err)
	}
	a.check = view
	return nil
}

// LastHeader returns the header of the latest committed block, or nil.
func (a *App) LastHeader() *state.Header {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.last == nil {
		return nil
	}
	h := *a.last
	return &h
}

// Info reports the last committed height and AppHash for the handshake.
func (a *App) Info(_ context.Context, req *abcitypes.RequestInfo) (*abcitypes.ResponseInfo, error) {
	v := a.tree.Version()
	resp := &abcitypes.ResponseInfo{
		Data:            "cairn",
		Version:         req.Version,
		AppVersion:      AppVersion,
		LastBlockHeight: v,
	}
	if v > 0 {
		resp.LastBlockAppHash = a.tree.Hash()
	}
	a.log.Info().Int64("height", v).Hex("app_hash", resp.LastBlockAppHash).Msg("abci info")
	return resp, nil
}

// InitChain applies the Starknet genesis (app_state_bytes) to the empty
// state; the changes are committed with the first block.
func (a *App) InitChain(_ context.Context, req *abcitypes.RequestInitChain) (*abcitypes.ResponseInitChain, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if v := a.tree.Version(); v != 0 {
		return nil, fmt.Errorf("init chain: state already at height %d", v)
	}
	empty, err := a.tree.At(0)
	if err != nil {
		return nil, fmt.Errorf("init chain: %w", err)
	}
	g := state.NewOverlay(empty)
	if err := a.engine.Genesis(req.AppStateBytes, g); err != nil {
		return nil, fmt.Errorf("init chain: apply genesis: %w", err)
	}
	hash, err := a.tree.Stage(g)
	if err != nil {
		return nil, fmt.Errorf("init chain: %w", err)
	}
	a.tree.Rollback()
	a.genesis = g
	if err := a.resetCheckState(); err != nil {
		return nil, fmt.Errorf("init chain: %w", err)
	}
	a.log.Info().Str("chain_id", req.ChainId).Hex("app_hash", hash).Msg("genesis applied")
	return &abcitypes.ResponseInitChain{AppHash: hash}, nil
}

// newBlockView is an overlay over the latest committed state, holding the
// genesis writes before the first commit: the state a new block (or a
// proposal, or the mempool) builds on.
func (a *App) newBlockView() (*state.Overlay, error) {
	snap, err := a.tree.Latest()
	if err != nil {
		return nil, err
	}
	view := state.NewOverlay(snap)
	if a.genesis != nil {
		if err := a.genesis.ApplyTo(view); err != nil {
			return nil, fmt.Errorf("%w: apply genesis: %w", errInternal, err)
		}
	}
	return view, nil
}

// nextBlockInfo is the context CheckTx and proposals validate against.
func (a *App) nextBlockInfo(number, timestamp uint64, sequencer felt.Felt) *BlockInfo {
	return &BlockInfo{
		Number:    number,
		Timestamp: timestamp,
		Sequencer: sequencer,
		GasPrices: a.cfg.GasPrices,
		BlockHash: a.blockHashOf,
	}
}

func (a *App) blockHashOf(n uint64) (felt.Felt, bool) {
	h, err := a.blocks.Header(n)
	if err != nil {
		return felt.Zero, false
	}
	return h.Hash, true
}

// ExtendVote returns no extension (Cairn does not use vote extensions).
func (a *App) ExtendVote(context.Context, *abcitypes.RequestExtendVote) (*abcitypes.ResponseExtendVote, error) {
	return &abcitypes.ResponseExtendVote{}, nil
}

// VerifyVoteExtension accepts only empty extensions.
func (a *App) VerifyVoteExtension(_ context.Context, req *abcitypes.RequestVerifyVoteExtension) (*abcitypes.ResponseVerifyVoteExtension, error) {
	if len(req.VoteExtension) != 0 {
		return &abcitypes.ResponseVerifyVoteExtension{Status: abcitypes.ResponseVerifyVoteExtension_REJECT}, nil
	}
	return &abcitypes.ResponseVerifyVoteExtension{Status: abcitypes.ResponseVerifyVoteExtension_ACCEPT}, nil
}
