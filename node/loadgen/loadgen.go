package loadgen

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node"
	"github.com/cairnchain/cairn/node/rpc/client"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// Report is the outcome of a run.
type Report struct {
	Sent      int
	Accepted  int
	Committed int
	Reverted  int
	Failed    int
	Pending   int
	// Latencies are send → receipt times of committed transactions.
	P50, P90, P99 time.Duration
	// Errors counts rejection messages.
	Errors map[string]int
}

// String is the one-paragraph summary `cairn client` prints.
func (r *Report) String() string {
	s := fmt.Sprintf("sent %d, accepted %d, committed %d (reverted %d), failed %d, pending %d; latency p50 %v p90 %v p99 %v",
		r.Sent, r.Accepted, r.Committed, r.Reverted, r.Failed, r.Pending,
		r.P50.Round(time.Millisecond), r.P90.Round(time.Millisecond), r.P99.Round(time.Millisecond))
	keys := make([]string, 0, len(r.Errors))
	for k := range r.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s += fmt.Sprintf("\n  %d× %s", r.Errors[k], k)
	}
	return s
}

type sender struct {
	acc     node.Accounts
	index   int
	priv    crypto.PrivateKey
	nonce   felt.Felt
	ok      bool // nonce known
	deploys uint64
}

type pending struct {
	hash   felt.Felt
	sentAt time.Time
	url    int
}

// Run sends load as configured and follows the receipts; progress lines go
// to progress (nil: none).
func Run(ctx context.Context, cfg Config, progress io.Writer) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	chainID := starknet.ShortString(cfg.Accounts.ChainID)
	clients := make([]*client.Client, len(cfg.URLs))
	for i, u := range cfg.URLs {
		clients[i] = client.New(u, client.Options{})
	}
	senders := make([]*sender, len(cfg.Accounts.Accounts))
	for i, a := range cfg.Accounts.Accounts {
		priv, err := crypto.PrivateKeyFromFelt(a.PrivateKey)
		if err != nil {
			return nil, fmt.Errorf("account %d key: %w", i, err)
		}
		senders[i] = &sender{acc: *cfg.Accounts, index: i, priv: priv}
	}
	kinds := expand(cfg.Mix)

	rep := &Report{Errors: map[string]int{}}
	var mu sync.Mutex
	var inflight []pending
	var latencies []time.Duration

	pollCtx, stopPoll := context.WithCancel(ctx)
	pollDone := make(chan struct{})
	go func() {
		defer close(pollDone)
		t := time.NewTicker(cfg.PollInterval)
		defer t.Stop()
		for {
			select {
			case <-pollCtx.Done():
				return
			case <-t.C:
			}
			mu.Lock()
			batch := append([]pending(nil), inflight...)
			mu.Unlock()
			var done []felt.Felt
			for _, p := range batch {
				r, err := clients[p.url].Receipt(pollCtx, p.hash)
				if err != nil {
					continue
				}
				mu.Lock()
				rep.Committed++
				if r.ExecutionStatus == wire.ExecReverted {
					rep.Reverted++
					rep.Errors["reverted: "+r.RevertReason]++
				}
				latencies = append(latencies, time.Since(p.sentAt))
				mu.Unlock()
				done = append(done, p.hash)
			}
			mu.Lock()
			inflight = remove(inflight, done)
			mu.Unlock()
		}
	}()

	// One worker per account keeps each account's nonces in order and sends
	// them all to the same node (node i%len(URLs)), so the mempool there sees
	// consecutive nonces; a ticker hands out send slots at the set rate.
	slots := make(chan Kind)
	sendCtx, stopSend := context.WithTimeout(ctx, cfg.Duration)
	defer stopSend()
	var workers sync.WaitGroup
	for _, s := range senders {
		workers.Add(1)
		go func(s *sender) {
			defer workers.Done()
			url := s.index % len(clients)
			for kind := range slots {
				var h felt.Felt
				var err error
				if kind == KindDeploy {
					h, err = deploy(ctx, clients[url], chainID, &cfg, s, func() {
						mu.Lock()
						rep.Sent++
						rep.Accepted++
						rep.Committed++
						mu.Unlock()
					})
				} else {
					h, err = send(ctx, clients[url], chainID, &cfg, s, senders, kind)
				}
				mu.Lock()
				rep.Sent++
				if err != nil {
					rep.Failed++
					rep.Errors[err.Error()]++
					s.ok = false
				} else {
					rep.Accepted++
					inflight = append(inflight, pending{hash: h, sentAt: time.Now(), url: url})
				}
				mu.Unlock()
			}
		}(s)
	}
	tick := time.NewTicker(time.Duration(float64(time.Second) / cfg.Rate))
	report := time.NewTicker(time.Second)
	i := 0
loop:
	for {
		select {
		case <-sendCtx.Done():
			break loop
		case <-report.C:
			if progress != nil {
				mu.Lock()
				fmt.Fprintf(progress, "\rsent %d accepted %d committed %d failed %d  ", rep.Sent, rep.Accepted, rep.Committed, rep.Failed)
				mu.Unlock()
			}
		case <-tick.C:
			select {
			case slots <- kinds[i%len(kinds)]:
				i++
			case <-sendCtx.Done():
				break loop
			default: // every worker busy: the slot is dropped (the rate is not reached)
			}
		}
	}
	tick.Stop()
	report.Stop()
	close(slots)
	workers.Wait()

	deadline := time.Now().Add(cfg.ReceiptTimeout)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		mu.Lock()
		n := len(inflight)
		mu.Unlock()
		if n == 0 {
			break
		}
		time.Sleep(cfg.PollInterval)
	}
	stopPoll()
	<-pollDone
	if progress != nil {
		fmt.Fprintln(progress)
	}
	rep.Pending = len(inflight)
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	rep.P50, rep.P90, rep.P99 = percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99)
	return rep, nil
}

func expand(mix map[Kind]int) []Kind {
	var out []Kind
	for _, k := range []Kind{KindTransfer, KindFib, KindFactorial, KindDeploy} {
		for j := 0; j < mix[k]; j++ {
			out = append(out, k)
		}
	}
	return out
}

func remove(list []pending, done []felt.Felt) []pending {
	if len(done) == 0 {
		return list
	}
	gone := map[felt.Felt]bool{}
	for _, h := range done {
		gone[h] = true
	}
	out := list[:0]
	for _, p := range list {
		if !gone[p.hash] {
			out = append(out, p)
		}
	}
	return out
}

// percentile of sorted durations (nearest rank); 0 when empty.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	idx := (p*len(sorted) + 99) / 100
	return sorted[max(0, min(len(sorted)-1, idx-1))]
}

// send builds, signs and submits one transaction of kind from s.
func send(ctx context.Context, c *client.Client, chainID felt.Felt, cfg *Config, s *sender, all []*sender, kind Kind) (felt.Felt, error) {
	var call []felt.Felt
	switch kind {
	case KindTransfer:
		to := cfg.Accounts.Accounts[(s.index+1)%len(all)].Address
		call = transferCall(cfg.Accounts.FeeToken, to, felt.One)
	case KindFib, KindFactorial:
		call = []felt.Felt{cfg.Demo, crypto.Selector(string(kind)), felt.One, felt.FromUint64(cfg.Arg)}
	}
	return invoke(ctx, c, chainID, cfg, s, call)
}

func transferCall(token, to, amount felt.Felt) []felt.Felt {
	return []felt.Felt{token, crypto.Selector("transfer"), felt.FromUint64(3), to, amount, felt.Zero}
}

// invoke signs and submits a one-call multicall from s, fetching s's nonce
// first when it is not known.
func invoke(ctx context.Context, c *client.Client, chainID felt.Felt, cfg *Config, s *sender, call []felt.Felt) (felt.Felt, error) {
	addr := cfg.Accounts.Accounts[s.index].Address
	if !s.ok {
		n, err := c.Nonce(ctx, wire.PreConfirmed(), addr)
		if err != nil {
			if n, err = c.Nonce(ctx, wire.Latest(), addr); err != nil {
				return felt.Zero, fmt.Errorf("get nonce: %w", err)
			}
		}
		s.nonce, s.ok = n, true
	}
	tx := &starknet.InvokeV3{
		V3Fields: starknet.V3Fields{Nonce: s.nonce, ResourceBounds: bounds(cfg.MaxL2Gas)},
		Sender:   addr,
		Calldata: append([]felt.Felt{felt.One}, call...),
	}
	hash := tx.Hash(chainID)
	r, sig, err := crypto.Sign(s.priv, hash)
	if err != nil {
		return felt.Zero, fmt.Errorf("sign: %w", err)
	}
	tx.Signature = []felt.Felt{r, sig}
	w, err := node.TxToWire(tx, hash)
	if err != nil {
		return felt.Zero, err
	}
	w.TransactionHash = nil
	res, err := c.AddInvoke(ctx, w)
	if err != nil {
		return felt.Zero, err
	}
	if res.TransactionHash != hash {
		return felt.Zero, fmt.Errorf("node returned hash %s, signed %s", res.TransactionHash.Hex(), hash.Hex())
	}
	s.nonce.Add(&s.nonce, &felt.One)
	return hash, nil
}

// bounds are generous limits at prices above Cairn's devnet prices.
func bounds(maxL2 uint64) starknet.ResourceBounds {
	return starknet.ResourceBounds{
		L1Gas:     starknet.ResourceBound{MaxAmount: 10_000, MaxPricePerUnit: felt.FromUint64(2_000_000_000)},
		L1DataGas: starknet.ResourceBound{MaxAmount: 10_000, MaxPricePerUnit: felt.FromUint64(10)},
		L2Gas:     starknet.ResourceBound{MaxAmount: maxL2, MaxPricePerUnit: felt.FromUint64(10)},
	}
}
