package starknet

import (
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// GasPrices are a block's prices per unit of each resource in WEI and FRI
// (spec RESOURCE_PRICE pairs). Cairn charges fees in FRI; the WEI prices are
// reported only. Prices are u128 held as felts; zero is allowed.
type GasPrices struct {
	L1GasWei     felt.Felt
	L1GasFri     felt.Felt
	L1DataGasWei felt.Felt
	L1DataGasFri felt.Felt
	L2GasWei     felt.Felt
	L2GasFri     felt.Felt
}

// BlockContext is what execution knows of the block it runs in.
type BlockContext struct {
	Number           uint64
	Timestamp        uint64 // seconds, from the CometBFT header
	SequencerAddress felt.Address
	ChainID          felt.Felt // e.g. ShortString("CAIRN_DEVNET")
	GasPrices        GasPrices
	// FeeTokenAddress is the ERC-20 that fees (unit FRI) are paid in.
	FeeTokenAddress felt.Address
	// BlockHashes maps block number → hash for get_block_hash (the chain
	// provides at least the blocks in [Number-1034, Number-10]).
	BlockHashes func(number uint64) (felt.Felt, bool)
	Constants   VersionedConstants
}

// VersionedConstants are the execution limits and gas costs of a protocol
// version. DefaultVersionedConstants holds Cairn's values.
type VersionedConstants struct {
	// MaxValidateSteps and MaxExecuteSteps bound the Cairo steps of the
	// validation and execution phases.
	MaxValidateSteps uint64
	MaxExecuteSteps  uint64
	// L2GasPerStep converts Cairo steps to L2 gas.
	L2GasPerStep uint64
	// MaxCallDepth bounds nested calls.
	MaxCallDepth int
	// Syscall gas costs in L2 gas (charged from the call's gas counter).
	SyscallBaseGas uint64
	StorageGas     uint64
	CallGas        uint64
	DeployGas      uint64
	EventGas       uint64
	KeccakGas      uint64
	// KeccakRoundGas is charged per 136-byte block hashed by the Keccak
	// syscall; Sha256ProcessBlockGas per Sha256ProcessBlock call.
	KeccakRoundGas        uint64
	Sha256ProcessBlockGas uint64
	// BuiltinGas is the L2 gas per builtin instance used.
	BuiltinGas BuiltinGasCosts
	// L2GasPerCalldataFelt charges each data felt: calldata, signature and
	// event data, event keys counting EventKeyFactor times.
	L2GasPerCalldataFelt uint64
	EventKeyFactor       uint64
	// L2GasPerCodeByte charges a declared class's bytecode (32 bytes a felt).
	L2GasPerCodeByte uint64
	// L1DataGasPerDiffFelt charges the state diff (in L1 data gas).
	L1DataGasPerDiffFelt uint64
	// L1GasPerMessage charges each L2→L1 message (in L1 gas).
	L1GasPerMessage uint64
}

// DefaultVersionedConstants returns Cairn's protocol constants.
func DefaultVersionedConstants() VersionedConstants {
	return VersionedConstants{
		MaxValidateSteps: 1_000_000,
		MaxExecuteSteps:  10_000_000,
		L2GasPerStep:     100,
		MaxCallDepth:     100,
		SyscallBaseGas:   100,
		StorageGas:       10_000,
		CallGas:          10_000,
		DeployGas:        100_000,
		EventGas:         1_000,
		KeccakGas:        10_000,
		// Starknet 0.13.4+: 6 bitwise + 1 keccak + 56 range checks + 281 steps
		// = 6·583 + 136189 + 56·70 + 281·100.
		KeccakRoundGas: 171_707,
		// 1115 bitwise + 65 range checks + 1865 steps = 1115·583 + 65·70 + 1865·100.
		Sha256ProcessBlockGas: 841_095,
		BuiltinGas:            DefaultBuiltinGasCosts(),
		// Starknet 0.13.4+: 0.128 L1 gas per data felt, 0.032 per code byte,
		// at 40000 L2 gas per L1 gas; event keys count twice.
		L2GasPerCalldataFelt: 5_120,
		EventKeyFactor:       2,
		L2GasPerCodeByte:     1_280,
		// EIP-4844: 2^17 blob gas per blob of 4096 field elements.
		L1DataGasPerDiffFelt: 32,
		L1GasPerMessage:      20_000,
	}
}

// Validate checks the context is usable.
func (bc *BlockContext) Validate() error {
	if bc.ChainID.IsZero() {
		return fmt.Errorf("block context: chain id is zero")
	}
	for _, p := range []*felt.Felt{&bc.GasPrices.L1GasWei, &bc.GasPrices.L1GasFri, &bc.GasPrices.L1DataGasWei,
		&bc.GasPrices.L1DataGasFri, &bc.GasPrices.L2GasWei, &bc.GasPrices.L2GasFri} {
		if bitLen(p) > u128Bits {
			return fmt.Errorf("block context: gas price %s exceeds u128", p.Hex())
		}
	}
	if bc.Constants.MaxExecuteSteps == 0 || bc.Constants.MaxValidateSteps == 0 || bc.Constants.MaxCallDepth <= 0 {
		return fmt.Errorf("block context: versioned constants unset (use DefaultVersionedConstants)")
	}
	return nil
}

// Fee returns Σ consumed·price(FRI) for resources r.
func (bc *BlockContext) Fee(r ExecutionResources) *big.Int {
	fee := new(big.Int).Mul(new(big.Int).SetUint64(r.L1Gas), bc.GasPrices.L1GasFri.BigInt())
	fee.Add(fee, new(big.Int).Mul(new(big.Int).SetUint64(r.L1DataGas), bc.GasPrices.L1DataGasFri.BigInt()))
	fee.Add(fee, new(big.Int).Mul(new(big.Int).SetUint64(r.L2Gas), bc.GasPrices.L2GasFri.BigInt()))
	return fee
}
