package abci

import (
	"errors"

	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
)

// Engine is the execution layer as the application sees it. Every method
// must be deterministic in its inputs.
type Engine interface {
	// DecodeTx parses canonical transaction bytes; anything that is not
	// exactly a canonical encoding is an error wrapping ErrMalformedTx.
	DecodeTx(b []byte) (Tx, error)
	// Genesis writes the initial state described by InitChain's app state.
	Genesis(appState []byte, st *state.Overlay) error
	// Validate checks tx against st without keeping any change: signature
	// (the account's validation), nonce, resource bounds, balance.
	Validate(st *state.Overlay, blk *BlockInfo, tx Tx) error
	// Execute runs tx and writes its effects (nonce, fee, state changes)
	// into st. A transaction that reverts is an Outcome with Reverted set;
	// an error means the transaction cannot be included at all.
	Execute(st *state.Overlay, blk *BlockInfo, tx Tx) (*Outcome, error)
}

// Tx is a decoded transaction.
type Tx interface {
	// Hash is the Starknet transaction hash on this chain.
	Hash() felt.Felt
	// Sender is the account whose nonce the transaction uses.
	Sender() felt.Felt
	// Nonce is the nonce the transaction claims.
	Nonce() felt.Felt
	// StepBound is the most Cairo steps the transaction may use, as its
	// resource bounds allow; blocks are bounded by the sum.
	StepBound() uint64
}

// BlockInfo is the block a transaction is validated or executed in.
type BlockInfo struct {
	Number    uint64
	Timestamp uint64
	Sequencer felt.Felt
	GasPrices GasPrices
	// BlockHash returns the hash of an earlier block (for get_block_hash).
	BlockHash func(number uint64) (felt.Felt, bool)
}

// Outcome is an executed transaction.
type Outcome struct {
	// Hashing is the data the block commitments need.
	Hashing HashTx
	// Receipt is the engine-encoded receipt kept in the block store.
	Receipt []byte
	// Reverted mirrors Hashing.Reverted.
	Reverted bool
	// Steps is the number of Cairo steps used.
	Steps uint64
}

// Sentinel errors an Engine wraps so the application can pick result codes.
var (
	// ErrMalformedTx: not a canonical transaction encoding.
	ErrMalformedTx = errors.New("malformed transaction")
	// ErrInvalidNonce: the nonce is not the sender's next one.
	ErrInvalidNonce = errors.New("invalid nonce")
	// ErrValidation: the account's validation rejected the transaction.
	ErrValidation = errors.New("account validation failed")
	// ErrResources: the resource bounds are insufficient or too large.
	ErrResources = errors.New("insufficient resource bounds")
	// ErrBalance: the fee-token balance cannot cover the maximal fee.
	ErrBalance = errors.New("insufficient balance")
	// ErrInvalidConfig: a Config field is out of range.
	ErrInvalidConfig = errors.New("abci: invalid config")
)

// codeOf maps an Engine error to a result code.
func codeOf(err error) uint32 {
	switch {
	case err == nil:
		return CodeOK
	case errors.Is(err, ErrMalformedTx):
		return CodeMalformed
	case errors.Is(err, ErrInvalidNonce):
		return CodeInvalidNonce
	case errors.Is(err, ErrValidation):
		return CodeValidationFailed
	case errors.Is(err, ErrResources):
		return CodeInsufficientResources
	case errors.Is(err, ErrBalance):
		return CodeInsufficientBalance
	case errors.Is(err, errInternal):
		return CodeInternal
	}
	return CodeRejected
}

// errInternal marks failures of this node (storage), not of the transaction.
var errInternal = errors.New("internal error")
