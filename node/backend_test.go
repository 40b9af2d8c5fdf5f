package node

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/abci"
	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/rpc"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// backendFixture is a Backend over a real App (devnet genesis, real
// executor) whose "mempool" is the App's CheckTx; blocks are driven by hand.
type backendFixture struct {
	t       *testing.T
	app     *abci.App
	b       *Backend
	accs    []genesis.Account
	pending [][]byte
	height  int64
}

func newBackendFixture(t *testing.T) *backendFixture {
	dir := t.TempDir()
	gpath, err := WriteDevnetGenesis(filepath.Join(dir, "genesis"))
	require.NoError(t, err)
	appState, err := BuildAppState(gpath)
	require.NoError(t, err)
	g, err := ParseAppState(appState)
	require.NoError(t, err)
	accs, err := g.DeriveAccounts()
	require.NoError(t, err)
	exec, err := starknet.NewExecutor(starknet.DefaultConfig(), zerolog.Nop())
	require.NoError(t, err)
	eng := abci.StarknetEngineConfig{ChainID: g.ChainIDFelt(), FeeToken: g.FeeTokenAddress, Constants: starknet.DefaultVersionedConstants(),
		Genesis: func(b []byte, st starknet.State) error {
			gg, err := ParseAppState(b)
			if err != nil {
				return err
			}
			return gg.Apply(st)
		}}
	engine, err := abci.NewStarknetEngine(eng, exec)
	require.NoError(t, err)
	tc := state.DefaultTreeConfig(filepath.Join(dir, "state"))
	tc.Sync = false
	tree, err := state.OpenTree(tc)
	require.NoError(t, err)
	blocks, err := state.OpenBlockStore(filepath.Join(dir, "blocks"))
	require.NoError(t, err)
	t.Cleanup(func() { tree.Close(); blocks.Close() })
	app, err := abci.New(abci.DefaultConfig(), engine, tree, blocks, zerolog.Nop())
	require.NoError(t, err)
	_, err = app.InitChain(context.Background(), &abcitypes.RequestInitChain{AppStateBytes: appState})
	require.NoError(t, err)
	f := &backendFixture{t: t, app: app, accs: accs}
	f.b, err = NewBackend(app, tree, blocks, exec, eng, abci.DefaultConfig().GasPrices,
		func(ctx context.Context, tx []byte) (uint32, string, error) {
			r, err := app.CheckTx(ctx, &abcitypes.RequestCheckTx{Tx: tx})
			if err == nil && r.Code == abci.CodeOK {
				f.pending = append(f.pending, tx)
			}
			return r.Code, r.Log, err
		}, prometheus.NewRegistry())
	require.NoError(t, err)
	f.b.Genesis = g.Apply
	return f
}

func (f *backendFixture) commitBlock() {
	ctx := context.Background()
	f.height++
	when := time.Unix(1_800_000_000+f.height, 0)
	fin, err := f.app.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{Height: f.height, Time: when, Txs: f.pending, ProposerAddress: []byte("01234567890123456789")})
	require.NoError(f.t, err)
	for _, r := range fin.TxResults {
		require.Contains(f.t, []uint32{abci.CodeOK, abci.CodeReverted}, r.Code, r.Log)
	}
	_, err = f.app.Commit(ctx, &abcitypes.RequestCommit{})
	require.NoError(f.t, err)
	f.pending = nil
}

func (f *backendFixture) transferTx(from int, nonce uint64, to felt.Felt, amount uint64) *wire.Txn {
	acc := f.accs[from]
	tx := &starknet.InvokeV3{
		V3Fields: starknet.V3Fields{Nonce: felt.FromUint64(nonce), ResourceBounds: starknet.ResourceBounds{
			L1Gas:     starknet.ResourceBound{MaxAmount: 10_000, MaxPricePerUnit: felt.FromUint64(2_000_000_000)},
			L1DataGas: starknet.ResourceBound{MaxAmount: 10_000, MaxPricePerUnit: felt.FromUint64(10)},
			L2Gas:     starknet.ResourceBound{MaxAmount: 50_000_000, MaxPricePerUnit: felt.FromUint64(10)},
		}},
		Sender: acc.Address,
		Calldata: []felt.Felt{felt.One, DevnetFeeToken, crypto.Selector("transfer"), felt.FromUint64(3), to,
			felt.FromUint64(amount), felt.Zero},
	}
	h := tx.Hash(starknet.ShortString(DevnetChainID))
	priv, err := crypto.PrivateKeyFromFelt(acc.PrivateKey)
	require.NoError(f.t, err)
	r, s, err := crypto.Sign(priv, h)
	require.NoError(f.t, err)
	tx.Signature = []felt.Felt{r, s}
	w, err := TxToWire(tx, h)
	require.NoError(f.t, err)
	w.TransactionHash = nil
	return &w
}

func TestBackendOverApp(t *testing.T) {
	f := newBackendFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := f.b

	_, err := b.Head(ctx)
	require.ErrorIs(t, err, rpc.ErrNotFound, "no block before the first commit")
	st, err := b.Syncing(ctx)
	require.NoError(t, err)
	require.Nil(t, st)
	blocksCh, err := b.SubscribeBlocks(ctx)
	require.NoError(t, err)
	poolCh, err := b.SubscribeMempool(ctx)
	require.NoError(t, err)

	bob := felt.FromUint64(0xb0b)
	res, err := b.Submit(ctx, f.transferTx(0, 0, bob, 5))
	require.NoError(t, err)
	in, err := b.InMempool(ctx, res.TransactionHash)
	require.NoError(t, err)
	require.True(t, in)
	select {
	case w := <-poolCh:
		require.Equal(t, res.TransactionHash, *w.TransactionHash)
	case <-time.After(time.Second):
		t.Fatal("no mempool notification")
	}
	// Rejections carry the spec code.
	_, err = b.Submit(ctx, f.transferTx(1, 7, bob, 5))
	var coded rpc.CodedError
	require.ErrorAs(t, err, &coded)
	require.Equal(t, 52, coded.RPCCode(), "invalid nonce")

	f.commitBlock()
	select {
	case n := <-blocksCh:
		require.Equal(t, uint64(0), n)
	case <-time.After(time.Second):
		t.Fatal("no block notification")
	}
	in, err = b.InMempool(ctx, res.TransactionHash)
	require.NoError(t, err)
	require.False(t, in, "committed transactions leave the mempool index")

	head, err := b.Head(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(0), head)
	hdr, err := b.Header(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, uint64(1), hdr.TransactionCount)
	n, err := b.BlockNumberByHash(ctx, hdr.BlockHash)
	require.NoError(t, err)
	require.Equal(t, uint64(0), n)
	txs, err := b.BlockTxs(ctx, 0)
	require.NoError(t, err)
	require.Len(t, txs, 1)
	require.Equal(t, res.TransactionHash, *txs[0].TransactionHash)
	rcpts, err := b.BlockReceipts(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, wire.ExecSucceeded, rcpts[0].ExecutionStatus)
	require.Equal(t, "INVOKE", rcpts[0].Type)
	require.NotEmpty(t, rcpts[0].Events)
	loc, err := b.TxLocation(ctx, res.TransactionHash)
	require.NoError(t, err)
	require.Equal(t, rpc.TxLocation{Block: 0, Index: 0}, loc)
	su, err := b.StateUpdate(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, hdr.BlockHash, su.BlockHash)
	require.NotEmpty(t, su.StateDiff.DeployedContracts, "genesis deployments are in block 0's diff")

	sr, err := b.State(ctx, 0)
	require.NoError(t, err)
	nonce, err := sr.NonceAt(ctx, f.accs[0].Address)
	require.NoError(t, err)
	require.Equal(t, felt.One, nonce)
	bal, err := sr.StorageAt(ctx, DevnetFeeToken, starknet.BalanceKey(bob))
	require.NoError(t, err)
	require.Equal(t, felt.FromUint64(5), bal)
	_, err = sr.Class(ctx, felt.FromUint64(12345))
	require.ErrorIs(t, err, rpc.ErrNotFound)

	out, err := b.Call(ctx, 0, &wire.FunctionCall{ContractAddress: DevnetFeeToken, EntryPointSelector: crypto.Selector("balance_of"), Calldata: []felt.Felt{bob}})
	require.NoError(t, err)
	require.Equal(t, felt.FromUint64(5), out[0])

	_, err = b.Header(ctx, 1)
	require.ErrorIs(t, err, rpc.ErrNotFound)

	// Simulation: a correctly signed transfer estimates; an unsigned one
	// only with SKIP_VALIDATE.
	signed := f.transferTx(0, 1, bob, 1)
	sim, err := b.Simulate(ctx, 0, []wire.Txn{*signed}, rpc.SimulationFlags{})
	require.NoError(t, err)
	require.Len(t, sim, 1)
	require.NotEqual(t, felt.Zero, sim[0].FeeEstimation.OverallFee)
	require.NotNil(t, sim[0].TransactionTrace.ExecuteInvocation, "a signed transaction is simulated with its call trace")
	unsigned := *signed
	unsigned.Signature = nil
	_, err = b.Simulate(ctx, 0, []wire.Txn{unsigned}, rpc.SimulationFlags{})
	require.Error(t, err)
	sim, err = b.Simulate(ctx, 0, []wire.Txn{unsigned}, rpc.SimulationFlags{SkipValidate: true})
	require.NoError(t, err)
	require.NotEqual(t, felt.Zero, sim[0].FeeEstimation.OverallFee, "estimates with SKIP_VALIDATE")

	// Traces: re-executed on the genesis state; the transfer is a nested
	// call of __execute__ emitting the Transfer event.
	traces, err := b.TraceBlock(ctx, 0)
	require.NoError(t, err)
	require.Len(t, traces, 1)
	tr := traces[0].TraceRoot
	require.Equal(t, res.TransactionHash, traces[0].TransactionHash)
	require.Equal(t, "INVOKE", tr.Type)
	require.NotNil(t, tr.ValidateInvocation)
	require.NotNil(t, tr.ExecuteInvocation)
	require.Equal(t, f.accs[0].Address, tr.ExecuteInvocation.ContractAddress)
	require.Len(t, tr.ExecuteInvocation.Calls, 1)
	inner := tr.ExecuteInvocation.Calls[0]
	require.Equal(t, DevnetFeeToken, inner.ContractAddress)
	require.Equal(t, crypto.Selector("transfer"), inner.EntryPointSelector)
	require.NotEmpty(t, inner.Events)
	require.Equal(t, rcpts[0].ExecutionResources, tr.ExecutionResources, "re-execution matches the receipt")
	_, err = json.Marshal(traces)
	require.NoError(t, err)

	b.CatchingUp = func(context.Context) (bool, error) { return true, nil }
	st, err = b.Syncing(ctx)
	require.NoError(t, err)
	require.NotNil(t, st)
	require.Equal(t, uint64(0), st.CurrentBlockNum)
	require.Equal(t, hdr.BlockHash, st.CurrentBlockHash)
}
