package starknet

import (
	"github.com/cairnchain/cairn/execution/felt"
)

// TxType is the spec transaction type.
type TxType uint8

// Transaction types, numbered as in the binary encoding.
const (
	TxInvoke        TxType = 1
	TxDeployAccount TxType = 2
	TxDeclare       TxType = 3
)

// String returns the spec name ("INVOKE", "DEPLOY_ACCOUNT", "DECLARE").
func (t TxType) String() string {
	switch t {
	case TxInvoke:
		return "INVOKE"
	case TxDeployAccount:
		return "DEPLOY_ACCOUNT"
	case TxDeclare:
		return "DECLARE"
	}
	return "UNKNOWN"
}

// MarshalText encodes the spec name.
func (t TxType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Transaction is a Starknet transaction: *InvokeV3, *DeployAccountV3,
// *DeclareV3 (executed) or *InvokeV1 (decoded and hashed for reading only;
// Execute rejects it with ErrUnsupportedTxVersion).
type Transaction interface {
	// Type is the spec transaction type.
	Type() TxType
	// Version is the transaction version felt (3, or 1 for InvokeV1).
	Version() felt.Felt
	// Hash is the Starknet transaction hash on the chain with chainID.
	Hash(chainID felt.Felt) felt.TxHash
	// SenderAddress is the account that pays and whose nonce is used; for
	// DEPLOY_ACCOUNT it is the computed address of the new account.
	SenderAddress() felt.Address
	// TxNonce is the account nonce the transaction claims.
	TxNonce() felt.Felt
	// TxSignature is the signature passed to the account's validation.
	TxSignature() []felt.Felt
}

// V3Fields are the fields every v3 transaction carries.
type V3Fields struct {
	Signature      []felt.Felt
	Nonce          felt.Felt
	ResourceBounds ResourceBounds
	Tip            uint64
	PaymasterData  []felt.Felt
	NonceDAMode    DAMode
	FeeDAMode      DAMode
	// Query marks a fee-estimation/simulation transaction (version
	// 2^128 + 3, hashed with that version). Query transactions are never
	// executed into blocks and are not part of the binary encoding.
	Query bool
}

// TxNonce implements Transaction.
func (f *V3Fields) TxNonce() felt.Felt { return f.Nonce }

// TxSignature implements Transaction.
func (f *V3Fields) TxSignature() []felt.Felt { return f.Signature }

// Version implements Transaction: 3, or 2^128 + 3 for a query.
func (f *V3Fields) Version() felt.Felt {
	if f.Query {
		return queryVersion3
	}
	return felt.FromUint64(3)
}

// queryVersion3 is 2^128 + 3.
var queryVersion3 = felt.MustHex("0x100000000000000000000000000000003")

// V3 returns the shared v3 fields.
func (f *V3Fields) V3() *V3Fields { return f }

// InvokeV3 is INVOKE_TXN_V3: the account's __validate__ then __execute__
// run with Calldata (the multicall encoding for Cairn's account).
type InvokeV3 struct {
	V3Fields
	Sender                felt.Address
	Calldata              []felt.Felt
	AccountDeploymentData []felt.Felt
	// ProofFacts is the optional proof_facts of RPC v0.10; hashed only when non-empty.
	ProofFacts []felt.Felt
}

// Type implements Transaction.
func (tx *InvokeV3) Type() TxType { return TxInvoke }

// SenderAddress implements Transaction.
func (tx *InvokeV3) SenderAddress() felt.Address { return tx.Sender }

// DeployAccountV3 is DEPLOY_ACCOUNT_TXN_V3: deploys an account of ClassHash at
// ContractAddress(0, salt, class, calldata), runs its constructor then
// __validate_deploy__.
type DeployAccountV3 struct {
	V3Fields
	ClassHash           felt.ClassHash
	ContractAddressSalt felt.Felt
	ConstructorCalldata []felt.Felt
}

// Type implements Transaction.
func (tx *DeployAccountV3) Type() TxType { return TxDeployAccount }

// SenderAddress implements Transaction: the address the account is deployed at.
func (tx *DeployAccountV3) SenderAddress() felt.Address {
	return ContractAddress(felt.Zero, tx.ContractAddressSalt, tx.ClassHash, tx.ConstructorCalldata)
}

// DeclareV3 is DECLARE_TXN_V3 carrying the CASM class itself (Cairn runs no
// Sierra compiler). ClassHash must equal Class.Hash() and CompiledClassHash
// Class.CompiledClassHash().
type DeclareV3 struct {
	V3Fields
	Sender                felt.Address
	ClassHash             felt.ClassHash
	CompiledClassHash     felt.Felt
	AccountDeploymentData []felt.Felt
	Class                 *Class
}

// Type implements Transaction.
func (tx *DeclareV3) Type() TxType { return TxDeclare }

// SenderAddress implements Transaction.
func (tx *DeclareV3) SenderAddress() felt.Address { return tx.Sender }

// InvokeV1 is the legacy INVOKE_TXN_V1 (max_fee in WEI, Pedersen hash). Cairn
// decodes and hashes it for RPC responses but does not execute it.
type InvokeV1 struct {
	Sender    felt.Address
	Calldata  []felt.Felt
	MaxFee    felt.Felt
	Signature []felt.Felt
	Nonce     felt.Felt
}

// Type implements Transaction.
func (tx *InvokeV1) Type() TxType { return TxInvoke }

// Version implements Transaction.
func (tx *InvokeV1) Version() felt.Felt { return felt.One }

// SenderAddress implements Transaction.
func (tx *InvokeV1) SenderAddress() felt.Address { return tx.Sender }

// TxNonce implements Transaction.
func (tx *InvokeV1) TxNonce() felt.Felt { return tx.Nonce }

// TxSignature implements Transaction.
func (tx *InvokeV1) TxSignature() []felt.Felt { return tx.Signature }

// Compile-time interface checks.
var (
	_ Transaction = (*InvokeV3)(nil)
	_ Transaction = (*DeployAccountV3)(nil)
	_ Transaction = (*DeclareV3)(nil)
	_ Transaction = (*InvokeV1)(nil)
)
