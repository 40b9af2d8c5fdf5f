package abci

import (
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// kvEngine is a small deterministic Engine for the application's unit
// tests: a transaction sets one storage slot of its sender. Layout (129
// bytes): sender | nonce | key | value (32 bytes each) | signature-ok flag.
// Value 0xdead reverts (the nonce is still used). The chain tests in e2e/
// use the real execution engine instead.
type kvEngine struct{}

type kvTx struct {
	sender, nonce, key, value felt.Felt
	sigOK                     bool
}

const kvTxLen = 4*felt.Bytes + 1

var kvRevert = felt.FromUint64(0xdead)

func encodeKV(sender, nonce, key, value uint64, sigOK bool) []byte {
	var b []byte
	for _, v := range []uint64{sender, nonce, key, value} {
		f := felt.FromUint64(v)
		fb := f.Bytes()
		b = append(b, fb[:]...)
	}
	if sigOK {
		return append(b, 1)
	}
	return append(b, 0)
}

func (kvEngine) DecodeTx(b []byte) (Tx, error) {
	if len(b) != kvTxLen || b[kvTxLen-1] > 1 {
		return nil, fmt.Errorf("%w: %d bytes", ErrMalformedTx, len(b))
	}
	var fs [4]felt.Felt
	for i := range fs {
		f, err := felt.FromBytesCanonical(b[i*felt.Bytes : (i+1)*felt.Bytes])
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformedTx, err)
		}
		fs[i] = f
	}
	return &kvTx{sender: fs[0], nonce: fs[1], key: fs[2], value: fs[3], sigOK: b[kvTxLen-1] == 1}, nil
}

func (t *kvTx) Hash() felt.Felt {
	flag := felt.Zero
	if t.sigOK {
		flag = felt.One
	}
	return crypto.PoseidonMany(t.sender, t.nonce, t.key, t.value, flag)
}
func (t *kvTx) Sender() felt.Felt { return t.sender }
func (t *kvTx) Nonce() felt.Felt  { return t.nonce }
func (t *kvTx) StepBound() uint64 { return 100 }

// Genesis: a JSON list of [address, key, value] storage writes.
func (kvEngine) Genesis(appState []byte, st *state.Overlay) error {
	var writes [][3]felt.Felt
	if err := json.Unmarshal(appState, &writes); err != nil {
		return fmt.Errorf("decode genesis: %w", err)
	}
	for _, w := range writes {
		if err := st.SetStorage(w[0], w[1], w[2]); err != nil {
			return err
		}
	}
	return nil
}

func (kvEngine) Validate(st *state.Overlay, _ *BlockInfo, tx Tx) error {
	t := tx.(*kvTx)
	n, err := st.Nonce(t.sender)
	if err != nil {
		return err
	}
	if !n.Equal(&t.nonce) {
		return fmt.Errorf("%w: have %s, tx %s", ErrInvalidNonce, n.Hex(), t.nonce.Hex())
	}
	if !t.sigOK {
		return ErrValidation
	}
	return nil
}

func (e kvEngine) Execute(st *state.Overlay, blk *BlockInfo, tx Tx) (*Outcome, error) {
	if err := e.Validate(st, blk, tx); err != nil {
		return nil, err
	}
	t := tx.(*kvTx)
	next := t.nonce
	next.Add(&next, &felt.One)
	if err := st.SetNonce(t.sender, next); err != nil {
		return nil, err
	}
	out := &Outcome{Hashing: HashTx{Hash: t.Hash()}, Steps: 10}
	if t.value.Equal(&kvRevert) {
		out.Reverted, out.Hashing.Reverted, out.Hashing.RevertReason = true, true, "value 0xdead"
	} else {
		if err := st.SetStorage(t.sender, t.key, t.value); err != nil {
			return nil, err
		}
		out.Hashing.Events = []HashEvent{{From: t.sender, Keys: []felt.Felt{t.key}, Data: []felt.Felt{t.value}}}
	}
	out.Receipt, _ = json.Marshal(map[string]any{"hash": t.Hash(), "reverted": out.Reverted})
	return out, nil
}
