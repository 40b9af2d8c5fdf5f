package abci

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
)

// StateUpdate is the block store's record of a block's state change.
type StateUpdate struct {
	BlockHash felt.Felt       `json:"block_hash"`
	NewRoot   felt.Felt       `json:"new_root"`
	OldRoot   felt.Felt       `json:"old_root"`
	StateDiff state.StateDiff `json:"state_diff"`
}

// FinalizeBlock executes the decided block's transactions in order against
// the state of the previous height, with the header's time and proposer,
// stages the resulting state (AppHash = the staged IAVL root) and prepares
// the Starknet block for Commit. A transaction that cannot be included
// (undecodable, or refused by the engine) gets a non-zero code and no
// Starknet receipt; a reverted one is part of the Starknet block.
func (a *App) FinalizeBlock(_ context.Context, req *abcitypes.RequestFinalizeBlock) (*abcitypes.ResponseFinalizeBlock, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if want := a.tree.Version() + 1; req.Height != want {
		return nil, fmt.Errorf("finalize block %d: state is at height %d", req.Height, want-1)
	}
	view, err := a.newBlockView()
	if err != nil {
		return nil, fmt.Errorf("finalize block %d: %w", req.Height, err)
	}
	number := uint64(req.Height - 1)
	blk := a.nextBlockInfo(number, blockTime(req.Time), SequencerAddress(req.ProposerAddress))
	results := make([]*abcitypes.ExecTxResult, len(req.Txs))
	block := &state.Block{}
	var hashing []HashTx
	var removed []felt.Felt // every decodable tx leaves the mempool
	for i, raw := range req.Txs {
		res, out, tx, err := a.executeTx(view, blk, raw)
		if err != nil {
			return nil, fmt.Errorf("finalize block %d: tx %d: %w", req.Height, i, err)
		}
		results[i] = res
		if len(res.Data) == felt.Bytes {
			removed = append(removed, felt.FromBytes(res.Data))
		}
		if out == nil {
			continue
		}
		block.Txs = append(block.Txs, raw)
		block.TxHashes = append(block.TxHashes, tx.Hash())
		block.Receipts = append(block.Receipts, out.Receipt)
		hashing = append(hashing, out.Hashing)
	}

	appHash, err := a.tree.Stage(view)
	if err != nil {
		return nil, fmt.Errorf("finalize block %d: %w", req.Height, err)
	}
	diff := view.Diff()
	hdr, err := a.buildHeader(blk, appHash, &diff, hashing)
	if err != nil {
		return nil, fmt.Errorf("finalize block %d: %w", req.Height, err)
	}
	hdr.CometHeight = req.Height
	block.Header = *hdr
	su := StateUpdate{BlockHash: hdr.Hash, NewRoot: hdr.NewRoot, StateDiff: diff}
	if a.last != nil {
		su.OldRoot = a.last.NewRoot
	}
	if block.StateUpdate, err = json.Marshal(&su); err != nil {
		return nil, fmt.Errorf("finalize block %d: encode state update: %w", req.Height, err)
	}
	a.pending = &pendingBlock{height: req.Height, block: block, appHash: appHash, removed: removed}
	a.log.Info().Int64("height", req.Height).Uint64("block_number", number).Int("txs", len(block.Txs)).
		Str("block_hash", hdr.Hash.Hex()).Hex("app_hash", appHash).Msg("block finalized")
	return &abcitypes.ResponseFinalizeBlock{TxResults: results, AppHash: appHash}, nil
}

// executeTx runs one transaction in a child overlay, merging it into view
// only when the engine includes it. The error is a failure of this node
// (state I/O), which must halt the block rather than silently diverge.
func (a *App) executeTx(view *state.Overlay, blk *BlockInfo, raw []byte) (*abcitypes.ExecTxResult, *Outcome, Tx, error) {
	tx, err := a.txs.decode(a.engine, raw)
	if err != nil {
		return &abcitypes.ExecTxResult{Code: codeOf(err), Codespace: Codespace, Log: err.Error()}, nil, nil, nil
	}
	h := tx.Hash()
	child := state.NewOverlay(view)
	out, err := a.engine.Execute(child, blk, tx)
	if err == nil {
		err = child.ApplyTo(view)
		if err != nil {
			err = fmt.Errorf("%w: %w", errInternal, err)
		}
	}
	if errors.Is(err, errInternal) {
		return nil, nil, nil, err
	}
	if err != nil {
		a.log.Info().Str("tx_hash", h.Hex()).Err(err).Msg("tx excluded")
		return &abcitypes.ExecTxResult{Code: codeOf(err), Codespace: Codespace, Log: err.Error(), Data: feltBytes(h)}, nil, nil, nil
	}
	res := &abcitypes.ExecTxResult{Code: CodeOK, Data: feltBytes(h), GasUsed: int64(min(out.Steps, uint64(1)<<62))}
	if out.Reverted {
		res.Code, res.Codespace, res.Log = CodeReverted, Codespace, out.Hashing.RevertReason
	}
	return res, out, tx, nil
}

// buildHeader computes the commitments and the block hash.
func (a *App) buildHeader(blk *BlockInfo, appHash []byte, diff *state.StateDiff, txs []HashTx) (*state.Header, error) {
	c, err := ComputeCommitments(txs, StateDiffCommitment(diff), diff.Length(), a.cfg.StarknetVersion)
	if err != nil {
		return nil, err
	}
	var parent felt.Felt
	if a.last != nil {
		parent = a.last.Hash
	}
	p := a.cfg.GasPrices
	hh := HashHeader{
		Number: blk.Number, StateRoot: StateRoot(appHash), Sequencer: blk.Sequencer, Timestamp: blk.Timestamp,
		GasPrices: p, StarknetVersion: a.cfg.StarknetVersion, ParentHash: parent, L1DABlob: a.cfg.L1DABlob,
	}
	hash, err := BlockHash(&hh, &c)
	if err != nil {
		return nil, err
	}
	da := "CALLDATA"
	if a.cfg.L1DABlob {
		da = "BLOB"
	}
	return &state.Header{
		Number: blk.Number, Hash: hash, ParentHash: parent, NewRoot: hh.StateRoot, Timestamp: blk.Timestamp,
		Sequencer:     blk.Sequencer,
		L1GasPriceWei: p.L1GasWei, L1GasPriceFri: p.L1GasFri,
		L1DataGasPriceWei: p.L1DataGasWei, L1DataGasPriceFri: p.L1DataGasFri,
		L2GasPriceWei: p.L2GasWei, L2GasPriceFri: p.L2GasFri,
		L1DAMode: da, StarknetVersion: a.cfg.StarknetVersion,
		TxCount: c.TxCount, EventCount: c.EventCount, StateDiffLength: c.StateDiffLength,
		TxCommitment: c.Transaction, EventCommitment: c.Event, ReceiptCommitment: c.Receipt,
		StateDiffCommitment: c.StateDiff,
		AppHash:             append([]byte(nil), appHash...),
	}, nil
}

// StateRoot maps the IAVL root (32-byte SHA-256 based) to the header's
// new_root felt: the root read big-endian, reduced mod p.
func StateRoot(appHash []byte) felt.Felt { return felt.FromBytes(appHash) }

// Commit persists the staged block: first the block store (an idempotent
// batch), then the IAVL version. A crash between the two leaves the state
// at the previous height; CometBFT replays the block and both writes repeat
// with the same content.
func (a *App) Commit(context.Context, *abcitypes.RequestCommit) (*abcitypes.ResponseCommit, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.pending
	if p == nil {
		return nil, fmt.Errorf("commit: no finalized block")
	}
	if err := a.blocks.Put(p.block); err != nil {
		return nil, fmt.Errorf("commit height %d: %w", p.height, err)
	}
	hash, version, err := a.tree.Commit()
	if err != nil {
		return nil, fmt.Errorf("commit height %d: %w", p.height, err)
	}
	if version != p.height || string(hash) != string(p.appHash) {
		return nil, fmt.Errorf("commit height %d: saved version %d hash %x, staged %x", p.height, version, hash, p.appHash)
	}
	hdr := p.block.Header
	a.last = &hdr
	a.pending = nil
	for _, h := range p.removed {
		delete(a.mempool, h)
	}
	a.genesis = nil
	if err := a.resetCheckState(); err != nil {
		return nil, fmt.Errorf("commit height %d: %w", p.height, err)
	}
	if a.hooks.OnCommit != nil {
		a.hooks.OnCommit(&hdr)
	}
	return &abcitypes.ResponseCommit{}, nil
}
