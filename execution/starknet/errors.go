package starknet

import "errors"

// Error is a sentinel execution error carrying the Starknet JSON-RPC v0.10.3
// error code the RPC layer should report for it.
type Error struct {
	Code int    // Starknet JSON-RPC error code
	Msg  string // spec message
}

func (e *Error) Error() string { return e.Msg }

// Sentinel errors. Wrap with fmt.Errorf("context: %w", ErrX); RPCCode finds
// the code through the wrapping chain.
var (
	// ErrContractNotFound: no contract is deployed at the address (RPC 20).
	ErrContractNotFound = &Error{20, "Contract not found"}
	// ErrEntryPointNotFound: the class has no entry point with the selector (RPC 21).
	ErrEntryPointNotFound = &Error{21, "Requested entrypoint does not exist in the contract"}
	// ErrClassHashNotFound: the class hash is not declared (RPC 28).
	ErrClassHashNotFound = &Error{28, "Class hash not found"}
	// ErrContractError: the called contract failed; see ContractError for the revert data (RPC 40).
	ErrContractError = &Error{40, "Contract error"}
	// ErrTransactionExecution: a simulated or estimated transaction reverted (RPC 41).
	ErrTransactionExecution = &Error{41, "Transaction execution error"}
	// ErrClassAlreadyDeclared: DECLARE of a class hash that is already declared (RPC 51).
	ErrClassAlreadyDeclared = &Error{51, "Class already declared"}
	// ErrInvalidNonce: the transaction nonce is not the account's current nonce (RPC 52).
	ErrInvalidNonce = &Error{52, "Invalid transaction nonce"}
	// ErrInsufficientResources: resource bounds are below what the block's
	// prices or the execution require (RPC 53).
	ErrInsufficientResources = &Error{53, "The transaction's resources don't cover validation or the minimal transaction fee"}
	// ErrInsufficientBalance: the account's fee-token balance is below the
	// maximal fee the resource bounds allow (RPC 54).
	ErrInsufficientBalance = &Error{54, "Account balance is smaller than the transaction's maximal fee (calculated as the sum of each resource's limit x max price)"}
	// ErrValidationFailure: __validate__ / __validate_deploy__ /
	// __validate_declare__ failed or did not return VALID (RPC 55).
	ErrValidationFailure = &Error{55, "Account validation failed"}
	// ErrCompilationFailed: a declared class cannot be used, e.g. a
	// Sierra-only class (Cairn has no Sierra compiler) (RPC 56).
	ErrCompilationFailed = &Error{56, "Compilation failed"}
	// ErrMalformedClass: a CASM class violates Cairn's structural rules
	// (reported like a failed compilation, RPC 56).
	ErrMalformedClass = &Error{56, "Compilation failed: malformed CASM class"}
	// ErrContractClassSizeTooLarge: the declared class exceeds the size limit (RPC 57).
	ErrContractClassSizeTooLarge = &Error{57, "Contract class size it too large"}
	// ErrDuplicateTx: a transaction with the same hash already exists (RPC 59).
	ErrDuplicateTx = &Error{59, "A transaction with the same hash already exists in the mempool"}
	// ErrCompiledClassHashMismatch: the declared compiled class hash does not
	// match the carried CASM class (RPC 60).
	ErrCompiledClassHashMismatch = &Error{60, "the compiled class hash did not match the one supplied in the transaction"}
	// ErrUnsupportedTxVersion: a version Cairn does not execute (RPC 61).
	ErrUnsupportedTxVersion = &Error{61, "the transaction version is not supported"}
	// ErrUnsupportedContractClassVersion: a class format Cairn does not run (RPC 62).
	ErrUnsupportedContractClassVersion = &Error{62, "the contract class version is not supported"}
	// ErrOutOfResources: execution exceeded its step or gas limit (a
	// reverted INVOKE; rejected validation) (RPC 53 when estimating).
	ErrOutOfResources = &Error{53, "Insufficient resources: step or gas limit exceeded"}
	// ErrContractAddressUnavailable: DEPLOY_ACCOUNT to an address that already holds a contract (RPC 55).
	ErrContractAddressUnavailable = &Error{55, "Account validation failed: contract address already in use"}
	// ErrUnexpected: an internal failure (state backend I/O etc.) (RPC 63).
	ErrUnexpected = &Error{63, "An unexpected error occurred"}
	// ErrMalformedTx: the bytes or fields of a transaction are not a valid
	// canonical transaction (reported as RPC 63 with data; CheckTx rejects).
	ErrMalformedTx = &Error{63, "malformed transaction"}
)

// RPCCode returns the Starknet JSON-RPC code of the first *Error in err's
// chain, or 63 (UNEXPECTED_ERROR) and false when there is none.
func RPCCode(err error) (int, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Code, true
	}
	return ErrUnexpected.Code, false
}

// ContractError is a failed contract call with the revert reason Starknet
// reports (RPC 40's data.revert_error). It unwraps to ErrContractError.
type ContractError struct {
	RevertReason string
}

func (e *ContractError) Error() string { return "contract error: " + e.RevertReason }

// Unwrap makes errors.Is(err, ErrContractError) hold.
func (e *ContractError) Unwrap() error { return ErrContractError }
