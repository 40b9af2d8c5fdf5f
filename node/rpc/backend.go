package rpc

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// ErrNotFound is what a Backend returns (possibly wrapped) for a block,
// transaction, class or contract it does not have; the server turns it into
// the spec error that fits the method (BLOCK_NOT_FOUND, TXN_HASH_NOT_FOUND,
// CLASS_HASH_NOT_FOUND, CONTRACT_NOT_FOUND).
var ErrNotFound = errors.New("rpc: not found")

// TxLocation is where a committed transaction is.
type TxLocation struct {
	Block uint64
	Index uint32
}

// SubmitResult is what the Backend reports for an accepted transaction. ClassHash
// is set for DECLARE and ContractAddress for DEPLOY_ACCOUNT.
type SubmitResult struct {
	TransactionHash felt.Felt
	ClassHash       felt.Felt
	ContractAddress felt.Felt
}

// SimulationFlags are the simulation flags of estimateFee / simulateTransactions.
type SimulationFlags struct {
	SkipValidate  bool
	SkipFeeCharge bool
}

// StateReader reads the state after a committed block. Unset storage and
// nonces read as zero; ClassHashAt returns zero for an address with no
// contract; Class returns ErrNotFound for an undeclared class.
type StateReader interface {
	ClassHashAt(ctx context.Context, addr felt.Felt) (felt.Felt, error)
	NonceAt(ctx context.Context, addr felt.Felt) (felt.Felt, error)
	StorageAt(ctx context.Context, addr, key felt.Felt) (felt.Felt, error)
	// Class is the class as the spec's getClass returns it (CONTRACT_CLASS JSON).
	Class(ctx context.Context, classHash felt.Felt) (json.RawMessage, error)
	// CompiledClass is the CASM class (starknet_getCompiledCasm).
	CompiledClass(ctx context.Context, classHash felt.Felt) (json.RawMessage, error)
}

// Backend is what the node gives the RPC server: committed blocks by
// number, the state after any committed block, the mempool and the executor.
// Every method must be safe for concurrent use. Lookups of missing data
// return ErrNotFound; execution failures return errors implementing
// CodedError (or *Error) so that the spec code reaches the client.
type Backend interface {
	// ChainID is the chain id felt (e.g. the short string "CAIRN_DEVNET").
	ChainID() felt.Felt
	// Head is the number of the latest committed block; ErrNotFound when
	// there is none yet.
	Head(ctx context.Context) (uint64, error)
	// BlockNumberByHash resolves a block hash.
	BlockNumberByHash(ctx context.Context, hash felt.Felt) (uint64, error)
	// Header is the header of committed block n.
	Header(ctx context.Context, n uint64) (*wire.BlockHeader, error)
	// BlockTxs are block n's transactions in order, each with its hash.
	BlockTxs(ctx context.Context, n uint64) ([]wire.Txn, error)
	// BlockReceipts are block n's receipts in order, without block info.
	BlockReceipts(ctx context.Context, n uint64) ([]wire.Receipt, error)
	// StateUpdate is block n's state update.
	StateUpdate(ctx context.Context, n uint64) (*wire.StateUpdate, error)
	// TxLocation finds a committed transaction.
	TxLocation(ctx context.Context, hash felt.Felt) (TxLocation, error)
	// InMempool reports whether a transaction is received but not committed.
	InMempool(ctx context.Context, hash felt.Felt) (bool, error)
	// State is the state after committed block n.
	State(ctx context.Context, n uint64) (StateReader, error)
	// Syncing is nil when the node is in sync.
	Syncing(ctx context.Context) (*wire.SyncStatus, error)

	// Submit validates a broadcasted v3 transaction and adds it to the
	// mempool (CometBFT CheckTx).
	Submit(ctx context.Context, tx *wire.Txn) (SubmitResult, error)
	// Call runs a view call on the state after block n.
	Call(ctx context.Context, n uint64, call *wire.FunctionCall) ([]felt.Felt, error)
	// Simulate executes txs in order on the state after block n without
	// committing; each result carries its trace and fee estimate.
	Simulate(ctx context.Context, n uint64, txs []wire.Txn, flags SimulationFlags) ([]wire.SimulatedTransaction, error)
	// EstimateMessageFee estimates an L1→L2 message on the state after block n.
	EstimateMessageFee(ctx context.Context, n uint64, msg *wire.MsgFromL1) (*wire.FeeEstimate, error)
	// TraceBlock re-executes committed block n and returns every trace.
	TraceBlock(ctx context.Context, n uint64) ([]wire.BlockTransactionTrace, error)

	// SubscribeBlocks delivers the number of every newly committed block,
	// in order, until ctx ends (then the channel is closed).
	SubscribeBlocks(ctx context.Context) (<-chan uint64, error)
	// SubscribeMempool delivers every transaction newly received in the
	// mempool until ctx ends.
	SubscribeMempool(ctx context.Context) (<-chan wire.Txn, error)
}
