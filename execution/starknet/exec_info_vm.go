package starknet

import (
	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/felt"
)

// writeExecutionInfo lays out Cairo 1's ExecutionInfo in new segments:
// ExecutionInfo {block_info*, tx_info*, caller, contract, selector},
// BlockInfo {number, timestamp, sequencer},
// TxInfo {version, account, max_fee, signature span, tx_hash, chain_id,
// nonce, resource_bounds span, tip, paymaster_data span, nonce_da, fee_da,
// account_deployment_data span}, ResourceBounds {resource, max_amount, max_price}.
func writeExecutionInfo(vm *cairo.VM, info executionInfo) (cairo.Relocatable, error) {
	mem := vm.Mem
	span := func(fs []felt.Felt) ([]cairo.Value, error) {
		start := mem.AddSegment()
		end, err := mem.WriteFelts(start, fs)
		return []cairo.Value{cairo.RelValue(start), cairo.RelValue(end)}, err
	}
	write := func(vals []cairo.Value) (cairo.Relocatable, error) {
		seg := mem.AddSegment()
		_, err := mem.WriteValues(seg, vals)
		return seg, err
	}
	bc := info.block
	block, err := write(felts(felt.FromUint64(bc.Number), felt.FromUint64(bc.Timestamp), bc.SequencerAddress))
	if err != nil {
		return block, err
	}
	var version, account, nonce, tip, nonceDA, feeDA felt.Felt
	var sig, pm, add, bounds []felt.Felt
	if info.tx != nil {
		version, account, nonce, sig = info.tx.Version(), info.tx.SenderAddress(), info.tx.TxNonce(), info.tx.TxSignature()
		if v3, err := v3Fields(info.tx); err == nil {
			tip, pm = felt.FromUint64(v3.Tip), v3.PaymasterData
			nonceDA, feeDA = felt.FromUint64(uint64(v3.NonceDAMode)), felt.FromUint64(uint64(v3.FeeDAMode))
			rb := &v3.ResourceBounds
			bounds = []felt.Felt{
				resourceL1Gas, felt.FromUint64(rb.L1Gas.MaxAmount), rb.L1Gas.MaxPricePerUnit,
				resourceL2Gas, felt.FromUint64(rb.L2Gas.MaxAmount), rb.L2Gas.MaxPricePerUnit,
				resourceL1DataGas, felt.FromUint64(rb.L1DataGas.MaxAmount), rb.L1DataGas.MaxPricePerUnit,
			}
		}
		switch t := info.tx.(type) {
		case *InvokeV3:
			add = t.AccountDeploymentData
		case *DeclareV3:
			add = t.AccountDeploymentData
		}
	}
	var txVals []cairo.Value
	txVals = append(txVals, felts(version, account, felt.Zero)...)
	for _, part := range []struct {
		pre  []felt.Felt
		span []felt.Felt
	}{
		{nil, sig}, {[]felt.Felt{info.txHash, bc.ChainID, nonce}, bounds}, {[]felt.Felt{tip}, pm}, {[]felt.Felt{nonceDA, feeDA}, add},
	} {
		txVals = append(txVals, felts(part.pre...)...)
		s, err := span(part.span)
		if err != nil {
			return cairo.Relocatable{}, err
		}
		txVals = append(txVals, s...)
	}
	tx, err := write(txVals)
	if err != nil {
		return tx, err
	}
	return write(append([]cairo.Value{cairo.RelValue(block), cairo.RelValue(tx)}, felts(info.caller, info.contract, info.selector)...))
}
