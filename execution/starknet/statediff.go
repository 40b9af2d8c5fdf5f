package starknet

import (
	"github.com/cairnchain/cairn/execution/felt"
)

// StateDiff is the spec STATE_DIFF: every list sorted by address / class
// hash, storage entries by key, so equal diffs encode to equal bytes.
type StateDiff struct {
	StorageDiffs              []ContractStorageDiff `json:"storage_diffs"`
	DeprecatedDeclaredClasses []felt.ClassHash      `json:"deprecated_declared_classes"`
	DeclaredClasses           []DeclaredClass       `json:"declared_classes"`
	DeployedContracts         []DeployedContract    `json:"deployed_contracts"`
	ReplacedClasses           []ReplacedClass       `json:"replaced_classes"`
	Nonces                    []NonceUpdate         `json:"nonces"`
}

// ContractStorageDiff is the spec CONTRACT_STORAGE_DIFF_ITEM.
type ContractStorageDiff struct {
	Address        felt.Address   `json:"address"`
	StorageEntries []StorageEntry `json:"storage_entries"`
}

// StorageEntry is one changed storage slot.
type StorageEntry struct {
	Key   felt.Felt `json:"key"`
	Value felt.Felt `json:"value"`
}

// DeclaredClass is a class declared in the diff.
type DeclaredClass struct {
	ClassHash         felt.ClassHash `json:"class_hash"`
	CompiledClassHash felt.Felt      `json:"compiled_class_hash"`
}

// DeployedContract is the spec DEPLOYED_CONTRACT_ITEM.
type DeployedContract struct {
	Address   felt.Address   `json:"address"`
	ClassHash felt.ClassHash `json:"class_hash"`
}

// ReplacedClass is a contract whose class was replaced (replace_class syscall).
type ReplacedClass struct {
	ContractAddress felt.Address   `json:"contract_address"`
	ClassHash       felt.ClassHash `json:"class_hash"`
}

// NonceUpdate is an account's nonce at the end of the diff.
type NonceUpdate struct {
	ContractAddress felt.Address `json:"contract_address"`
	Nonce           felt.Felt    `json:"nonce"`
}

// IsEmpty reports whether the diff changes nothing.
func (d *StateDiff) IsEmpty() bool {
	return len(d.StorageDiffs) == 0 && len(d.DeprecatedDeclaredClasses) == 0 && len(d.DeclaredClasses) == 0 &&
		len(d.DeployedContracts) == 0 && len(d.ReplacedClasses) == 0 && len(d.Nonces) == 0
}
