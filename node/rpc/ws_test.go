package rpc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
	"github.com/gorilla/websocket"
)

type wsMsg struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Error  *Error          `json:"error"`
	Params struct {
		SubscriptionID string          `json:"subscription_id"`
		Result         json.RawMessage `json:"result"`
	} `json:"params"`
}

func dialWS(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(url, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func wsSend(t *testing.T, c *websocket.Conn, id int, method string, params any) {
	t.Helper()
	if err := c.WriteJSON(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		t.Fatal(err)
	}
}

func wsRead(t *testing.T, c *websocket.Conn) wsMsg {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var m wsMsg
	if err := c.ReadJSON(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// subscribe sends a subscription and returns its id.
func subscribe(t *testing.T, c *websocket.Conn, id int, method string, params any) string {
	t.Helper()
	wsSend(t, c, id, method, params)
	m := wsRead(t, c)
	if m.Error != nil {
		t.Fatalf("%s: %+v", method, m.Error)
	}
	var sid string
	if err := json.Unmarshal(m.Result, &sid); err != nil || sid == "" {
		t.Fatalf("%s: result %s", method, m.Result)
	}
	return sid
}

func TestWebSocketSubscriptions(t *testing.T) {
	sp := loadSpec(t)
	b, _, ts := newTestServer(t, Config{})
	c := dialWS(t, ts.URL)

	// Plain calls work over the socket.
	wsSend(t, c, 1, "starknet_blockNumber", nil)
	if m := wsRead(t, c); string(m.Result) != "2" {
		t.Fatalf("blockNumber over ws: %+v", m)
	}

	// New heads, replaying from block 1.
	heads := subscribe(t, c, 2, "starknet_subscribeNewHeads", map[string]any{"block_id": map[string]any{"block_number": 1}})
	for want := uint64(1); want <= 2; want++ {
		m := wsRead(t, c)
		if m.Method != "starknet_subscriptionNewHeads" || m.Params.SubscriptionID != heads {
			t.Fatalf("head notification %+v", m)
		}
		var h wire.BlockHeader
		_ = json.Unmarshal(m.Params.Result, &h)
		if h.BlockNumber != want {
			t.Fatalf("head %d, want %d", h.BlockNumber, want)
		}
		sp.validateParam(t, "starknet_subscriptionNewHeads", m.Params.Result)
	}
	wsSend(t, c, 3, "starknet_unsubscribe", []any{heads})
	if m := wsRead(t, c); string(m.Result) != "true" {
		t.Fatalf("unsubscribe: %+v", m)
	}
	wsSend(t, c, 4, "starknet_unsubscribe", []any{heads})
	if m := wsRead(t, c); m.Error == nil || m.Error.Code != 66 {
		t.Fatalf("second unsubscribe: %+v", m)
	}

	// Events, transaction status, receipts and new transactions on a new block.
	events := subscribe(t, c, 5, "starknet_subscribeEvents", map[string]any{"from_address": testToken.Hex()})
	status := subscribe(t, c, 6, "starknet_subscribeTransactionStatus", []any{"0x33"})
	receipts := subscribe(t, c, 7, "starknet_subscribeNewTransactionReceipts", map[string]any{"sender_address": []string{testAccount.Hex()}})
	newTxs := subscribe(t, c, 8, "starknet_subscribeNewTransactions", map[string]any{"finality_status": []string{"RECEIVED", "ACCEPTED_ON_L2"}})

	tx := invokeTx(0x33, 4)
	b.mu.Lock()
	b.mempool[f(0x33)] = tx
	pool := append([]chan wire.Txn(nil), b.poolSubs...)
	b.mu.Unlock()
	for _, p := range pool {
		p <- tx
	}
	st := b.states[2].clone()
	b.addBlock([]wire.Txn{tx}, []wire.Receipt{receipt(tx, false, transferEvent(9))}, st, wire.StateDiff{})

	got := map[string][]json.RawMessage{}
	for len(got[events]) < 1 || len(got[status]) < 1 || len(got[receipts]) < 1 || len(got[newTxs]) < 2 {
		m := wsRead(t, c)
		got[m.Params.SubscriptionID] = append(got[m.Params.SubscriptionID], m.Params.Result)
		sp.validateParam(t, m.Method, m.Params.Result)
	}
	if v := field(t, got[events][0], "data", "0"); v != "0x9" {
		t.Errorf("event %s", got[events][0])
	}
	if v := field(t, got[status][len(got[status])-1], "status", "finality_status"); v != wire.TxAcceptedOnL2 {
		t.Errorf("status %s", got[status])
	}
	if v := field(t, got[receipts][0], "block_number"); v != float64(3) {
		t.Errorf("receipt %s", got[receipts][0])
	}
	// The mempool and block feeds are independent: both statuses arrive, in either order.
	seen := map[any]bool{field(t, got[newTxs][0], "finality_status"): true, field(t, got[newTxs][1], "finality_status"): true}
	if !seen["RECEIVED"] || !seen["ACCEPTED_ON_L2"] {
		t.Errorf("new transactions %s", got[newTxs])
	}

	// Errors.
	wsSend(t, c, 9, "starknet_subscribeNewHeads", []any{"pre_confirmed"})
	if m := wsRead(t, c); m.Error == nil || m.Error.Code != -32602 {
		t.Fatalf("pre_confirmed heads: %+v", m)
	}
	many := make([]string, 200)
	for i := range many {
		x := felt.FromUint64(uint64(i))
		many[i] = x.Hex()
	}
	wsSend(t, c, 10, "starknet_subscribeNewTransactionReceipts", map[string]any{"sender_address": many})
	if m := wsRead(t, c); m.Error == nil || m.Error.Code != 67 {
		t.Fatalf("too many addresses: %+v", m)
	}
}

func TestWebSocketTooManyBlocksBack(t *testing.T) {
	b, _, ts := newTestServer(t, Config{})
	for i := 0; i < maxBlocksBack+1; i++ {
		b.addBlock(nil, nil, b.states[2], wire.StateDiff{})
	}
	c := dialWS(t, ts.URL)
	wsSend(t, c, 1, "starknet_subscribeNewHeads", []any{map[string]any{"block_number": 0}})
	if m := wsRead(t, c); m.Error == nil || m.Error.Code != 68 {
		t.Fatalf("want TOO_MANY_BLOCKS_BACK, got %+v", m)
	}
}
