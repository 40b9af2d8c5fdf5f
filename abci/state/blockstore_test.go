package state

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
)

func TestBlockStoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenBlockStore(dir)
	require.NoError(t, err)
	_, ok, err := s.Head()
	require.NoError(t, err)
	require.False(t, ok)

	b := &Block{
		Header:      Header{Number: 0, Hash: f(0xabc), ParentHash: felt.Zero, Timestamp: 1700000000, TxCount: 2, StarknetVersion: "0.14.0", AppHash: []byte{1, 2}},
		Txs:         [][]byte{[]byte("tx0"), []byte("tx1")},
		TxHashes:    []felt.Felt{f(10), f(11)},
		Receipts:    [][]byte{[]byte("r0"), []byte("r1")},
		StateUpdate: []byte("su"),
	}
	require.NoError(t, s.Put(b))
	require.NoError(t, s.Put(b), "rewriting the same block is idempotent")
	require.NoError(t, s.Close())

	s, err = OpenBlockStore(dir)
	require.NoError(t, err)
	defer s.Close()
	head, ok, err := s.Head()
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, uint64(0), head)
	h, err := s.Header(0)
	require.NoError(t, err)
	require.Equal(t, b.Header, *h)
	n, err := s.NumberByHash(f(0xabc))
	require.NoError(t, err)
	require.Equal(t, uint64(0), n)
	hs, err := s.TxHashes(0)
	require.NoError(t, err)
	require.Equal(t, b.TxHashes, hs)
	loc, err := s.TxLocation(f(11))
	require.NoError(t, err)
	require.Equal(t, TxLocation{Block: 0, Index: 1}, loc)
	tx, err := s.Tx(f(11))
	require.NoError(t, err)
	require.Equal(t, []byte("tx1"), tx)
	r, err := s.Receipt(f(10))
	require.NoError(t, err)
	require.Equal(t, []byte("r0"), r)
	su, err := s.StateUpdate(0)
	require.NoError(t, err)
	require.Equal(t, []byte("su"), su)

	_, err = s.Header(1)
	require.ErrorIs(t, err, ErrNotFound)
	_, err = s.TxLocation(f(12))
	require.ErrorIs(t, err, ErrNotFound)
	require.Error(t, s.Put(&Block{Txs: [][]byte{{1}}}), "mismatched lengths are rejected")
}
