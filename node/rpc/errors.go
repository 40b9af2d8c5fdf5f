package rpc

import (
	"errors"
	"fmt"
)

// Error is a JSON-RPC error object. The values below are the spec's errors;
// use WithData to attach the spec's data, never mutate them.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

func (e *Error) Error() string {
	if e.Data != nil {
		return fmt.Sprintf("rpc error %d: %s: %v", e.Code, e.Message, e.Data)
	}
	return fmt.Sprintf("rpc error %d: %s", e.Code, e.Message)
}

// Is matches errors with the same code, so errors.Is(err, ErrBlockNotFound)
// holds for a copy carrying data.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code
}

// WithData returns a copy of e carrying data.
func (e *Error) WithData(data any) *Error {
	return &Error{Code: e.Code, Message: e.Message, Data: data}
}

// JSON-RPC 2.0 errors.
var (
	ErrParse          = &Error{Code: -32700, Message: "Parse error"}
	ErrInvalidRequest = &Error{Code: -32600, Message: "Invalid Request"}
	ErrMethodNotFound = &Error{Code: -32601, Message: "Method not found"}
	ErrInvalidParams  = &Error{Code: -32602, Message: "Invalid params"}
	ErrInternal       = &Error{Code: -32603, Message: "Internal error"}
)

// Starknet JSON-RPC v0.10.3 errors (starknet_api_openrpc.json,
// starknet_write_api.json, starknet_trace_api_openrpc.json,
// starknet_ws_api.json, starknet_executables.json), with the spec's messages.
var (
	ErrFailedToReceiveTxn               = &Error{Code: 1, Message: "Failed to write transaction"}
	ErrNoTraceAvailable                 = &Error{Code: 10, Message: "No trace available for transaction"}
	ErrContractNotFound                 = &Error{Code: 20, Message: "Contract not found"}
	ErrEntrypointNotFound               = &Error{Code: 21, Message: "Requested entry point does not exist in the contract"}
	ErrBlockNotFound                    = &Error{Code: 24, Message: "Block not found"}
	ErrInvalidTxnIndex                  = &Error{Code: 27, Message: "Invalid transaction index in a block"}
	ErrClassHashNotFound                = &Error{Code: 28, Message: "Class hash not found"}
	ErrTxnHashNotFound                  = &Error{Code: 29, Message: "Transaction hash not found"}
	ErrPageSizeTooBig                   = &Error{Code: 31, Message: "Requested page size is too big"}
	ErrNoBlocks                         = &Error{Code: 32, Message: "There are no blocks"}
	ErrInvalidContinuationToken         = &Error{Code: 33, Message: "The supplied continuation token is invalid or unknown"}
	ErrTooManyKeysInFilter              = &Error{Code: 34, Message: "Too many keys provided in a filter"}
	ErrContractError                    = &Error{Code: 40, Message: "Contract error"}
	ErrTransactionExecutionError        = &Error{Code: 41, Message: "Transaction execution error"}
	ErrStorageProofNotSupported         = &Error{Code: 42, Message: "the node doesn't support storage proofs for blocks that are too far in the past"}
	ErrClassAlreadyDeclared             = &Error{Code: 51, Message: "Class already declared"}
	ErrInvalidTransactionNonce          = &Error{Code: 52, Message: "Invalid transaction nonce"}
	ErrInsufficientResourcesForValidate = &Error{Code: 53, Message: "The transaction's resources don't cover validation or the minimal transaction fee"}
	ErrInsufficientAccountBalance       = &Error{Code: 54, Message: "Account balance is smaller than the transaction's maximal fee (calculated as the sum of each resource's limit x max price)"}
	ErrValidationFailure                = &Error{Code: 55, Message: "Account validation failed"}
	ErrCompilationFailed                = &Error{Code: 56, Message: "Compilation failed"}
	ErrContractClassSizeIsTooLarge      = &Error{Code: 57, Message: "Contract class size is too large"}
	ErrNonAccount                       = &Error{Code: 58, Message: "Sender address is not an account contract"}
	ErrDuplicateTx                      = &Error{Code: 59, Message: "A transaction with the same hash already exists in the mempool"}
	ErrCompiledClassHashMismatch        = &Error{Code: 60, Message: "the compiled class hash did not match the one supplied in the transaction"}
	ErrUnsupportedTxVersion             = &Error{Code: 61, Message: "the transaction version is not supported"}
	ErrUnsupportedContractClassVersion  = &Error{Code: 62, Message: "the contract class version is not supported"}
	ErrUnexpectedError                  = &Error{Code: 63, Message: "An unexpected error occurred"}
	ErrReplacementTxUnderpriced         = &Error{Code: 64, Message: "Replacement transaction is underpriced"}
	ErrFeeBelowMinimum                  = &Error{Code: 65, Message: "Transaction fee below minimum"}
	ErrInvalidSubscriptionID            = &Error{Code: 66, Message: "Invalid subscription id"}
	ErrTooManyAddressesInFilter         = &Error{Code: 67, Message: "Too many addresses in filter sender_address filter"}
	ErrTooManyBlocksBack                = &Error{Code: 68, Message: "Cannot go back more than 1024 blocks"}
	ErrInvalidProof                     = &Error{Code: 69, Message: "The proof field in the invoke v3 transaction is invalid"}
	ErrCompilationError                 = &Error{Code: 100, Message: "Failed to compile the contract"}
)

// specErrors lists every Starknet error above by code; Backend errors that
// carry one of these codes (see CodedError) are reported with the spec's
// message.
var specErrors = func() map[int]*Error {
	m := map[int]*Error{}
	for _, e := range []*Error{
		ErrFailedToReceiveTxn, ErrNoTraceAvailable, ErrContractNotFound, ErrEntrypointNotFound,
		ErrBlockNotFound, ErrInvalidTxnIndex, ErrClassHashNotFound, ErrTxnHashNotFound,
		ErrPageSizeTooBig, ErrNoBlocks, ErrInvalidContinuationToken, ErrTooManyKeysInFilter,
		ErrContractError, ErrTransactionExecutionError, ErrStorageProofNotSupported,
		ErrClassAlreadyDeclared, ErrInvalidTransactionNonce, ErrInsufficientResourcesForValidate,
		ErrInsufficientAccountBalance, ErrValidationFailure, ErrCompilationFailed,
		ErrContractClassSizeIsTooLarge, ErrNonAccount, ErrDuplicateTx, ErrCompiledClassHashMismatch,
		ErrUnsupportedTxVersion, ErrUnsupportedContractClassVersion, ErrUnexpectedError,
		ErrReplacementTxUnderpriced, ErrFeeBelowMinimum, ErrInvalidSubscriptionID,
		ErrTooManyAddressesInFilter, ErrTooManyBlocksBack, ErrInvalidProof, ErrCompilationError,
	} {
		m[e.Code] = e
	}
	return m
}()

// CodedError is implemented by Backend errors that know their Starknet RPC
// code (e.g. the execution engine's sentinel errors, through an adapter).
// Detail, when non-empty, becomes the error's data for the codes whose spec
// data is a string (52, 55, 56, 63).
type CodedError interface {
	error
	RPCCode() int
}

// ContractErrorData is the data of CONTRACT_ERROR (40).
type ContractErrorData struct {
	RevertError string `json:"revert_error"`
}

// TransactionExecutionErrorData is the data of TRANSACTION_EXECUTION_ERROR (41).
type TransactionExecutionErrorData struct {
	TransactionIndex uint64 `json:"transaction_index"`
	ExecutionError   string `json:"execution_error"`
}

// NoTraceAvailableData is the data of NO_TRACE_AVAILABLE (10).
type NoTraceAvailableData struct {
	Status string `json:"status"`
}

// stringDataCodes are the errors whose spec data is a plain string.
var stringDataCodes = map[int]bool{52: true, 55: true, 56: true, 63: true}

// toError maps any error from a handler or the Backend to a JSON-RPC error:
// an *Error as is, a CodedError by its code (unknown codes become
// UNEXPECTED_ERROR), anything else an internal error whose detail is logged,
// not sent.
func toError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	var te *TxExecutionError
	if errors.As(err, &te) {
		return ErrTransactionExecutionError.WithData(TransactionExecutionErrorData{
			TransactionIndex: te.Index, ExecutionError: te.Reason}), true
	}
	var ce *ContractCallError
	if errors.As(err, &ce) {
		return ErrContractError.WithData(ContractErrorData{RevertError: ce.Reason}), true
	}
	var c CodedError
	if errors.As(err, &c) {
		spec, ok := specErrors[c.RPCCode()]
		if !ok {
			return ErrUnexpectedError.WithData(c.Error()), true
		}
		if stringDataCodes[spec.Code] {
			return spec.WithData(c.Error()), true
		}
		return spec, true
	}
	return ErrInternal, false
}

// TxExecutionError is what the Backend (or the server, for a reverted
// simulation) reports when transaction Index of a batch failed; it becomes
// TRANSACTION_EXECUTION_ERROR (41) with the spec's data.
type TxExecutionError struct {
	Index  uint64
	Reason string
}

func (e *TxExecutionError) Error() string {
	return fmt.Sprintf("transaction %d failed: %s", e.Index, e.Reason)
}

// ContractCallError is what the Backend reports when a starknet_call or a
// message fee estimate reverted; it becomes CONTRACT_ERROR (40).
type ContractCallError struct {
	Reason string
}

func (e *ContractCallError) Error() string { return "contract error: " + e.Reason }
