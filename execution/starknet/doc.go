// Package starknet is Cairn's deterministic Starknet execution engine: the
// transaction types (INVOKE v3, DEPLOY_ACCOUNT v3, DECLARE v3 and the legacy
// INVOKE v1 for reading), their Starknet hashes, a canonical binary encoding
// for CometBFT, contract classes, the state interfaces with a journaling cache
// that yields a Starknet STATE_DIFF, receipts, fees, and the Executor the
// chain calls in CheckTx (Validate) and FinalizeBlock (Execute).
//
// Transactions are the Transaction interface implemented by *InvokeV3,
// *DeployAccountV3, *DeclareV3 and *InvokeV1; switch on the concrete type or
// on Type(). V3 transactions share the V3Fields struct (signature, nonce,
// resource bounds, tip, paymaster data, data-availability modes).
//
// Errors are sentinel values of type *Error carrying the Starknet JSON-RPC
// error code they map to (RPCCode); wrap them with fmt.Errorf("...: %w", ...)
// and test with errors.Is.
package starknet
