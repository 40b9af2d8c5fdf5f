package rpc

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
	"github.com/rs/zerolog"
)

var (
	testAccount   = felt.FromUint64(0xacc)
	testToken     = felt.FromUint64(0x70c)
	testClassHash = felt.FromUint64(0xc1a55)
	testSelector  = felt.MustHex("0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e") // transfer
	testEventKey  = felt.MustHex("0x99cd8bde557814842a3121e8ddfd433a539b8c9f14bf31ebf108d12e6196e9") // Transfer
	// testChainID is the short string "CAIRN_TEST".
	testChainID = felt.FromBytes([]byte("CAIRN_TEST"))
)

const testSierraClass = `{"sierra_program":["0x1","0x2"],"contract_class_version":"0.1.0",` +
	`"entry_points_by_type":{"CONSTRUCTOR":[],"EXTERNAL":[{"selector":"0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e","function_idx":0}],"L1_HANDLER":[]},"abi":"[]"}`

const testCasmClass = `{"prime":"0x800000000000011000000000000000000000000000000000000000000000001","compiler_version":"2.9.0",` +
	`"bytecode":["0x40780017fff7fff","0x1"],"hints":[],"entry_points_by_type":{"EXTERNAL":[],"L1_HANDLER":[],"CONSTRUCTOR":[]}}`

func f(v uint64) felt.Felt { return felt.FromUint64(v) }

func fp(v uint64) *felt.Felt { x := felt.FromUint64(v); return &x }

func sampleBounds() *wire.ResourceBoundsMapping {
	return &wire.ResourceBoundsMapping{
		L1Gas:     wire.ResourceBounds{MaxAmount: 0x100, MaxPricePerUnit: f(0x5af3107a4000)},
		L1DataGas: wire.ResourceBounds{MaxAmount: 0x80, MaxPricePerUnit: f(0x1)},
		L2Gas:     wire.ResourceBounds{MaxAmount: 0x1000000, MaxPricePerUnit: f(0x2540be400)},
	}
}

func invokeTx(hash, nonce uint64) wire.Txn {
	return wire.Txn{TransactionHash: fp(hash), Type: wire.TxInvoke, Version: wire.Version3,
		SenderAddress: testAccount, Calldata: []felt.Felt{f(1), testToken, testSelector, f(2), f(0xbeef), f(7)},
		Signature: []felt.Felt{f(0x5191), f(0x5192)}, Nonce: f(nonce), ResourceBounds: sampleBounds(),
		NonceDAMode: wire.DAModeL1, FeeDAMode: wire.DAModeL1}
}

func sampleFee(n uint64) wire.FeeEstimate {
	return wire.FeeEstimate{L1GasConsumed: 0, L1GasPrice: f(0x5af3107a4000), L2GasConsumed: wire.U64(0x10000 + n),
		L2GasPrice: f(0x2540be400), L1DataGasConsumed: 0x80, L1DataGasPrice: f(1), OverallFee: f(0x2540be4000000), Unit: wire.UnitFri}
}

func sampleInvocation(to felt.Felt) *wire.FunctionInvocation {
	return &wire.FunctionInvocation{ContractAddress: to, EntryPointSelector: testSelector, Calldata: []felt.Felt{f(1)},
		CallerAddress: felt.Zero, ClassHash: testClassHash, EntryPointType: wire.EntryExternal, CallType: wire.CallTypeCall,
		Result: []felt.Felt{f(1)}, Events: []wire.OrderedEvent{{Order: 0, Keys: []felt.Felt{testEventKey}, Data: []felt.Felt{f(7)}}},
		ExecutionResources: wire.InnerCallResources{L1Gas: 0, L2Gas: 12345}}
}

func sampleTrace(typ string, sender felt.Felt) wire.TransactionTrace {
	tr := wire.TransactionTrace{Type: typ, ValidateInvocation: sampleInvocation(sender),
		FeeTransferInvocation: sampleInvocation(testToken), ExecutionResources: wire.ExecutionResources{L2Gas: 54321}}
	switch typ {
	case wire.TxInvoke:
		tr.ExecuteInvocation = sampleInvocation(sender)
	case wire.TxDeployAccount:
		tr.ConstructorInvocation = sampleInvocation(sender)
		tr.ConstructorInvocation.EntryPointType = wire.EntryConstructor
	}
	return tr
}

func transferEvent(amount uint64) wire.Event {
	return wire.Event{FromAddress: testToken, Keys: []felt.Felt{testEventKey, testAccount}, Data: []felt.Felt{f(amount), f(0)}}
}

func receipt(t wire.Txn, reverted bool, evs ...wire.Event) wire.Receipt {
	r := wire.Receipt{Type: t.Type, TransactionHash: *t.TransactionHash,
		ActualFee: wire.FeePayment{Amount: f(0x1234), Unit: wire.UnitFri}, FinalityStatus: wire.TxAcceptedOnL2,
		ExecutionStatus: wire.ExecSucceeded, Events: evs, ExecutionResources: wire.ExecutionResources{L1DataGas: 128, L2Gas: 99999}}
	if reverted {
		r.ExecutionStatus, r.RevertReason = wire.ExecReverted, "insufficient balance"
	}
	if t.Type == wire.TxDeployAccount {
		r.ContractAddress = &testAccount
	}
	return r
}

// newTestChain builds three committed blocks:
// 0: DEPLOY_ACCOUNT of testAccount; 1: two INVOKEs (the second reverted)
// emitting Transfer events; 2: a DECLARE.
func newTestChain() *memBackend {
	m := &memBackend{chainID: testChainID, mempool: map[felt.Felt]wire.Txn{}}
	deploy := wire.Txn{TransactionHash: fp(0xd0), Type: wire.TxDeployAccount, Version: wire.Version3,
		Signature: []felt.Felt{f(1), f(2)}, Nonce: f(0), ContractAddressSalt: f(0x5a17), ConstructorCalldata: []felt.Felt{f(0x9b)},
		ClassHash: testClassHash, ResourceBounds: sampleBounds(), NonceDAMode: wire.DAModeL1, FeeDAMode: wire.DAModeL1}
	inv1, inv2 := invokeTx(0x11, 1), invokeTx(0x12, 2)
	inv1.ProofFacts = []felt.Felt{f(0xfac7)}
	declare := wire.Txn{TransactionHash: fp(0xdec), Type: wire.TxDeclare, Version: wire.Version3, SenderAddress: testAccount,
		Signature: []felt.Felt{f(3)}, Nonce: f(3), ClassHash: f(0xc1a56), CompiledClassHash: f(0xca53),
		ResourceBounds: sampleBounds(), NonceDAMode: wire.DAModeL1, FeeDAMode: wire.DAModeL1}
	st := &memState{classAt: map[felt.Felt]felt.Felt{testAccount: testClassHash, testToken: testClassHash},
		nonces: map[felt.Felt]felt.Felt{testAccount: f(1)}, storage: map[[2]felt.Felt]felt.Felt{{testToken, f(0x5)}: f(1000)},
		classes: map[felt.Felt]json.RawMessage{testClassHash: json.RawMessage(testSierraClass)},
		casm:    map[felt.Felt]json.RawMessage{testClassHash: json.RawMessage(testCasmClass)}}
	m.addBlock([]wire.Txn{deploy}, []wire.Receipt{receipt(deploy, false)}, st,
		wire.StateDiff{DeployedContracts: []wire.DeployedContract{{Address: testAccount, ClassHash: testClassHash}},
			StorageDiffs: []wire.StorageDiff{{Address: testToken, StorageEntries: []wire.StorageEntry{{Key: f(0x5), Value: f(1000)}}}},
			Nonces:       []wire.NonceUpdate{{ContractAddress: testAccount, Nonce: f(1)}}})
	st1 := st.clone()
	st1.nonces[testAccount] = f(3)
	m.addBlock([]wire.Txn{inv1, inv2}, []wire.Receipt{receipt(inv1, false, transferEvent(7), transferEvent(8)), receipt(inv2, true)}, st1,
		wire.StateDiff{Nonces: []wire.NonceUpdate{{ContractAddress: testAccount, Nonce: f(3)}}})
	st2 := st1.clone()
	st2.nonces[testAccount] = f(4)
	m.addBlock([]wire.Txn{declare}, []wire.Receipt{receipt(declare, false)}, st2,
		wire.StateDiff{DeclaredClasses: []wire.DeclaredClass{{ClassHash: f(0xc1a56), CompiledClassHash: f(0xca53)}},
			Nonces: []wire.NonceUpdate{{ContractAddress: testAccount, Nonce: f(4)}}})
	return m
}

func (s *memState) clone() *memState {
	c := &memState{classAt: map[felt.Felt]felt.Felt{}, nonces: map[felt.Felt]felt.Felt{}, storage: map[[2]felt.Felt]felt.Felt{},
		classes: s.classes, casm: s.casm}
	for k, v := range s.classAt {
		c.classAt[k] = v
	}
	for k, v := range s.nonces {
		c.nonces[k] = v
	}
	for k, v := range s.storage {
		c.storage[k] = v
	}
	return c
}

// addBlock appends a block and announces it on the block feeds.
func (m *memBackend) addBlock(txs []wire.Txn, rs []wire.Receipt, st *memState, diff wire.StateDiff) {
	m.mu.Lock()
	n := uint64(len(m.headers))
	var parent, oldRoot felt.Felt
	if n > 0 {
		parent, oldRoot = m.headers[n-1].BlockHash, m.headers[n-1].NewRoot
	}
	events := 0
	for _, r := range rs {
		events += len(r.Events)
	}
	price := wire.ResourcePrice{PriceInFri: f(0x2540be400), PriceInWei: f(0x3b9aca00)}
	h := wire.BlockHeader{BlockHash: f(0xb10c00 + n), ParentHash: parent, BlockNumber: n, NewRoot: f(0x7007 + n),
		Timestamp: 1_700_000_000 + n, SequencerAddress: f(0x5e9), L1GasPrice: price, L2GasPrice: price, L1DataGasPrice: price,
		L1DAMode: wire.DABlob, StarknetVersion: "0.14.0", EventCount: uint64(events), TransactionCount: uint64(len(txs)),
		StateDiffLength: 1}
	m.headers = append(m.headers, h)
	m.txs = append(m.txs, txs)
	m.receipts = append(m.receipts, rs)
	m.updates = append(m.updates, wire.StateUpdate{BlockHash: h.BlockHash, OldRoot: oldRoot, NewRoot: h.NewRoot, StateDiff: diff})
	m.states = append(m.states, st)
	for _, t := range txs {
		delete(m.mempool, *t.TransactionHash)
	}
	subs := append([]chan uint64(nil), m.blockSubs...)
	m.mu.Unlock()
	for _, c := range subs {
		c <- n
	}
}

// newTestServer serves a fresh test chain over httptest.
func newTestServer(t *testing.T, cfg Config) (*memBackend, *Server, *httptest.Server) {
	t.Helper()
	b := newTestChain()
	s, err := New(b, cfg, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return b, s, ts
}

// rawCall runs one JSON-RPC call through the dispatcher.
func rawCall(t *testing.T, s *Server, method string, params any) *response {
	t.Helper()
	p, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": json.RawMessage(p)})
	out := s.handleMessage(context.Background(), body)
	r, ok := out.(*response)
	if !ok {
		t.Fatalf("%s: unexpected answer %#v", method, out)
	}
	return r
}
