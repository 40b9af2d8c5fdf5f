package wire

import (
	"encoding/json"

	"github.com/cairnchain/cairn/execution/felt"
)

// StorageEntry is one key/value of a CONTRACT_STORAGE_DIFF_ITEM.
type StorageEntry struct {
	Key   felt.Felt `json:"key"`
	Value felt.Felt `json:"value"`
}

// StorageDiff is CONTRACT_STORAGE_DIFF_ITEM.
type StorageDiff struct {
	Address        felt.Felt      `json:"address"`
	StorageEntries []StorageEntry `json:"storage_entries"`
}

// MarshalJSON encodes nil entries as [].
func (d StorageDiff) MarshalJSON() ([]byte, error) {
	type plain StorageDiff
	p := plain(d)
	p.StorageEntries = nonNil(p.StorageEntries)
	return json.Marshal(p)
}

// DeclaredClass is an entry of declared_classes / migrated_compiled_classes.
type DeclaredClass struct {
	ClassHash         felt.Felt `json:"class_hash"`
	CompiledClassHash felt.Felt `json:"compiled_class_hash"`
}

// DeployedContract is DEPLOYED_CONTRACT_ITEM.
type DeployedContract struct {
	Address   felt.Felt `json:"address"`
	ClassHash felt.Felt `json:"class_hash"`
}

// ReplacedClass is an entry of replaced_classes.
type ReplacedClass struct {
	ContractAddress felt.Felt `json:"contract_address"`
	ClassHash       felt.Felt `json:"class_hash"`
}

// NonceUpdate is an entry of nonces.
type NonceUpdate struct {
	ContractAddress felt.Felt `json:"contract_address"`
	Nonce           felt.Felt `json:"nonce"`
}

// StateDiff is STATE_DIFF.
type StateDiff struct {
	StorageDiffs              []StorageDiff      `json:"storage_diffs"`
	DeprecatedDeclaredClasses []felt.Felt        `json:"deprecated_declared_classes"`
	DeclaredClasses           []DeclaredClass    `json:"declared_classes"`
	MigratedCompiledClasses   []DeclaredClass    `json:"migrated_compiled_classes,omitempty"`
	DeployedContracts         []DeployedContract `json:"deployed_contracts"`
	ReplacedClasses           []ReplacedClass    `json:"replaced_classes"`
	Nonces                    []NonceUpdate      `json:"nonces"`
}

// MarshalJSON encodes the required nil lists as [].
func (d StateDiff) MarshalJSON() ([]byte, error) {
	type plain StateDiff
	p := plain(d)
	p.StorageDiffs = nonNil(p.StorageDiffs)
	p.DeprecatedDeclaredClasses = nonNil(p.DeprecatedDeclaredClasses)
	p.DeclaredClasses = nonNil(p.DeclaredClasses)
	p.DeployedContracts = nonNil(p.DeployedContracts)
	p.ReplacedClasses = nonNil(p.ReplacedClasses)
	p.Nonces = nonNil(p.Nonces)
	return json.Marshal(p)
}

// StateUpdate is STATE_UPDATE.
type StateUpdate struct {
	BlockHash felt.Felt `json:"block_hash"`
	OldRoot   felt.Felt `json:"old_root"`
	NewRoot   felt.Felt `json:"new_root"`
	StateDiff StateDiff `json:"state_diff"`
}

// PreConfirmedStateUpdate is PRE_CONFIRMED_STATE_UPDATE.
type PreConfirmedStateUpdate struct {
	OldRoot   felt.Felt `json:"old_root"`
	StateDiff StateDiff `json:"state_diff"`
}

// StorageResult is STORAGE_RESULT (getStorageAt with INCLUDE_LAST_UPDATE_BLOCK).
type StorageResult struct {
	Value           felt.Felt `json:"value"`
	LastUpdateBlock uint64    `json:"last_update_block"`
}
