package genesis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// ErrInvalidGenesis is wrapped by every validation and load error.
var ErrInvalidGenesis = errors.New("genesis: invalid")

// MaxAccounts bounds Accounts.Count.
const MaxAccounts = 1000

// Genesis is a chain's initial state, loaded from JSON (unknown fields are
// errors).
type Genesis struct {
	// ChainID is the chain id as a short string (e.g. "CAIRN_DEVNET").
	ChainID string `json:"chain_id"`
	// FeeTokenAddress is the ERC-20 contract fees are paid in; it must be
	// one of Contracts.
	FeeTokenAddress felt.Address `json:"fee_token_address"`
	// Classes are CASM class JSON files, relative to the genesis file.
	Classes []string `json:"classes"`
	// Contracts are deployed at fixed addresses with initial storage.
	Contracts []Contract `json:"contracts"`
	// Accounts are the prefunded accounts.
	Accounts Accounts `json:"accounts"`

	// classes holds the loaded classes, by class hash, in file order.
	classes []*starknet.Class
}

// Contract is a contract deployed at genesis.
type Contract struct {
	Address   felt.Address            `json:"address"`
	ClassHash felt.ClassHash          `json:"class_hash"`
	Storage   map[felt.Felt]felt.Felt `json:"storage"`
}

// Accounts describes the prefunded accounts: Count accounts of ClassHash,
// key i = 1 + (Poseidon("CAIRN_DEVNET_KEY", Seed, i) mod (n - 1)), n the
// curve order; each deployed at ContractAddress(0, salt = public key,
// ClassHash, [public key]) with its public key stored at
// sn_keccak("public_key") and Balance (decimal, FRI) of the fee token.
type Accounts struct {
	Count     int            `json:"count"`
	Seed      felt.Felt      `json:"seed"`
	ClassHash felt.ClassHash `json:"class_hash"`
	Balance   string         `json:"balance"`
}

// Account is a derived prefunded account.
type Account struct {
	Address    felt.Address `json:"address"`
	PrivateKey felt.Felt    `json:"private_key"`
	PublicKey  felt.Felt    `json:"public_key"`
}

// Storage keys of Cairn's account and ERC-20 layouts used at genesis.
var (
	// PublicKeyKey is the account's public key slot.
	PublicKeyKey = crypto.StarknetKeccak([]byte("public_key"))
	// TotalSupplyKey is the ERC-20 total supply slot (u256: key, key+1).
	TotalSupplyKey = crypto.StarknetKeccak([]byte("ERC20_total_supply"))
)

// Load reads a genesis JSON file and the class files it names.
func Load(path string) (*Genesis, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %w", ErrInvalidGenesis, path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	g := &Genesis{}
	if err := dec.Decode(g); err != nil {
		return nil, fmt.Errorf("%w: parse %s: %w", ErrInvalidGenesis, path, err)
	}
	for _, cp := range g.Classes {
		if !filepath.IsAbs(cp) {
			cp = filepath.Join(filepath.Dir(path), cp)
		}
		cb, err := os.ReadFile(cp)
		if err != nil {
			return nil, fmt.Errorf("%w: class %s: %w", ErrInvalidGenesis, cp, err)
		}
		c, err := starknet.ParseCASM(cb)
		if err != nil {
			return nil, fmt.Errorf("%w: class %s: %w", ErrInvalidGenesis, cp, err)
		}
		g.classes = append(g.classes, c)
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return g, nil
}

// AddClass adds an already loaded class (e.g. one of Cairn's built-in classes).
func (g *Genesis) AddClass(c *starknet.Class) { g.classes = append(g.classes, c) }

// Validate checks internal consistency: a chain id, known class hashes,
// the fee token among the contracts, account count and balance in range.
func (g *Genesis) Validate() error {
	if g.ChainID == "" || len(g.ChainID) > 31 {
		return fmt.Errorf("%w: chain_id must be 1..31 characters", ErrInvalidGenesis)
	}
	known := map[felt.ClassHash]bool{}
	for _, c := range g.classes {
		known[c.Hash()] = true
	}
	feeToken := false
	for i, c := range g.Contracts {
		if !known[c.ClassHash] {
			return fmt.Errorf("%w: contract %d (%s): class %s not among the genesis classes", ErrInvalidGenesis, i, c.Address.Hex(), c.ClassHash.Hex())
		}
		if c.Address == g.FeeTokenAddress {
			feeToken = true
		}
	}
	if !feeToken {
		return fmt.Errorf("%w: fee token %s is not a genesis contract", ErrInvalidGenesis, g.FeeTokenAddress.Hex())
	}
	if g.Accounts.Count < 0 || g.Accounts.Count > MaxAccounts {
		return fmt.Errorf("%w: accounts.count %d outside [0, %d]", ErrInvalidGenesis, g.Accounts.Count, MaxAccounts)
	}
	if g.Accounts.Count > 0 {
		if !known[g.Accounts.ClassHash] {
			return fmt.Errorf("%w: account class %s not among the genesis classes", ErrInvalidGenesis, g.Accounts.ClassHash.Hex())
		}
		if _, err := g.balance(); err != nil {
			return err
		}
	}
	return nil
}

func (g *Genesis) balance() (*big.Int, error) {
	v, ok := new(big.Int).SetString(g.Accounts.Balance, 10)
	if !ok || v.Sign() < 0 || v.BitLen() > 128 {
		return nil, fmt.Errorf("%w: accounts.balance %q is not a decimal u128", ErrInvalidGenesis, g.Accounts.Balance)
	}
	return v, nil
}

// ChainIDFelt is the chain id as a felt.
func (g *Genesis) ChainIDFelt() felt.Felt { return starknet.ShortString(g.ChainID) }

// DeriveAccounts returns the prefunded accounts' keys and addresses.
func (g *Genesis) DeriveAccounts() ([]Account, error) {
	nMinus1 := new(big.Int).Sub(crypto.CurveOrder(), big.NewInt(1))
	prefix := starknet.ShortString("CAIRN_DEVNET_KEY")
	out := make([]Account, g.Accounts.Count)
	for i := range out {
		h := crypto.PoseidonMany(prefix, g.Accounts.Seed, felt.FromUint64(uint64(i)))
		d := new(big.Int).Mod(h.BigInt(), nMinus1)
		d.Add(d, big.NewInt(1))
		priv, err := crypto.PrivateKeyFromFelt(felt.FromBigInt(d))
		if err != nil {
			return nil, fmt.Errorf("derive account %d: %w", i, err)
		}
		pub := crypto.GetPublicKey(priv)
		out[i] = Account{
			Address:    starknet.ContractAddress(felt.Zero, pub, g.Accounts.ClassHash, []felt.Felt{pub}),
			PrivateKey: priv.Felt(), PublicKey: pub,
		}
	}
	return out, nil
}

// Apply writes the genesis state into st: classes, contracts and their
// storage, accounts with public keys, fee-token balances and total supply.
// Writes happen in a deterministic order.
func (g *Genesis) Apply(st starknet.State) error {
	if err := g.Validate(); err != nil {
		return err
	}
	for _, c := range g.classes {
		h := c.Hash()
		if err := st.DeclareClass(h, c.CompiledClassHash(), c); err != nil {
			return fmt.Errorf("genesis: declare %s: %w", h.Hex(), err)
		}
	}
	cache := starknet.NewCachedState(st)
	for _, c := range g.Contracts {
		if err := cache.SetClassHashAt(c.Address, c.ClassHash); err != nil {
			return err
		}
		for k, v := range c.Storage {
			if err := cache.SetStorage(c.Address, k, v); err != nil {
				return err
			}
		}
	}
	accounts, err := g.DeriveAccounts()
	if err != nil {
		return err
	}
	total := new(big.Int)
	if len(accounts) > 0 {
		bal, _ := g.balance()
		for _, a := range accounts {
			if err := cache.SetClassHashAt(a.Address, g.Accounts.ClassHash); err != nil {
				return err
			}
			if err := cache.SetStorage(a.Address, PublicKeyKey, a.PublicKey); err != nil {
				return err
			}
			if err := starknet.SetBalance(cache, g.FeeTokenAddress, a.Address, bal); err != nil {
				return err
			}
			total.Add(total, bal)
		}
	}
	lo, err := cache.StorageAt(g.FeeTokenAddress, TotalSupplyKey)
	if err != nil {
		return err
	}
	hiKey := TotalSupplyKey
	hiKey.Add(&hiKey, &felt.One)
	hi, err := cache.StorageAt(g.FeeTokenAddress, hiKey)
	if err != nil {
		return err
	}
	total.Add(total, new(big.Int).Add(new(big.Int).Lsh(hi.BigInt(), 128), lo.BigInt()))
	tlo, thi := starknet.U256Split(total)
	if err := cache.SetStorage(g.FeeTokenAddress, TotalSupplyKey, tlo); err != nil {
		return err
	}
	if err := cache.SetStorage(g.FeeTokenAddress, hiKey, thi); err != nil {
		return err
	}
	if err := cache.Commit(st); err != nil {
		return fmt.Errorf("genesis: commit: %w", err)
	}
	return nil
}
