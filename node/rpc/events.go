package rpc

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// eventCursor is the position a continuation token names: block Block,
// after Skip matching events of it. Tokens are "<block>-<skip>" in decimal.
type eventCursor struct {
	Block uint64
	Skip  uint64
}

func (c eventCursor) token() string { return fmt.Sprintf("%d-%d", c.Block, c.Skip) }

func parseCursor(tok string) (eventCursor, bool) {
	b, k, ok := strings.Cut(tok, "-")
	if !ok {
		return eventCursor{}, false
	}
	block, err1 := strconv.ParseUint(b, 10, 64)
	skip, err2 := strconv.ParseUint(k, 10, 64)
	if err1 != nil || err2 != nil {
		return eventCursor{}, false
	}
	return eventCursor{Block: block, Skip: skip}, true
}

// eventMatcher holds an events filter: emitters (any when empty) and keys
// per position (any value at positions with an empty list).
type eventMatcher struct {
	addresses []felt.Felt
	keys      [][]felt.Felt
}

func (m *eventMatcher) match(e *wire.Event) bool {
	if len(m.addresses) > 0 && !containsFelt(m.addresses, e.FromAddress) {
		return false
	}
	for i, want := range m.keys {
		if len(want) == 0 {
			continue
		}
		if i >= len(e.Keys) || !containsFelt(want, e.Keys[i]) {
			return false
		}
	}
	return true
}

func containsFelt(list []felt.Felt, x felt.Felt) bool {
	for i := range list {
		if list[i].Equal(&x) {
			return true
		}
	}
	return false
}

func (s *Server) checkKeys(keys [][]felt.Felt) error {
	total := 0
	for _, k := range keys {
		total += len(k)
	}
	if total > s.cfg.MaxKeysInFilter {
		return ErrTooManyKeysInFilter
	}
	return nil
}

// blockEvents lists block n's events with their positions.
func (s *Server) blockEvents(ctx context.Context, n uint64) ([]wire.EmittedEvent, error) {
	h, err := s.header(ctx, n)
	if err != nil {
		return nil, err
	}
	rs, err := s.blockReceipts(ctx, n)
	if err != nil {
		return nil, err
	}
	var out []wire.EmittedEvent
	num := n
	for ti := range rs {
		for ei := range rs[ti].Events {
			out = append(out, wire.EmittedEvent{
				Event: rs[ti].Events[ei], BlockHash: &h.BlockHash, BlockNumber: &num,
				TransactionHash: rs[ti].TransactionHash, TransactionIndex: uint64(ti), EventIndex: uint64(ei),
			})
		}
	}
	return out, nil
}

func getEvents(ctx context.Context, s *Server, a args) (any, error) {
	var f wire.EventFilter
	if err := decode(a, 0, "filter", &f); err != nil {
		return nil, err
	}
	if f.ChunkSize == 0 {
		return nil, ErrInvalidParams.WithData("filter.chunk_size must be at least 1")
	}
	if f.ChunkSize > s.cfg.MaxChunkSize {
		return nil, ErrPageSizeTooBig
	}
	if err := s.checkKeys(f.Keys); err != nil {
		return nil, err
	}
	from, to := uint64(0), uint64(0)
	if f.FromBlock != nil {
		r, err := s.resolve(ctx, *f.FromBlock)
		if err != nil {
			return nil, err
		}
		from = r.Number
	}
	if f.ToBlock != nil {
		r, err := s.resolve(ctx, *f.ToBlock)
		if err != nil {
			return nil, err
		}
		to = r.Number
	} else {
		h, err := s.head(ctx)
		if err != nil {
			return nil, err
		}
		to = h
	}
	cur := eventCursor{Block: from}
	if f.ContinuationToken != "" {
		c, ok := parseCursor(f.ContinuationToken)
		if !ok || c.Block < from || c.Block > to {
			return nil, ErrInvalidContinuationToken
		}
		cur = c
	}
	m := eventMatcher{addresses: f.Addresses, keys: f.Keys}
	chunk := wire.EventsChunk{Events: []wire.EmittedEvent{}}
	scanned := uint64(0)
	for b := cur.Block; b <= to && from <= to; b++ {
		if scanned == s.cfg.MaxEventBlockScan {
			chunk.ContinuationToken = eventCursor{Block: b}.token()
			return chunk, nil
		}
		scanned++
		evs, err := s.blockEvents(ctx, b)
		if err != nil {
			return nil, err
		}
		skip := uint64(0)
		if b == cur.Block {
			skip = cur.Skip
		}
		matched := uint64(0)
		for i := range evs {
			if !m.match(&evs[i].Event) {
				continue
			}
			matched++
			if matched <= skip {
				continue
			}
			if uint64(len(chunk.Events)) == f.ChunkSize {
				chunk.ContinuationToken = eventCursor{Block: b, Skip: matched - 1}.token()
				return chunk, nil
			}
			chunk.Events = append(chunk.Events, evs[i])
		}
		if b == to {
			break
		}
	}
	return chunk, nil
}
