package abci

import (
	"context"
	"fmt"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
)

// CheckTx admits a transaction to the mempool: it must decode canonically
// and pass validation against the committed state plus the transactions
// already admitted (so one account can queue consecutive nonces). After
// each Commit the mempool view is reset and CometBFT rechecks the remaining
// transactions in order (CheckTxType_Recheck), which drops the ones a block
// made invalid.
func (a *App) CheckTx(_ context.Context, req *abcitypes.RequestCheckTx) (*abcitypes.ResponseCheckTx, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	tx, err := a.txs.decode(a.engine, req.Tx)
	if err != nil {
		return a.rejectCheck(req, nil, err), nil
	}
	if tx.StepBound() > a.cfg.MaxBlockSteps || int64(len(req.Tx)) > a.cfg.MaxBlockBytes {
		err := fmt.Errorf("transaction bounds (%d steps, %d bytes) exceed a block", tx.StepBound(), len(req.Tx))
		resp := a.rejectCheck(req, tx, err)
		resp.Code = CodeTooLarge
		return resp, nil
	}
	h := tx.Hash()
	recheck := req.Type == abcitypes.CheckTxType_Recheck
	if err := a.admit(a.check, a.mempoolBlockInfo(), tx); err != nil {
		a.trackMempool(req.Tx, h, false, recheck)
		return a.rejectCheck(req, tx, err), nil
	}
	a.trackMempool(req.Tx, h, true, recheck)
	return &abcitypes.ResponseCheckTx{
		Code:      CodeOK,
		GasWanted: int64(min(tx.StepBound(), uint64(1)<<62)),
		Data:      feltBytes(h),
		Log:       "accepted " + h.Hex(),
	}, nil
}

// admit validates tx on a child of view and, on success, records its nonce
// use in view.
func (a *App) admit(view *state.Overlay, blk *BlockInfo, tx Tx) error {
	child := state.NewOverlay(view)
	if err := a.engine.Validate(child, blk, tx); err != nil {
		return err
	}
	if err := child.ApplyTo(view); err != nil {
		return fmt.Errorf("%w: %w", errInternal, err)
	}
	next := tx.Nonce()
	next.Add(&next, &felt.One)
	if err := view.SetNonce(tx.Sender(), next); err != nil {
		return fmt.Errorf("%w: %w", errInternal, err)
	}
	return nil
}

func (a *App) rejectCheck(req *abcitypes.RequestCheckTx, tx Tx, err error) *abcitypes.ResponseCheckTx {
	ev := a.log.Info()
	if req.Type == abcitypes.CheckTxType_Recheck {
		ev = a.log.Debug() // a block made it invalid: expected, not news
	}
	ev = ev.Err(err).Bool("recheck", req.Type == abcitypes.CheckTxType_Recheck)
	if tx != nil {
		h := tx.Hash()
		ev = ev.Str("tx_hash", h.Hex())
	}
	ev.Msg("checktx rejected")
	return &abcitypes.ResponseCheckTx{Code: codeOf(err), Codespace: Codespace, Log: err.Error()}
}

// mempoolBlockInfo is the block CheckTx validates against: the next block,
// stamped with the last block's time (never the wall clock).
func (a *App) mempoolBlockInfo() *BlockInfo {
	var number, ts uint64
	var seq felt.Felt
	if a.last != nil {
		number, ts, seq = a.last.Number+1, a.last.Timestamp, a.last.Sequencer
	}
	return a.nextBlockInfo(number, ts, seq)
}

func feltBytes(f felt.Felt) []byte {
	b := f.Bytes()
	return b[:]
}
