package state

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOverlayNestingAndDiffOrder(t *testing.T) {
	tr := openTree(t, t.TempDir(), 0)
	defer tr.Close()
	base, err := tr.Latest()
	require.NoError(t, err)

	block := NewOverlay(base)
	require.NoError(t, block.SetStorage(f(9), f(1), f(1)))

	ok := NewOverlay(block)
	require.NoError(t, ok.SetStorage(f(3), f(5), f(2)))
	require.NoError(t, ok.SetStorage(f(3), f(4), f(2)))
	require.NoError(t, ok.SetNonce(f(3), f(1)))
	v, err := ok.StorageAt(f(9), f(1))
	require.NoError(t, err)
	require.Equal(t, f(1), v, "child reads through to parent")
	require.NoError(t, ok.ApplyTo(block))

	failed := NewOverlay(block)
	require.NoError(t, failed.SetNonce(f(4), f(1)))
	// failed is dropped, never applied.

	d := block.Diff()
	require.Len(t, d.StorageDiffs, 2)
	require.Equal(t, f(3), d.StorageDiffs[0].Address)
	require.Equal(t, f(9), d.StorageDiffs[1].Address)
	require.Equal(t, []StorageEntry{{Key: f(4), Value: f(2)}, {Key: f(5), Value: f(2)}}, d.StorageDiffs[0].Entries)
	require.Equal(t, []NonceUpdate{{Address: f(3), Nonce: f(1)}}, d.Nonces)
	require.Equal(t, uint64(4), d.Length())
}
