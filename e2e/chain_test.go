package e2e

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/node/rpc/wire"
)

// requireSameChain checks that every validator reports the same Starknet
// block hash for blocks 0..upTo and the same CometBFT AppHash at the next
// height (the IAVL root after block upTo).
func requireSameChain(t *testing.T, n *network, upTo uint64, vals ...*validator) {
	t.Helper()
	if len(vals) == 0 {
		vals = n.vals
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for b := uint64(0); b <= upTo; b++ {
		var want *wire.BlockWithTxHashes
		for _, v := range vals {
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
		if b > 0 {
			require.Equal(t, want.ParentHash, mustHash(t, ctx, vals[0], b-1), "block %d parent hash", b)
		}
	}
	var app string
	for _, v := range vals {
		h, err := v.cometAppHash(ctx, int64(upTo)+2)
		require.NoError(t, err)
		require.NotEmpty(t, h)
		if app == "" {
			app = h
		}
		require.Equal(t, app, h, "%s AppHash at height %d", v.name, upTo+2)
	}
}

func mustHash(t *testing.T, ctx context.Context, v *validator, b uint64) any {
	got, err := v.client().BlockWithTxHashes(ctx, wire.ByNumber(b))
	require.NoError(t, err)
	return got.BlockHash
}

func TestFourValidatorsAgreeAndRecover(t *testing.T) {
	g := writeGenesis(t)
	n := startNetwork(t, 4, g)
	n.waitHeight(3, 60*time.Second)
	requireSameChain(t, n, 2)

	// Crash one validator hard; the other three (> 2/3 of the power) keep
	// committing.
	crashed := n.vals[3]
	n.stop(crashed, syscall.SIGKILL)
	ctx := context.Background()
	h := n.vals[0].height(ctx)
	n.waitHeight(h+3, 60*time.Second, n.vals[:3]...)

	// Restarted, it replays what it lacks and catches up to the same chain.
	n.start(crashed)
	target := n.vals[0].height(ctx)
	n.waitHeight(target, 60*time.Second, crashed)
	requireSameChain(t, n, uint64(target)-1)
}
