package rpc

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// stateAt opens the state a block id designates.
func (s *Server) stateAt(ctx context.Context, a args, i int) (StateReader, resolved, error) {
	id, err := blockIDArg(a, i)
	if err != nil {
		return nil, resolved{}, err
	}
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, resolved{}, err
	}
	st, err := s.backend.State(ctx, r.Number)
	if err != nil {
		return nil, resolved{}, fmt.Errorf("state at block %d: %w", r.Number, notFound(err, ErrBlockNotFound))
	}
	return st, r, nil
}

// deployed fails with CONTRACT_NOT_FOUND when no contract is at addr.
func deployed(ctx context.Context, st StateReader, addr felt.Felt) (felt.Felt, error) {
	ch, err := st.ClassHashAt(ctx, addr)
	if err != nil {
		return felt.Felt{}, fmt.Errorf("class hash at %s: %w", addr.Hex(), notFound(err, ErrContractNotFound))
	}
	if ch.IsZero() {
		return felt.Felt{}, ErrContractNotFound
	}
	return ch, nil
}

func getStorageAt(ctx context.Context, s *Server, a args) (any, error) {
	addr, err := hashArg(a, 0, "contract_address")
	if err != nil {
		return nil, err
	}
	key, err := hashArg(a, 1, "key")
	if err != nil {
		return nil, err
	}
	var flags []string
	if err := decode(a, 3, "response_flags", &flags); err != nil {
		return nil, err
	}
	withBlock := false
	for _, f := range flags {
		if f != "INCLUDE_LAST_UPDATE_BLOCK" {
			return nil, ErrInvalidParams.WithData("unknown response flag " + f)
		}
		withBlock = true
	}
	st, r, err := s.stateAt(ctx, a, 2)
	if err != nil {
		return nil, err
	}
	if _, err := deployed(ctx, st, addr); err != nil {
		return nil, err
	}
	v, err := st.StorageAt(ctx, addr, key)
	if err != nil {
		return nil, fmt.Errorf("storage %s/%s: %w", addr.Hex(), key.Hex(), err)
	}
	if !withBlock {
		return v, nil
	}
	last, err := s.lastStorageUpdate(ctx, r.Number, addr, key)
	if err != nil {
		return nil, err
	}
	return struct {
		Value           felt.Felt `json:"value"`
		LastUpdateBlock uint64    `json:"last_update_block"`
	}{v, last}, nil
}

// lastStorageUpdate walks state updates back from block n to the last one
// that wrote addr/key (0 when none did). Cairn keeps no per-slot index, so
// this is linear in the chain length.
func (s *Server) lastStorageUpdate(ctx context.Context, n uint64, addr, key felt.Felt) (uint64, error) {
	for b := n; ; b-- {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		su, err := s.backend.StateUpdate(ctx, b)
		if err != nil {
			return 0, fmt.Errorf("state update %d: %w", b, notFound(err, ErrBlockNotFound))
		}
		for _, d := range su.StateDiff.StorageDiffs {
			if !d.Address.Equal(&addr) {
				continue
			}
			for _, e := range d.StorageEntries {
				if e.Key.Equal(&key) {
					return b, nil
				}
			}
		}
		if b == 0 {
			return 0, nil
		}
	}
}

func getNonce(ctx context.Context, s *Server, a args) (any, error) {
	addr, err := hashArg(a, 1, "contract_address")
	if err != nil {
		return nil, err
	}
	st, _, err := s.stateAt(ctx, a, 0)
	if err != nil {
		return nil, err
	}
	if _, err := deployed(ctx, st, addr); err != nil {
		return nil, err
	}
	n, err := st.NonceAt(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("nonce of %s: %w", addr.Hex(), err)
	}
	return n, nil
}

func getClassHashAt(ctx context.Context, s *Server, a args) (any, error) {
	addr, err := hashArg(a, 1, "contract_address")
	if err != nil {
		return nil, err
	}
	st, _, err := s.stateAt(ctx, a, 0)
	if err != nil {
		return nil, err
	}
	return deployed(ctx, st, addr)
}

func classOf(ctx context.Context, st StateReader, ch felt.Felt) (json.RawMessage, error) {
	c, err := st.Class(ctx, ch)
	if err != nil {
		return nil, fmt.Errorf("class %s: %w", ch.Hex(), notFound(err, ErrClassHashNotFound))
	}
	return c, nil
}

func getClass(ctx context.Context, s *Server, a args) (any, error) {
	ch, err := hashArg(a, 1, "class_hash")
	if err != nil {
		return nil, err
	}
	st, _, err := s.stateAt(ctx, a, 0)
	if err != nil {
		return nil, err
	}
	return classOf(ctx, st, ch)
}

func getClassAt(ctx context.Context, s *Server, a args) (any, error) {
	addr, err := hashArg(a, 1, "contract_address")
	if err != nil {
		return nil, err
	}
	st, _, err := s.stateAt(ctx, a, 0)
	if err != nil {
		return nil, err
	}
	ch, err := deployed(ctx, st, addr)
	if err != nil {
		return nil, err
	}
	return classOf(ctx, st, ch)
}

// getCompiledCasm answers from the latest state (the method takes no block id).
func getCompiledCasm(ctx context.Context, s *Server, a args) (any, error) {
	ch, err := hashArg(a, 0, "class_hash")
	if err != nil {
		return nil, err
	}
	n, err := s.head(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.backend.State(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("state at block %d: %w", n, err)
	}
	c, err := st.CompiledClass(ctx, ch)
	if err != nil {
		return nil, fmt.Errorf("compiled class %s: %w", ch.Hex(), notFound(err, ErrClassHashNotFound))
	}
	return c, nil
}

// getStorageProof: Cairn's state is an IAVL tree, not Starknet's Patricia
// tries, so it cannot produce the spec's proofs.
func getStorageProof(ctx context.Context, s *Server, a args) (any, error) {
	id, err := blockIDArg(a, 0)
	if err != nil {
		return nil, err
	}
	if _, err := s.resolve(ctx, id); err != nil {
		return nil, err
	}
	return nil, ErrStorageProofNotSupported
}
