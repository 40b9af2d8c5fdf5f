package starknet

import (
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/felt"
)

// DAMode is a data-availability mode (spec DA_MODE): L1 = 0, L2 = 1.
type DAMode uint32

// Data-availability modes.
const (
	DAModeL1 DAMode = 0
	DAModeL2 DAMode = 1
)

// String returns the spec name ("L1" or "L2").
func (m DAMode) String() string {
	switch m {
	case DAModeL1:
		return "L1"
	case DAModeL2:
		return "L2"
	}
	return fmt.Sprintf("DAMode(%d)", uint32(m))
}

// ResourceBound is one resource's limit (spec RESOURCE_BOUNDS): max_amount is
// a u64, max_price_per_unit a u128 held as a felt below 2^128.
type ResourceBound struct {
	MaxAmount       uint64
	MaxPricePerUnit felt.Felt
}

// ResourceBounds is the spec RESOURCE_BOUNDS_MAPPING.
type ResourceBounds struct {
	L1Gas     ResourceBound
	L1DataGas ResourceBound
	L2Gas     ResourceBound
}

// u128Bits bounds max_price_per_unit and fee amounts.
const u128Bits = 128

// validate checks max_price_per_unit < 2^128 for all three resources.
func (r *ResourceBounds) validate() error {
	for _, b := range []struct {
		name string
		b    *ResourceBound
	}{{"l1_gas", &r.L1Gas}, {"l1_data_gas", &r.L1DataGas}, {"l2_gas", &r.L2Gas}} {
		if bitLen(&b.b.MaxPricePerUnit) > u128Bits {
			return fmt.Errorf("%w: %s max_price_per_unit %s exceeds u128", ErrMalformedTx, b.name, b.b.MaxPricePerUnit.Hex())
		}
	}
	return nil
}

// MaxFee returns Σ max_amount·max_price_per_unit as an integer (the most the
// transaction may be charged, before tip).
func (r *ResourceBounds) MaxFee(tip uint64) *big.Int {
	sum := new(big.Int)
	for _, b := range []*ResourceBound{&r.L1Gas, &r.L1DataGas, &r.L2Gas} {
		sum.Add(sum, new(big.Int).Mul(new(big.Int).SetUint64(b.MaxAmount), b.MaxPricePerUnit.BigInt()))
	}
	// The tip is paid per unit of L2 gas on top of the L2 price.
	sum.Add(sum, new(big.Int).Mul(new(big.Int).SetUint64(tip), new(big.Int).SetUint64(r.L2Gas.MaxAmount)))
	return sum
}

// bitLen is the bit length of f's integer value. (felt.Felt.BitLen reports
// the length of the Montgomery representation, not of the value.)
func bitLen(f *felt.Felt) int { return f.BigInt().BitLen() }
