package abci

import (
	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
)

// Hooks let the node observe the application (for RPC subscriptions). They
// run synchronously inside ABCI calls and must not block.
type Hooks struct {
	// OnCommit is called after a block is persisted.
	OnCommit func(h *state.Header)
	// OnMempoolTx is called when a new transaction is admitted to the mempool.
	OnMempoolTx func(raw []byte, hash felt.Felt)
}

// SetHooks installs hooks; call before the node starts.
func (a *App) SetHooks(h Hooks) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.hooks = h
}

// InMempool reports whether a transaction was admitted to this node's
// mempool and not yet committed or dropped by a recheck.
func (a *App) InMempool(hash felt.Felt) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.mempool[hash]
	return ok
}

// trackMempool records a CheckTx outcome in the mempool index.
func (a *App) trackMempool(raw []byte, hash felt.Felt, ok, recheck bool) {
	switch {
	case ok && !recheck:
		a.mempool[hash] = struct{}{}
		if a.hooks.OnMempoolTx != nil {
			a.hooks.OnMempoolTx(raw, hash)
		}
	case !ok:
		delete(a.mempool, hash)
	}
}
