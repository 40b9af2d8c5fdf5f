package node

import (
	"errors"

	"github.com/cairnchain/cairn/abci"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/rpc"
)

// Sentinel errors of the node package.
var (
	// ErrInvalidConfig: a configuration value is out of range or unknown.
	ErrInvalidConfig = errors.New("node: invalid config")
)

// codedErr gives an execution error its Starknet RPC code.
type codedErr struct {
	err  error
	code int
}

func (e *codedErr) Error() string { return e.err.Error() }
func (e *codedErr) Unwrap() error { return e.err }
func (e *codedErr) RPCCode() int  { return e.code }

var _ rpc.CodedError = (*codedErr)(nil)

// coded attaches the engine's RPC code to err.
func coded(err error) error {
	code, _ := starknet.RPCCode(err)
	return &codedErr{err: err, code: code}
}

// checkTxError maps a CheckTx rejection to the spec error of
// add*Transaction.
func checkTxError(code uint32, log string) error {
	spec := map[uint32]*starknet.Error{
		abci.CodeMalformed:             starknet.ErrMalformedTx,
		abci.CodeInvalidNonce:          starknet.ErrInvalidNonce,
		abci.CodeValidationFailed:      starknet.ErrValidationFailure,
		abci.CodeInsufficientResources: starknet.ErrInsufficientResources,
		abci.CodeInsufficientBalance:   starknet.ErrInsufficientBalance,
	}
	base, ok := spec[code]
	if !ok {
		base = starknet.ErrUnexpected
	}
	return &codedErr{err: errors.New(log), code: base.Code}
}
