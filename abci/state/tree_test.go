package state

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
)

func f(v uint64) felt.Felt { return felt.FromUint64(v) }

func openTree(t *testing.T, dir string, keep int64) *Tree {
	t.Helper()
	cfg := DefaultTreeConfig(dir)
	cfg.KeepRecent = keep
	cfg.PruneInterval = 1
	cfg.Sync = false
	tr, err := OpenTree(cfg)
	require.NoError(t, err)
	return tr
}

func TestTreeStageCommitReadVersions(t *testing.T) {
	dir := t.TempDir()
	tr := openTree(t, dir, 0)

	base, err := tr.Latest()
	require.NoError(t, err)
	o := NewOverlay(base)
	require.NoError(t, o.SetNonce(f(1), f(7)))
	require.NoError(t, o.SetStorage(f(1), f(2), f(3)))
	require.NoError(t, o.SetClassHashAt(f(1), f(99)))
	require.NoError(t, o.SetClass(f(99), []byte("class")))
	require.NoError(t, o.SetCompiledClassHash(f(99), f(100)))
	staged, err := tr.Stage(o)
	require.NoError(t, err)

	// Staged changes are invisible to readers of the committed state.
	latest, err := tr.Latest()
	require.NoError(t, err)
	n, err := latest.Nonce(f(1))
	require.NoError(t, err)
	require.True(t, n.IsZero())

	hash, v, err := tr.Commit()
	require.NoError(t, err)
	require.Equal(t, int64(1), v)
	require.Equal(t, staged, hash)

	// Version 2 changes the storage value.
	s1, err := tr.At(1)
	require.NoError(t, err)
	o2 := NewOverlay(s1)
	require.NoError(t, o2.SetStorage(f(1), f(2), f(4)))
	_, err = tr.Stage(o2)
	require.NoError(t, err)
	_, _, err = tr.Commit()
	require.NoError(t, err)
	require.NoError(t, tr.Close())

	// Reopen: both versions are readable.
	tr = openTree(t, dir, 0)
	defer tr.Close()
	require.Equal(t, int64(2), tr.Version())
	for ver, want := range map[int64]uint64{1: 3, 2: 4} {
		s, err := tr.At(ver)
		require.NoError(t, err)
		got, err := s.StorageAt(f(1), f(2))
		require.NoError(t, err)
		require.Equal(t, f(want), got, "version %d", ver)
	}
	s, err := tr.At(2)
	require.NoError(t, err)
	c, err := s.Class(f(99))
	require.NoError(t, err)
	require.Equal(t, []byte("class"), c)
	_, err = s.Class(f(98))
	require.ErrorIs(t, err, ErrNotFound)
	ch, err := s.ClassHashAt(f(1))
	require.NoError(t, err)
	require.Equal(t, f(99), ch)
	cc, err := s.CompiledClassHash(f(99))
	require.NoError(t, err)
	require.Equal(t, f(100), cc)
	_, err = tr.At(3)
	require.ErrorIs(t, err, ErrVersionUnavailable)
}

func TestTreeZeroStorageIsAbsence(t *testing.T) {
	a := openTree(t, t.TempDir(), 0)
	defer a.Close()
	b := openTree(t, t.TempDir(), 0)
	defer b.Close()

	la, _ := a.Latest()
	oa := NewOverlay(la)
	require.NoError(t, oa.SetStorage(f(1), f(1), f(5)))
	require.NoError(t, oa.SetStorage(f(1), f(2), felt.Zero))
	ha, err := a.Stage(oa)
	require.NoError(t, err)

	lb, _ := b.Latest()
	ob := NewOverlay(lb)
	require.NoError(t, ob.SetStorage(f(1), f(1), f(5)))
	hb, err := b.Stage(ob)
	require.NoError(t, err)
	require.Equal(t, ha, hb)
}

func TestTreeStageReplacesPreviousStage(t *testing.T) {
	tr := openTree(t, t.TempDir(), 0)
	defer tr.Close()
	l, _ := tr.Latest()
	o1 := NewOverlay(l)
	require.NoError(t, o1.SetNonce(f(1), f(1)))
	h1, err := tr.Stage(o1)
	require.NoError(t, err)
	o2 := NewOverlay(l)
	require.NoError(t, o2.SetNonce(f(2), f(1)))
	h2, err := tr.Stage(o2)
	require.NoError(t, err)
	require.False(t, bytes.Equal(h1, h2))
	_, _, err = tr.Commit()
	require.NoError(t, err)
	s, _ := tr.Latest()
	n1, _ := s.Nonce(f(1))
	n2, _ := s.Nonce(f(2))
	require.True(t, n1.IsZero(), "first stage must be discarded")
	require.Equal(t, f(1), n2)
}

func TestTreePruning(t *testing.T) {
	tr := openTree(t, t.TempDir(), 2)
	defer tr.Close()
	for i := uint64(1); i <= 5; i++ {
		l, err := tr.Latest()
		require.NoError(t, err)
		o := NewOverlay(l)
		require.NoError(t, o.SetNonce(f(1), f(i)))
		_, err = tr.Stage(o)
		require.NoError(t, err)
		_, _, err = tr.Commit()
		require.NoError(t, err)
	}
	for v := int64(1); v <= 5; v++ {
		s, err := tr.At(v)
		if v <= 3 {
			require.True(t, errors.Is(err, ErrVersionUnavailable), "version %d should be pruned, got %v", v, err)
			continue
		}
		require.NoError(t, err)
		n, err := s.Nonce(f(1))
		require.NoError(t, err)
		require.Equal(t, f(uint64(v)), n)
	}
}

func TestTreeConfigValidate(t *testing.T) {
	require.NoError(t, DefaultTreeConfig("x").Validate())
	bad := []TreeConfig{
		{Dir: ""},
		{Dir: "x", CacheSize: -1},
		{Dir: "x", KeepRecent: -1},
		{Dir: "x", KeepRecent: 5, PruneInterval: 0},
	}
	for _, c := range bad {
		require.ErrorIs(t, c.Validate(), ErrInvalidConfig, "%+v", c)
	}
}

// Reads of a committed version stay stable while later versions commit.
func TestTreeConcurrentReadsDuringCommits(t *testing.T) {
	tr := openTree(t, t.TempDir(), 0)
	defer tr.Close()
	commit := func(v uint64) {
		l, err := tr.Latest()
		require.NoError(t, err)
		o := NewOverlay(l)
		require.NoError(t, o.SetStorage(f(1), f(1), f(v)))
		_, err = tr.Stage(o)
		require.NoError(t, err)
		_, _, err = tr.Commit()
		require.NoError(t, err)
	}
	commit(1)
	done := make(chan error)
	go func() {
		for i := 0; i < 300; i++ {
			s, err := tr.At(1)
			if err == nil {
				var v felt.Felt
				v, err = s.StorageAt(f(1), f(1))
				if err == nil && !v.Equal(&felt.One) {
					err = errors.New("version 1 changed: " + v.Hex())
				}
			}
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for v := uint64(2); v <= 40; v++ {
		commit(v)
	}
	require.NoError(t, <-done)
}
