package starknet

import (
	"fmt"
	"math/big"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// Fee token storage layout (the one Cairn's ERC-20 uses, as Cairo 1's
// LegacyMap of OpenZeppelin's ERC20 and Starknet's STRK token): the u256
// balance of addr is at key = pedersen(sn_keccak("ERC20_balances"), addr)
// mod 2^251-256 (low 128 bits) and key+1 (high 128 bits).
var balancesVar = crypto.StarknetKeccak([]byte("ERC20_balances"))

// BalanceKey returns the storage key of addr's low balance word.
func BalanceKey(addr felt.Address) felt.Felt {
	return StorageMapKey(balancesVar, addr)
}

// StorageMapKey is Cairo's LegacyMap address: pedersen(base, key) mod 2^251-256.
func StorageMapKey(base, key felt.Felt) felt.Felt {
	h := crypto.Pedersen(&base, &key)
	return felt.FromBigInt(new(big.Int).Mod(h.BigInt(), addrBound))
}

var two128 = new(big.Int).Lsh(big.NewInt(1), 128)

// Balance reads addr's fee-token balance from st.
func Balance(st StateReader, token, addr felt.Address) (*big.Int, error) {
	k := BalanceKey(addr)
	lo, err := st.StorageAt(token, k)
	if err != nil {
		return nil, fmt.Errorf("balance of %s: %w", addr.Hex(), err)
	}
	k.Add(&k, &felt.One)
	hi, err := st.StorageAt(token, k)
	if err != nil {
		return nil, fmt.Errorf("balance of %s: %w", addr.Hex(), err)
	}
	v := new(big.Int).Lsh(hi.BigInt(), 128)
	return v.Add(v, lo.BigInt()), nil
}

// SetBalance writes addr's fee-token balance (v < 2^256) into st.
func SetBalance(st StateWriter, token, addr felt.Address, v *big.Int) error {
	k := BalanceKey(addr)
	lo, hi := U256Split(v)
	if err := st.SetStorage(token, k, lo); err != nil {
		return fmt.Errorf("set balance of %s: %w", addr.Hex(), err)
	}
	k.Add(&k, &felt.One)
	if err := st.SetStorage(token, k, hi); err != nil {
		return fmt.Errorf("set balance of %s: %w", addr.Hex(), err)
	}
	return nil
}

// U256Split returns the low and high 128-bit words of v.
func U256Split(v *big.Int) (lo, hi felt.Felt) {
	q, r := new(big.Int).QuoRem(v, two128, new(big.Int))
	return felt.FromBigInt(r), felt.FromBigInt(q)
}

// balanceWords returns addr's balance v as the two storage words of token.
func balanceWords(token, addr felt.Address, v *big.Int) []StorageAccess {
	k := BalanceKey(addr)
	k1 := k
	k1.Add(&k1, &felt.One)
	lo, hi := U256Split(v)
	return []StorageAccess{{Contract: token, Key: k, Value: lo}, {Contract: token, Key: k1, Value: hi}}
}

var transferSelector = crypto.Selector("Transfer")

// chargeFee moves fee from the payer to the sequencer in the fee token's
// storage and records the Transfer event the token would emit.
func (x *txExec) chargeFee(payer felt.Address, fee *big.Int) error {
	if fee.Sign() == 0 {
		return nil
	}
	token, seq := x.bc.FeeTokenAddress, x.bc.SequencerAddress
	bal, err := Balance(x.st, token, payer)
	if err != nil {
		return err
	}
	if bal.Cmp(fee) < 0 {
		return fmt.Errorf("%w: balance %s < fee %s", ErrInsufficientBalance, bal, fee)
	}
	if err := SetBalance(x.st, token, payer, new(big.Int).Sub(bal, fee)); err != nil {
		return err
	}
	seqBal, err := Balance(x.st, token, seq)
	if err != nil {
		return err
	}
	newSeqBal := new(big.Int).Add(seqBal, fee)
	if err := SetBalance(x.st, token, seq, newSeqBal); err != nil {
		return err
	}
	if x.trace != nil {
		x.trace.Fee = &FeeTrace{Token: token, Payer: payer, Sequencer: seq, Amount: felt.FromBigInt(fee),
			Reads:  append(balanceWords(token, payer, bal), balanceWords(token, seq, seqBal)...),
			Writes: append(balanceWords(token, payer, new(big.Int).Sub(bal, fee)), balanceWords(token, seq, newSeqBal)...),
		}
	}
	lo, hi := U256Split(fee)
	x.events = append(x.events, Event{FromAddress: token, Keys: []felt.Felt{transferSelector, payer, seq}, Data: []felt.Felt{lo, hi}})
	return nil
}
