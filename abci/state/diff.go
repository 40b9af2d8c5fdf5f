package state

import "github.com/cairnchain/cairn/execution/felt"

// StateDiff is the set of world-state changes of a block (or transaction),
// every list sorted by address / class hash / key.
type StateDiff struct {
	Nonces              []NonceUpdate      `json:"nonces"`
	DeployedContracts   []DeployedContract `json:"deployed_contracts"`
	StorageDiffs        []StorageDiff      `json:"storage_diffs"`
	DeclaredClasses     []DeclaredClass    `json:"declared_classes"`
	CompiledClassHashes []DeclaredClass    `json:"compiled_class_hashes"`
}

// NonceUpdate is a contract's new nonce.
type NonceUpdate struct {
	Address felt.Felt `json:"contract_address"`
	Nonce   felt.Felt `json:"nonce"`
}

// DeployedContract is a contract whose class hash was set (deployed or replaced).
type DeployedContract struct {
	Address   felt.Felt `json:"address"`
	ClassHash felt.Felt `json:"class_hash"`
}

// StorageDiff is one contract's storage writes.
type StorageDiff struct {
	Address felt.Felt      `json:"address"`
	Entries []StorageEntry `json:"storage_entries"`
}

// StorageEntry is one storage write.
type StorageEntry struct {
	Key   felt.Felt `json:"key"`
	Value felt.Felt `json:"value"`
}

// DeclaredClass is a declared class and (for Sierra classes) its compiled class hash.
type DeclaredClass struct {
	ClassHash         felt.Felt `json:"class_hash"`
	CompiledClassHash felt.Felt `json:"compiled_class_hash"`
}

// Length is the number of state-diff entries as counted by the Starknet
// block hash (v0.13.2+): storage entries, nonces, deployed/replaced
// contracts and declared classes.
func (d *StateDiff) Length() uint64 {
	n := uint64(len(d.Nonces) + len(d.DeployedContracts) + len(d.CompiledClassHashes))
	for _, s := range d.StorageDiffs {
		n += uint64(len(s.Entries))
	}
	return n
}
