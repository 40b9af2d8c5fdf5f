package wire

import (
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// Entry point and call types of a FUNCTION_INVOCATION.
const (
	EntryExternal    = "EXTERNAL"
	EntryL1Handler   = "L1_HANDLER"
	EntryConstructor = "CONSTRUCTOR"
	CallTypeCall     = "CALL"
	CallTypeLibrary  = "LIBRARY_CALL"
	CallTypeDelegate = "DELEGATE"
)

// OrderedEvent is ORDERED_EVENT (event content with its order in the call).
type OrderedEvent struct {
	Order uint64      `json:"order"`
	Keys  []felt.Felt `json:"keys"`
	Data  []felt.Felt `json:"data"`
}

// OrderedMessage is ORDERED_MESSAGE.
type OrderedMessage struct {
	Order       uint64      `json:"order"`
	FromAddress felt.Felt   `json:"from_address"`
	ToAddress   felt.Felt   `json:"to_address"`
	Payload     []felt.Felt `json:"payload"`
}

// InnerCallResources is INNER_CALL_EXECUTION_RESOURCES.
type InnerCallResources struct {
	L1Gas uint64 `json:"l1_gas"`
	L2Gas uint64 `json:"l2_gas"`
}

// FunctionInvocation is FUNCTION_INVOCATION: one call and its nested calls.
type FunctionInvocation struct {
	ContractAddress    felt.Felt            `json:"contract_address"`
	EntryPointSelector felt.Felt            `json:"entry_point_selector"`
	Calldata           []felt.Felt          `json:"calldata"`
	CallerAddress      felt.Felt            `json:"caller_address"`
	ClassHash          felt.Felt            `json:"class_hash"`
	EntryPointType     string               `json:"entry_point_type"`
	CallType           string               `json:"call_type"`
	Result             []felt.Felt          `json:"result"`
	Calls              []FunctionInvocation `json:"calls"`
	Events             []OrderedEvent       `json:"events"`
	Messages           []OrderedMessage     `json:"messages"`
	ExecutionResources InnerCallResources   `json:"execution_resources"`
	IsReverted         bool                 `json:"is_reverted"`
}

// MarshalJSON encodes nil lists as [] (here and in nested calls).
func (f FunctionInvocation) MarshalJSON() ([]byte, error) {
	type plain FunctionInvocation
	p := plain(f)
	p.Calldata, p.Result = nonNil(p.Calldata), nonNil(p.Result)
	p.Calls, p.Events, p.Messages = nonNil(p.Calls), nonNil(p.Events), nonNil(p.Messages)
	for i := range p.Events {
		p.Events[i].Keys, p.Events[i].Data = nonNil(p.Events[i].Keys), nonNil(p.Events[i].Data)
	}
	for i := range p.Messages {
		p.Messages[i].Payload = nonNil(p.Messages[i].Payload)
	}
	return json.Marshal(p)
}

// TransactionTrace is TRANSACTION_TRACE for any transaction type. For an
// INVOKE whose execution reverted, ExecuteInvocation is nil and RevertReason
// is set (the spec's REVERTIBLE_FUNCTION_INVOCATION).
type TransactionTrace struct {
	Type                  string              `json:"type"`
	ValidateInvocation    *FunctionInvocation `json:"validate_invocation,omitempty"`
	ExecuteInvocation     *FunctionInvocation `json:"-"`
	RevertReason          string              `json:"-"`
	FeeTransferInvocation *FunctionInvocation `json:"fee_transfer_invocation,omitempty"`
	ConstructorInvocation *FunctionInvocation `json:"constructor_invocation,omitempty"`
	FunctionInvocation    *FunctionInvocation `json:"function_invocation,omitempty"`
	StateDiff             *StateDiff          `json:"state_diff,omitempty"`
	ExecutionResources    ExecutionResources  `json:"execution_resources"`
}

// MarshalJSON emits execute_invocation for INVOKE (the invocation or
// {revert_reason}), and fails when a type's required invocation is missing.
func (t TransactionTrace) MarshalJSON() ([]byte, error) {
	type plain TransactionTrace
	out := struct {
		plain
		Execute any `json:"execute_invocation,omitempty"`
	}{plain: plain(t)}
	switch t.Type {
	case TxInvoke:
		if t.ExecuteInvocation != nil {
			out.Execute = t.ExecuteInvocation
		} else {
			out.Execute = struct {
				RevertReason string `json:"revert_reason"`
			}{t.RevertReason}
		}
	case TxDeployAccount:
		if t.ConstructorInvocation == nil {
			return nil, fmt.Errorf("wire: DEPLOY_ACCOUNT trace without constructor_invocation")
		}
	case TxL1Handler:
		if t.FunctionInvocation == nil {
			return nil, fmt.Errorf("wire: L1_HANDLER trace without function_invocation")
		}
	case TxDeclare:
	default:
		return nil, fmt.Errorf("wire: cannot encode trace of type %q", t.Type)
	}
	return json.Marshal(out)
}

// UnmarshalJSON decodes execute_invocation as an invocation or a revert reason.
func (t *TransactionTrace) UnmarshalJSON(b []byte) error {
	type plain TransactionTrace
	var in struct {
		plain
		Execute json.RawMessage `json:"execute_invocation"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*t = TransactionTrace(in.plain)
	if len(in.Execute) == 0 || string(in.Execute) == "null" {
		return nil
	}
	var probe struct {
		RevertReason *string `json:"revert_reason"`
	}
	if err := json.Unmarshal(in.Execute, &probe); err != nil {
		return err
	}
	if probe.RevertReason != nil {
		t.RevertReason = *probe.RevertReason
		return nil
	}
	t.ExecuteInvocation = new(FunctionInvocation)
	return json.Unmarshal(in.Execute, t.ExecuteInvocation)
}

// SimulatedTransaction is one entry of starknet_simulateTransactions.
type SimulatedTransaction struct {
	TransactionTrace TransactionTrace `json:"transaction_trace"`
	FeeEstimation    FeeEstimate      `json:"fee_estimation"`
}

// BlockTransactionTrace is one entry of starknet_traceBlockTransactions.
type BlockTransactionTrace struct {
	TransactionHash felt.Felt        `json:"transaction_hash"`
	TraceRoot       TransactionTrace `json:"trace_root"`
}
