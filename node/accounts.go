package node

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
)

// AccountsFile is the file testnet writes next to the node homes.
const AccountsFile = "accounts.json"

// Accounts is what a client needs to transact on a devnet: the chain id,
// the fee token, the genesis contracts and the prefunded accounts with
// their keys.
type Accounts struct {
	ChainID   string             `json:"chain_id"`
	FeeToken  felt.Felt          `json:"fee_token_address"`
	Contracts []genesis.Contract `json:"contracts"`
	Accounts  []genesis.Account  `json:"accounts"`
}

// WriteAccounts derives the prefunded accounts of a genesis file and writes
// them to path.
func WriteAccounts(genesisFile, path string) error {
	g, err := genesis.Load(genesisFile)
	if err != nil {
		return err
	}
	accs, err := g.DeriveAccounts()
	if err != nil {
		return err
	}
	out := Accounts{ChainID: g.ChainID, FeeToken: g.FeeTokenAddress, Contracts: g.Contracts, Accounts: accs}
	b, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return fmt.Errorf("encode accounts: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// ReadAccounts reads an accounts file.
func ReadAccounts(path string) (*Accounts, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var a Accounts
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return &a, nil
}
