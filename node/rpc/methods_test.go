package rpc

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
	"github.com/rs/zerolog"
)

// methodCase is one call with either the error code it must give or a
// check of its decoded result; every answer is also validated against the
// spec.
type methodCase struct {
	name    string
	method  string
	params  any
	errCode int
	check   func(t *testing.T, result json.RawMessage)
}

func expectJSON(want string) func(*testing.T, json.RawMessage) {
	return func(t *testing.T, got json.RawMessage) {
		t.Helper()
		var a, b any
		if err := json.Unmarshal([]byte(want), &a); err != nil {
			t.Fatalf("bad expectation %s: %v", want, err)
		}
		if err := json.Unmarshal(got, &b); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

func field(t *testing.T, raw json.RawMessage, path ...string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i >= len(x) {
				t.Fatalf("no element %s in %s", p, raw)
			}
			v = x[i]
		default:
			t.Fatalf("no field %s in %s", p, raw)
		}
	}
	return v
}

func expectField(want any, path ...string) func(*testing.T, json.RawMessage) {
	return func(t *testing.T, got json.RawMessage) {
		t.Helper()
		if v := field(t, got, path...); fmt.Sprint(v) != fmt.Sprint(want) {
			t.Errorf("%v = %v, want %v (in %s)", path, v, want, got)
		}
	}
}

func expectLen(n int, path ...string) func(*testing.T, json.RawMessage) {
	return func(t *testing.T, got json.RawMessage) {
		t.Helper()
		v := any(nil)
		if len(path) == 0 {
			_ = json.Unmarshal(got, &v)
		} else {
			v = field(t, got, path...)
		}
		l, ok := v.([]any)
		if !ok || len(l) != n {
			t.Errorf("%v: want a list of %d, got %s", path, n, got)
		}
	}
}

func broadcastInvoke() map[string]any {
	tx := invokeTx(0, 4)
	tx.TransactionHash = nil
	b, _ := json.Marshal(tx)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func TestMethodsAgainstSpec(t *testing.T) {
	sp := loadSpec(t)
	_, s, _ := newTestServer(t, Config{MaxChunkSize: 10, MaxKeysInFilter: 3})
	acc, tok := testAccount.Hex(), testToken.Hex()
	latest, b1 := "latest", map[string]any{"block_number": 1}
	query := broadcastInvoke()
	query["version"] = wire.QueryVersion3
	declareSierra := broadcastInvoke()
	declareSierra["type"], declareSierra["compiled_class_hash"] = "DECLARE", "0xca53"
	delete(declareSierra, "calldata")
	declareSierra["contract_class"] = json.RawMessage(testSierraClass)
	declareCasm := map[string]any{}
	for k, v := range declareSierra {
		declareCasm[k] = v
	}
	declareCasm["contract_class"] = json.RawMessage(testCasmClass)
	deployAcc := map[string]any{"type": "DEPLOY_ACCOUNT", "version": "0x3", "signature": []string{"0x1"}, "nonce": "0x0",
		"contract_address_salt": "0x1", "constructor_calldata": []string{"0x2"}, "class_hash": testClassHash.Hex(),
		"resource_bounds": sampleBounds(), "tip": "0x0", "paymaster_data": []string{},
		"nonce_data_availability_mode": "L1", "fee_data_availability_mode": "L1"}
	v1 := broadcastInvoke()
	v1["version"] = "0x1"

	cases := []methodCase{
		{name: "specVersion", method: "starknet_specVersion", check: expectJSON(`"0.10.3"`)},
		{name: "chainId", method: "starknet_chainId", check: expectJSON(`"` + testChainID.Hex() + `"`)},
		{name: "blockNumber", method: "starknet_blockNumber", check: expectJSON(`2`)},
		{name: "blockHashAndNumber", method: "starknet_blockHashAndNumber", check: expectJSON(`{"block_hash":"0xb10c02","block_number":2}`)},
		{name: "syncing", method: "starknet_syncing", check: expectJSON(`false`)},
		{name: "hashes latest", method: "starknet_getBlockWithTxHashes", params: []any{latest}, check: expectJSON(`` +
			`{"status":"ACCEPTED_ON_L2","block_hash":"0xb10c02","parent_hash":"0xb10c01","block_number":2,"new_root":"0x7009",` +
			`"timestamp":1700000002,"sequencer_address":"0x5e9","l1_gas_price":{"price_in_fri":"0x2540be400","price_in_wei":"0x3b9aca00"},` +
			`"l2_gas_price":{"price_in_fri":"0x2540be400","price_in_wei":"0x3b9aca00"},"l1_data_gas_price":{"price_in_fri":"0x2540be400","price_in_wei":"0x3b9aca00"},` +
			`"l1_da_mode":"BLOB","starknet_version":"0.14.0","event_commitment":"0x0","transaction_commitment":"0x0","receipt_commitment":"0x0",` +
			`"state_diff_commitment":"0x0","event_count":0,"transaction_count":1,"state_diff_length":1,"transactions":["0xdec"]}`)},
		{name: "hashes by hash", method: "starknet_getBlockWithTxHashes", params: map[string]any{"block_id": map[string]any{"block_hash": "0xb10c01"}}, check: expectLen(2, "transactions")},
		{name: "hashes pre_confirmed", method: "starknet_getBlockWithTxHashes", params: []any{"pre_confirmed"}, check: expectField(3, "block_number")},
		{name: "hashes l1_accepted", method: "starknet_getBlockWithTxHashes", params: []any{"l1_accepted"}, check: expectField(2, "block_number")},
		{name: "hashes missing", method: "starknet_getBlockWithTxHashes", params: []any{map[string]any{"block_number": 9}}, errCode: 24},
		{name: "hashes unknown hash", method: "starknet_getBlockWithTxHashes", params: []any{map[string]any{"block_hash": "0x1"}}, errCode: 24},
		{name: "hashes bad tag", method: "starknet_getBlockWithTxHashes", params: []any{"pending"}, errCode: -32602},
		{name: "txs", method: "starknet_getBlockWithTxs", params: []any{b1}, check: func(t *testing.T, r json.RawMessage) {
			expectLen(2, "transactions")(t, r)
			if txs := field(t, r, "transactions").([]any); txs[0].(map[string]any)["proof_facts"] != nil {
				t.Errorf("proof_facts present without INCLUDE_PROOF_FACTS")
			}
		}},
		{name: "txs with proof facts", method: "starknet_getBlockWithTxs", params: []any{b1, []string{"INCLUDE_PROOF_FACTS"}}, check: func(t *testing.T, r json.RawMessage) {
			if txs := field(t, r, "transactions").([]any); fmt.Sprint(txs[0].(map[string]any)["proof_facts"]) != "[0xfac7]" {
				t.Errorf("proof_facts missing: %s", r)
			}
		}},
		{name: "txs pre_confirmed", method: "starknet_getBlockWithTxs", params: []any{"pre_confirmed"}, check: expectLen(0, "transactions")},
		{name: "receipts", method: "starknet_getBlockWithReceipts", params: []any{b1}, check: expectLen(2, "transactions")},
		{name: "receipts genesis", method: "starknet_getBlockWithReceipts", params: []any{map[string]any{"block_number": 0}}, check: expectLen(1, "transactions")},
		{name: "receipts pre_confirmed", method: "starknet_getBlockWithReceipts", params: []any{"pre_confirmed"}, check: expectLen(0, "transactions")},
		{name: "state update", method: "starknet_getStateUpdate", params: []any{map[string]any{"block_number": 0}}, check: expectLen(1, "state_diff", "deployed_contracts")},
		{name: "state update filtered", method: "starknet_getStateUpdate", params: []any{map[string]any{"block_number": 0}, []string{tok}}, check: func(t *testing.T, r json.RawMessage) {
			expectLen(0, "state_diff", "deployed_contracts")(t, r)
			expectLen(1, "state_diff", "storage_diffs")(t, r)
		}},
		{name: "state update pre_confirmed", method: "starknet_getStateUpdate", params: []any{"pre_confirmed"}, check: expectField("0x7009", "old_root")},
		{name: "storage", method: "starknet_getStorageAt", params: []any{tok, "0x5", latest}, check: expectJSON(`"0x3e8"`)},
		{name: "storage unset", method: "starknet_getStorageAt", params: []any{tok, "0x6", latest}, check: expectJSON(`"0x0"`)},
		{name: "storage last update", method: "starknet_getStorageAt", params: map[string]any{"contract_address": tok, "key": "0x5", "block_id": latest, "response_flags": []string{"INCLUDE_LAST_UPDATE_BLOCK"}}, check: expectJSON(`{"value":"0x3e8","last_update_block":0}`)},
		{name: "storage no contract", method: "starknet_getStorageAt", params: []any{"0x123", "0x5", latest}, errCode: 20},
		{name: "storage bad key", method: "starknet_getStorageAt", params: []any{tok, "5", latest}, errCode: -32602},
		{name: "storage missing param", method: "starknet_getStorageAt", params: []any{tok, "0x5"}, errCode: -32602},
		{name: "status accepted", method: "starknet_getTransactionStatus", params: []any{"0x11"}, check: expectJSON(`{"finality_status":"ACCEPTED_ON_L2","execution_status":"SUCCEEDED"}`)},
		{name: "status reverted", method: "starknet_getTransactionStatus", params: []any{"0x12"}, check: expectJSON(`{"finality_status":"ACCEPTED_ON_L2","execution_status":"REVERTED","failure_reason":"insufficient balance"}`)},
		{name: "status unknown", method: "starknet_getTransactionStatus", params: []any{"0x999"}, errCode: 29},
		{name: "messages status", method: "starknet_getMessagesStatus", params: []any{"0x1234"}, errCode: 29},
		{name: "tx by hash", method: "starknet_getTransactionByHash", params: []any{"0xd0"}, check: expectField("DEPLOY_ACCOUNT", "type")},
		{name: "tx by hash invoke", method: "starknet_getTransactionByHash", params: map[string]any{"transaction_hash": "0x11"}, check: expectField("0x11", "transaction_hash")},
		{name: "tx by hash unknown", method: "starknet_getTransactionByHash", params: []any{"0x999"}, errCode: 29},
		{name: "tx by index", method: "starknet_getTransactionByBlockIdAndIndex", params: []any{b1, 1}, check: expectField("0x12", "transaction_hash")},
		{name: "tx by index declare", method: "starknet_getTransactionByBlockIdAndIndex", params: []any{latest, 0}, check: expectField("DECLARE", "type")},
		{name: "tx by bad index", method: "starknet_getTransactionByBlockIdAndIndex", params: []any{b1, 2}, errCode: 27},
		{name: "tx by negative index", method: "starknet_getTransactionByBlockIdAndIndex", params: []any{b1, -1}, errCode: 27},
		{name: "receipt", method: "starknet_getTransactionReceipt", params: []any{"0x11"}, check: func(t *testing.T, r json.RawMessage) {
			expectField(1, "block_number")(t, r)
			expectField("0xb10c01", "block_hash")(t, r)
			expectLen(2, "events")(t, r)
		}},
		{name: "receipt reverted", method: "starknet_getTransactionReceipt", params: []any{"0x12"}, check: expectField("insufficient balance", "revert_reason")},
		{name: "receipt deploy", method: "starknet_getTransactionReceipt", params: []any{"0xd0"}, check: expectField(acc, "contract_address")},
		{name: "receipt unknown", method: "starknet_getTransactionReceipt", params: []any{"0x999"}, errCode: 29},
		{name: "class", method: "starknet_getClass", params: []any{latest, testClassHash.Hex()}, check: expectField("0.1.0", "contract_class_version")},
		{name: "class unknown", method: "starknet_getClass", params: []any{latest, "0x77"}, errCode: 28},
		{name: "class hash at", method: "starknet_getClassHashAt", params: []any{latest, acc}, check: expectJSON(`"0xc1a55"`)},
		{name: "class hash at none", method: "starknet_getClassHashAt", params: []any{latest, "0x77"}, errCode: 20},
		{name: "class at", method: "starknet_getClassAt", params: []any{"pre_confirmed", acc}, check: expectLen(2, "sierra_program")},
		{name: "class at old block", method: "starknet_getClassAt", params: []any{map[string]any{"block_number": 7}, acc}, errCode: 24},
		{name: "tx count", method: "starknet_getBlockTransactionCount", params: []any{b1}, check: expectJSON(`2`)},
		{name: "tx count pre_confirmed", method: "starknet_getBlockTransactionCount", params: []any{"pre_confirmed"}, check: expectJSON(`0`)},
		{name: "call", method: "starknet_call", params: []any{map[string]any{"contract_address": tok, "entry_point_selector": testSelector.Hex(), "calldata": []string{"0x5"}}, b1}, check: expectJSON(`["0x1","0x5"]`)},
		{name: "call no contract", method: "starknet_call", params: []any{map[string]any{"contract_address": "0x77", "entry_point_selector": "0x1", "calldata": []string{}}, latest}, errCode: 20},
		{name: "estimate", method: "starknet_estimateFee", params: []any{[]any{query, query}, []string{}, latest}, check: func(t *testing.T, r json.RawMessage) {
			expectLen(2)(t, r)
			var fe []wire.FeeEstimate
			_ = json.Unmarshal(r, &fe)
			if fe[1].L2GasConsumed != 0x10003 || fe[0].Unit != "FRI" {
				t.Errorf("estimates %+v", fe)
			}
		}},
		{name: "estimate bad flag", method: "starknet_estimateFee", params: []any{[]any{query}, []string{"SKIP_FEE_CHARGE"}, latest}, errCode: -32602},
		{name: "estimate message", method: "starknet_estimateMessageFee", params: []any{map[string]any{"from_address": "0x8453fc6cd1bcfe8d4dfc069c400b433054d47bdc", "to_address": tok, "entry_point_selector": "0x1", "payload": []string{}}, latest}, check: expectField("WEI", "unit")},
		{name: "events all", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 10}}, check: expectLen(2, "events")},
		{name: "events paged", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 1}}, check: func(t *testing.T, r json.RawMessage) {
			expectField("1-1", "continuation_token")(t, r)
			expectField(0, "events", "0", "event_index")(t, r)
		}},
		{name: "events second page", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 1, "continuation_token": "1-1"}}, check: func(t *testing.T, r json.RawMessage) {
			expectLen(1, "events")(t, r)
			if field(t, r, "continuation_token") != nil {
				t.Errorf("last page carries a token: %s", r)
			}
		}},
		{name: "events keys", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 10, "keys": [][]string{{testEventKey.Hex()}, {}}, "address": tok}}, check: expectLen(2, "events")},
		{name: "events no match", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 10, "keys": [][]string{{"0x1"}}}}, check: expectLen(0, "events")},
		{name: "events address list", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 10, "address": []string{acc}}}, check: expectLen(0, "events")},
		{name: "events range", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 10, "from_block": map[string]any{"block_number": 2}, "to_block": latest}}, check: expectLen(0, "events")},
		{name: "events page too big", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 11}}, errCode: 31},
		{name: "events too many keys", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 1, "keys": [][]string{{"0x1", "0x2"}, {"0x3", "0x4"}}}}, errCode: 34},
		{name: "events bad token", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 1, "continuation_token": "zz"}}, errCode: 33},
		{name: "events token out of range", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 1, "continuation_token": "9-0"}}, errCode: 33},
		{name: "events missing block", method: "starknet_getEvents", params: []any{map[string]any{"chunk_size": 1, "from_block": map[string]any{"block_number": 9}}}, errCode: 24},
		{name: "nonce", method: "starknet_getNonce", params: []any{latest, acc}, check: expectJSON(`"0x4"`)},
		{name: "nonce at block", method: "starknet_getNonce", params: map[string]any{"block_id": map[string]any{"block_number": 0}, "contract_address": acc}, check: expectJSON(`"0x1"`)},
		{name: "nonce no contract", method: "starknet_getNonce", params: []any{latest, "0x77"}, errCode: 20},
		{name: "storage proof", method: "starknet_getStorageProof", params: []any{latest}, errCode: 42},
		{name: "compiled casm", method: "starknet_getCompiledCasm", params: []any{testClassHash.Hex()}, check: expectField("2.9.0", "compiler_version")},
		{name: "compiled casm unknown", method: "starknet_getCompiledCasm", params: []any{"0x77"}, errCode: 28},
		{name: "add invoke", method: "starknet_addInvokeTransaction", params: []any{broadcastInvoke()}, check: expectJSON(`{"transaction_hash":"0xabc001"}`)},
		{name: "add invoke v1", method: "starknet_addInvokeTransaction", params: []any{v1}, errCode: 61},
		{name: "add invoke query", method: "starknet_addInvokeTransaction", params: []any{query}, errCode: 61},
		{name: "add deploy account", method: "starknet_addDeployAccountTransaction", params: []any{deployAcc}, check: expectJSON(`{"transaction_hash":"0xabc002","contract_address":"0xacc"}`)},
		{name: "add declare sierra", method: "starknet_addDeclareTransaction", params: []any{declareSierra}, errCode: 56},
		{name: "add declare casm", method: "starknet_addDeclareTransaction", params: []any{declareCasm}, check: expectJSON(`{"transaction_hash":"0xabc003","class_hash":"0xc1a55"}`)},
		{name: "status received", method: "starknet_getTransactionStatus", params: []any{"0xabc001"}, check: expectJSON(`{"finality_status":"RECEIVED"}`)},
		{name: "trace", method: "starknet_traceTransaction", params: []any{"0x11"}, check: expectField("INVOKE", "type")},
		{name: "trace deploy", method: "starknet_traceTransaction", params: []any{"0xd0"}, check: expectField("CONSTRUCTOR", "constructor_invocation", "entry_point_type")},
		{name: "trace received", method: "starknet_traceTransaction", params: []any{"0xabc001"}, errCode: 10},
		{name: "trace unknown", method: "starknet_traceTransaction", params: []any{"0x999"}, errCode: 29},
		{name: "simulate", method: "starknet_simulateTransactions", params: []any{latest, []any{query}, []string{"SKIP_VALIDATE", "SKIP_FEE_CHARGE"}}, check: func(t *testing.T, r json.RawMessage) {
			var sims []wire.SimulatedTransaction
			if err := json.Unmarshal(r, &sims); err != nil {
				t.Fatal(err)
			}
			if len(sims) != 1 || sims[0].TransactionTrace.ValidateInvocation != nil || sims[0].TransactionTrace.ExecuteInvocation == nil {
				t.Errorf("flags not applied: %s", r)
			}
		}},
		{name: "simulate initial reads", method: "starknet_simulateTransactions", params: []any{latest, []any{query}, []string{"RETURN_INITIAL_READS"}}, errCode: -32602},
		{name: "trace block", method: "starknet_traceBlockTransactions", params: []any{b1}, check: expectLen(2)},
		{name: "trace block pre_confirmed", method: "starknet_traceBlockTransactions", params: []any{"pre_confirmed"}, errCode: -32602},
		{name: "trace block missing", method: "starknet_traceBlockTransactions", params: []any{map[string]any{"block_number": 5}}, errCode: 24},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			covered[c.method] = true
			r := rawCall(t, s, c.method, c.params)
			if c.errCode != 0 {
				if r.Error == nil {
					t.Fatalf("want error %d, got result %s", c.errCode, r.Result)
				}
				if r.Error.Code != c.errCode {
					t.Fatalf("want error %d, got %+v", c.errCode, r.Error)
				}
				sp.validateError(t, c.method, r.Error)
				return
			}
			if r.Error != nil {
				t.Fatalf("unexpected error %+v", r.Error)
			}
			sp.validateResult(t, c.method, r.Result)
			c.check(t, r.Result)
		})
	}
	for name := range methodTable() {
		if !covered[name] {
			t.Errorf("method %s has no test case", name)
		}
	}
}

func TestEstimateFeeRevertIsExecutionError(t *testing.T) {
	sp := loadSpec(t)
	b, s, _ := newTestServer(t, Config{})
	b.simRevert = true
	q := broadcastInvoke()
	q["version"] = wire.QueryVersion3
	r := rawCall(t, s, "starknet_estimateFee", []any{[]any{q}, []string{}, "latest"})
	if r.Error == nil || r.Error.Code != 41 {
		t.Fatalf("want TRANSACTION_EXECUTION_ERROR, got %+v", r)
	}
	sp.validateError(t, "starknet_estimateFee", r.Error)
	if d := r.Error.Data.(TransactionExecutionErrorData); d.ExecutionError != "out of gas" || d.TransactionIndex != 0 {
		t.Errorf("data %+v", d)
	}
	// simulateTransactions reports the revert in the trace instead.
	r = rawCall(t, s, "starknet_simulateTransactions", []any{"latest", []any{q}, []string{}})
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	sp.validateResult(t, "starknet_simulateTransactions", r.Result)
	if got := field(t, r.Result, "0", "transaction_trace", "execute_invocation", "revert_reason"); got != nil && got != "out of gas" {
		t.Errorf("revert_reason %v", got)
	}
}

func TestBackendErrorCodes(t *testing.T) {
	sp := loadSpec(t)
	b, s, _ := newTestServer(t, Config{})
	invoke := broadcastInvoke()
	for _, tc := range []struct {
		err  error
		code int
		data any
	}{
		{coded{52, "nonce 3, want 4"}, 52, "nonce 3, want 4"},
		{coded{55, "bad signature"}, 55, "bad signature"},
		{coded{54, "balance"}, 54, nil},
		{coded{59, "dup"}, 59, nil},
		{coded{999, "weird"}, 63, "weird"},
		{fmt.Errorf("disk on fire"), -32603, nil},
	} {
		b.submitErr = tc.err
		r := rawCall(t, s, "starknet_addInvokeTransaction", []any{invoke})
		if r.Error == nil || r.Error.Code != tc.code || fmt.Sprint(r.Error.Data) != fmt.Sprint(tc.data) {
			t.Errorf("%v: got %+v, want code %d data %v", tc.err, r.Error, tc.code, tc.data)
			continue
		}
		if tc.code > 0 {
			sp.validateError(t, "starknet_addInvokeTransaction", r.Error)
		}
	}
	b.callErr = &ContractCallError{Reason: "assert failed"}
	r := rawCall(t, s, "starknet_call", []any{map[string]any{"contract_address": testToken.Hex(), "entry_point_selector": "0x1", "calldata": []string{}}, "latest"})
	if r.Error == nil || r.Error.Code != 40 || r.Error.Data.(ContractErrorData).RevertError != "assert failed" {
		t.Errorf("call error %+v", r.Error)
	}
}

type coded struct {
	code int
	msg  string
}

func (c coded) Error() string { return c.msg }
func (c coded) RPCCode() int  { return c.code }

func TestNoBlocks(t *testing.T) {
	s, err := New(&memBackend{chainID: testChainID, mempool: map[felt.Felt]wire.Txn{}}, Config{}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"starknet_blockNumber", "starknet_blockHashAndNumber"} {
		if r := rawCall(t, s, m, nil); r.Error == nil || r.Error.Code != 32 {
			t.Errorf("%s: want NO_BLOCKS, got %+v", m, r)
		}
	}
}
