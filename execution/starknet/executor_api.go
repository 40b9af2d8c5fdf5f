package starknet

import (
	"errors"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// BlockResult is the outcome of ExecuteBlock: one receipt or error per
// transaction (Receipts[i] is nil when Errors[i] rejected the transaction)
// and the block's state diff.
type BlockResult struct {
	Receipts  []*Receipt
	Errors    []error
	StateDiff *StateDiff
	// Traces (ExecuteBlockTraced only) holds each executed transaction's
	// trace; nil where the transaction was rejected.
	Traces []*TxTrace
}

// ExecuteBlock executes txs in order on a cache over st, then writes the
// block's effects into st. Rejected transactions leave no trace.
func (e *Executor) ExecuteBlock(st State, bc BlockContext, txs []Transaction) (*BlockResult, error) {
	return e.executeBlock(st, bc, txs, false)
}

// ExecuteBlockTraced is ExecuteBlock that also fills BlockResult.Traces
// (see ExecuteTraced) for the prover.
func (e *Executor) ExecuteBlockTraced(st State, bc BlockContext, txs []Transaction) (*BlockResult, error) {
	return e.executeBlock(st, bc, txs, true)
}

func (e *Executor) executeBlock(st State, bc BlockContext, txs []Transaction, traced bool) (*BlockResult, error) {
	if err := bc.Validate(); err != nil {
		return nil, err
	}
	block := NewCachedState(st)
	res := &BlockResult{Receipts: make([]*Receipt, len(txs)), Errors: make([]error, len(txs))}
	if traced {
		res.Traces = make([]*TxTrace, len(txs))
	}
	for i, tx := range txs {
		var r *Receipt
		var err error
		if traced {
			r, res.Traces[i], err = e.ExecuteTraced(block, bc, tx)
		} else {
			r, err = e.Execute(block, bc, tx)
		}
		if err != nil && errors.Is(err, ErrUnexpected) && !errors.Is(err, ErrMalformedTx) {
			return nil, fmt.Errorf("execute tx %d: %w", i, err)
		}
		res.Receipts[i], res.Errors[i] = r, err
	}
	d, err := block.Diff()
	if err != nil {
		return nil, fmt.Errorf("block state diff: %w", err)
	}
	if err := block.apply(st, d); err != nil {
		return nil, fmt.Errorf("commit block: %w", err)
	}
	res.StateDiff = d
	return res, nil
}

// Call is starknet_call: it runs contract's external entry point selector
// with calldata against st (no transaction; changes discarded) and returns
// the return data. Errors: ErrContractNotFound, ErrEntryPointNotFound
// (as a *ContractError), *ContractError for a failing call.
func (e *Executor) Call(st StateReader, bc BlockContext, contract felt.Address, selector felt.Felt, calldata []felt.Felt) ([]felt.Felt, error) {
	if err := bc.Validate(); err != nil {
		return nil, err
	}
	x := e.newTx(st, &bc, nil)
	ch, err := st.ClassHashAt(contract)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnexpected, err)
	}
	if ch.IsZero() {
		return nil, fmt.Errorf("%w: %s", ErrContractNotFound, contract.Hex())
	}
	x.maxSteps = bc.Constants.MaxExecuteSteps
	return x.call(felt.Zero, contract, felt.Zero, callTypeCall, EntryPointExternal, selector, calldata, 0)
}

// FeeEstimate is the spec FEE_ESTIMATE (unit FRI).
type FeeEstimate struct {
	L1GasConsumed     uint64    `json:"l1_gas_consumed"`
	L1GasPrice        felt.Felt `json:"l1_gas_price"`
	L2GasConsumed     uint64    `json:"l2_gas_consumed"`
	L2GasPrice        felt.Felt `json:"l2_gas_price"`
	L1DataGasConsumed uint64    `json:"l1_data_gas_consumed"`
	L1DataGasPrice    felt.Felt `json:"l1_data_gas_price"`
	OverallFee        felt.Felt `json:"overall_fee"`
	Unit              string    `json:"unit"`
}

// EstimateOptions are the simulation flags fee estimation honours.
type EstimateOptions struct {
	// SkipValidate skips the account's validation entry point
	// (__validate__, __validate_deploy__, __validate_declare__): the
	// SKIP_VALIDATE flag clients send with unsigned estimates. A
	// DEPLOY_ACCOUNT still deploys the account and runs its constructor.
	SkipValidate bool
}

// EstimateFee is starknet_estimateFee: it executes txs in order on a
// throwaway cache over st, ignoring resource bounds and balances (query
// versions accepted), and returns each one's consumption and fee. A
// reverted transaction is ErrTransactionExecution with its index.
func (e *Executor) EstimateFee(st StateReader, bc BlockContext, txs []Transaction) ([]FeeEstimate, error) {
	return e.EstimateFeeWith(st, bc, txs, EstimateOptions{})
}

// EstimateFeeWith is EstimateFee with simulation flags.
func (e *Executor) EstimateFeeWith(st StateReader, bc BlockContext, txs []Transaction, opts EstimateOptions) ([]FeeEstimate, error) {
	if err := bc.Validate(); err != nil {
		return nil, err
	}
	cache := NewCachedState(st)
	out := make([]FeeEstimate, len(txs))
	for i, tx := range txs {
		x := e.newTx(cache, &bc, tx)
		x.estimate, x.skipValidate = true, opts.SkipValidate
		r, err := x.execute()
		if err != nil {
			return nil, fmt.Errorf("estimate tx %d: %w", i, err)
		}
		if r.ExecutionStatus == StatusReverted {
			return nil, fmt.Errorf("%w: tx %d: %s", ErrTransactionExecution, i, r.RevertReason)
		}
		if err := x.st.Commit(cache); err != nil {
			return nil, fmt.Errorf("%w: estimate tx %d: %w", ErrUnexpected, i, err)
		}
		res := r.ExecutionResources
		out[i] = FeeEstimate{
			L1GasConsumed: res.L1Gas, L1GasPrice: bc.GasPrices.L1GasFri,
			L2GasConsumed: res.L2Gas, L2GasPrice: bc.GasPrices.L2GasFri,
			L1DataGasConsumed: res.L1DataGas, L1DataGasPrice: bc.GasPrices.L1DataGasFri,
			OverallFee: r.ActualFee.Amount, Unit: "FRI",
		}
	}
	return out, nil
}
