package e2e

import (
	"context"
	"encoding/json"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/loadgen"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// requireSameChain checks that every validator reports the same Starknet
// blocks 0..upTo (hash, root, transactions, parent links) and the same
// CometBFT AppHash at the next height (the IAVL root after block upTo).
func requireSameChain(t *testing.T, n *network, upTo uint64) {
	t.Helper()
	n.waitHeight(int64(upTo)+1, 60*time.Second) // CometBFT height upTo+2 carries the AppHash after block upTo
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var prev *wire.BlockWithTxHashes
	for b := uint64(0); b <= upTo; b++ {
		var want *wire.BlockWithTxHashes
		for _, v := range n.vals {
			got, err := v.client().BlockWithTxHashes(ctx, wire.ByNumber(b))
			require.NoError(t, err, "%s block %d", v.name, b)
			if want == nil {
				want = got
				continue
			}
			require.Equal(t, want.BlockHash, got.BlockHash, "%s block %d hash", v.name, b)
			require.Equal(t, want.NewRoot, got.NewRoot, "%s block %d root", v.name, b)
			require.Equal(t, want.Transactions, got.Transactions, "%s block %d txs", v.name, b)
		}
		if prev != nil {
			require.Equal(t, prev.BlockHash, want.ParentHash, "block %d parent hash", b)
		}
		prev = want
	}
	var app string
	for _, v := range n.vals {
		h, err := v.cometAppHash(ctx, int64(upTo)+2)
		require.NoError(t, err)
		require.NotEmpty(t, h)
		if app == "" {
			app = h
		}
		require.Equal(t, app, h, "%s AppHash at height %d", v.name, upTo+2)
	}
}

// receiptJSON is a receipt as a validator serves it.
func receiptJSON(t *testing.T, ctx context.Context, v *validator, h felt.Felt) string {
	t.Helper()
	r, err := v.client().Receipt(ctx, h)
	require.NoError(t, err, "%s receipt %s", v.name, h.Hex())
	b, err := json.Marshal(r)
	require.NoError(t, err)
	return string(b)
}

func TestFourValidators(t *testing.T) {
	n := startNetwork(t, 4, "")
	n.waitHeight(1, 90*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	accs := n.accounts()
	entry := n.vals[0].client()

	// Submit through one node only: two accounts, consecutive nonces.
	recipient := felt.FromUint64(0xb0b)
	var hashes []felt.Felt
	for nonce := uint64(0); nonce < 3; nonce++ {
		for _, a := range accs.Accounts[:2] {
			hashes = append(hashes, transfer(t, ctx, entry, accs, a, nonce, recipient, 100))
		}
	}
	// Every validator serves the same receipts once they are committed.
	for _, h := range hashes {
		var want string
		for _, v := range n.vals {
			require.Eventually(t, func() bool { _, err := v.client().Receipt(ctx, h); return err == nil },
				60*time.Second, 100*time.Millisecond, "%s never saw %s", v.name, h.Hex())
			got := receiptJSON(t, ctx, v, h)
			if want == "" {
				want = got
				require.Contains(t, got, `"execution_status":"SUCCEEDED"`)
				continue
			}
			require.JSONEq(t, want, got, "%s receipt %s", v.name, h.Hex())
		}
	}
	// Same state: the recipient's balance and the senders' nonces everywhere.
	balKey := starknet.BalanceKey(recipient)
	head := uint64(n.vals[0].height(ctx))
	n.waitHeight(int64(head), 30*time.Second)
	for _, v := range n.vals {
		bal, err := v.client().StorageAt(ctx, accs.FeeToken, balKey, wire.ByNumber(head))
		require.NoError(t, err)
		require.Equal(t, felt.FromUint64(600), bal, "%s balance of the recipient", v.name)
		for _, a := range accs.Accounts[:2] {
			nonce, err := v.client().Nonce(ctx, wire.ByNumber(head), a.Address)
			require.NoError(t, err)
			require.Equal(t, felt.FromUint64(3), nonce, "%s nonce of %s", v.name, a.Address.Hex())
		}
	}
	requireSameChain(t, n, head)
	m, err := n.vals[1].metricsText(ctx)
	require.NoError(t, err)
	require.Contains(t, m, "cairn_transactions_committed_total 6", "application metrics on the Prometheus endpoint")
	require.Contains(t, m, "cometbft_consensus_height", "CometBFT metrics on the same endpoint")

	// Crash one validator hard in the middle of a load; the other three
	// (> 2/3 of the voting power) keep committing.
	cfg := loadgen.DefaultConfig()
	cfg.URLs = []string{n.vals[0].rpcURL, n.vals[1].rpcURL, n.vals[2].rpcURL}
	cfg.Accounts = accs
	cfg.Accounts.Accounts = accs.Accounts[2:]
	cfg.Rate, cfg.Duration = 10, 6*time.Second
	var wg sync.WaitGroup
	var rep *loadgen.Report
	var loadErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		rep, loadErr = loadgen.Run(ctx, cfg, nil)
	}()
	time.Sleep(2 * time.Second)
	crashed := n.vals[3]
	n.stop(crashed, syscall.SIGKILL)
	h := n.vals[0].height(ctx)
	n.waitHeight(h+3, 60*time.Second, n.vals[:3]...)
	wg.Wait()
	require.NoError(t, loadErr)
	require.Zero(t, rep.Failed, rep.String())
	require.Equal(t, rep.Sent, rep.Committed, rep.String())

	// Restarted, it replays what it lacks and reaches the same chain and AppHash.
	n.start(crashed)
	target := n.vals[0].height(ctx)
	n.waitHeight(target, 90*time.Second, crashed)
	requireSameChain(t, n, uint64(target)-1)
}
