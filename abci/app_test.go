package abci

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
)

type testNode struct {
	dir    string
	app    *App
	tree   *state.Tree
	blocks *state.BlockStore
}

func openNode(t testing.TB, dir string) *testNode {
	t.Helper()
	cfg := state.DefaultTreeConfig(filepath.Join(dir, "state"))
	cfg.Sync = false
	tree, err := state.OpenTree(cfg)
	require.NoError(t, err)
	blocks, err := state.OpenBlockStore(filepath.Join(dir, "blocks"))
	require.NoError(t, err)
	app, err := New(DefaultConfig(), kvEngine{}, tree, blocks, zerolog.Nop())
	require.NoError(t, err)
	return &testNode{dir: dir, app: app, tree: tree, blocks: blocks}
}

func (n *testNode) close(t testing.TB) {
	require.NoError(t, n.tree.Close())
	require.NoError(t, n.blocks.Close())
}

var (
	ctx      = context.Background()
	genesis  = []byte(`[["0x7","0x1","0x2a"]]`)
	proposer = []byte("validator-address-20")
	t0       = time.Unix(1_700_000_000, 0)
)

// runBlock drives Prepare → Process → Finalize → Commit for the given
// mempool txs and returns the finalize response.
func runBlock(t testing.TB, a *App, height int64, txs [][]byte) (*abcitypes.ResponseFinalizeBlock, [][]byte) {
	t.Helper()
	when := t0.Add(time.Duration(height) * time.Second)
	prep, err := a.PrepareProposal(ctx, &abcitypes.RequestPrepareProposal{Height: height, Time: when, ProposerAddress: proposer, Txs: txs, MaxTxBytes: 1 << 20})
	require.NoError(t, err)
	proc, err := a.ProcessProposal(ctx, &abcitypes.RequestProcessProposal{Height: height, Time: when, ProposerAddress: proposer, Txs: prep.Txs})
	require.NoError(t, err)
	require.Equal(t, abcitypes.ResponseProcessProposal_ACCEPT, proc.Status)
	fin, err := a.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{Height: height, Time: when, ProposerAddress: proposer, Txs: prep.Txs})
	require.NoError(t, err)
	_, err = a.Commit(ctx, &abcitypes.RequestCommit{})
	require.NoError(t, err)
	return fin, prep.Txs
}

func checkTx(t *testing.T, a *App, tx []byte, kind abcitypes.CheckTxType) *abcitypes.ResponseCheckTx {
	t.Helper()
	r, err := a.CheckTx(ctx, &abcitypes.RequestCheckTx{Tx: tx, Type: kind})
	require.NoError(t, err)
	return r
}

func queryFelt(t *testing.T, a *App, path string, height int64) felt.Felt {
	t.Helper()
	r, err := a.Query(ctx, &abcitypes.RequestQuery{Path: path, Height: height})
	require.NoError(t, err)
	require.Equal(t, QueryOK, r.Code, r.Log)
	f, err := felt.FromBytesCanonical(r.Value)
	require.NoError(t, err)
	return f
}

func TestLifecycle(t *testing.T) {
	n := openNode(t, t.TempDir())
	a := n.app

	info, err := a.Info(ctx, &abcitypes.RequestInfo{})
	require.NoError(t, err)
	require.Equal(t, int64(0), info.LastBlockHeight)
	ic, err := a.InitChain(ctx, &abcitypes.RequestInitChain{ChainId: "cairn-test", AppStateBytes: genesis, InitialHeight: 1})
	require.NoError(t, err)
	require.NotEmpty(t, ic.AppHash)

	good := encodeKV(1, 0, 5, 50, true)
	good2 := encodeKV(1, 1, 6, 60, true)
	badSig := encodeKV(2, 0, 5, 50, false)
	badNonce := encodeKV(3, 9, 5, 50, true)
	garbage := []byte("not a transaction")

	// CheckTx: consecutive nonces of one account queue up.
	require.Equal(t, CodeOK, checkTx(t, a, good, abcitypes.CheckTxType_New).Code)
	require.Equal(t, CodeOK, checkTx(t, a, good2, abcitypes.CheckTxType_New).Code)
	r := checkTx(t, a, badSig, abcitypes.CheckTxType_New)
	require.Equal(t, CodeValidationFailed, r.Code)
	require.Contains(t, r.Log, "validation")
	require.Equal(t, CodeInvalidNonce, checkTx(t, a, badNonce, abcitypes.CheckTxType_New).Code)
	require.Equal(t, CodeMalformed, checkTx(t, a, garbage, abcitypes.CheckTxType_New).Code)

	// ProcessProposal rejects proposals with undecodable or invalid txs.
	for _, bad := range [][]byte{garbage, badSig, badNonce} {
		proc, err := a.ProcessProposal(ctx, &abcitypes.RequestProcessProposal{Height: 1, Time: t0, ProposerAddress: proposer, Txs: [][]byte{good, bad}})
		require.NoError(t, err)
		require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, proc.Status)
	}

	// Block 1 (Starknet block 0): Prepare drops the bad ones, keeps order.
	fin, included := runBlock(t, a, 1, [][]byte{good, garbage, badSig, good2, badNonce})
	require.Equal(t, [][]byte{good, good2}, included)
	require.Len(t, fin.TxResults, 2)
	for _, res := range fin.TxResults {
		require.Equal(t, CodeOK, res.Code, res.Log)
	}
	require.Equal(t, fu(50), queryFelt(t, a, "/storage/0x1/0x5", 0))
	require.Equal(t, fu(60), queryFelt(t, a, "/storage/0x1/0x6", 0))
	require.Equal(t, fu(2), queryFelt(t, a, "/nonce/0x1", 0))
	require.Equal(t, fu(0x2a), queryFelt(t, a, "/storage/0x7/0x1", 0), "genesis state is committed with block 1")

	// Recheck after commit: the included txs are now stale.
	require.Equal(t, CodeInvalidNonce, checkTx(t, a, good, abcitypes.CheckTxType_Recheck).Code)

	h0, err := n.blocks.Header(0)
	require.NoError(t, err)
	require.Equal(t, uint64(0), h0.Number)
	require.Equal(t, felt.Zero, h0.ParentHash)
	require.Equal(t, uint64(t0.Unix()+1), h0.Timestamp, "block time comes from the header")
	require.Equal(t, SequencerAddress(proposer), h0.Sequencer)
	require.Equal(t, uint64(2), h0.TxCount)
	require.Equal(t, uint64(2), h0.EventCount)
	require.Equal(t, fin.AppHash, h0.AppHash)
	require.Equal(t, StateRoot(fin.AppHash), h0.NewRoot)
	requireHeaderHash(t, h0)

	// Block 2 with a reverted tx: included, receipt says reverted, storage untouched.
	revert := encodeKV(1, 2, 5, 0xdead, true)
	require.Equal(t, CodeOK, checkTx(t, a, revert, abcitypes.CheckTxType_New).Code)
	fin2, _ := runBlock(t, a, 2, [][]byte{revert})
	require.Equal(t, CodeReverted, fin2.TxResults[0].Code)
	require.Equal(t, fu(50), queryFelt(t, a, "/storage/0x1/0x5", 0))
	require.Equal(t, fu(3), queryFelt(t, a, "/nonce/0x1", 0))
	require.Equal(t, fu(2), queryFelt(t, a, "/nonce/0x1", 1), "reads at an older height")
	h1, err := n.blocks.Header(1)
	require.NoError(t, err)
	require.Equal(t, h0.Hash, h1.ParentHash)
	requireHeaderHash(t, h1)
	var su StateUpdate
	raw, err := n.blocks.StateUpdate(1)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &su))
	require.Equal(t, h0.NewRoot, su.OldRoot)
	require.Equal(t, []state.NonceUpdate{{Address: fu(1), Nonce: fu(3)}}, su.StateDiff.Nonces)

	// Empty block 3.
	fin3, _ := runBlock(t, a, 3, nil)
	require.Empty(t, fin3.TxResults)

	// Query paths.
	q, err := a.Query(ctx, &abcitypes.RequestQuery{Path: "/app"})
	require.NoError(t, err)
	require.Contains(t, string(q.Value), `"height":3`)
	q, err = a.Query(ctx, &abcitypes.RequestQuery{Path: "/block/1"})
	require.NoError(t, err)
	require.Equal(t, QueryOK, q.Code)
	q, err = a.Query(ctx, &abcitypes.RequestQuery{Path: "/nope"})
	require.NoError(t, err)
	require.Equal(t, QueryBadPath, q.Code)
	q, err = a.Query(ctx, &abcitypes.RequestQuery{Path: "/block/99"})
	require.NoError(t, err)
	require.Equal(t, QueryNotFound, q.Code)

	// Restart: Info reports the committed height and AppHash; the parent
	// hash chain continues.
	n.close(t)
	n = openNode(t, n.dir)
	defer n.close(t)
	info, err = n.app.Info(ctx, &abcitypes.RequestInfo{})
	require.NoError(t, err)
	require.Equal(t, int64(3), info.LastBlockHeight)
	require.Equal(t, fin3.AppHash, info.LastBlockAppHash)
	require.Equal(t, uint64(2), n.app.LastHeader().Number)
}

func requireHeaderHash(t *testing.T, h *state.Header) {
	t.Helper()
	hh := HashHeader{Number: h.Number, StateRoot: h.NewRoot, Sequencer: h.Sequencer, Timestamp: h.Timestamp,
		StarknetVersion: h.StarknetVersion, ParentHash: h.ParentHash, L1DABlob: h.L1DAMode == "BLOB",
		GasPrices: GasPrices{L1GasWei: h.L1GasPriceWei, L1GasFri: h.L1GasPriceFri, L1DataGasWei: h.L1DataGasPriceWei,
			L1DataGasFri: h.L1DataGasPriceFri, L2GasWei: h.L2GasPriceWei, L2GasFri: h.L2GasPriceFri}}
	c := Commitments{Transaction: h.TxCommitment, Event: h.EventCommitment, Receipt: h.ReceiptCommitment,
		StateDiff: h.StateDiffCommitment, TxCount: h.TxCount, EventCount: h.EventCount, StateDiffLength: h.StateDiffLength}
	want, err := BlockHash(&hh, &c)
	require.NoError(t, err)
	require.Equal(t, want, h.Hash)
}

// Two nodes fed the same blocks reach the same AppHash; a node that crashed
// after FinalizeBlock (before Commit) replays the block to the same AppHash.
func TestDeterminismAndCrashReplay(t *testing.T) {
	a := openNode(t, t.TempDir())
	defer a.close(t)
	bDir := t.TempDir()
	b := openNode(t, bDir)

	blocks := [][][]byte{
		{encodeKV(1, 0, 1, 1, true), encodeKV(2, 0, 1, 2, true)},
		{encodeKV(1, 1, 1, 3, true), encodeKV(2, 1, 9, 0xdead, true)},
	}
	for _, n := range []*testNode{a, b} {
		_, err := n.app.InitChain(ctx, &abcitypes.RequestInitChain{AppStateBytes: genesis})
		require.NoError(t, err)
	}
	var hashes [][]byte
	for i, txs := range blocks {
		fa, _ := runBlock(t, a.app, int64(i+1), txs)
		hashes = append(hashes, fa.AppHash)
	}
	// b commits block 1, then "crashes" after finalizing block 2.
	fb, _ := runBlock(t, b.app, 1, blocks[0])
	require.Equal(t, hashes[0], fb.AppHash)
	req := &abcitypes.RequestFinalizeBlock{Height: 2, Time: t0.Add(2 * time.Second), ProposerAddress: proposer, Txs: blocks[1]}
	_, err := b.app.FinalizeBlock(ctx, req)
	require.NoError(t, err)
	b.close(t)

	b = openNode(t, bDir)
	defer b.close(t)
	info, err := b.app.Info(ctx, &abcitypes.RequestInfo{})
	require.NoError(t, err)
	require.Equal(t, int64(1), info.LastBlockHeight)
	require.Equal(t, hashes[0], info.LastBlockAppHash)
	replay, err := b.app.FinalizeBlock(ctx, req)
	require.NoError(t, err)
	require.Equal(t, hashes[1], replay.AppHash)
	_, err = b.app.Commit(ctx, &abcitypes.RequestCommit{})
	require.NoError(t, err)
	ha, err := a.blocks.Header(1)
	require.NoError(t, err)
	hb, err := b.blocks.Header(1)
	require.NoError(t, err)
	require.Equal(t, ha, hb)
}

func TestFinalizeRejectsWrongHeight(t *testing.T) {
	n := openNode(t, t.TempDir())
	defer n.close(t)
	_, err := n.app.InitChain(ctx, &abcitypes.RequestInitChain{AppStateBytes: genesis})
	require.NoError(t, err)
	_, err = n.app.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{Height: 5, Time: t0})
	require.Error(t, err)
	_, err = n.app.Commit(ctx, &abcitypes.RequestCommit{})
	require.Error(t, err, "commit without a finalized block")
}

func TestConfigValidate(t *testing.T) {
	c := DefaultConfig()
	require.NoError(t, c.Validate())
	for _, mut := range []func(c *Config){
		func(c *Config) { c.StarknetVersion = "0.13.1" },
		func(c *Config) { c.StarknetVersion = "x" },
		func(c *Config) { c.MaxBlockBytes = 0 },
		func(c *Config) { c.MaxBlockSteps = 0 },
		func(c *Config) { c.MaxBlockTxs = 0 },
		func(c *Config) { c.GasPrices.L2GasFri = felt.MustHex("0x100000000000000000000000000000000") },
	} {
		c := DefaultConfig()
		mut(&c)
		require.ErrorIs(t, c.Validate(), ErrInvalidConfig)
	}
}

// A crash after the block store write but before the IAVL commit leaves
// the block store one block ahead; the replay rewrites the same block and
// commits the same AppHash.
func TestCrashBetweenBlockStoreAndStateCommit(t *testing.T) {
	dir := t.TempDir()
	n := openNode(t, dir)
	_, err := n.app.InitChain(ctx, &abcitypes.RequestInitChain{AppStateBytes: genesis})
	require.NoError(t, err)
	runBlock(t, n.app, 1, [][]byte{encodeKV(1, 0, 1, 1, true)})
	req := &abcitypes.RequestFinalizeBlock{Height: 2, Time: t0.Add(2 * time.Second), ProposerAddress: proposer,
		Txs: [][]byte{encodeKV(1, 1, 1, 2, true)}}
	fin, err := n.app.FinalizeBlock(ctx, req)
	require.NoError(t, err)
	require.NoError(t, n.blocks.Put(n.app.pending.block)) // first half of Commit only
	n.close(t)

	n = openNode(t, dir)
	defer n.close(t)
	info, err := n.app.Info(ctx, &abcitypes.RequestInfo{})
	require.NoError(t, err)
	require.Equal(t, int64(1), info.LastBlockHeight)
	head, ok, err := n.blocks.Head()
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, uint64(1), head, "block store is ahead of the state")
	require.Equal(t, uint64(0), n.app.LastHeader().Number, "the app follows the state, not the block store")

	replay, err := n.app.FinalizeBlock(ctx, req)
	require.NoError(t, err)
	require.Equal(t, fin.AppHash, replay.AppHash)
	_, err = n.app.Commit(ctx, &abcitypes.RequestCommit{})
	require.NoError(t, err)
	require.Equal(t, fu(2), queryFelt(t, n.app, "/storage/0x1/0x1", 0))
}

// countingEngine counts decodes.
type countingEngine struct {
	kvEngine
	decodes int
}

func (e *countingEngine) DecodeTx(b []byte) (Tx, error) {
	e.decodes++
	return e.kvEngine.DecodeTx(b)
}

func TestTxCacheDecodesOnce(t *testing.T) {
	e := &countingEngine{}
	c := newTxCache(2)
	a, b, d := encodeKV(1, 0, 1, 1, true), encodeKV(2, 0, 1, 1, true), encodeKV(3, 0, 1, 1, true)
	for i := 0; i < 3; i++ {
		_, err := c.decode(e, a)
		require.NoError(t, err)
	}
	require.Equal(t, 1, e.decodes)
	_, err := c.decode(e, []byte("bad"))
	require.Error(t, err)
	_, err = c.decode(e, []byte("bad"))
	require.Error(t, err)
	require.Equal(t, 3, e.decodes, "failures are not cached")
	for _, raw := range [][]byte{b, d, a} { // d evicts a (size 2)
		_, err = c.decode(e, raw)
		require.NoError(t, err)
	}
	require.Equal(t, 6, e.decodes)
	tx, err := c.decode(e, d)
	require.NoError(t, err)
	require.Equal(t, fu(3), tx.Sender())
	require.Equal(t, 6, e.decodes)
}

// Arbitrary query paths and heights never panic and fail with a code.
func FuzzQueryPath(f *testing.F) {
	n := openNode(f, f.TempDir())
	_, err := n.app.InitChain(ctx, &abcitypes.RequestInitChain{AppStateBytes: genesis})
	require.NoError(f, err)
	runBlock(f, n.app, 1, nil)
	f.Cleanup(func() { n.close(f) })
	for _, p := range []string{"/app", "/nonce/0x1", "/storage/0x1/0x2", "/block/0", "/tx/0x5", "//", "/storage/0x1", "/block/x"} {
		f.Add(p, int64(0))
	}
	f.Fuzz(func(t *testing.T, path string, height int64) {
		r, err := n.app.Query(ctx, &abcitypes.RequestQuery{Path: path, Height: height})
		require.NoError(t, err)
		if r.Code != QueryOK {
			require.NotEmpty(t, r.Log)
		}
	})
}
