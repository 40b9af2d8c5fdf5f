package abci

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// Block hashing follows Starknet v0.13.2+ (starkware-libs/sequencer
// block_hash_calculator): Poseidon over
//
//	[version constant, block_number, global_state_root, sequencer_address,
//	 block_timestamp, concatenated_counts, state_diff_commitment,
//	 transaction_commitment, event_commitment, receipt_commitment,
//	 gas prices, starknet_version (ASCII felt), 0, parent_block_hash]
//
// For starknet_version < 0.13.4 the constant is "STARKNET_BLOCK_HASH0" and
// the gas prices are the four felts l1 wei, l1 fri, l1-data wei, l1-data fri;
// from 0.13.4 on the constant is "STARKNET_BLOCK_HASH1" and the gas prices are
// one felt, Poseidon("STARKNET_GAS_PRICES0", l1 wei, l1 fri, l1-data wei,
// l1-data fri, l2 wei, l2 fri).

// HashTx is what the block commitments need of one executed transaction.
type HashTx struct {
	Hash         felt.Felt
	Signature    []felt.Felt
	ActualFee    felt.Felt
	Events       []HashEvent
	Messages     []HashMessage
	Reverted     bool
	RevertReason string
	L1Gas        uint64
	L1DataGas    uint64
}

// HashEvent is an emitted event.
type HashEvent struct {
	From felt.Felt
	Keys []felt.Felt
	Data []felt.Felt
}

// HashMessage is an L2→L1 message.
type HashMessage struct {
	From    felt.Felt
	To      felt.Felt
	Payload []felt.Felt
}

// GasPrices are a block's six resource prices.
type GasPrices struct {
	L1GasWei, L1GasFri         felt.Felt
	L1DataGasWei, L1DataGasFri felt.Felt
	L2GasWei, L2GasFri         felt.Felt
}

// HashHeader is the block-hash input besides the commitments.
type HashHeader struct {
	Number          uint64
	StateRoot       felt.Felt
	Sequencer       felt.Felt
	Timestamp       uint64
	GasPrices       GasPrices
	StarknetVersion string
	ParentHash      felt.Felt
	// L1DABlob selects the BLOB data-availability bit of concatenated_counts.
	L1DABlob bool
}

// Commitments are a block's four commitments and counts.
type Commitments struct {
	Transaction, Event, Receipt, StateDiff felt.Felt
	TxCount, EventCount, StateDiffLength   uint64
}

// ComputeCommitments computes the transaction, event and receipt
// commitments (Patricia roots of height 64 with Poseidon) and takes the
// state-diff commitment and length as given.
func ComputeCommitments(txs []HashTx, stateDiffCommitment felt.Felt, stateDiffLength uint64, version string) (Commitments, error) {
	pre0134, err := versionBefore(version, 0, 13, 4)
	if err != nil {
		return Commitments{}, err
	}
	txLeaves := make([]felt.Felt, len(txs))
	rcLeaves := make([]felt.Felt, len(txs))
	var evLeaves []felt.Felt
	for i := range txs {
		tx := &txs[i]
		sig := tx.Signature
		if len(sig) == 0 && pre0134 {
			sig = []felt.Felt{felt.Zero}
		}
		txLeaves[i] = crypto.PoseidonMany(append([]felt.Felt{tx.Hash}, sig...)...)
		rcLeaves[i] = receiptHash(tx)
		for _, ev := range tx.Events {
			evLeaves = append(evLeaves, eventHash(&ev, tx.Hash))
		}
	}
	return Commitments{
		Transaction:     PatriciaRoot(txLeaves),
		Event:           PatriciaRoot(evLeaves),
		Receipt:         PatriciaRoot(rcLeaves),
		StateDiff:       stateDiffCommitment,
		TxCount:         uint64(len(txs)),
		EventCount:      uint64(len(evLeaves)),
		StateDiffLength: stateDiffLength,
	}, nil
}

// eventHash is Poseidon(from, tx_hash, len(keys), keys..., len(data), data...).
func eventHash(ev *HashEvent, txHash felt.Felt) felt.Felt {
	in := make([]felt.Felt, 0, 4+len(ev.Keys)+len(ev.Data))
	in = append(in, ev.From, txHash, felt.FromUint64(uint64(len(ev.Keys))))
	in = append(in, ev.Keys...)
	in = append(in, felt.FromUint64(uint64(len(ev.Data))))
	in = append(in, ev.Data...)
	return crypto.PoseidonMany(in...)
}

// receiptHash is Poseidon(tx_hash, actual_fee, messages_hash,
// revert_reason_hash, 0 (L2 gas), l1_gas, l1_data_gas).
func receiptHash(tx *HashTx) felt.Felt {
	msgs := []felt.Felt{felt.FromUint64(uint64(len(tx.Messages)))}
	for _, m := range tx.Messages {
		msgs = append(msgs, m.From, m.To, felt.FromUint64(uint64(len(m.Payload))))
		msgs = append(msgs, m.Payload...)
	}
	revert := felt.Zero
	if tx.Reverted {
		revert = crypto.StarknetKeccak([]byte(tx.RevertReason))
	}
	return crypto.PoseidonMany(tx.Hash, tx.ActualFee, crypto.PoseidonMany(msgs...), revert,
		felt.Zero, felt.FromUint64(tx.L1Gas), felt.FromUint64(tx.L1DataGas))
}

// ConcatCounts packs tx count | event count | state diff length (64 bits
// each) | DA bit | zero padding into one felt.
func ConcatCounts(txs, events, diffLen uint64, blob bool) felt.Felt {
	var b [felt.Bytes]byte
	putU64(b[0:8], txs)
	putU64(b[8:16], events)
	putU64(b[16:24], diffLen)
	if blob {
		b[24] = 0x80
	}
	return felt.FromBytes(b[:])
}

func putU64(b []byte, v uint64) {
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
}

// BlockHash computes the Starknet block hash of a header with commitments c.
func BlockHash(h *HashHeader, c *Commitments) (felt.Felt, error) {
	pre0134, err := versionBefore(h.StarknetVersion, 0, 13, 4)
	if err != nil {
		return felt.Zero, err
	}
	if pre, _ := versionBefore(h.StarknetVersion, 0, 13, 2); pre {
		return felt.Zero, fmt.Errorf("%w: block hash of starknet version %q (< 0.13.2) is not supported", ErrInvalidConfig, h.StarknetVersion)
	}
	version, err := asciiFelt(h.StarknetVersion)
	if err != nil {
		return felt.Zero, err
	}
	constant := "STARKNET_BLOCK_HASH1"
	if pre0134 {
		constant = "STARKNET_BLOCK_HASH0"
	}
	k, _ := asciiFelt(constant)
	in := []felt.Felt{k, felt.FromUint64(h.Number), h.StateRoot, h.Sequencer, felt.FromUint64(h.Timestamp),
		ConcatCounts(c.TxCount, c.EventCount, c.StateDiffLength, h.L1DABlob),
		c.StateDiff, c.Transaction, c.Event, c.Receipt}
	p := h.GasPrices
	if pre0134 {
		in = append(in, p.L1GasWei, p.L1GasFri, p.L1DataGasWei, p.L1DataGasFri)
	} else {
		g, _ := asciiFelt("STARKNET_GAS_PRICES0")
		in = append(in, crypto.PoseidonMany(g, p.L1GasWei, p.L1GasFri, p.L1DataGasWei, p.L1DataGasFri, p.L2GasWei, p.L2GasFri))
	}
	in = append(in, version, felt.Zero, h.ParentHash)
	return crypto.PoseidonMany(in...), nil
}

// PatriciaRoot is the root of Starknet's height-64 Patricia tree with the
// values keyed 0, 1, 2, …; node hash Poseidon(left, right), edge hash
// Poseidon(child, path) + length. An empty tree has root 0.
func PatriciaRoot(values []felt.Felt) felt.Felt {
	if len(values) == 0 {
		return felt.Zero
	}
	return patriciaNode(values, 0, 0)
}

// patriciaNode hashes the subtree at depth d holding the leaves with keys
// [first, first+len(leaves)); all keys share the first d bits.
func patriciaNode(leaves []felt.Felt, first uint64, d uint) felt.Felt {
	const height = 64
	if d == height {
		return leaves[0]
	}
	last := first + uint64(len(leaves)) - 1
	bit := func(k uint64, depth uint) uint64 { return (k >> (height - 1 - depth)) & 1 }
	if bit(last, d) == 1 {
		// Keys are consecutive: the split is where bit d turns 1.
		if bit(first, d) == 0 {
			mask := uint64(1) << (height - 1 - d)
			split := (first | (mask - 1)) + 1 - first
			l := patriciaNode(leaves[:split], first, d+1)
			r := patriciaNode(leaves[split:], first+split, d+1)
			return crypto.Poseidon(&l, &r)
		}
		// All keys share a 1 bit here; impossible for a range starting at 0.
	}
	// Edge of zeros down to the first depth where the last key has a 1 bit.
	n := uint(1)
	for d+n < height && bit(last, d+n) == 0 {
		n++
	}
	child := patriciaNode(leaves, first, d+n)
	h := crypto.Poseidon(&child, &felt.Zero)
	l := felt.FromUint64(uint64(n))
	h.Add(&h, &l)
	return h
}

func asciiFelt(s string) (felt.Felt, error) {
	if len(s) > 31 {
		return felt.Zero, fmt.Errorf("%w: %q is longer than 31 bytes", ErrInvalidConfig, s)
	}
	return felt.FromBytes([]byte(s)), nil
}

// versionBefore reports whether the dotted version v is below major.minor.patch.
func versionBefore(v string, want ...int) (bool, error) {
	parts := strings.Split(v, ".")
	if len(parts) < 3 || len(parts) > 4 {
		return false, fmt.Errorf("%w: starknet version %q is not a.b.c[.d]", ErrInvalidConfig, v)
	}
	for i, w := range want {
		n, err := strconv.Atoi(parts[i])
		if err != nil || n < 0 {
			return false, fmt.Errorf("%w: starknet version %q is not a.b.c[.d]", ErrInvalidConfig, v)
		}
		if n != w {
			return n < w, nil
		}
	}
	return false, nil
}
