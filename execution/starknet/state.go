package starknet

import (
	"github.com/cairnchain/cairn/execution/felt"
)

// StateReader reads Starknet state. Missing entries read as zero (an
// undeployed address has class hash 0 and nonce 0; unset storage is 0);
// Class and CompiledClassHash return ErrClassHashNotFound for an undeclared
// class. Other errors are backend failures and abort execution.
type StateReader interface {
	ClassHashAt(addr felt.Address) (felt.ClassHash, error)
	NonceAt(addr felt.Address) (felt.Felt, error)
	StorageAt(addr felt.Address, key felt.Felt) (felt.Felt, error)
	Class(classHash felt.ClassHash) (*Class, error)
	CompiledClassHash(classHash felt.ClassHash) (felt.Felt, error)
}

// StateWriter writes Starknet state.
type StateWriter interface {
	SetClassHashAt(addr felt.Address, classHash felt.ClassHash) error
	SetNonce(addr felt.Address, nonce felt.Felt) error
	SetStorage(addr felt.Address, key, value felt.Felt) error
	// DeclareClass stores a class under its class hash with its compiled class hash.
	DeclareClass(classHash felt.ClassHash, compiledClassHash felt.Felt, class *Class) error
}

// State is readable and writable state, e.g. the chain's IAVL-backed store.
type State interface {
	StateReader
	StateWriter
}

// IsDeclared reports whether classHash is declared in st.
func IsDeclared(st StateReader, classHash felt.ClassHash) (bool, error) {
	_, err := st.CompiledClassHash(classHash)
	if err == nil {
		return true, nil
	}
	if isNotFound(err) {
		return false, nil
	}
	return false, err
}
