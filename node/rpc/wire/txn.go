package wire

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// Transaction types of the spec's TXN_TYPE.
const (
	TxInvoke        = "INVOKE"
	TxDeclare       = "DECLARE"
	TxDeployAccount = "DEPLOY_ACCOUNT"
	TxDeploy        = "DEPLOY"
	TxL1Handler     = "L1_HANDLER"
)

// Transaction versions. Query versions (2^128 + v) mark transactions signed
// only for simulation or fee estimation.
const (
	Version0      = "0x0"
	Version1      = "0x1"
	Version3      = "0x3"
	QueryVersion3 = "0x100000000000000000000000000000003"
)

// Data-availability modes of a transaction (DA_MODE).
const (
	DAModeL1 = "L1"
	DAModeL2 = "L2"
)

// ErrBadTxn is returned by Txn.ValidateBroadcast for a transaction whose
// shape does not match BROADCASTED_TXN.
var ErrBadTxn = errors.New("wire: invalid broadcasted transaction")

// ResourceBounds is RESOURCE_BOUNDS (max_price_per_unit is a u128, carried as a felt).
type ResourceBounds struct {
	MaxAmount       U64       `json:"max_amount"`
	MaxPricePerUnit felt.Felt `json:"max_price_per_unit"`
}

// ResourceBoundsMapping is RESOURCE_BOUNDS_MAPPING.
type ResourceBoundsMapping struct {
	L1Gas     ResourceBounds `json:"l1_gas"`
	L1DataGas ResourceBounds `json:"l1_data_gas"`
	L2Gas     ResourceBounds `json:"l2_gas"`
}

// Txn is any transaction of the spec (TXN, TXN_WITH_HASH, BROADCASTED_TXN)
// as one flat struct; Type and Version say which fields are meaningful.
// MarshalJSON emits exactly the fields of that type and version.
type Txn struct {
	TransactionHash *felt.Felt `json:"transaction_hash,omitempty"`
	Type            string     `json:"type"`
	Version         string     `json:"version"`

	SenderAddress         felt.Felt              `json:"sender_address"`
	Calldata              []felt.Felt            `json:"calldata"`
	Signature             []felt.Felt            `json:"signature"`
	Nonce                 felt.Felt              `json:"nonce"`
	ResourceBounds        *ResourceBoundsMapping `json:"resource_bounds,omitempty"`
	Tip                   U64                    `json:"tip"`
	PaymasterData         []felt.Felt            `json:"paymaster_data"`
	AccountDeploymentData []felt.Felt            `json:"account_deployment_data"`
	NonceDAMode           string                 `json:"nonce_data_availability_mode"`
	FeeDAMode             string                 `json:"fee_data_availability_mode"`
	ProofFacts            []felt.Felt            `json:"proof_facts,omitempty"`
	Proof                 string                 `json:"proof,omitempty"`

	ClassHash         felt.Felt       `json:"class_hash"`
	CompiledClassHash felt.Felt       `json:"compiled_class_hash"`
	ContractClass     json.RawMessage `json:"contract_class,omitempty"`

	ContractAddressSalt felt.Felt   `json:"contract_address_salt"`
	ConstructorCalldata []felt.Felt `json:"constructor_calldata"`

	ContractAddress    felt.Felt `json:"contract_address"`
	EntryPointSelector felt.Felt `json:"entry_point_selector"`
	MaxFee             felt.Felt `json:"max_fee"`
}

// IsV3 reports whether the version is 3 or its query variant.
func (t *Txn) IsV3() bool { return t.Version == Version3 || t.Version == QueryVersion3 }

// IsQuery reports whether the transaction carries a query version.
func (t *Txn) IsQuery() bool { return t.Version == QueryVersion3 }

// MarshalJSON emits the spec's shape for the transaction's type and version.
func (t Txn) MarshalJSON() ([]byte, error) {
	m := map[string]any{"type": t.Type, "version": t.Version}
	v3 := func() {
		m["signature"] = nonNil(t.Signature)
		m["nonce"] = t.Nonce
		rb := ResourceBoundsMapping{}
		if t.ResourceBounds != nil {
			rb = *t.ResourceBounds
		}
		m["resource_bounds"] = rb
		m["tip"] = t.Tip
		m["paymaster_data"] = nonNil(t.PaymasterData)
		m["nonce_data_availability_mode"] = daOrL1(t.NonceDAMode)
		m["fee_data_availability_mode"] = daOrL1(t.FeeDAMode)
	}
	switch {
	case t.Type == TxInvoke && t.IsV3():
		v3()
		m["sender_address"] = t.SenderAddress
		m["calldata"] = nonNil(t.Calldata)
		m["account_deployment_data"] = nonNil(t.AccountDeploymentData)
		if t.ProofFacts != nil {
			m["proof_facts"] = t.ProofFacts
		}
		if t.Proof != "" {
			m["proof"] = t.Proof
		}
	case t.Type == TxInvoke && t.Version == Version1:
		m["sender_address"] = t.SenderAddress
		m["calldata"] = nonNil(t.Calldata)
		m["max_fee"] = t.MaxFee
		m["signature"] = nonNil(t.Signature)
		m["nonce"] = t.Nonce
	case t.Type == TxInvoke && t.Version == Version0:
		m["contract_address"] = t.ContractAddress
		m["entry_point_selector"] = t.EntryPointSelector
		m["calldata"] = nonNil(t.Calldata)
		m["max_fee"] = t.MaxFee
		m["signature"] = nonNil(t.Signature)
	case t.Type == TxDeclare && t.IsV3():
		v3()
		m["sender_address"] = t.SenderAddress
		m["compiled_class_hash"] = t.CompiledClassHash
		m["account_deployment_data"] = nonNil(t.AccountDeploymentData)
		if t.ContractClass != nil {
			m["contract_class"] = t.ContractClass
		} else {
			m["class_hash"] = t.ClassHash
		}
	case t.Type == TxDeployAccount && t.IsV3():
		v3()
		m["contract_address_salt"] = t.ContractAddressSalt
		m["constructor_calldata"] = nonNil(t.ConstructorCalldata)
		m["class_hash"] = t.ClassHash
	case t.Type == TxL1Handler:
		m["nonce"] = t.Nonce
		m["contract_address"] = t.ContractAddress
		m["entry_point_selector"] = t.EntryPointSelector
		m["calldata"] = nonNil(t.Calldata)
	default:
		return nil, fmt.Errorf("wire: cannot encode %s transaction version %q", t.Type, t.Version)
	}
	if t.TransactionHash != nil {
		m["transaction_hash"] = t.TransactionHash
	}
	return json.Marshal(m)
}

func daOrL1(s string) string {
	if s == "" {
		return DAModeL1
	}
	return s
}

// ValidateBroadcast checks that t is a BROADCASTED_TXN of the given type:
// version 3 (or its query variant), DA modes L1/L2, a class for DECLARE.
func (t *Txn) ValidateBroadcast(wantType string) error {
	if t.Type != wantType {
		return fmt.Errorf("%w: type %q, want %q", ErrBadTxn, t.Type, wantType)
	}
	if !t.IsV3() {
		return fmt.Errorf("%w: version %q", ErrBadTxn, t.Version)
	}
	if t.ResourceBounds == nil {
		return fmt.Errorf("%w: resource_bounds missing", ErrBadTxn)
	}
	for _, m := range []string{t.NonceDAMode, t.FeeDAMode} {
		if m != DAModeL1 && m != DAModeL2 {
			return fmt.Errorf("%w: data availability mode %q", ErrBadTxn, m)
		}
	}
	if wantType == TxDeclare && len(t.ContractClass) == 0 {
		return fmt.Errorf("%w: contract_class missing", ErrBadTxn)
	}
	return nil
}

// FunctionCall is FUNCTION_CALL (the request of starknet_call).
type FunctionCall struct {
	ContractAddress    felt.Felt   `json:"contract_address"`
	EntryPointSelector felt.Felt   `json:"entry_point_selector"`
	Calldata           []felt.Felt `json:"calldata"`
}

// MsgFromL1 is MSG_FROM_L1 (the message of starknet_estimateMessageFee).
type MsgFromL1 struct {
	FromAddress        string      `json:"from_address"`
	ToAddress          felt.Felt   `json:"to_address"`
	EntryPointSelector felt.Felt   `json:"entry_point_selector"`
	Payload            []felt.Felt `json:"payload"`
}

// AddInvokeResult is the result of starknet_addInvokeTransaction.
type AddInvokeResult struct {
	TransactionHash felt.Felt `json:"transaction_hash"`
}

// AddDeclareResult is the result of starknet_addDeclareTransaction.
type AddDeclareResult struct {
	TransactionHash felt.Felt `json:"transaction_hash"`
	ClassHash       felt.Felt `json:"class_hash"`
}

// AddDeployAccountResult is the result of starknet_addDeployAccountTransaction.
type AddDeployAccountResult struct {
	TransactionHash felt.Felt `json:"transaction_hash"`
	ContractAddress felt.Felt `json:"contract_address"`
}
