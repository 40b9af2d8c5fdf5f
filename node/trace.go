package node

import (
	"context"
	"fmt"

	"github.com/cairnchain/cairn/abci"
	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// Selectors of the account entry points a transaction trace names.
var (
	selValidate       = crypto.Selector("__validate__")
	selValidateDeploy = crypto.Selector("__validate_deploy__")
	selValidateDecl   = crypto.Selector("__validate_declare__")
	selExecute        = crypto.Selector("__execute__")
)

// TraceBlock implements rpc.Backend: block n's transactions are executed
// again, with tracing, on the state before the block (block 0: the genesis
// state) and the block's own context.
func (b *Backend) TraceBlock(ctx context.Context, n uint64) ([]wire.BlockTransactionTrace, error) {
	hashes, err := b.blockHashes(ctx, n)
	if err != nil {
		return nil, err
	}
	pre, err := b.tree.At(int64(n))
	if err != nil {
		return nil, notFound(err)
	}
	view := state.NewOverlay(pre)
	if n == 0 {
		if b.Genesis == nil {
			return nil, fmt.Errorf("trace block 0: no genesis")
		}
		if err := b.Genesis(abci.StarknetState{O: view}); err != nil {
			return nil, fmt.Errorf("trace block 0: genesis: %w", err)
		}
	}
	h, err := b.blocks.Header(n)
	if err != nil {
		return nil, notFound(err)
	}
	bc, err := b.blockContext(n)
	if err != nil {
		return nil, err
	}
	bc.Number, bc.Timestamp, bc.SequencerAddress = n, h.Timestamp, h.Sequencer
	out := make([]wire.BlockTransactionTrace, len(hashes))
	for i, th := range hashes {
		raw, err := b.blocks.Tx(th)
		if err != nil {
			return nil, err
		}
		tx, err := starknet.DecodeTx(raw)
		if err != nil {
			return nil, fmt.Errorf("stored tx %s: %w", th.Hex(), err)
		}
		r, tr, err := b.exec.ExecuteTraced(abci.StarknetState{O: view}, bc, tx)
		if err != nil {
			return nil, fmt.Errorf("re-execute tx %d of block %d: %w", i, n, err)
		}
		out[i] = wire.BlockTransactionTrace{TransactionHash: th, TraceRoot: b.txTrace(tx.Type(), r, tr)}
	}
	return out, nil
}

// txTrace renders a traced execution as TRANSACTION_TRACE.
func (b *Backend) txTrace(typ starknet.TxType, r *starknet.Receipt, tr *starknet.TxTrace) wire.TransactionTrace {
	t := wire.TransactionTrace{Type: typ.String(), ExecutionResources: wire.ExecutionResources{
		L1Gas: r.ExecutionResources.L1Gas, L1DataGas: r.ExecutionResources.L1DataGas, L2Gas: r.ExecutionResources.L2Gas}}
	for _, c := range tr.Calls {
		inv := b.invocation(c)
		switch {
		case c.Kind == starknet.EntryPointConstructor:
			t.ConstructorInvocation = &inv
		case c.Selector == selValidate || c.Selector == selValidateDeploy || c.Selector == selValidateDecl:
			t.ValidateInvocation = &inv
		case c.Selector == selExecute && !c.Failed && !c.RolledBack:
			t.ExecuteInvocation = &inv
		}
	}
	if r.ExecutionStatus == starknet.StatusReverted {
		t.ExecuteInvocation, t.RevertReason = nil, r.RevertReason
	}
	return t
}

// invocation renders one call and its nested calls as FUNCTION_INVOCATION.
func (b *Backend) invocation(c *starknet.CallTrace) wire.FunctionInvocation {
	kinds := map[starknet.EntryPointKind]string{starknet.EntryPointExternal: wire.EntryExternal,
		starknet.EntryPointL1Handler: wire.EntryL1Handler, starknet.EntryPointConstructor: wire.EntryConstructor}
	inv := wire.FunctionInvocation{
		ContractAddress: c.Contract, EntryPointSelector: c.Selector, Calldata: c.Calldata, CallerAddress: c.Caller,
		ClassHash: c.ClassHash, EntryPointType: kinds[c.Kind], CallType: wire.CallTypeCall, Result: c.Retdata,
		ExecutionResources: wire.InnerCallResources{L2Gas: c.Steps * b.engine.Constants.L2GasPerStep},
		IsReverted:         c.Failed || c.RolledBack,
	}
	if c.Delegate {
		inv.CallType = wire.CallTypeLibrary
	}
	var order uint64
	for _, s := range c.Syscalls {
		switch {
		case s.Call != nil:
			inv.Calls = append(inv.Calls, b.invocation(s.Call))
		case s.Event != nil:
			inv.Events = append(inv.Events, wire.OrderedEvent{Order: order, Keys: s.Event.Keys, Data: s.Event.Data})
			order++
		case s.Message != nil:
			inv.Messages = append(inv.Messages, wire.OrderedMessage{Order: order, FromAddress: s.Message.FromAddress,
				ToAddress: s.Message.ToAddress, Payload: s.Message.Payload})
			order++
		}
	}
	return inv
}
