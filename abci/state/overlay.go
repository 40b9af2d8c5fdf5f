package state

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/cairnchain/cairn/execution/felt"
)

type storageSlot struct{ addr, key felt.Felt }

// Overlay buffers writes over a Reader. Reads see the overlay's own writes
// first. Overlays nest: a transaction runs in a child overlay of the block's
// overlay and is merged (ApplyTo) only if it succeeds. Iteration over the
// buffered writes is always in sorted key order, never map order.
type Overlay struct {
	base     Reader
	nonces   map[felt.Felt]felt.Felt
	classAt  map[felt.Felt]felt.Felt
	storage  map[storageSlot]felt.Felt
	classes  map[felt.Felt][]byte
	compiled map[felt.Felt]felt.Felt
}

var (
	_ Reader = (*Overlay)(nil)
	_ Writer = (*Overlay)(nil)
)

// NewOverlay returns an empty overlay over base.
func NewOverlay(base Reader) *Overlay {
	return &Overlay{
		base:     base,
		nonces:   map[felt.Felt]felt.Felt{},
		classAt:  map[felt.Felt]felt.Felt{},
		storage:  map[storageSlot]felt.Felt{},
		classes:  map[felt.Felt][]byte{},
		compiled: map[felt.Felt]felt.Felt{},
	}
}

// Nonce implements Reader.
func (o *Overlay) Nonce(addr felt.Felt) (felt.Felt, error) {
	if v, ok := o.nonces[addr]; ok {
		return v, nil
	}
	return o.base.Nonce(addr)
}

// ClassHashAt implements Reader.
func (o *Overlay) ClassHashAt(addr felt.Felt) (felt.Felt, error) {
	if v, ok := o.classAt[addr]; ok {
		return v, nil
	}
	return o.base.ClassHashAt(addr)
}

// StorageAt implements Reader.
func (o *Overlay) StorageAt(addr, key felt.Felt) (felt.Felt, error) {
	if v, ok := o.storage[storageSlot{addr, key}]; ok {
		return v, nil
	}
	return o.base.StorageAt(addr, key)
}

// Class implements Reader.
func (o *Overlay) Class(classHash felt.Felt) ([]byte, error) {
	if v, ok := o.classes[classHash]; ok {
		return append([]byte(nil), v...), nil
	}
	return o.base.Class(classHash)
}

// CompiledClassHash implements Reader.
func (o *Overlay) CompiledClassHash(classHash felt.Felt) (felt.Felt, error) {
	if v, ok := o.compiled[classHash]; ok {
		return v, nil
	}
	return o.base.CompiledClassHash(classHash)
}

// SetNonce implements Writer.
func (o *Overlay) SetNonce(addr, nonce felt.Felt) error { o.nonces[addr] = nonce; return nil }

// SetClassHashAt implements Writer.
func (o *Overlay) SetClassHashAt(addr, h felt.Felt) error { o.classAt[addr] = h; return nil }

// SetStorage implements Writer.
func (o *Overlay) SetStorage(addr, key, value felt.Felt) error {
	o.storage[storageSlot{addr, key}] = value
	return nil
}

// SetClass implements Writer.
func (o *Overlay) SetClass(h felt.Felt, class []byte) error {
	o.classes[h] = append([]byte(nil), class...)
	return nil
}

// SetCompiledClassHash implements Writer.
func (o *Overlay) SetCompiledClassHash(h, compiled felt.Felt) error {
	o.compiled[h] = compiled
	return nil
}

// ApplyTo writes the overlay's changes into w in sorted key order.
func (o *Overlay) ApplyTo(w Writer) error {
	d := o.Diff()
	for _, c := range d.DeclaredClasses {
		if err := w.SetClass(c.ClassHash, o.classes[c.ClassHash]); err != nil {
			return fmt.Errorf("set class %s: %w", c.ClassHash.Hex(), err)
		}
	}
	for _, c := range d.CompiledClassHashes {
		if err := w.SetCompiledClassHash(c.ClassHash, c.CompiledClassHash); err != nil {
			return fmt.Errorf("set compiled class hash of %s: %w", c.ClassHash.Hex(), err)
		}
	}
	for _, c := range d.DeployedContracts {
		if err := w.SetClassHashAt(c.Address, c.ClassHash); err != nil {
			return fmt.Errorf("set class hash at %s: %w", c.Address.Hex(), err)
		}
	}
	for _, n := range d.Nonces {
		if err := w.SetNonce(n.Address, n.Nonce); err != nil {
			return fmt.Errorf("set nonce of %s: %w", n.Address.Hex(), err)
		}
	}
	for _, s := range d.StorageDiffs {
		for _, e := range s.Entries {
			if err := w.SetStorage(s.Address, e.Key, e.Value); err != nil {
				return fmt.Errorf("set storage %s/%s: %w", s.Address.Hex(), e.Key.Hex(), err)
			}
		}
	}
	return nil
}

// Diff returns the overlay's writes, sorted by address and key.
func (o *Overlay) Diff() StateDiff {
	var d StateDiff
	for _, a := range sortedFelts(o.nonces) {
		d.Nonces = append(d.Nonces, NonceUpdate{Address: a, Nonce: o.nonces[a]})
	}
	for _, a := range sortedFelts(o.classAt) {
		d.DeployedContracts = append(d.DeployedContracts, DeployedContract{Address: a, ClassHash: o.classAt[a]})
	}
	for _, h := range sortedFelts(o.classes) {
		d.DeclaredClasses = append(d.DeclaredClasses, DeclaredClass{ClassHash: h})
	}
	for _, h := range sortedFelts(o.compiled) {
		d.CompiledClassHashes = append(d.CompiledClassHashes, DeclaredClass{ClassHash: h, CompiledClassHash: o.compiled[h]})
	}
	slots := make([]storageSlot, 0, len(o.storage))
	for s := range o.storage {
		slots = append(slots, s)
	}
	sort.Slice(slots, func(i, j int) bool {
		if c := slots[i].addr.Cmp(&slots[j].addr); c != 0 {
			return c < 0
		}
		return slots[i].key.Cmp(&slots[j].key) < 0
	})
	for _, s := range slots {
		n := len(d.StorageDiffs)
		if n == 0 || !d.StorageDiffs[n-1].Address.Equal(&s.addr) {
			d.StorageDiffs = append(d.StorageDiffs, StorageDiff{Address: s.addr})
			n++
		}
		d.StorageDiffs[n-1].Entries = append(d.StorageDiffs[n-1].Entries, StorageEntry{Key: s.key, Value: o.storage[s]})
	}
	return d
}

func sortedFelts[V any](m map[felt.Felt]V) []felt.Felt {
	out := make([]felt.Felt, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Bytes(), out[j].Bytes()
		return bytes.Compare(a[:], b[:]) < 0
	})
	return out
}
