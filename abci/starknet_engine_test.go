package abci_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/abci"
	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node"
)

type chain struct {
	app      *abci.App
	blocks   *state.BlockStore
	accounts []genesis.Account
	chainID  felt.Felt
	height   int64
}

// newChain is an App over the real execution engine with the built-in
// devnet genesis applied by InitChain.
func newChain(t testing.TB) *chain {
	t.Helper()
	dir := t.TempDir()
	gpath, err := node.WriteDevnetGenesis(filepath.Join(dir, "genesis"))
	require.NoError(t, err)
	appState, err := node.BuildAppState(gpath)
	require.NoError(t, err)
	g, err := node.ParseAppState(appState)
	require.NoError(t, err)
	accs, err := g.DeriveAccounts()
	require.NoError(t, err)

	exec, err := starknet.NewExecutor(starknet.DefaultConfig(), zerolog.Nop())
	require.NoError(t, err)
	eng, err := abci.NewStarknetEngine(abci.StarknetEngineConfig{
		ChainID: g.ChainIDFelt(), FeeToken: g.FeeTokenAddress, Constants: starknet.DefaultVersionedConstants(),
		Genesis: func(b []byte, st starknet.State) error {
			gg, err := node.ParseAppState(b)
			if err != nil {
				return err
			}
			return gg.Apply(st)
		},
	}, exec)
	require.NoError(t, err)
	tcfg := state.DefaultTreeConfig(filepath.Join(dir, "state"))
	tcfg.Sync = false
	tree, err := state.OpenTree(tcfg)
	require.NoError(t, err)
	blocks, err := state.OpenBlockStore(filepath.Join(dir, "blocks"))
	require.NoError(t, err)
	t.Cleanup(func() { tree.Close(); blocks.Close() })
	app, err := abci.New(abci.DefaultConfig(), eng, tree, blocks, zerolog.Nop())
	require.NoError(t, err)
	_, err = app.InitChain(context.Background(), &abcitypes.RequestInitChain{AppStateBytes: appState})
	require.NoError(t, err)
	return &chain{app: app, blocks: blocks, accounts: accs, chainID: g.ChainIDFelt()}
}

// transfer is a signed INVOKE v3 of transfer(to, amount + amountHi·2^128)
// on the fee token.
func (c *chain) transfer(t testing.TB, from int, nonce uint64, to felt.Felt, amount, amountHi uint64) []byte {
	t.Helper()
	acc := c.accounts[from]
	tx := &starknet.InvokeV3{
		V3Fields: starknet.V3Fields{Nonce: felt.FromUint64(nonce), ResourceBounds: starknet.ResourceBounds{
			L1Gas:     starknet.ResourceBound{MaxAmount: 10_000, MaxPricePerUnit: felt.FromUint64(2_000_000_000)},
			L1DataGas: starknet.ResourceBound{MaxAmount: 10_000, MaxPricePerUnit: felt.FromUint64(10)},
			L2Gas:     starknet.ResourceBound{MaxAmount: 50_000_000, MaxPricePerUnit: felt.FromUint64(10)},
		}},
		Sender: acc.Address,
		Calldata: []felt.Felt{felt.One, node.DevnetFeeToken, crypto.Selector("transfer"), felt.FromUint64(3),
			to, felt.FromUint64(amount), felt.FromUint64(amountHi)},
	}
	priv, err := crypto.PrivateKeyFromFelt(acc.PrivateKey)
	require.NoError(t, err)
	r, s, err := crypto.Sign(priv, tx.Hash(c.chainID))
	require.NoError(t, err)
	tx.Signature = []felt.Felt{r, s}
	return starknet.EncodeTx(tx)
}

func (c *chain) block(t testing.TB, txs [][]byte) *abcitypes.ResponseFinalizeBlock {
	t.Helper()
	ctx := context.Background()
	c.height++
	when := time.Unix(1_800_000_000+c.height, 0)
	proposer := []byte("0123456789abcdefghij")
	prep, err := c.app.PrepareProposal(ctx, &abcitypes.RequestPrepareProposal{Height: c.height, Time: when, Txs: txs, MaxTxBytes: 1 << 22, ProposerAddress: proposer})
	require.NoError(t, err)
	fin, err := c.app.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{Height: c.height, Time: when, Txs: prep.Txs, ProposerAddress: proposer})
	require.NoError(t, err)
	_, err = c.app.Commit(ctx, &abcitypes.RequestCommit{})
	require.NoError(t, err)
	return fin
}

func TestStarknetEngineLifecycle(t *testing.T) {
	c := newChain(t)
	ctx := context.Background()
	bob := felt.FromUint64(0xb0b)
	good := c.transfer(t, 0, 0, bob, 7, 0)
	check := func(tx []byte) uint32 {
		r, err := c.app.CheckTx(ctx, &abcitypes.RequestCheckTx{Tx: tx})
		require.NoError(t, err)
		return r.Code
	}
	require.Equal(t, abci.CodeOK, check(good))
	require.Equal(t, abci.CodeInvalidNonce, check(c.transfer(t, 1, 5, bob, 7, 0)))
	decoded, err := starknet.DecodeTx(c.transfer(t, 1, 0, bob, 7, 0))
	require.NoError(t, err)
	inv := decoded.(*starknet.InvokeV3)
	inv.Signature[1].Add(&inv.Signature[1], &felt.One) // the signature no longer matches
	require.Equal(t, abci.CodeValidationFailed, check(starknet.EncodeTx(inv)))
	require.Equal(t, abci.CodeMalformed, check(append(append([]byte{}, good...), 0)), "trailing bytes")

	// An over-balance transfer reverts inside __execute__: included, fee charged.
	revert := c.transfer(t, 1, 0, bob, 0, 1)
	fin := c.block(t, [][]byte{good, revert})
	require.Len(t, fin.TxResults, 2)
	require.Equal(t, abci.CodeOK, fin.TxResults[0].Code, fin.TxResults[0].Log)
	require.Equal(t, abci.CodeReverted, fin.TxResults[1].Code, fin.TxResults[1].Log)

	h, err := c.blocks.Header(0)
	require.NoError(t, err)
	require.Equal(t, uint64(2), h.TxCount)
	require.NotZero(t, h.EventCount, "the successful transfer (and the fees) emit events")
	hashes, err := c.blocks.TxHashes(0)
	require.NoError(t, err)
	require.Len(t, hashes, 2)

	balKey := starknet.BalanceKey(bob)
	q, err := c.app.Query(ctx, &abcitypes.RequestQuery{Path: "/storage/" + node.DevnetFeeToken.Hex() + "/" + balKey.Hex()})
	require.NoError(t, err)
	require.Equal(t, abci.QueryOK, q.Code, q.Log)
	bal, err := felt.FromBytesCanonical(q.Value)
	require.NoError(t, err)
	require.Equal(t, felt.FromUint64(7), bal)
}

// Arbitrary bytes never panic CheckTx, ProcessProposal or FinalizeBlock
// and are never accepted.
func FuzzArbitraryTxBytes(f *testing.F) {
	c := newChain(f)
	good := c.transfer(f, 0, 0, felt.FromUint64(1), 1, 0)
	f.Add(good[:len(good)/2])
	f.Add([]byte{1, 1, 0, 0})
	f.Add([]byte{})
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := c.app.CheckTx(ctx, &abcitypes.RequestCheckTx{Tx: b})
		require.NoError(t, err)
		if r.Code == abci.CodeOK {
			return // a valid transaction produced by the fuzzer is fine
		}
		p, err := c.app.ProcessProposal(ctx, &abcitypes.RequestProcessProposal{Height: c.height + 1, Time: time.Unix(1_800_000_000, 0), Txs: [][]byte{b}})
		require.NoError(t, err)
		require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, p.Status)
	})
}

// BenchmarkFinalizeTransfers measures FinalizeBlock + Commit of a block of
// 100 signed fee-token transfers (10 accounts × 10 nonces) through the real
// engine and IAVL state; reported per transaction.
func BenchmarkFinalizeTransfers(b *testing.B) {
	c := newChain(b)
	const perAccount, accounts = 10, 10
	nonce := uint64(0)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		var txs [][]byte
		for k := uint64(0); k < perAccount; k++ {
			for a := 0; a < accounts; a++ {
				txs = append(txs, c.transfer(b, a, nonce+k, felt.FromUint64(0xb0b), 1, 0))
			}
		}
		nonce += perAccount
		b.StartTimer()
		fin := c.block(b, txs)
		b.StopTimer()
		for _, r := range fin.TxResults {
			if r.Code != abci.CodeOK {
				b.Fatalf("tx failed: %d %s", r.Code, r.Log)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perAccount*accounts), "ns/tx")
}
