package abci

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// Config is the application's chain parameters. Every validator must use
// the same values (they change the AppHash and block hashes).
type Config struct {
	// StarknetVersion is reported in headers and selects the block-hash variant.
	StarknetVersion string
	// GasPrices are the constant prices every block carries.
	GasPrices GasPrices
	// L1DABlob selects BLOB (true) or CALLDATA data availability in headers.
	L1DABlob bool
	// MaxBlockBytes bounds the summed transaction bytes of a proposal.
	MaxBlockBytes int64
	// MaxBlockSteps bounds the summed step bounds of a proposal's transactions.
	MaxBlockSteps uint64
	// MaxBlockTxs bounds the number of transactions of a proposal.
	MaxBlockTxs int
}

// DefaultConfig returns Cairn's devnet parameters.
func DefaultConfig() Config {
	return Config{
		StarknetVersion: "0.14.0",
		GasPrices: GasPrices{
			L1GasWei: felt.FromUint64(1_000_000_000), L1GasFri: felt.FromUint64(1_000_000_000),
			L1DataGasWei: felt.FromUint64(1), L1DataGasFri: felt.FromUint64(1),
			L2GasWei: felt.FromUint64(1), L2GasFri: felt.FromUint64(1),
		},
		L1DABlob:      true,
		MaxBlockBytes: 4 << 20,
		MaxBlockSteps: 200_000_000,
		MaxBlockTxs:   2000,
	}
}

// Validate reports an out-of-range field.
func (c *Config) Validate() error {
	if _, err := versionBefore(c.StarknetVersion, 0, 13, 2); err != nil {
		return err
	}
	if pre, _ := versionBefore(c.StarknetVersion, 0, 13, 2); pre {
		return fmt.Errorf("%w: starknet version %s < 0.13.2", ErrInvalidConfig, c.StarknetVersion)
	}
	if len(c.StarknetVersion) > 31 {
		return fmt.Errorf("%w: starknet version too long", ErrInvalidConfig)
	}
	p := c.GasPrices
	for _, v := range []felt.Felt{p.L1GasWei, p.L1GasFri, p.L1DataGasWei, p.L1DataGasFri, p.L2GasWei, p.L2GasFri} {
		if v.BitLen() > 128 {
			return fmt.Errorf("%w: gas price %s exceeds u128", ErrInvalidConfig, v.Hex())
		}
	}
	switch {
	case c.MaxBlockBytes <= 0:
		return fmt.Errorf("%w: max block bytes %d <= 0", ErrInvalidConfig, c.MaxBlockBytes)
	case c.MaxBlockSteps == 0:
		return fmt.Errorf("%w: max block steps is 0", ErrInvalidConfig)
	case c.MaxBlockTxs <= 0:
		return fmt.Errorf("%w: max block txs %d <= 0", ErrInvalidConfig, c.MaxBlockTxs)
	}
	return nil
}
