package state

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// Reader reads the Starknet world state. Absent nonces, class hashes,
// storage values and compiled class hashes read as zero; an undeclared class
// reads as ErrNotFound.
type Reader interface {
	Nonce(addr felt.Felt) (felt.Felt, error)
	ClassHashAt(addr felt.Felt) (felt.Felt, error)
	StorageAt(addr, key felt.Felt) (felt.Felt, error)
	Class(classHash felt.Felt) ([]byte, error)
	CompiledClassHash(classHash felt.Felt) (felt.Felt, error)
}

// Writer writes the Starknet world state.
type Writer interface {
	SetNonce(addr, nonce felt.Felt) error
	SetClassHashAt(addr, classHash felt.Felt) error
	SetStorage(addr, key, value felt.Felt) error
	SetClass(classHash felt.Felt, class []byte) error
	SetCompiledClassHash(classHash, compiledClassHash felt.Felt) error
}

// getter is the read side shared by IAVL trees.
type getter interface {
	Get(key []byte) ([]byte, error)
}

func readFelt(g getter, key []byte) (felt.Felt, error) {
	v, err := g.Get(key)
	if err != nil {
		return felt.Zero, fmt.Errorf("read key %x: %w", key, err)
	}
	if v == nil {
		return felt.Zero, nil
	}
	f, err := felt.FromBytesCanonical(v)
	if err != nil {
		return felt.Zero, fmt.Errorf("key %x: %w: %w", key, ErrCorrupt, err)
	}
	return f, nil
}

func readClass(g getter, classHash felt.Felt) ([]byte, error) {
	v, err := g.Get(classKey(&classHash))
	if err != nil {
		return nil, fmt.Errorf("read class %s: %w", classHash.Hex(), err)
	}
	if v == nil {
		return nil, fmt.Errorf("class %s: %w", classHash.Hex(), ErrNotFound)
	}
	out := make([]byte, len(v))
	copy(out, v)
	return out, nil
}

func feltValue(f felt.Felt) []byte {
	b := f.Bytes()
	return b[:]
}
