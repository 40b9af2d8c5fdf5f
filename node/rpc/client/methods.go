package client

import (
	"context"
	"encoding/json"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// SpecVersion is starknet_specVersion.
func (c *Client) SpecVersion(ctx context.Context) (string, error) {
	var v string
	return v, c.Call(ctx, &v, "starknet_specVersion")
}

// ChainID is starknet_chainId.
func (c *Client) ChainID(ctx context.Context) (felt.Felt, error) {
	var v felt.Felt
	return v, c.Call(ctx, &v, "starknet_chainId")
}

// BlockNumber is starknet_blockNumber.
func (c *Client) BlockNumber(ctx context.Context) (uint64, error) {
	var v uint64
	return v, c.Call(ctx, &v, "starknet_blockNumber")
}

// BlockHashAndNumber is starknet_blockHashAndNumber.
func (c *Client) BlockHashAndNumber(ctx context.Context) (wire.BlockHashAndNumber, error) {
	var v wire.BlockHashAndNumber
	return v, c.Call(ctx, &v, "starknet_blockHashAndNumber")
}

// BlockWithTxHashes is starknet_getBlockWithTxHashes.
func (c *Client) BlockWithTxHashes(ctx context.Context, id wire.BlockID) (*wire.BlockWithTxHashes, error) {
	var v wire.BlockWithTxHashes
	return &v, c.Call(ctx, &v, "starknet_getBlockWithTxHashes", id)
}

// BlockWithTxs is starknet_getBlockWithTxs (with proof facts).
func (c *Client) BlockWithTxs(ctx context.Context, id wire.BlockID) (*wire.BlockWithTxs, error) {
	var v wire.BlockWithTxs
	return &v, c.Call(ctx, &v, "starknet_getBlockWithTxs", id, []string{"INCLUDE_PROOF_FACTS"})
}

// BlockWithReceipts is starknet_getBlockWithReceipts.
func (c *Client) BlockWithReceipts(ctx context.Context, id wire.BlockID) (*wire.BlockWithReceipts, error) {
	var v wire.BlockWithReceipts
	return &v, c.Call(ctx, &v, "starknet_getBlockWithReceipts", id, []string{"INCLUDE_PROOF_FACTS"})
}

// StateUpdate is starknet_getStateUpdate.
func (c *Client) StateUpdate(ctx context.Context, id wire.BlockID) (*wire.StateUpdate, error) {
	var v wire.StateUpdate
	return &v, c.Call(ctx, &v, "starknet_getStateUpdate", id)
}

// TransactionByHash is starknet_getTransactionByHash.
func (c *Client) TransactionByHash(ctx context.Context, h felt.Felt) (*wire.Txn, error) {
	var v wire.Txn
	return &v, c.Call(ctx, &v, "starknet_getTransactionByHash", h, []string{"INCLUDE_PROOF_FACTS"})
}

// Receipt is starknet_getTransactionReceipt.
func (c *Client) Receipt(ctx context.Context, h felt.Felt) (*wire.Receipt, error) {
	var v wire.Receipt
	return &v, c.Call(ctx, &v, "starknet_getTransactionReceipt", h)
}

// TxStatus is starknet_getTransactionStatus.
func (c *Client) TxStatus(ctx context.Context, h felt.Felt) (*wire.TxStatus, error) {
	var v wire.TxStatus
	return &v, c.Call(ctx, &v, "starknet_getTransactionStatus", h)
}

// Nonce is starknet_getNonce.
func (c *Client) Nonce(ctx context.Context, id wire.BlockID, addr felt.Felt) (felt.Felt, error) {
	var v felt.Felt
	return v, c.Call(ctx, &v, "starknet_getNonce", id, addr)
}

// StorageAt is starknet_getStorageAt.
func (c *Client) StorageAt(ctx context.Context, addr, key felt.Felt, id wire.BlockID) (felt.Felt, error) {
	var v felt.Felt
	return v, c.Call(ctx, &v, "starknet_getStorageAt", addr, key, id)
}

// ClassHashAt is starknet_getClassHashAt.
func (c *Client) ClassHashAt(ctx context.Context, id wire.BlockID, addr felt.Felt) (felt.Felt, error) {
	var v felt.Felt
	return v, c.Call(ctx, &v, "starknet_getClassHashAt", id, addr)
}

// Class is starknet_getClass (the class JSON as served).
func (c *Client) Class(ctx context.Context, id wire.BlockID, classHash felt.Felt) (json.RawMessage, error) {
	var v json.RawMessage
	return v, c.Call(ctx, &v, "starknet_getClass", id, classHash)
}

// CompiledCasm is starknet_getCompiledCasm.
func (c *Client) CompiledCasm(ctx context.Context, classHash felt.Felt) (json.RawMessage, error) {
	var v json.RawMessage
	return v, c.Call(ctx, &v, "starknet_getCompiledCasm", classHash)
}

// Call is starknet_call.
func (c *Client) CallContract(ctx context.Context, call wire.FunctionCall, id wire.BlockID) ([]felt.Felt, error) {
	if call.Calldata == nil {
		call.Calldata = []felt.Felt{}
	}
	var v []felt.Felt
	return v, c.Call(ctx, &v, "starknet_call", call, id)
}

// EstimateFee is starknet_estimateFee (flags: "SKIP_VALIDATE").
func (c *Client) EstimateFee(ctx context.Context, txs []wire.Txn, flags []string, id wire.BlockID) ([]wire.FeeEstimate, error) {
	if flags == nil {
		flags = []string{}
	}
	var v []wire.FeeEstimate
	return v, c.Call(ctx, &v, "starknet_estimateFee", txs, flags, id)
}

// SimulateTransactions is starknet_simulateTransactions.
func (c *Client) SimulateTransactions(ctx context.Context, id wire.BlockID, txs []wire.Txn, flags []string) ([]wire.SimulatedTransaction, error) {
	if flags == nil {
		flags = []string{}
	}
	var v []wire.SimulatedTransaction
	return v, c.Call(ctx, &v, "starknet_simulateTransactions", id, txs, flags)
}

// TraceBlockTransactions is starknet_traceBlockTransactions.
func (c *Client) TraceBlockTransactions(ctx context.Context, id wire.BlockID) ([]wire.BlockTransactionTrace, error) {
	var v []wire.BlockTransactionTrace
	return v, c.Call(ctx, &v, "starknet_traceBlockTransactions", id)
}

// Events is starknet_getEvents (one page; pass the returned token back).
func (c *Client) Events(ctx context.Context, filter wire.EventFilter) (*wire.EventsChunk, error) {
	var v wire.EventsChunk
	return &v, c.Call(ctx, &v, "starknet_getEvents", filter)
}

// AddInvoke is starknet_addInvokeTransaction.
func (c *Client) AddInvoke(ctx context.Context, tx wire.Txn) (wire.AddInvokeResult, error) {
	var v wire.AddInvokeResult
	return v, c.Call(ctx, &v, "starknet_addInvokeTransaction", tx)
}

// AddDeployAccount is starknet_addDeployAccountTransaction.
func (c *Client) AddDeployAccount(ctx context.Context, tx wire.Txn) (wire.AddDeployAccountResult, error) {
	var v wire.AddDeployAccountResult
	return v, c.Call(ctx, &v, "starknet_addDeployAccountTransaction", tx)
}

// AddDeclare is starknet_addDeclareTransaction (contract_class: the CASM class).
func (c *Client) AddDeclare(ctx context.Context, tx wire.Txn) (wire.AddDeclareResult, error) {
	var v wire.AddDeclareResult
	return v, c.Call(ctx, &v, "starknet_addDeclareTransaction", tx)
}
