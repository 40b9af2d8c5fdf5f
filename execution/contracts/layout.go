package contracts

import (
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// Storage variables of Cairn's contracts (sn_keccak of their names, as
// Cairo 1 and OpenZeppelin lay them out). Maps are at
// pedersen(base, key) mod 2^251-256 (starknet.StorageMapKey); u256 values
// take two slots (low, high).
var (
	// PublicKeyKey is the account's public key (execution/genesis writes it).
	PublicKeyKey = crypto.StarknetKeccak([]byte("public_key"))
	// NameKey, SymbolKey and DecimalsKey hold the token's metadata felts.
	NameKey     = crypto.StarknetKeccak([]byte("ERC20_name"))
	SymbolKey   = crypto.StarknetKeccak([]byte("ERC20_symbol"))
	DecimalsKey = crypto.StarknetKeccak([]byte("ERC20_decimals"))
	// TotalSupplyKey is the token's u256 total supply.
	TotalSupplyKey = crypto.StarknetKeccak([]byte("ERC20_total_supply"))
	// BalancesBase and AllowancesBase are the bases of the balance and
	// allowance maps.
	BalancesBase   = crypto.StarknetKeccak([]byte("ERC20_balances"))
	AllowancesBase = crypto.StarknetKeccak([]byte("ERC20_allowances"))
)

// AllowanceKey is the storage key of allowances[owner][spender] (low word).
func AllowanceKey(owner, spender felt.Address) felt.Felt {
	h := crypto.Pedersen(&AllowancesBase, &owner)
	return starknet.StorageMapKey(h, spender)
}

// TokenStorage is the ERC-20 metadata storage for a token deployed without
// its constructor (at genesis): name and symbol as short strings, decimals.
func TokenStorage(name, symbol string, decimals uint8) map[felt.Felt]felt.Felt {
	return map[felt.Felt]felt.Felt{
		NameKey:     starknet.ShortString(name),
		SymbolKey:   starknet.ShortString(symbol),
		DecimalsKey: felt.FromUint64(uint64(decimals)),
	}
}
