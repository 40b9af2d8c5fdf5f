package starknet

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// MemState is an in-memory State for tests and tools. Not safe for
// concurrent use.
type MemState struct {
	classHashes map[felt.Address]felt.ClassHash
	nonces      map[felt.Address]felt.Felt
	storage     map[storageKey]felt.Felt
	classes     map[felt.ClassHash]*Class
	compiled    map[felt.ClassHash]felt.Felt
}

type storageKey struct{ addr, key felt.Felt }

// NewMemState returns an empty MemState.
func NewMemState() *MemState {
	return &MemState{
		classHashes: map[felt.Address]felt.ClassHash{},
		nonces:      map[felt.Address]felt.Felt{},
		storage:     map[storageKey]felt.Felt{},
		classes:     map[felt.ClassHash]*Class{},
		compiled:    map[felt.ClassHash]felt.Felt{},
	}
}

var _ State = (*MemState)(nil)

// ClassHashAt implements StateReader.
func (m *MemState) ClassHashAt(addr felt.Address) (felt.ClassHash, error) {
	return m.classHashes[addr], nil
}

// NonceAt implements StateReader.
func (m *MemState) NonceAt(addr felt.Address) (felt.Felt, error) { return m.nonces[addr], nil }

// StorageAt implements StateReader.
func (m *MemState) StorageAt(addr felt.Address, key felt.Felt) (felt.Felt, error) {
	return m.storage[storageKey{addr, key}], nil
}

// Class implements StateReader.
func (m *MemState) Class(classHash felt.ClassHash) (*Class, error) {
	c, ok := m.classes[classHash]
	if !ok {
		return nil, fmt.Errorf("class %s: %w", classHash.Hex(), ErrClassHashNotFound)
	}
	return c, nil
}

// CompiledClassHash implements StateReader.
func (m *MemState) CompiledClassHash(classHash felt.ClassHash) (felt.Felt, error) {
	c, ok := m.compiled[classHash]
	if !ok {
		return felt.Zero, fmt.Errorf("class %s: %w", classHash.Hex(), ErrClassHashNotFound)
	}
	return c, nil
}

// SetClassHashAt implements StateWriter.
func (m *MemState) SetClassHashAt(addr felt.Address, classHash felt.ClassHash) error {
	m.classHashes[addr] = classHash
	return nil
}

// SetNonce implements StateWriter.
func (m *MemState) SetNonce(addr felt.Address, nonce felt.Felt) error {
	m.nonces[addr] = nonce
	return nil
}

// SetStorage implements StateWriter.
func (m *MemState) SetStorage(addr felt.Address, key, value felt.Felt) error {
	m.storage[storageKey{addr, key}] = value
	return nil
}

// DeclareClass implements StateWriter.
func (m *MemState) DeclareClass(classHash felt.ClassHash, compiledClassHash felt.Felt, class *Class) error {
	m.classes[classHash] = class
	m.compiled[classHash] = compiledClassHash
	return nil
}
