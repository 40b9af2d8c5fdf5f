package wire

import (
	"encoding/json"

	"github.com/cairnchain/cairn/execution/felt"
)

// Execution statuses (TXN_EXECUTION_STATUS).
const (
	ExecSucceeded = "SUCCEEDED"
	ExecReverted  = "REVERTED"
)

// Transaction statuses (TXN_STATUS); finality statuses are the last three.
const (
	TxReceived     = "RECEIVED"
	TxCandidate    = "CANDIDATE"
	TxPreConfirmed = "PRE_CONFIRMED"
	TxAcceptedOnL2 = "ACCEPTED_ON_L2"
	TxAcceptedOnL1 = "ACCEPTED_ON_L1"
)

// Price units (PRICE_UNIT).
const (
	UnitFri = "FRI"
	UnitWei = "WEI"
)

// FeePayment is FEE_PAYMENT.
type FeePayment struct {
	Amount felt.Felt `json:"amount"`
	Unit   string    `json:"unit"`
}

// ExecutionResources is EXECUTION_RESOURCES.
type ExecutionResources struct {
	L1Gas     uint64 `json:"l1_gas"`
	L1DataGas uint64 `json:"l1_data_gas"`
	L2Gas     uint64 `json:"l2_gas"`
}

// Event is EVENT: the emitting contract and its keys and data.
type Event struct {
	FromAddress felt.Felt   `json:"from_address"`
	Keys        []felt.Felt `json:"keys"`
	Data        []felt.Felt `json:"data"`
}

// MarshalJSON encodes nil keys or data as [].
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event
	p := plain(e)
	p.Keys, p.Data = nonNil(p.Keys), nonNil(p.Data)
	return json.Marshal(p)
}

// MsgToL1 is MSG_TO_L1.
type MsgToL1 struct {
	FromAddress felt.Felt   `json:"from_address"`
	ToAddress   felt.Felt   `json:"to_address"`
	Payload     []felt.Felt `json:"payload"`
}

// MarshalJSON encodes a nil payload as [].
func (m MsgToL1) MarshalJSON() ([]byte, error) {
	type plain MsgToL1
	p := plain(m)
	p.Payload = nonNil(p.Payload)
	return json.Marshal(p)
}

// Receipt is TXN_RECEIPT, and TXN_RECEIPT_WITH_BLOCK_INFO when BlockNumber is
// set. MarshalJSON emits contract_address only for DEPLOY_ACCOUNT/DEPLOY,
// message_hash only for L1_HANDLER and revert_reason only when REVERTED.
type Receipt struct {
	Type               string             `json:"type"`
	TransactionHash    felt.Felt          `json:"transaction_hash"`
	ActualFee          FeePayment         `json:"actual_fee"`
	FinalityStatus     string             `json:"finality_status"`
	ExecutionStatus    string             `json:"execution_status"`
	RevertReason       string             `json:"revert_reason,omitempty"`
	MessagesSent       []MsgToL1          `json:"messages_sent"`
	Events             []Event            `json:"events"`
	ExecutionResources ExecutionResources `json:"execution_resources"`
	ContractAddress    *felt.Felt         `json:"contract_address,omitempty"`
	MessageHash        string             `json:"message_hash,omitempty"`
	BlockHash          *felt.Felt         `json:"block_hash,omitempty"`
	BlockNumber        *uint64            `json:"block_number,omitempty"`
}

// MarshalJSON emits the spec's shape for the receipt's type and status.
func (r Receipt) MarshalJSON() ([]byte, error) {
	type plain Receipt
	p := plain(r)
	p.MessagesSent, p.Events = nonNil(p.MessagesSent), nonNil(p.Events)
	if p.ExecutionStatus != ExecReverted {
		p.RevertReason = ""
	} else if p.RevertReason == "" {
		p.RevertReason = "reverted"
	}
	if p.Type == TxDeployAccount || p.Type == TxDeploy {
		if p.ContractAddress == nil {
			p.ContractAddress = &felt.Zero
		}
	} else {
		p.ContractAddress = nil
	}
	if p.Type == TxL1Handler {
		if p.MessageHash == "" {
			p.MessageHash = "0x0"
		}
	} else {
		p.MessageHash = ""
	}
	return json.Marshal(p)
}

// TxStatus is TXN_STATUS_RESULT.
type TxStatus struct {
	FinalityStatus  string `json:"finality_status"`
	ExecutionStatus string `json:"execution_status,omitempty"`
	FailureReason   string `json:"failure_reason,omitempty"`
}

// MessageStatus is one entry of starknet_getMessagesStatus.
type MessageStatus struct {
	TransactionHash felt.Felt `json:"transaction_hash"`
	FinalityStatus  string    `json:"finality_status"`
	ExecutionStatus string    `json:"execution_status"`
	FailureReason   string    `json:"failure_reason,omitempty"`
}
