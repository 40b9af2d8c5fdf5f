package abci

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

func fu(v uint64) felt.Felt { return felt.FromUint64(v) }

// Vectors from starkware-libs/sequencer (crypto/patricia_hash_test.rs).
func TestPatriciaRootVectors(t *testing.T) {
	cases := []struct {
		in   []felt.Felt
		want string
	}{
		{[]felt.Felt{fu(1)}, "0x7752582c54a42fe0fa35c40f07293bb7d8efe90e21d8d2c06a7db52d7d9b7e1"},
		{[]felt.Felt{fu(1), fu(2)}, "0x1c1ba983ee0a0de87d87d67ea3cbee7023aa65f6b7bcf71259f122ea3af80bf"},
		{[]felt.Felt{fu(1), fu(2), fu(3)}, "0x3b5cc7f1292eb3847c3f902d048a7e5dc7702d1c191ccd17c2d33f797e6fc32"},
	}
	for _, c := range cases {
		got := PatriciaRoot(c.in)
		require.Equal(t, felt.MustHex(c.want), got, "%d leaves", len(c.in))
	}
	require.Equal(t, felt.Zero, PatriciaRoot(nil))
}

// Larger trees against a direct recursive definition over bit strings.
func TestPatriciaRootMatchesDefinition(t *testing.T) {
	for _, n := range []int{4, 5, 7, 8, 9, 33} {
		vals := make([]felt.Felt, n)
		for i := range vals {
			vals[i] = fu(uint64(1000 + i))
		}
		require.Equal(t, patriciaByDefinition(vals, 0, 0), PatriciaRoot(vals), "n=%d", n)
	}
}

// patriciaByDefinition hashes the subtree at prefix (depth d): binary when
// both children are non-empty, otherwise an edge of length 1 to the only
// non-empty child, folded into longer edges (h(child, path) + length).
func patriciaByDefinition(vals []felt.Felt, prefix uint64, d uint) felt.Felt {
	type node struct {
		h      felt.Felt
		edge   uint64 // path bits below the node (zeros here)
		length uint
	}
	var rec func(prefix uint64, d uint) (node, bool)
	rec = func(prefix uint64, d uint) (node, bool) {
		if prefix<<(64-d) >= uint64(len(vals)) && d < 64 {
			return node{}, false
		}
		if d == 64 {
			if prefix < uint64(len(vals)) {
				return node{h: vals[prefix]}, true
			}
			return node{}, false
		}
		l, lok := rec(prefix<<1, d+1)
		r, rok := rec(prefix<<1|1, d+1)
		fold := func(n node, bit uint64) node {
			if n.length == 0 {
				return node{h: n.h, edge: bit, length: 1}
			}
			return node{h: n.h, edge: bit<<n.length | n.edge, length: n.length + 1}
		}
		resolve := func(n node) felt.Felt {
			if n.length == 0 {
				return n.h
			}
			p := fu(n.edge)
			h := crypto.Poseidon(&n.h, &p)
			ln := fu(uint64(n.length))
			h.Add(&h, &ln)
			return h
		}
		switch {
		case lok && rok:
			a, b := resolve(l), resolve(r)
			return node{h: crypto.Poseidon(&a, &b)}, true
		case lok:
			return fold(l, 0), true
		case rok:
			return fold(r, 1), true
		}
		return node{}, false
	}
	n, _ := rec(prefix, d)
	if n.length == 0 {
		return n.h
	}
	p := fu(n.edge)
	h := crypto.Poseidon(&n.h, &p)
	ln := fu(uint64(n.length))
	h.Add(&h, &ln)
	return h
}

// Vector from starkware-libs/sequencer (block_hash_calculator_test.rs).
func TestConcatCounts(t *testing.T) {
	got := ConcatCounts(4, 3, 2, true)
	require.Equal(t, felt.MustHex("0x0000000000000004000000000000000300000000000000028000000000000000"), got)
	got = ConcatCounts(4, 3, 2, false)
	require.Equal(t, felt.MustHex("0x0000000000000004000000000000000300000000000000020000000000000000"), got)
}

func TestBlockHashDependsOnEveryField(t *testing.T) {
	base := HashHeader{
		Number: 1, StateRoot: fu(2), Sequencer: fu(3), Timestamp: 4, StarknetVersion: "0.14.0", ParentHash: fu(11),
		GasPrices: GasPrices{L1GasWei: fu(7), L1GasFri: fu(6), L1DataGasWei: fu(9), L1DataGasFri: fu(10), L2GasWei: fu(12), L2GasFri: fu(11)},
		L1DABlob:  true,
	}
	c := Commitments{Transaction: fu(1), Event: fu(2), Receipt: fu(3), StateDiff: fu(4), TxCount: 1, EventCount: 2, StateDiffLength: 3}
	h0, err := BlockHash(&base, &c)
	require.NoError(t, err)
	mutations := []func(h *HashHeader, c *Commitments){
		func(h *HashHeader, _ *Commitments) { h.Number++ },
		func(h *HashHeader, _ *Commitments) { h.StateRoot = fu(99) },
		func(h *HashHeader, _ *Commitments) { h.Sequencer = fu(99) },
		func(h *HashHeader, _ *Commitments) { h.Timestamp++ },
		func(h *HashHeader, _ *Commitments) { h.ParentHash = fu(99) },
		func(h *HashHeader, _ *Commitments) { h.StarknetVersion = "0.14.1" },
		func(h *HashHeader, _ *Commitments) { h.L1DABlob = false },
		func(h *HashHeader, _ *Commitments) { h.GasPrices.L2GasFri = fu(99) },
		func(h *HashHeader, _ *Commitments) { h.GasPrices.L1DataGasWei = fu(99) },
		func(_ *HashHeader, c *Commitments) { c.Transaction = fu(99) },
		func(_ *HashHeader, c *Commitments) { c.Event = fu(99) },
		func(_ *HashHeader, c *Commitments) { c.Receipt = fu(99) },
		func(_ *HashHeader, c *Commitments) { c.StateDiff = fu(99) },
		func(_ *HashHeader, c *Commitments) { c.TxCount++ },
		func(_ *HashHeader, c *Commitments) { c.EventCount++ },
		func(_ *HashHeader, c *Commitments) { c.StateDiffLength++ },
	}
	for i, m := range mutations {
		h, cc := base, c
		m(&h, &cc)
		got, err := BlockHash(&h, &cc)
		require.NoError(t, err)
		require.NotEqual(t, h0, got, "mutation %d", i)
	}
	// Before 0.13.4 the L2 gas price is not hashed.
	old := base
	old.StarknetVersion = "0.13.2"
	a, err := BlockHash(&old, &c)
	require.NoError(t, err)
	old.GasPrices.L2GasFri = fu(1234)
	b, err := BlockHash(&old, &c)
	require.NoError(t, err)
	require.Equal(t, a, b)
	require.NotEqual(t, h0, a)

	old.StarknetVersion = "0.13.1"
	_, err = BlockHash(&old, &c)
	require.ErrorIs(t, err, ErrInvalidConfig)
	old.StarknetVersion = "zero"
	_, err = BlockHash(&old, &c)
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestComputeCommitmentsCountsAndSignaturePadding(t *testing.T) {
	txs := []HashTx{
		{Hash: fu(1), Events: []HashEvent{{From: fu(5), Keys: []felt.Felt{fu(1)}}, {From: fu(5)}}},
		{Hash: fu(2), Signature: []felt.Felt{fu(3), fu(4)}, Reverted: true, RevertReason: "boom"},
	}
	c, err := ComputeCommitments(txs, fu(77), 5, "0.14.0")
	require.NoError(t, err)
	require.Equal(t, uint64(2), c.TxCount)
	require.Equal(t, uint64(2), c.EventCount)
	require.Equal(t, uint64(5), c.StateDiffLength)
	require.Equal(t, fu(77), c.StateDiff)
	// From 0.13.4 an empty signature hashes as [tx_hash] alone.
	leaf0 := crypto.PoseidonMany(fu(1))
	leaf1 := crypto.PoseidonMany(fu(2), fu(3), fu(4))
	require.Equal(t, PatriciaRoot([]felt.Felt{leaf0, leaf1}), c.Transaction)
	old, err := ComputeCommitments(txs, fu(77), 5, "0.13.2")
	require.NoError(t, err)
	leaf0 = crypto.PoseidonMany(fu(1), felt.Zero)
	require.Equal(t, PatriciaRoot([]felt.Felt{leaf0, leaf1}), old.Transaction)
	require.Equal(t, c.Receipt, old.Receipt)
}
