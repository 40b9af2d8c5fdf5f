package state

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/cosmos/iavl"
	idb "github.com/cosmos/iavl/db"

	"github.com/cairnchain/cairn/execution/felt"
)

// TreeConfig configures the IAVL world-state tree.
type TreeConfig struct {
	// Dir is the directory of the LevelDB holding the tree.
	Dir string
	// CacheSize is the number of IAVL nodes kept in memory.
	CacheSize int
	// KeepRecent is how many recent versions to retain; 0 keeps every version.
	KeepRecent int64
	// PruneInterval prunes every that many commits (when KeepRecent > 0).
	PruneInterval int64
	// Sync fsyncs every commit.
	Sync bool
}

// DefaultTreeConfig returns the defaults for a tree stored in dir.
func DefaultTreeConfig(dir string) TreeConfig {
	return TreeConfig{Dir: dir, CacheSize: 100_000, KeepRecent: 0, PruneInterval: 10, Sync: true}
}

// Validate reports an out-of-range field.
func (c TreeConfig) Validate() error {
	switch {
	case c.Dir == "":
		return fmt.Errorf("%w: tree dir is empty", ErrInvalidConfig)
	case c.CacheSize < 0:
		return fmt.Errorf("%w: cache size %d < 0", ErrInvalidConfig, c.CacheSize)
	case c.KeepRecent < 0:
		return fmt.Errorf("%w: keep-recent %d < 0", ErrInvalidConfig, c.KeepRecent)
	case c.KeepRecent > 0 && c.PruneInterval <= 0:
		return fmt.Errorf("%w: prune interval %d must be > 0 when pruning", ErrInvalidConfig, c.PruneInterval)
	}
	return nil
}

// Tree is the versioned IAVL world state. Version n is the state after the
// block at CometBFT height n. Reads through Latest/At are safe concurrently
// with Stage and Commit.
type Tree struct {
	cfg TreeConfig
	db  *idb.GoLevelDB

	mu sync.RWMutex
	t  *iavl.MutableTree
}

// OpenTree opens (or creates) the tree and loads its latest version.
func OpenTree(cfg TreeConfig) (*Tree, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	db, err := idb.NewGoLevelDB("state", cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("open state db in %s: %w", cfg.Dir, err)
	}
	// Fast storage is skipped: its latest-value index is rewritten during
	// SaveVersion, which would race with RPC reads of the previous version.
	mt := iavl.NewMutableTree(db, cfg.CacheSize, true, iavl.NewNopLogger(), iavl.SyncOption(cfg.Sync))
	if _, err := mt.Load(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("load state tree: %w", err)
	}
	return &Tree{cfg: cfg, db: db, t: mt}, nil
}

// Close closes the database.
func (t *Tree) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.db.Close(); err != nil {
		return fmt.Errorf("close state db: %w", err)
	}
	return nil
}

// Version returns the latest committed version (0 before the first commit).
func (t *Tree) Version() int64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.t.Version()
}

// Hash returns the root hash of the latest committed version.
func (t *Tree) Hash() []byte {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.t.Hash()
}

// Latest returns a reader of the latest committed version.
func (t *Tree) Latest() (*Snapshot, error) {
	t.mu.RLock()
	v := t.t.Version()
	t.mu.RUnlock()
	return t.At(v)
}

// At returns a reader of a committed version. Version 0 is the empty state.
func (t *Tree) At(version int64) (*Snapshot, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if version == 0 {
		return &Snapshot{t: emptyTree{}}, nil
	}
	if !t.t.VersionExists(version) {
		return nil, fmt.Errorf("state version %d: %w", version, ErrVersionUnavailable)
	}
	it, err := t.t.GetImmutable(version)
	if err != nil {
		return nil, fmt.Errorf("state version %d: %w", version, err)
	}
	return &Snapshot{t: it}, nil
}

// Stage discards any previously staged changes, applies the overlay's
// changes to the working tree and returns the working root hash: the AppHash
// the next Commit will persist.
func (t *Tree) Stage(changes *Overlay) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.t.Rollback()
	if err := changes.ApplyTo(treeWriter{t.t}); err != nil {
		t.t.Rollback()
		return nil, fmt.Errorf("stage state changes: %w", err)
	}
	return t.t.WorkingHash(), nil
}

// Rollback discards staged changes.
func (t *Tree) Rollback() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.t.Rollback()
}

// Commit persists the staged changes as the next version and prunes old
// versions per the config. It returns the root hash and the new version.
func (t *Tree) Commit() ([]byte, int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	hash, version, err := t.t.SaveVersion()
	if err != nil {
		return nil, 0, fmt.Errorf("save state version: %w", err)
	}
	if keep := t.cfg.KeepRecent; keep > 0 && version > keep && version%t.cfg.PruneInterval == 0 {
		if err := t.t.DeleteVersionsTo(version - keep); err != nil && !errors.Is(err, iavl.ErrVersionDoesNotExist) {
			return nil, 0, fmt.Errorf("prune state to version %d: %w", version-keep, err)
		}
	}
	return hash, version, nil
}

// treeWriter writes into the working IAVL tree; a zero storage value removes
// the key so that "written 0" and "never written" give the same root.
type treeWriter struct{ t *iavl.MutableTree }

func (w treeWriter) set(key, value []byte) error {
	if _, err := w.t.Set(key, value); err != nil {
		return fmt.Errorf("set key %x: %w", key, err)
	}
	return nil
}

func (w treeWriter) setFelt(key []byte, v felt.Felt) error {
	if v.IsZero() {
		if _, _, err := w.t.Remove(key); err != nil {
			return fmt.Errorf("remove key %x: %w", key, err)
		}
		return nil
	}
	return w.set(key, feltValue(v))
}

func (w treeWriter) SetNonce(addr, nonce felt.Felt) error { return w.setFelt(nonceKey(&addr), nonce) }
func (w treeWriter) SetClassHashAt(addr, h felt.Felt) error {
	return w.setFelt(classHashAtKey(&addr), h)
}
func (w treeWriter) SetStorage(addr, key, value felt.Felt) error {
	return w.setFelt(storageKey(&addr, &key), value)
}
func (w treeWriter) SetClass(h felt.Felt, class []byte) error { return w.set(classKey(&h), class) }
func (w treeWriter) SetCompiledClassHash(h, compiled felt.Felt) error {
	return w.setFelt(compiledClassHashKey(&h), compiled)
}

// Snapshot reads one committed version of the world state.
type Snapshot struct {
	t getter
}

// emptyTree is the state before the first commit.
type emptyTree struct{}

func (emptyTree) Get([]byte) ([]byte, error) { return nil, nil }

var _ Reader = (*Snapshot)(nil)

// Nonce returns addr's nonce.
func (s *Snapshot) Nonce(addr felt.Felt) (felt.Felt, error) { return readFelt(s.t, nonceKey(&addr)) }

// ClassHashAt returns the class hash deployed at addr (zero if none).
func (s *Snapshot) ClassHashAt(addr felt.Felt) (felt.Felt, error) {
	return readFelt(s.t, classHashAtKey(&addr))
}

// StorageAt returns addr's storage value at key.
func (s *Snapshot) StorageAt(addr, key felt.Felt) (felt.Felt, error) {
	return readFelt(s.t, storageKey(&addr, &key))
}

// Class returns the declared class bytes or ErrNotFound.
func (s *Snapshot) Class(classHash felt.Felt) ([]byte, error) { return readClass(s.t, classHash) }

// CompiledClassHash returns the compiled class hash of a declared class (zero if none).
func (s *Snapshot) CompiledClassHash(classHash felt.Felt) (felt.Felt, error) {
	return readFelt(s.t, compiledClassHashKey(&classHash))
}
