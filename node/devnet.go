package node

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cairnchain/cairn/execution/contracts"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/execution/starknet"
)

// The built-in devnet genesis (used when no genesis file is given).
var (
	// DevnetChainID is the devnet's Starknet chain id.
	DevnetChainID = "CAIRN_DEVNET"
	// DevnetFeeToken is the fee token's address: Starknet's STRK address, so
	// clients' defaults find it.
	DevnetFeeToken = felt.MustHex("0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d")
	// DevnetDemo is where the demo contract (fib, factorial) is deployed.
	DevnetDemo = felt.MustHex("0xde40")
	// DevnetSeed derives the prefunded accounts' keys.
	DevnetSeed = starknet.ShortString("cairn")
)

// DevnetAccounts is the number of prefunded devnet accounts.
const DevnetAccounts = 10

// DevnetBalance is each prefunded account's fee-token balance (FRI).
const DevnetBalance = "1000000000000000000000000"

// WriteDevnetGenesis writes Cairn's devnet genesis into dir: the account,
// ERC-20 and demo classes assembled from execution/contracts, the fee token
// (named "Starknet Token", STRK, 18 decimals) and demo contract, and
// DevnetAccounts prefunded accounts. It returns the genesis file's path.
func WriteDevnetGenesis(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	hashes := map[string]felt.Felt{}
	var files []string
	for _, name := range contracts.Names() {
		b, err := contracts.ClassJSON(name)
		if err != nil {
			return "", err
		}
		if hashes[name], err = contracts.ClassHash(name); err != nil {
			return "", err
		}
		files = append(files, name+".json")
		if err := os.WriteFile(filepath.Join(dir, name+".json"), b, 0o644); err != nil {
			return "", fmt.Errorf("write class %s: %w", name, err)
		}
	}
	key := func(s string) felt.Felt { return crypto.StarknetKeccak([]byte(s)) }
	g := genesis.Genesis{
		ChainID:         DevnetChainID,
		FeeTokenAddress: DevnetFeeToken,
		Classes:         files,
		Contracts: []genesis.Contract{
			{Address: DevnetFeeToken, ClassHash: hashes[contracts.ERC20Name], Storage: map[felt.Felt]felt.Felt{
				key("ERC20_name"):     starknet.ShortString("Starknet Token"),
				key("ERC20_symbol"):   starknet.ShortString("STRK"),
				key("ERC20_decimals"): felt.FromUint64(18),
			}},
			{Address: DevnetDemo, ClassHash: hashes[contracts.DemoName], Storage: map[felt.Felt]felt.Felt{}},
		},
		Accounts: genesis.Accounts{Count: DevnetAccounts, Seed: DevnetSeed, ClassHash: hashes[contracts.AccountName], Balance: DevnetBalance},
	}
	b, err := json.MarshalIndent(&g, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode devnet genesis: %w", err)
	}
	path := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := genesis.Load(path); err != nil {
		return "", err
	}
	return path, nil
}
