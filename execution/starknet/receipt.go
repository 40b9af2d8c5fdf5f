package starknet

import (
	"github.com/cairnchain/cairn/execution/felt"
)

// ExecutionStatus is the spec TXN_EXECUTION_STATUS.
type ExecutionStatus string

// Execution statuses.
const (
	StatusSucceeded ExecutionStatus = "SUCCEEDED"
	StatusReverted  ExecutionStatus = "REVERTED"
)

// FeePayment is the spec FEE_PAYMENT; Cairn always charges in FRI.
type FeePayment struct {
	Amount felt.Felt `json:"amount"`
	Unit   string    `json:"unit"`
}

// Event is the spec EVENT (from_address, keys, data).
type Event struct {
	FromAddress felt.Address `json:"from_address"`
	Keys        []felt.Felt  `json:"keys"`
	Data        []felt.Felt  `json:"data"`
}

// MessageToL1 is the spec MSG_TO_L1.
type MessageToL1 struct {
	FromAddress felt.Address `json:"from_address"`
	ToAddress   felt.Felt    `json:"to_address"`
	Payload     []felt.Felt  `json:"payload"`
}

// ExecutionResources is the spec EXECUTION_RESOURCES.
type ExecutionResources struct {
	L1Gas     uint64 `json:"l1_gas"`
	L1DataGas uint64 `json:"l1_data_gas"`
	L2Gas     uint64 `json:"l2_gas"`
}

// Receipt is a transaction's outcome (the spec receipt without the
// block/finality fields, which the chain adds).
type Receipt struct {
	Type               TxType             `json:"type"`
	TransactionHash    felt.TxHash        `json:"transaction_hash"`
	ActualFee          FeePayment         `json:"actual_fee"`
	ExecutionStatus    ExecutionStatus    `json:"execution_status"`
	RevertReason       string             `json:"revert_reason,omitempty"`
	Events             []Event            `json:"events"`
	MessagesSent       []MessageToL1      `json:"messages_sent"`
	ExecutionResources ExecutionResources `json:"execution_resources"`
	// ContractAddress is set for DEPLOY_ACCOUNT.
	ContractAddress *felt.Address `json:"contract_address,omitempty"`
	// CairoSteps is the number of Cairo steps the transaction used (for
	// block step limits; not part of the spec receipt).
	CairoSteps uint64 `json:"-"`
}
