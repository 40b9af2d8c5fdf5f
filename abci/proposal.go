package abci

import (
	"context"
	"fmt"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
)

// PrepareProposal keeps the mempool's order and drops transactions that do
// not decode or validate in sequence, stopping at the byte, transaction and
// step budgets.
func (a *App) PrepareProposal(_ context.Context, req *abcitypes.RequestPrepareProposal) (*abcitypes.ResponsePrepareProposal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	view, blk, err := a.proposalView(req.Height, req.Time, req.ProposerAddress)
	if err != nil {
		return nil, fmt.Errorf("prepare proposal %d: %w", req.Height, err)
	}
	maxBytes := min(req.MaxTxBytes, a.cfg.MaxBlockBytes)
	var out [][]byte
	var bytes int64
	var steps uint64
	for i, raw := range req.Txs {
		if len(out) == a.cfg.MaxBlockTxs {
			break
		}
		tx, err := a.txs.decode(a.engine, raw)
		if err != nil {
			a.log.Debug().Int("index", i).Err(err).Msg("proposal: drop undecodable tx")
			continue
		}
		if bytes+int64(len(raw)) > maxBytes || steps+tx.StepBound() > a.cfg.MaxBlockSteps {
			continue
		}
		if err := a.admit(view, blk, tx); err != nil {
			a.log.Debug().Int("index", i).Err(err).Msg("proposal: drop invalid tx")
			continue
		}
		bytes += int64(len(raw))
		steps += tx.StepBound()
		out = append(out, raw)
	}
	return &abcitypes.ResponsePrepareProposal{Txs: out}, nil
}

// ProcessProposal rejects a proposal with an undecodable or invalid
// transaction or one over the byte, transaction or step budget.
func (a *App) ProcessProposal(_ context.Context, req *abcitypes.RequestProcessProposal) (*abcitypes.ResponseProcessProposal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	reject := &abcitypes.ResponseProcessProposal{Status: abcitypes.ResponseProcessProposal_REJECT}
	view, blk, err := a.proposalView(req.Height, req.Time, req.ProposerAddress)
	if err != nil {
		return nil, fmt.Errorf("process proposal %d: %w", req.Height, err)
	}
	if len(req.Txs) > a.cfg.MaxBlockTxs {
		a.log.Warn().Int64("height", req.Height).Int("txs", len(req.Txs)).Msg("reject proposal: too many txs")
		return reject, nil
	}
	var bytes int64
	var steps uint64
	for i, raw := range req.Txs {
		tx, err := a.txs.decode(a.engine, raw)
		if err != nil {
			a.log.Warn().Int64("height", req.Height).Int("index", i).Err(err).Msg("reject proposal: undecodable tx")
			return reject, nil
		}
		bytes += int64(len(raw))
		steps += tx.StepBound()
		if bytes > a.cfg.MaxBlockBytes || steps > a.cfg.MaxBlockSteps {
			a.log.Warn().Int64("height", req.Height).Int64("bytes", bytes).Uint64("steps", steps).Msg("reject proposal: over budget")
			return reject, nil
		}
		if err := a.admit(view, blk, tx); err != nil {
			a.log.Warn().Int64("height", req.Height).Int("index", i).Err(err).Msg("reject proposal: invalid tx")
			return reject, nil
		}
	}
	return &abcitypes.ResponseProcessProposal{Status: abcitypes.ResponseProcessProposal_ACCEPT}, nil
}

// proposalView is a scratch overlay over the state the block at height
// builds on, with that block's context.
func (a *App) proposalView(height int64, t time.Time, proposer []byte) (*state.Overlay, *BlockInfo, error) {
	if want := a.tree.Version() + 1; height != want {
		return nil, nil, fmt.Errorf("height %d, expected %d", height, want)
	}
	view, err := a.newBlockView()
	if err != nil {
		return nil, nil, err
	}
	return view, a.nextBlockInfo(uint64(height-1), blockTime(t), SequencerAddress(proposer)), nil
}

// SequencerAddress maps a CometBFT proposer address (20 bytes) to a felt.
func SequencerAddress(proposer []byte) felt.Felt { return felt.FromBytes(proposer) }

// blockTime is the header time in whole seconds (0 for times before 1970).
func blockTime(t time.Time) uint64 {
	if s := t.Unix(); s > 0 {
		return uint64(s)
	}
	return 0
}
