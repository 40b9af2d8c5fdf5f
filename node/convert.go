package node

import (
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/abci"
	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// Conversions between the execution engine's types, the block store's
// records and the RPC wire types.

func daString(m starknet.DAMode) string { return m.String() }

func daMode(s string) (starknet.DAMode, error) {
	switch s {
	case wire.DAModeL1, "":
		return starknet.DAModeL1, nil
	case wire.DAModeL2:
		return starknet.DAModeL2, nil
	}
	return 0, fmt.Errorf("%w: data availability mode %q", starknet.ErrMalformedTx, s)
}

func boundsToWire(b *starknet.ResourceBounds) *wire.ResourceBoundsMapping {
	conv := func(r starknet.ResourceBound) wire.ResourceBounds {
		return wire.ResourceBounds{MaxAmount: wire.U64(r.MaxAmount), MaxPricePerUnit: r.MaxPricePerUnit}
	}
	return &wire.ResourceBoundsMapping{L1Gas: conv(b.L1Gas), L1DataGas: conv(b.L1DataGas), L2Gas: conv(b.L2Gas)}
}

func boundsFromWire(b *wire.ResourceBoundsMapping) starknet.ResourceBounds {
	conv := func(r wire.ResourceBounds) starknet.ResourceBound {
		return starknet.ResourceBound{MaxAmount: uint64(r.MaxAmount), MaxPricePerUnit: r.MaxPricePerUnit}
	}
	return starknet.ResourceBounds{L1Gas: conv(b.L1Gas), L1DataGas: conv(b.L1DataGas), L2Gas: conv(b.L2Gas)}
}

func v3ToWire(w *wire.Txn, f *starknet.V3Fields) {
	w.Version = wire.Version3
	if f.Query {
		w.Version = wire.QueryVersion3
	}
	w.Signature, w.Nonce, w.ResourceBounds = f.Signature, f.Nonce, boundsToWire(&f.ResourceBounds)
	w.Tip, w.PaymasterData = wire.U64(f.Tip), f.PaymasterData
	w.NonceDAMode, w.FeeDAMode = daString(f.NonceDAMode), daString(f.FeeDAMode)
}

// TxToWire renders a transaction with its hash as the spec's TXN_WITH_HASH.
func TxToWire(tx starknet.Transaction, hash felt.Felt) (wire.Txn, error) {
	w := wire.Txn{TransactionHash: &hash, Type: tx.Type().String()}
	switch t := tx.(type) {
	case *starknet.InvokeV3:
		v3ToWire(&w, &t.V3Fields)
		w.SenderAddress, w.Calldata, w.AccountDeploymentData, w.ProofFacts = t.Sender, t.Calldata, t.AccountDeploymentData, t.ProofFacts
	case *starknet.DeployAccountV3:
		v3ToWire(&w, &t.V3Fields)
		w.ClassHash, w.ContractAddressSalt, w.ConstructorCalldata = t.ClassHash, t.ContractAddressSalt, t.ConstructorCalldata
	case *starknet.DeclareV3:
		v3ToWire(&w, &t.V3Fields)
		w.SenderAddress, w.ClassHash, w.CompiledClassHash, w.AccountDeploymentData = t.Sender, t.ClassHash, t.CompiledClassHash, t.AccountDeploymentData
	case *starknet.InvokeV1:
		w.Version = wire.Version1
		w.SenderAddress, w.Calldata, w.MaxFee, w.Signature, w.Nonce = t.Sender, t.Calldata, t.MaxFee, t.Signature, t.Nonce
	default:
		return wire.Txn{}, fmt.Errorf("transaction type %T has no wire form", tx)
	}
	return w, nil
}

// TxFromWire builds an executable v3 transaction from a broadcasted one.
func TxFromWire(w *wire.Txn) (starknet.Transaction, error) {
	if !w.IsV3() {
		return nil, fmt.Errorf("%w: version %s", starknet.ErrUnsupportedTxVersion, w.Version)
	}
	if w.ResourceBounds == nil {
		return nil, fmt.Errorf("%w: resource_bounds missing", starknet.ErrMalformedTx)
	}
	nda, err := daMode(w.NonceDAMode)
	if err != nil {
		return nil, err
	}
	fda, err := daMode(w.FeeDAMode)
	if err != nil {
		return nil, err
	}
	f := starknet.V3Fields{
		Signature: w.Signature, Nonce: w.Nonce, ResourceBounds: boundsFromWire(w.ResourceBounds),
		Tip: uint64(w.Tip), PaymasterData: w.PaymasterData, NonceDAMode: nda, FeeDAMode: fda, Query: w.IsQuery(),
	}
	switch w.Type {
	case wire.TxInvoke:
		return &starknet.InvokeV3{V3Fields: f, Sender: w.SenderAddress, Calldata: w.Calldata,
			AccountDeploymentData: w.AccountDeploymentData, ProofFacts: w.ProofFacts}, nil
	case wire.TxDeployAccount:
		return &starknet.DeployAccountV3{V3Fields: f, ClassHash: w.ClassHash,
			ContractAddressSalt: w.ContractAddressSalt, ConstructorCalldata: w.ConstructorCalldata}, nil
	case wire.TxDeclare:
		if len(w.ContractClass) == 0 {
			return nil, fmt.Errorf("%w: contract_class missing", starknet.ErrMalformedTx)
		}
		c, err := starknet.ParseCASM(w.ContractClass)
		if err != nil {
			return nil, err
		}
		return &starknet.DeclareV3{V3Fields: f, Sender: w.SenderAddress, ClassHash: c.Hash(),
			CompiledClassHash: w.CompiledClassHash, AccountDeploymentData: w.AccountDeploymentData, Class: c}, nil
	}
	return nil, fmt.Errorf("%w: transaction type %q", starknet.ErrMalformedTx, w.Type)
}

func headerToWire(h *state.Header) wire.BlockHeader {
	return wire.BlockHeader{
		BlockHash: h.Hash, ParentHash: h.ParentHash, BlockNumber: h.Number, NewRoot: h.NewRoot,
		Timestamp: h.Timestamp, SequencerAddress: h.Sequencer,
		L1GasPrice:            wire.ResourcePrice{PriceInFri: h.L1GasPriceFri, PriceInWei: h.L1GasPriceWei},
		L2GasPrice:            wire.ResourcePrice{PriceInFri: h.L2GasPriceFri, PriceInWei: h.L2GasPriceWei},
		L1DataGasPrice:        wire.ResourcePrice{PriceInFri: h.L1DataGasPriceFri, PriceInWei: h.L1DataGasPriceWei},
		L1DAMode:              h.L1DAMode,
		StarknetVersion:       h.StarknetVersion,
		EventCommitment:       h.EventCommitment,
		TransactionCommitment: h.TxCommitment,
		ReceiptCommitment:     h.ReceiptCommitment,
		StateDiffCommitment:   h.StateDiffCommitment,
		EventCount:            h.EventCount,
		TransactionCount:      h.TxCount,
		StateDiffLength:       h.StateDiffLength,
	}
}

// storedReceipt reads the JSON of a starknet.Receipt (its type is the
// spec name).
type storedReceipt struct {
	starknet.Receipt
	Type string `json:"type"`
}

// receiptToWire decodes a stored receipt and renders it without block info.
func receiptToWire(raw []byte) (wire.Receipt, error) {
	var r storedReceipt
	if err := json.Unmarshal(raw, &r); err != nil {
		return wire.Receipt{}, fmt.Errorf("decode stored receipt: %w", err)
	}
	w := wire.Receipt{
		Type: r.Type, TransactionHash: r.TransactionHash,
		ActualFee:       wire.FeePayment{Amount: r.ActualFee.Amount, Unit: r.ActualFee.Unit},
		FinalityStatus:  wire.TxAcceptedOnL2,
		ExecutionStatus: string(r.ExecutionStatus),
		RevertReason:    r.RevertReason,
		ExecutionResources: wire.ExecutionResources{
			L1Gas: r.ExecutionResources.L1Gas, L1DataGas: r.ExecutionResources.L1DataGas, L2Gas: r.ExecutionResources.L2Gas,
		},
		ContractAddress: r.ContractAddress,
	}
	if w.ActualFee.Unit == "" {
		w.ActualFee.Unit = wire.UnitFri
	}
	for _, e := range r.Events {
		w.Events = append(w.Events, wire.Event{FromAddress: e.FromAddress, Keys: e.Keys, Data: e.Data})
	}
	for _, m := range r.MessagesSent {
		w.MessagesSent = append(w.MessagesSent, wire.MsgToL1{FromAddress: m.FromAddress, ToAddress: m.ToAddress, Payload: m.Payload})
	}
	return w, nil
}

func stateUpdateToWire(raw []byte) (*wire.StateUpdate, error) {
	var su abci.StateUpdate
	if err := json.Unmarshal(raw, &su); err != nil {
		return nil, fmt.Errorf("decode stored state update: %w", err)
	}
	d := su.StateDiff
	out := &wire.StateUpdate{BlockHash: su.BlockHash, OldRoot: su.OldRoot, NewRoot: su.NewRoot}
	for _, s := range d.StorageDiffs {
		sd := wire.StorageDiff{Address: s.Address}
		for _, e := range s.Entries {
			sd.StorageEntries = append(sd.StorageEntries, wire.StorageEntry{Key: e.Key, Value: e.Value})
		}
		out.StateDiff.StorageDiffs = append(out.StateDiff.StorageDiffs, sd)
	}
	for _, c := range d.CompiledClassHashes {
		out.StateDiff.DeclaredClasses = append(out.StateDiff.DeclaredClasses, wire.DeclaredClass{ClassHash: c.ClassHash, CompiledClassHash: c.CompiledClassHash})
	}
	for _, c := range d.DeployedContracts {
		out.StateDiff.DeployedContracts = append(out.StateDiff.DeployedContracts, wire.DeployedContract{Address: c.Address, ClassHash: c.ClassHash})
	}
	for _, n := range d.Nonces {
		out.StateDiff.Nonces = append(out.StateDiff.Nonces, wire.NonceUpdate{ContractAddress: n.Address, Nonce: n.Nonce})
	}
	return out, nil
}
