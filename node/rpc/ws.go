package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
	"github.com/gorilla/websocket"
)

// maxBlocksBack is the spec's limit on replayed blocks (TOO_MANY_BLOCKS_BACK).
const maxBlocksBack = 1024

const wsWriteTimeout = 10 * time.Second

// wsConn is one WebSocket connection and its subscriptions.
type wsConn struct {
	s    *Server
	conn *websocket.Conn
	ctx  context.Context

	writeMu sync.Mutex
	mu      sync.Mutex
	subs    map[string]context.CancelFunc
}

var subscriptionSeq atomic.Uint64

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.log.Debug().Err(err).Msg("websocket upgrade failed")
		return
	}
	conn.SetReadLimit(s.cfg.MaxBodyBytes)
	ctx, cancel := context.WithCancel(r.Context())
	c := &wsConn{s: s, conn: conn, ctx: ctx, subs: map[string]context.CancelFunc{}}
	defer func() {
		cancel()
		_ = conn.Close()
	}()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway) {
				s.log.Debug().Err(err).Msg("websocket read")
			}
			return
		}
		out, run := c.handle(msg)
		if out != nil {
			if err := c.write(out); err != nil {
				return
			}
		}
		if run != nil {
			// Notifications start only once the subscription id is sent.
			go run()
		}
	}
}

func (c *wsConn) write(v any) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(wsWriteTimeout))
	return c.conn.WriteJSON(v)
}

// handle answers a subscription call itself and passes anything else (a
// read or write call, or a batch) to the HTTP dispatcher. run, when not nil,
// is the subscription's feed loop, started after the answer is written.
func (c *wsConn) handle(msg []byte) (out any, run func()) {
	var req request
	if json.Unmarshal(msg, &req) != nil || req.JSONRPC != "2.0" || !validID(req.ID) {
		return c.s.handleMessage(c.ctx, msg), nil
	}
	sub, ok := c.s.subscriptions()[req.Method]
	if !ok {
		return c.s.handleMessage(c.ctx, msg), nil
	}
	a, perr := sub.bind(req.Params)
	var result any
	var err error
	if perr != nil {
		err = perr
	} else {
		result, run, err = sub.start(c, a)
	}
	if req.ID == nil {
		return nil, run
	}
	if err != nil {
		e, known := toError(err)
		if !known {
			c.s.log.Error().Err(err).Str("method", req.Method).Msg("subscription failed")
		}
		return errorResponse(req.ID, e), nil
	}
	b, merr := json.Marshal(result)
	if merr != nil {
		return errorResponse(req.ID, ErrInternal), run
	}
	return &response{JSONRPC: "2.0", ID: req.ID, Result: b}, run
}

// subscription is a WebSocket method: start validates the params and
// registers the subscription; it returns the answer and the feed loop.
type subscription struct {
	params []param
	start  func(c *wsConn, a args) (any, func(), error)
}

func (sub *subscription) bind(raw json.RawMessage) (args, *Error) {
	m := method{params: sub.params}
	return m.bind(raw)
}

func (s *Server) subscriptions() map[string]*subscription {
	return map[string]*subscription{
		"starknet_subscribeNewHeads":               {params: []param{opt("block_id")}, start: subscribeNewHeads},
		"starknet_subscribeEvents":                 {params: []param{opt("from_address"), opt("keys"), opt("block_id"), opt("finality_status")}, start: subscribeEvents},
		"starknet_subscribeTransactionStatus":      {params: []param{req("transaction_hash")}, start: subscribeTransactionStatus},
		"starknet_subscribeNewTransactionReceipts": {params: []param{opt("finality_status"), opt("sender_address")}, start: subscribeNewTransactionReceipts},
		"starknet_subscribeNewTransactions":        {params: []param{opt("finality_status"), opt("sender_address"), opt("tags")}, start: subscribeNewTransactions},
		"starknet_unsubscribe":                     {params: []param{req("subscription_id")}, start: unsubscribe},
	}
}

// register reserves a subscription id and its context.
func (c *wsConn) register() (string, context.Context, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.subs) >= c.s.cfg.MaxSubscriptions {
		return "", nil, ErrInvalidParams.WithData(fmt.Sprintf("at most %d subscriptions per connection", c.s.cfg.MaxSubscriptions))
	}
	id := strconv.FormatUint(subscriptionSeq.Add(1), 10)
	ctx, cancel := context.WithCancel(c.ctx)
	c.subs[id] = cancel
	return id, ctx, nil
}

func (c *wsConn) drop(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	cancel, ok := c.subs[id]
	if ok {
		cancel()
		delete(c.subs, id)
	}
	return ok
}

// notify sends one subscription notification.
func (c *wsConn) notify(method, id string, result any) error {
	return c.write(map[string]any{
		"jsonrpc": "2.0",
		"method":  method,
		"params":  map[string]any{"subscription_id": id, "result": result},
	})
}

// blockFeed subscribes to new blocks and computes the first block to
// replay from an optional SUBSCRIPTION_BLOCK_ID. It returns the feed, the
// first block to send and the head at subscription time.
func (c *wsConn) blockFeed(ctx context.Context, a args, i int) (<-chan uint64, uint64, uint64, bool, error) {
	var id *wire.BlockID
	if err := decode(a, i, "block_id", &id); err != nil {
		return nil, 0, 0, false, err
	}
	if id != nil && (id.Tag == wire.TagPreConfirmed || id.Tag == wire.TagL1Accepted) {
		return nil, 0, 0, false, ErrInvalidParams.WithData("block_id: tag " + id.Tag + " is not allowed in subscriptions")
	}
	feed, err := c.s.backend.SubscribeBlocks(ctx)
	if err != nil {
		return nil, 0, 0, false, fmt.Errorf("subscribe to blocks: %w", err)
	}
	head, err := c.s.backend.Head(ctx)
	hasHead := err == nil
	if err != nil && !isNotFound(err) {
		return nil, 0, 0, false, err
	}
	start := head + 1
	if id != nil {
		r, err := c.s.resolve(ctx, *id)
		if err != nil {
			return nil, 0, 0, false, err
		}
		if head-r.Number > maxBlocksBack {
			return nil, 0, 0, false, ErrTooManyBlocksBack
		}
		start = r.Number
	}
	if !hasHead {
		start = 0
	}
	return feed, start, head, hasHead, nil
}

// loop returns runBlocks as the subscription's feed loop.
func (c *wsConn) loop(ctx context.Context, feed <-chan uint64, start, head uint64, hasHead bool, each func(uint64) error) func() {
	return func() { c.runBlocks(ctx, feed, start, head, hasHead, each) }
}

// runBlocks calls each(n) for blocks start..head, then for every new block,
// until ctx ends or each fails (the connection is gone).
func (c *wsConn) runBlocks(ctx context.Context, feed <-chan uint64, start, head uint64, hasHead bool, each func(uint64) error) {
	next := start
	if hasHead {
		for ; next <= head; next++ {
			if each(next) != nil {
				return
			}
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case n, ok := <-feed:
			if !ok {
				return
			}
			for ; next <= n; next++ {
				if each(next) != nil {
					return
				}
			}
		}
	}
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

func subscribeNewHeads(c *wsConn, a args) (any, func(), error) {
	id, ctx, err := c.register()
	if err != nil {
		return nil, nil, err
	}
	feed, start, head, hasHead, err := c.blockFeed(ctx, a, 0)
	if err != nil {
		c.drop(id)
		return nil, nil, err
	}
	run := c.loop(ctx, feed, start, head, hasHead, func(n uint64) error {
		h, err := c.s.header(ctx, n)
		if err != nil {
			return err
		}
		return c.notify("starknet_subscriptionNewHeads", id, h)
	})
	return id, run, nil
}

// addressFilter decodes an address or a list of addresses.
func addressFilter(a args, i int, name string, max int) ([]felt.Felt, error) {
	if a[i] == nil {
		return nil, nil
	}
	var list []felt.Felt
	if err := json.Unmarshal(a[i], &list); err != nil {
		var one felt.Felt
		if err := json.Unmarshal(a[i], &one); err != nil {
			return nil, ErrInvalidParams.WithData(name + ": " + err.Error())
		}
		list = []felt.Felt{one}
	}
	if len(list) > max {
		return nil, ErrTooManyAddressesInFilter
	}
	return list, nil
}

func subscribeEvents(c *wsConn, a args) (any, func(), error) {
	addrs, err := addressFilter(a, 0, "from_address", c.s.cfg.MaxAddressesInFilter)
	if err != nil {
		return nil, nil, err
	}
	var keys [][]felt.Felt
	if err := decode(a, 1, "keys", &keys); err != nil {
		return nil, nil, err
	}
	if err := c.s.checkKeys(keys); err != nil {
		return nil, nil, err
	}
	var finality string
	if err := decode(a, 3, "finality_status", &finality); err != nil {
		return nil, nil, err
	}
	if finality != "" && finality != wire.TxPreConfirmed && finality != wire.TxAcceptedOnL2 {
		return nil, nil, ErrInvalidParams.WithData("finality_status: " + finality)
	}
	id, ctx, err := c.register()
	if err != nil {
		return nil, nil, err
	}
	feed, start, head, hasHead, err := c.blockFeed(ctx, a, 2)
	if err != nil {
		c.drop(id)
		return nil, nil, err
	}
	m := eventMatcher{addresses: addrs, keys: keys}
	run := c.loop(ctx, feed, start, head, hasHead, func(n uint64) error {
		evs, err := c.s.blockEvents(ctx, n)
		if err != nil {
			return err
		}
		for i := range evs {
			if !m.match(&evs[i].Event) {
				continue
			}
			if err := c.notify("starknet_subscriptionEvents", id, finalEvent{evs[i], wire.TxAcceptedOnL2}); err != nil {
				return err
			}
		}
		return nil
	})
	return id, run, nil
}

// finalEvent is an EMITTED_EVENT with its finality_status.
type finalEvent struct {
	wire.EmittedEvent
	FinalityStatus string
}

// MarshalJSON adds finality_status to the event object.
func (e finalEvent) MarshalJSON() ([]byte, error) {
	return withField(e.EmittedEvent, "finality_status", e.FinalityStatus)
}

// withField marshals v (an object) with one more field.
func withField(v any, key string, value any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if m[key], err = json.Marshal(value); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

func subscribeTransactionStatus(c *wsConn, a args) (any, func(), error) {
	h, err := hashArg(a, 0, "transaction_hash")
	if err != nil {
		return nil, nil, err
	}
	id, ctx, err := c.register()
	if err != nil {
		return nil, nil, err
	}
	feed, err := c.s.backend.SubscribeBlocks(ctx)
	if err != nil {
		c.drop(id)
		return nil, nil, fmt.Errorf("subscribe to blocks: %w", err)
	}
	type newStatus struct {
		TransactionHash felt.Felt     `json:"transaction_hash"`
		Status          wire.TxStatus `json:"status"`
	}
	run := func() {
		last := ""
		check := func() (done bool) {
			st, err := c.s.txStatus(ctx, h)
			if err != nil {
				return false
			}
			if st.FinalityStatus != last {
				last = st.FinalityStatus
				if c.notify("starknet_subscriptionTransactionStatus", id, newStatus{h, *st}) != nil {
					return true
				}
			}
			return st.FinalityStatus == wire.TxAcceptedOnL2
		}
		if check() {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-feed:
				if !ok || check() {
					return
				}
			}
		}
	}
	return id, run, nil
}

// finalityFilter decodes a finality_status list (default ACCEPTED_ON_L2).
func finalityFilter(a args, i int, allowed ...string) (map[string]bool, error) {
	var list []string
	if err := decode(a, i, "finality_status", &list); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		list = []string{wire.TxAcceptedOnL2}
	}
	out := map[string]bool{}
	for _, f := range list {
		ok := false
		for _, al := range allowed {
			ok = ok || f == al
		}
		if !ok {
			return nil, ErrInvalidParams.WithData("finality_status: " + f)
		}
		out[f] = true
	}
	return out, nil
}

func subscribeNewTransactionReceipts(c *wsConn, a args) (any, func(), error) {
	fin, err := finalityFilter(a, 0, wire.TxPreConfirmed, wire.TxAcceptedOnL2)
	if err != nil {
		return nil, nil, err
	}
	senders, err := addressFilter(a, 1, "sender_address", c.s.cfg.MaxAddressesInFilter)
	if err != nil {
		return nil, nil, err
	}
	id, ctx, err := c.register()
	if err != nil {
		return nil, nil, err
	}
	feed, start, head, hasHead, err := c.blockFeed(ctx, args{nil}, 0)
	if err != nil {
		c.drop(id)
		return nil, nil, err
	}
	if !fin[wire.TxAcceptedOnL2] {
		// Cairn has no pre-confirmed receipts: nothing will ever match.
		return id, nil, nil
	}
	run := c.loop(ctx, feed, start, head, hasHead, func(n uint64) error {
		txs, err := c.s.blockTxs(ctx, n, false)
		if err != nil {
			return err
		}
		for i := range txs {
			if len(senders) > 0 && !containsFelt(senders, txSender(&txs[i])) {
				continue
			}
			rc, err := c.s.receipt(ctx, *txs[i].TransactionHash)
			if err != nil {
				return err
			}
			if err := c.notify("starknet_subscriptionNewTransactionReceipts", id, rc); err != nil {
				return err
			}
		}
		return nil
	})
	return id, run, nil
}

// txSender is the account a transaction is sent from (the contract for
// L1_HANDLER and legacy INVOKE v0).
func txSender(t *wire.Txn) felt.Felt {
	switch {
	case t.Type == wire.TxL1Handler, t.Type == wire.TxInvoke && t.Version == wire.Version0:
		return t.ContractAddress
	default:
		return t.SenderAddress
	}
}

func subscribeNewTransactions(c *wsConn, a args) (any, func(), error) {
	fin, err := finalityFilter(a, 0, wire.TxReceived, wire.TxCandidate, wire.TxPreConfirmed, wire.TxAcceptedOnL2)
	if err != nil {
		return nil, nil, err
	}
	senders, err := addressFilter(a, 1, "sender_address", c.s.cfg.MaxAddressesInFilter)
	if err != nil {
		return nil, nil, err
	}
	var tags []string
	if err := decode(a, 2, "tags", &tags); err != nil {
		return nil, nil, err
	}
	proofFacts := false
	for _, t := range tags {
		if t != "INCLUDE_PROOF_FACTS" {
			return nil, nil, ErrInvalidParams.WithData("unknown tag " + t)
		}
		proofFacts = true
	}
	id, ctx, err := c.register()
	if err != nil {
		return nil, nil, err
	}
	var runs []func()
	send := func(t wire.Txn, status string) error {
		if len(senders) > 0 && !containsFelt(senders, txSender(&t)) {
			return nil
		}
		if !proofFacts {
			t.ProofFacts = nil
		}
		return c.notify("starknet_subscriptionNewTransaction", id, finalTxn{t, status})
	}
	if fin[wire.TxReceived] {
		pool, err := c.s.backend.SubscribeMempool(ctx)
		if err != nil {
			c.drop(id)
			return nil, nil, fmt.Errorf("subscribe to mempool: %w", err)
		}
		runs = append(runs, func() {
			for {
				select {
				case <-ctx.Done():
					return
				case t, ok := <-pool:
					if !ok || send(t, wire.TxReceived) != nil {
						return
					}
				}
			}
		})
	}
	if fin[wire.TxAcceptedOnL2] {
		feed, start, head, hasHead, err := c.blockFeed(ctx, args{nil}, 0)
		if err != nil {
			c.drop(id)
			return nil, nil, err
		}
		runs = append(runs, c.loop(ctx, feed, start, head, hasHead, func(n uint64) error {
			txs, err := c.s.blockTxs(ctx, n, true)
			if err != nil {
				return err
			}
			for i := range txs {
				if err := send(txs[i], wire.TxAcceptedOnL2); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	if len(runs) == 0 {
		// Only CANDIDATE / PRE_CONFIRMED asked for: Cairn has neither stage.
		return id, nil, nil
	}
	run := func() {
		for _, r := range runs[1:] {
			go r()
		}
		runs[0]()
	}
	return id, run, nil
}

// finalTxn is a TXN_WITH_HASH with its finality_status.
type finalTxn struct {
	wire.Txn
	FinalityStatus string
}

// MarshalJSON adds finality_status to the transaction object.
func (t finalTxn) MarshalJSON() ([]byte, error) {
	return withField(t.Txn, "finality_status", t.FinalityStatus)
}

func unsubscribe(c *wsConn, a args) (any, func(), error) {
	var id string
	if err := decode(a, 0, "subscription_id", &id); err != nil {
		return nil, nil, err
	}
	if !c.drop(id) {
		return nil, nil, ErrInvalidSubscriptionID
	}
	return true, nil, nil
}
