package starknet

import (
	"errors"
	"fmt"
	"slices"

	"github.com/cairnchain/cairn/execution/felt"
)

// CachedState is a journaling write cache over a StateReader. Reads fall
// through to the parent; writes stay in the cache until Commit. Snapshot and
// RevertTo undo writes (a reverted __execute__, a failed inner call), Diff
// yields the spec STATE_DIFF of everything written that differs from the
// parent. A CachedState is itself a State, so caches nest (transaction over
// block). Not safe for concurrent use.
type CachedState struct {
	parent      StateReader
	storage     map[storageKey]felt.Felt
	nonces      map[felt.Address]felt.Felt
	classHashes map[felt.Address]felt.ClassHash
	declared    map[felt.ClassHash]declaredClass
	journal     []journalEntry
}

type declaredClass struct {
	compiled felt.Felt
	class    *Class
}

type journalKind uint8

const (
	journalStorage journalKind = iota
	journalNonce
	journalClassHash
	journalDeclare
)

// journalEntry records the cache's previous value of one written slot.
type journalEntry struct {
	kind      journalKind
	key       storageKey // addr (and storage key) or class hash in key.addr
	had       bool
	prev      felt.Felt
	prevClass declaredClass
}

// NewCachedState returns an empty cache over parent.
func NewCachedState(parent StateReader) *CachedState {
	return &CachedState{
		parent:      parent,
		storage:     map[storageKey]felt.Felt{},
		nonces:      map[felt.Address]felt.Felt{},
		classHashes: map[felt.Address]felt.ClassHash{},
		declared:    map[felt.ClassHash]declaredClass{},
	}
}

var _ State = (*CachedState)(nil)

// ClassHashAt implements StateReader.
func (c *CachedState) ClassHashAt(addr felt.Address) (felt.ClassHash, error) {
	if v, ok := c.classHashes[addr]; ok {
		return v, nil
	}
	return c.parent.ClassHashAt(addr)
}

// NonceAt implements StateReader.
func (c *CachedState) NonceAt(addr felt.Address) (felt.Felt, error) {
	if v, ok := c.nonces[addr]; ok {
		return v, nil
	}
	return c.parent.NonceAt(addr)
}

// StorageAt implements StateReader.
func (c *CachedState) StorageAt(addr felt.Address, key felt.Felt) (felt.Felt, error) {
	if v, ok := c.storage[storageKey{addr, key}]; ok {
		return v, nil
	}
	return c.parent.StorageAt(addr, key)
}

// Class implements StateReader.
func (c *CachedState) Class(classHash felt.ClassHash) (*Class, error) {
	if v, ok := c.declared[classHash]; ok {
		return v.class, nil
	}
	return c.parent.Class(classHash)
}

// CompiledClassHash implements StateReader.
func (c *CachedState) CompiledClassHash(classHash felt.ClassHash) (felt.Felt, error) {
	if v, ok := c.declared[classHash]; ok {
		return v.compiled, nil
	}
	return c.parent.CompiledClassHash(classHash)
}

// SetStorage implements StateWriter.
func (c *CachedState) SetStorage(addr felt.Address, key, value felt.Felt) error {
	k := storageKey{addr, key}
	prev, had := c.storage[k]
	c.journal = append(c.journal, journalEntry{kind: journalStorage, key: k, had: had, prev: prev})
	c.storage[k] = value
	return nil
}

// SetNonce implements StateWriter.
func (c *CachedState) SetNonce(addr felt.Address, nonce felt.Felt) error {
	prev, had := c.nonces[addr]
	c.journal = append(c.journal, journalEntry{kind: journalNonce, key: storageKey{addr: addr}, had: had, prev: prev})
	c.nonces[addr] = nonce
	return nil
}

// SetClassHashAt implements StateWriter.
func (c *CachedState) SetClassHashAt(addr felt.Address, classHash felt.ClassHash) error {
	prev, had := c.classHashes[addr]
	c.journal = append(c.journal, journalEntry{kind: journalClassHash, key: storageKey{addr: addr}, had: had, prev: prev})
	c.classHashes[addr] = classHash
	return nil
}

// DeclareClass implements StateWriter.
func (c *CachedState) DeclareClass(classHash felt.ClassHash, compiledClassHash felt.Felt, class *Class) error {
	prev, had := c.declared[classHash]
	c.journal = append(c.journal, journalEntry{kind: journalDeclare, key: storageKey{addr: classHash}, had: had, prevClass: prev})
	c.declared[classHash] = declaredClass{compiled: compiledClassHash, class: class}
	return nil
}

// Snapshot returns a mark for RevertTo.
func (c *CachedState) Snapshot() int { return len(c.journal) }

// RevertTo undoes every write made after Snapshot returned mark. Marks
// taken after mark become invalid.
func (c *CachedState) RevertTo(mark int) {
	for i := len(c.journal) - 1; i >= mark && i >= 0; i-- {
		e := c.journal[i]
		switch e.kind {
		case journalStorage:
			restore(c.storage, e.key, e.had, e.prev)
		case journalNonce:
			restore(c.nonces, e.key.addr, e.had, e.prev)
		case journalClassHash:
			restore(c.classHashes, e.key.addr, e.had, e.prev)
		case journalDeclare:
			restore(c.declared, e.key.addr, e.had, e.prevClass)
		}
	}
	if mark < len(c.journal) {
		c.journal = c.journal[:max(mark, 0)]
	}
}

func restore[K comparable, V any](m map[K]V, k K, had bool, prev V) {
	if had {
		m[k] = prev
	} else {
		delete(m, k)
	}
}

// Diff returns the sorted state diff of the cache against its parent:
// entries equal to the parent's value are left out, an address whose parent
// class hash is 0 is a deployment, otherwise a class replacement.
func (c *CachedState) Diff() (*StateDiff, error) {
	d := &StateDiff{
		StorageDiffs: []ContractStorageDiff{}, DeprecatedDeclaredClasses: []felt.ClassHash{},
		DeclaredClasses: []DeclaredClass{}, DeployedContracts: []DeployedContract{},
		ReplacedClasses: []ReplacedClass{}, Nonces: []NonceUpdate{},
	}
	for _, k := range sortedKeys(c.storage, cmpStorageKey) {
		orig, err := c.parent.StorageAt(k.addr, k.key)
		if err != nil {
			return nil, fmt.Errorf("state diff: storage %s/%s: %w", k.addr.Hex(), k.key.Hex(), err)
		}
		v := c.storage[k]
		if v.Equal(&orig) {
			continue
		}
		if n := len(d.StorageDiffs); n == 0 || !d.StorageDiffs[n-1].Address.Equal(&k.addr) {
			d.StorageDiffs = append(d.StorageDiffs, ContractStorageDiff{Address: k.addr})
		}
		last := &d.StorageDiffs[len(d.StorageDiffs)-1]
		last.StorageEntries = append(last.StorageEntries, StorageEntry{Key: k.key, Value: v})
	}
	for _, a := range sortedKeys(c.nonces, cmpFelt) {
		orig, err := c.parent.NonceAt(a)
		if err != nil {
			return nil, fmt.Errorf("state diff: nonce %s: %w", a.Hex(), err)
		}
		if v := c.nonces[a]; !v.Equal(&orig) {
			d.Nonces = append(d.Nonces, NonceUpdate{ContractAddress: a, Nonce: v})
		}
	}
	for _, a := range sortedKeys(c.classHashes, cmpFelt) {
		orig, err := c.parent.ClassHashAt(a)
		if err != nil {
			return nil, fmt.Errorf("state diff: class hash at %s: %w", a.Hex(), err)
		}
		v := c.classHashes[a]
		switch {
		case v.Equal(&orig):
		case orig.IsZero():
			d.DeployedContracts = append(d.DeployedContracts, DeployedContract{Address: a, ClassHash: v})
		default:
			d.ReplacedClasses = append(d.ReplacedClasses, ReplacedClass{ContractAddress: a, ClassHash: v})
		}
	}
	for _, h := range sortedKeys(c.declared, cmpFelt) {
		declared, err := IsDeclared(c.parent, h)
		if err != nil {
			return nil, fmt.Errorf("state diff: class %s: %w", h.Hex(), err)
		}
		if !declared {
			d.DeclaredClasses = append(d.DeclaredClasses, DeclaredClass{ClassHash: h, CompiledClassHash: c.declared[h].compiled})
		}
	}
	return d, nil
}

// Commit writes the diff (and the declared classes) into w in the diff's
// deterministic order. Use the cache no further afterwards.
func (c *CachedState) Commit(w StateWriter) error {
	d, err := c.Diff()
	if err != nil {
		return err
	}
	return c.apply(w, d)
}

func (c *CachedState) apply(w StateWriter, d *StateDiff) error {
	for _, dc := range d.DeclaredClasses {
		if err := w.DeclareClass(dc.ClassHash, dc.CompiledClassHash, c.declared[dc.ClassHash].class); err != nil {
			return fmt.Errorf("commit class %s: %w", dc.ClassHash.Hex(), err)
		}
	}
	for _, dp := range d.DeployedContracts {
		if err := w.SetClassHashAt(dp.Address, dp.ClassHash); err != nil {
			return fmt.Errorf("commit deploy %s: %w", dp.Address.Hex(), err)
		}
	}
	for _, r := range d.ReplacedClasses {
		if err := w.SetClassHashAt(r.ContractAddress, r.ClassHash); err != nil {
			return fmt.Errorf("commit replace %s: %w", r.ContractAddress.Hex(), err)
		}
	}
	for _, n := range d.Nonces {
		if err := w.SetNonce(n.ContractAddress, n.Nonce); err != nil {
			return fmt.Errorf("commit nonce %s: %w", n.ContractAddress.Hex(), err)
		}
	}
	for _, sd := range d.StorageDiffs {
		for _, e := range sd.StorageEntries {
			if err := w.SetStorage(sd.Address, e.Key, e.Value); err != nil {
				return fmt.Errorf("commit storage %s/%s: %w", sd.Address.Hex(), e.Key.Hex(), err)
			}
		}
	}
	return nil
}

func isNotFound(err error) bool { return errors.Is(err, ErrClassHashNotFound) }

func cmpFelt(a, b felt.Felt) int { return a.Cmp(&b) }

func cmpStorageKey(a, b storageKey) int {
	if c := a.addr.Cmp(&b.addr); c != 0 {
		return c
	}
	return a.key.Cmp(&b.key)
}

func sortedKeys[K comparable, V any](m map[K]V, cmp func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp)
	return keys
}
