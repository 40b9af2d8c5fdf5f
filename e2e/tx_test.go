package e2e

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node"
	"github.com/cairnchain/cairn/node/rpc/client"
)

// accounts reads the accounts file `cairn testnet` wrote.
func (n *network) accounts() *node.Accounts {
	n.t.Helper()
	a, err := node.ReadAccounts(filepath.Join(n.dir, "net", node.AccountsFile))
	require.NoError(n.t, err)
	return a
}

// transfer signs an INVOKE v3 of the fee token's transfer(to, amount) from
// acc with nonce and submits it to c; it returns the transaction hash.
func transfer(t *testing.T, ctx context.Context, c *client.Client, accs *node.Accounts, acc genesis.Account, nonce uint64, to felt.Felt, amount uint64) felt.Felt {
	t.Helper()
	calldata := []felt.Felt{felt.One, accs.FeeToken, crypto.Selector("transfer"), felt.FromUint64(3), to, felt.FromUint64(amount), felt.Zero}
	tx := &starknet.InvokeV3{
		V3Fields: starknet.V3Fields{Nonce: felt.FromUint64(nonce), ResourceBounds: starknet.ResourceBounds{
			L1Gas:     starknet.ResourceBound{MaxAmount: 10_000, MaxPricePerUnit: felt.FromUint64(2_000_000_000)},
			L1DataGas: starknet.ResourceBound{MaxAmount: 10_000, MaxPricePerUnit: felt.FromUint64(10)},
			L2Gas:     starknet.ResourceBound{MaxAmount: 50_000_000, MaxPricePerUnit: felt.FromUint64(10)},
		}},
		Sender:   acc.Address,
		Calldata: calldata,
	}
	hash := tx.Hash(starknet.ShortString(accs.ChainID))
	priv, err := crypto.PrivateKeyFromFelt(acc.PrivateKey)
	require.NoError(t, err)
	r, s, err := crypto.Sign(priv, hash)
	require.NoError(t, err)
	tx.Signature = []felt.Felt{r, s}
	w, err := node.TxToWire(tx, hash)
	require.NoError(t, err)
	w.TransactionHash = nil
	res, err := c.AddInvoke(ctx, w)
	require.NoError(t, err)
	require.Equal(t, hash, res.TransactionHash)
	return hash
}
