package starknet

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// BuiltinGasCosts is the L2 gas charged per builtin instance a run uses
// (Starknet's versioned constants "builtin_gas_costs", 0.13.4 and later).
type BuiltinGasCosts struct {
	Pedersen, RangeCheck, RangeCheck96, Bitwise, ECDSA, ECOp, Keccak, Poseidon, AddMod, MulMod uint64
}

// DefaultBuiltinGasCosts returns Starknet's values.
func DefaultBuiltinGasCosts() BuiltinGasCosts {
	return BuiltinGasCosts{
		Pedersen: 4050, RangeCheck: 70, RangeCheck96: 56, Bitwise: 583, ECDSA: 10561,
		ECOp: 4085, Keccak: 136189, Poseidon: 491, AddMod: 230, MulMod: 604,
	}
}

// Cost returns the gas per instance of the named builtin (0 for output,
// segment_arena, gas_builtin, system and unknown names).
func (c *BuiltinGasCosts) Cost(name string) uint64 {
	switch name {
	case "pedersen":
		return c.Pedersen
	case "range_check":
		return c.RangeCheck
	case "range_check96":
		return c.RangeCheck96
	case "bitwise":
		return c.Bitwise
	case "ecdsa":
		return c.ECDSA
	case "ec_op":
		return c.ECOp
	case "keccak":
		return c.Keccak
	case "poseidon":
		return c.Poseidon
	case "add_mod":
		return c.AddMod
	case "mul_mod":
		return c.MulMod
	}
	return 0
}

// resources computes the transaction's consumption as Starknet does for v3
// transactions:
//
//	l2_gas      = steps·L2GasPerStep + Σ builtin instances·BuiltinGas
//	              + syscall gas
//	              + (calldata + signature + Σ events (keys·EventKeyFactor + data))·L2GasPerCalldataFelt
//	              + DECLARE: bytecode bytes (32 per felt)·L2GasPerCodeByte
//	l1_data_gas = state-diff felts·L1DataGasPerDiffFelt (blob gas), where the
//	              diff (including the fee transfer's payer balance word)
//	              takes 2 felts per modified contract, 2 per storage word,
//	              1 per deployed/replaced class, 2 per declared class
//	l1_gas      = Σ messages (L1GasPerMessage + payload length); 0 without messages
//
// Events are this execution's (the fee transfer's Transfer is not charged).
func (x *txExec) resources() (ExecutionResources, error) {
	c := &x.bc.Constants
	dataFelts := uint64(len(x.tx.TxSignature()))
	var codeBytes uint64
	switch t := x.tx.(type) {
	case *InvokeV3:
		dataFelts += uint64(len(t.Calldata))
	case *DeployAccountV3:
		dataFelts += uint64(len(t.ConstructorCalldata))
	case *DeclareV3:
		codeBytes = 32 * uint64(len(t.Class.Bytecode))
	}
	for _, e := range x.events {
		dataFelts += uint64(len(e.Keys))*c.EventKeyFactor + uint64(len(e.Data))
	}
	var builtinGas uint64
	for name, n := range x.builtins {
		builtinGas += n * c.BuiltinGas.Cost(name)
	}
	d, err := x.st.Diff()
	if err != nil {
		return ExecutionResources{}, fmt.Errorf("state diff for fees: %w", err)
	}
	l1 := uint64(0)
	for _, m := range x.messages {
		l1 += c.L1GasPerMessage + uint64(len(m.Payload))
	}
	return ExecutionResources{
		L1Gas:     l1,
		L1DataGas: x.diffFelts(d) * c.L1DataGasPerDiffFelt,
		L2Gas: x.steps*c.L2GasPerStep + builtinGas + x.syscallGas +
			dataFelts*c.L2GasPerCalldataFelt + codeBytes*c.L2GasPerCodeByte,
	}, nil
}

// diffFelts is the length of d's on-chain data segment once the fee
// transfer's payer balance word is added (the sequencer's is not counted,
// as in Starknet).
func (x *txExec) diffFelts(d *StateDiff) uint64 {
	modified := map[felt.Address]bool{}
	storage := uint64(0)
	payerKey, token := BalanceKey(x.tx.SenderAddress()), x.bc.FeeTokenAddress
	feeWordInDiff := false
	for _, s := range d.StorageDiffs {
		modified[s.Address] = true
		storage += uint64(len(s.StorageEntries))
		if s.Address == token {
			for _, e := range s.StorageEntries {
				feeWordInDiff = feeWordInDiff || e.Key == payerKey
			}
		}
	}
	if !feeWordInDiff {
		storage++
		modified[token] = true
	}
	for _, n := range d.Nonces {
		modified[n.ContractAddress] = true
	}
	for _, c := range d.DeployedContracts {
		modified[c.Address] = true
	}
	for _, c := range d.ReplacedClasses {
		modified[c.ContractAddress] = true
	}
	classUpdates := uint64(len(d.DeployedContracts) + len(d.ReplacedClasses))
	return 2*uint64(len(modified)) + 2*storage + classUpdates + 2*uint64(len(d.DeclaredClasses))
}

// exceeds reports the first resource (in the order L1Gas, L1DataGas,
// L2Gas, by Starknet's names) whose use is above its bound.
func (r *ExecutionResources) exceeds(b *ResourceBounds) (name string, used, bound uint64, over bool) {
	for _, c := range []struct {
		name        string
		used, bound uint64
	}{{"L1Gas", r.L1Gas, b.L1Gas.MaxAmount}, {"L1DataGas", r.L1DataGas, b.L1DataGas.MaxAmount}, {"L2Gas", r.L2Gas, b.L2Gas.MaxAmount}} {
		if c.used > c.bound {
			return c.name, c.used, c.bound, true
		}
	}
	return "", 0, 0, false
}

// capped returns r with each resource limited to its bound.
func (r ExecutionResources) capped(b *ResourceBounds) ExecutionResources {
	return ExecutionResources{
		L1Gas:     min(r.L1Gas, b.L1Gas.MaxAmount),
		L1DataGas: min(r.L1DataGas, b.L1DataGas.MaxAmount),
		L2Gas:     min(r.L2Gas, b.L2Gas.MaxAmount),
	}
}
