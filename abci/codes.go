package abci

// Result codes of CheckTx and of the ExecTxResults of FinalizeBlock. Zero is
// success (CometBFT's convention); the others say why a transaction was
// rejected. A reverted transaction is still part of the block (its receipt
// says REVERTED and its fee is charged); its ExecTxResult carries
// CodeReverted.
const (
	// CodeOK: accepted (CheckTx) or executed successfully (FinalizeBlock).
	CodeOK uint32 = 0
	// CodeMalformed: the bytes are not a canonical Cairn transaction.
	CodeMalformed uint32 = 1
	// CodeInvalidNonce: the nonce is not the sender's next nonce.
	CodeInvalidNonce uint32 = 2
	// CodeValidationFailed: the account's validation (signature) failed.
	CodeValidationFailed uint32 = 3
	// CodeInsufficientResources: resource bounds below the block's prices or limits.
	CodeInsufficientResources uint32 = 4
	// CodeInsufficientBalance: fee-token balance below the maximal fee.
	CodeInsufficientBalance uint32 = 5
	// CodeRejected: any other reason the execution layer refused the transaction.
	CodeRejected uint32 = 6
	// CodeReverted: included in the block but reverted (receipt REVERTED).
	CodeReverted uint32 = 7
	// CodeTooLarge: the transaction alone exceeds the block byte or step budget.
	CodeTooLarge uint32 = 8
	// CodeInternal: a state or storage failure on this node.
	CodeInternal uint32 = 9
)

// Codespace is the codespace of every non-zero code.
const Codespace = "cairn"
