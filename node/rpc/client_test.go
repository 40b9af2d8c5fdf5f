package rpc

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/client"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// TestClientAgainstServer drives every typed client method against the server.
func TestClientAgainstServer(t *testing.T) {
	b, _, ts := newTestServer(t, Config{})
	ctx := context.Background()
	c := client.New(ts.URL+"/rpc/v0_10", client.Options{})

	if v, err := c.SpecVersion(ctx); err != nil || v != SpecVersion {
		t.Fatalf("SpecVersion %q %v", v, err)
	}
	if id, err := c.ChainID(ctx); err != nil || !id.Equal(&testChainID) {
		t.Fatalf("ChainID %v %v", id, err)
	}
	if n, err := c.BlockNumber(ctx); err != nil || n != 2 {
		t.Fatalf("BlockNumber %d %v", n, err)
	}
	if hn, err := c.BlockHashAndNumber(ctx); err != nil || hn.BlockNumber != 2 || hn.BlockHash != f(0xb10c02) {
		t.Fatalf("BlockHashAndNumber %+v %v", hn, err)
	}
	bh, err := c.BlockWithTxHashes(ctx, wire.ByNumber(1))
	if err != nil || len(bh.Transactions) != 2 || bh.Transactions[1] != f(0x12) || bh.Status != wire.StatusAcceptedOnL2 {
		t.Fatalf("BlockWithTxHashes %+v %v", bh, err)
	}
	bt, err := c.BlockWithTxs(ctx, wire.ByHash(f(0xb10c01)))
	if err != nil || len(bt.Transactions) != 2 || bt.Transactions[0].Nonce != f(1) || len(bt.Transactions[0].ProofFacts) != 1 {
		t.Fatalf("BlockWithTxs %+v %v", bt, err)
	}
	br, err := c.BlockWithReceipts(ctx, wire.ByNumber(1))
	if err != nil || len(br.Transactions) != 2 || br.Transactions[1].Receipt.ExecutionStatus != wire.ExecReverted {
		t.Fatalf("BlockWithReceipts %+v %v", br, err)
	}
	su, err := c.StateUpdate(ctx, wire.ByNumber(0))
	if err != nil || len(su.StateDiff.DeployedContracts) != 1 || su.StateDiff.DeployedContracts[0].Address != testAccount {
		t.Fatalf("StateUpdate %+v %v", su, err)
	}
	tx, err := c.TransactionByHash(ctx, f(0xd0))
	if err != nil || tx.Type != wire.TxDeployAccount || tx.ContractAddressSalt != f(0x5a17) {
		t.Fatalf("TransactionByHash %+v %v", tx, err)
	}
	rc, err := c.Receipt(ctx, f(0x11))
	if err != nil || len(rc.Events) != 2 || rc.BlockNumber == nil || *rc.BlockNumber != 1 {
		t.Fatalf("Receipt %+v %v", rc, err)
	}
	if _, err := c.Receipt(ctx, f(0x999)); !errors.Is(err, client.ErrTxnHashNotFound) {
		t.Fatalf("Receipt of unknown tx: %v", err)
	}
	if st, err := c.TxStatus(ctx, f(0x12)); err != nil || st.ExecutionStatus != wire.ExecReverted {
		t.Fatalf("TxStatus %+v %v", st, err)
	}
	if n, err := c.Nonce(ctx, wire.Latest(), testAccount); err != nil || n != f(4) {
		t.Fatalf("Nonce %v %v", n, err)
	}
	if _, err := c.Nonce(ctx, wire.Latest(), f(0x77)); !errors.Is(err, client.ErrContractNotFound) {
		t.Fatalf("Nonce of nothing: %v", err)
	}
	if v, err := c.StorageAt(ctx, testToken, f(5), wire.PreConfirmed()); err != nil || v != f(1000) {
		t.Fatalf("StorageAt %v %v", v, err)
	}
	if ch, err := c.ClassHashAt(ctx, wire.Latest(), testAccount); err != nil || ch != testClassHash {
		t.Fatalf("ClassHashAt %v %v", ch, err)
	}
	if cl, err := c.Class(ctx, wire.Latest(), testClassHash); err != nil || len(cl) == 0 {
		t.Fatalf("Class %s %v", cl, err)
	}
	if cl, err := c.CompiledCasm(ctx, testClassHash); err != nil || len(cl) == 0 {
		t.Fatalf("CompiledCasm %s %v", cl, err)
	}
	out, err := c.CallContract(ctx, wire.FunctionCall{ContractAddress: testToken, EntryPointSelector: testSelector}, wire.ByNumber(1))
	if err != nil || len(out) != 1 || out[0] != f(1) {
		t.Fatalf("Call %v %v", out, err)
	}
	q := invokeTx(0, 4)
	q.TransactionHash, q.Version = nil, wire.QueryVersion3
	if fe, err := c.EstimateFee(ctx, []wire.Txn{q}, nil, wire.Latest()); err != nil || len(fe) != 1 || fe[0].L2GasConsumed != 0x10002 {
		t.Fatalf("EstimateFee %+v %v", fe, err)
	}
	if sims, err := c.SimulateTransactions(ctx, wire.Latest(), []wire.Txn{q}, []string{wire.SkipFeeCharge}); err != nil || len(sims) != 1 || sims[0].TransactionTrace.FeeTransferInvocation != nil {
		t.Fatalf("SimulateTransactions %+v %v", sims, err)
	}
	if tr, err := c.TraceBlockTransactions(ctx, wire.ByNumber(1)); err != nil || len(tr) != 2 || tr[0].TraceRoot.ExecuteInvocation == nil {
		t.Fatalf("TraceBlockTransactions %+v %v", tr, err)
	}
	var all []wire.EmittedEvent
	filter := wire.EventFilter{ChunkSize: 1, Addresses: []felt.Felt{testToken}}
	for page := 0; page < 5; page++ {
		ch, err := c.Events(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ch.Events...)
		if ch.ContinuationToken == "" {
			break
		}
		filter.ContinuationToken = ch.ContinuationToken
	}
	if len(all) != 2 || all[1].Data[0] != f(8) || all[1].EventIndex != 1 {
		t.Fatalf("Events %+v", all)
	}
	inv := invokeTx(0, 4)
	inv.TransactionHash = nil
	if r, err := c.AddInvoke(ctx, inv); err != nil || r.TransactionHash != f(0xabc001) {
		t.Fatalf("AddInvoke %+v %v", r, err)
	}
	if b.submitted[0].Calldata[2] != testSelector {
		t.Fatalf("submitted %+v", b.submitted[0])
	}
	da := wire.Txn{Type: wire.TxDeployAccount, Version: wire.Version3, ClassHash: testClassHash, ResourceBounds: sampleBounds(),
		NonceDAMode: wire.DAModeL1, FeeDAMode: wire.DAModeL1}
	if r, err := c.AddDeployAccount(ctx, da); err != nil || r.ContractAddress != testAccount {
		t.Fatalf("AddDeployAccount %+v %v", r, err)
	}
	dc := wire.Txn{Type: wire.TxDeclare, Version: wire.Version3, SenderAddress: testAccount, ContractClass: []byte(testCasmClass),
		ResourceBounds: sampleBounds(), NonceDAMode: wire.DAModeL1, FeeDAMode: wire.DAModeL1}
	if r, err := c.AddDeclare(ctx, dc); err != nil || r.ClassHash != testClassHash {
		t.Fatalf("AddDeclare %+v %v", r, err)
	}
	dc.ContractClass = []byte(testSierraClass)
	var rpcErr *client.Error
	if _, err := c.AddDeclare(ctx, dc); !errors.As(err, &rpcErr) || rpcErr.Code != 56 {
		t.Fatalf("AddDeclare of Sierra: %v", err)
	}
}

func TestClientRetries(t *testing.T) {
	calls := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls < 3 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":1,"result":7}`))
	}))
	defer ts.Close()
	if _, err := client.New(ts.URL, client.Options{}).BlockNumber(context.Background()); !errors.Is(err, client.ErrHTTP) || calls != 1 {
		t.Fatalf("no retries by default: err %v after %d calls", err, calls)
	}
	calls = 0
	n, err := client.New(ts.URL, client.Options{Retries: 2, RetryDelay: 1}).BlockNumber(context.Background())
	if err != nil || n != 7 || calls != 3 {
		t.Fatalf("with retries: %d %v after %d calls", n, err, calls)
	}
}
