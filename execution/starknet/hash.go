package starknet

import (
	"math/big"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// Transaction hash prefixes (short strings as felts).
var (
	prefixInvoke        = ShortString("invoke")
	prefixDeployAccount = ShortString("deploy_account")
	prefixDeclare       = ShortString("declare")
	prefixContractAddr  = ShortString("STARKNET_CONTRACT_ADDRESS")
	resourceL1Gas       = ShortString("L1_GAS")
	resourceL2Gas       = ShortString("L2_GAS")
	resourceL1DataGas   = ShortString("L1_DATA")
)

// ShortString encodes an ASCII string of at most 31 bytes as a felt (Cairo
// short string: big-endian bytes). Longer strings are truncated to 31 bytes.
func ShortString(s string) felt.Felt {
	if len(s) > 31 {
		s = s[:31]
	}
	return felt.FromBytes([]byte(s))
}

// Hash implements Transaction: Poseidon over
// ["invoke", 3, sender, fee_hash, H(paymaster_data), chain_id, nonce,
// da_modes, H(account_deployment_data), H(calldata) (, H(proof_facts))].
func (tx *InvokeV3) Hash(chainID felt.Felt) felt.TxHash {
	extra := []felt.Felt{crypto.PoseidonMany(tx.AccountDeploymentData...), crypto.PoseidonMany(tx.Calldata...)}
	if len(tx.ProofFacts) > 0 {
		extra = append(extra, crypto.PoseidonMany(tx.ProofFacts...))
	}
	return tx.V3Fields.hash(prefixInvoke, tx.Sender, chainID, extra...)
}

// Hash implements Transaction: Poseidon over ["deploy_account", 3, address,
// fee_hash, H(paymaster_data), chain_id, nonce, da_modes,
// H(constructor_calldata), class_hash, salt].
func (tx *DeployAccountV3) Hash(chainID felt.Felt) felt.TxHash {
	return tx.V3Fields.hash(prefixDeployAccount, tx.SenderAddress(), chainID,
		crypto.PoseidonMany(tx.ConstructorCalldata...), tx.ClassHash, tx.ContractAddressSalt)
}

// Hash implements Transaction: Poseidon over ["declare", 3, sender,
// fee_hash, H(paymaster_data), chain_id, nonce, da_modes,
// H(account_deployment_data), class_hash, compiled_class_hash].
func (tx *DeclareV3) Hash(chainID felt.Felt) felt.TxHash {
	return tx.V3Fields.hash(prefixDeclare, tx.Sender, chainID,
		crypto.PoseidonMany(tx.AccountDeploymentData...), tx.ClassHash, tx.CompiledClassHash)
}

// Hash implements Transaction: the v1 Pedersen hash
// H_array(["invoke", 1, sender, 0, H_array(calldata), max_fee, chain_id, nonce]).
func (tx *InvokeV1) Hash(chainID felt.Felt) felt.TxHash {
	return crypto.PedersenArray(prefixInvoke, felt.One, tx.Sender, felt.Zero,
		crypto.PedersenArray(tx.Calldata...), tx.MaxFee, chainID, tx.Nonce)
}

func (f *V3Fields) hash(prefix, sender, chainID felt.Felt, extra ...felt.Felt) felt.Felt {
	elems := make([]felt.Felt, 0, 8+len(extra))
	elems = append(elems, prefix, f.Version(), sender, f.feeFieldHash(),
		crypto.PoseidonMany(f.PaymasterData...), chainID, f.Nonce, f.daModes())
	elems = append(elems, extra...)
	return crypto.PoseidonMany(elems...)
}

// feeFieldHash is Poseidon(tip, L1_GAS bound, L2_GAS bound, L1_DATA bound),
// each bound being name<<192 | max_amount<<128 | max_price_per_unit.
func (f *V3Fields) feeFieldHash() felt.Felt {
	rb := &f.ResourceBounds
	return crypto.PoseidonMany(felt.FromUint64(f.Tip),
		encodeBound(resourceL1Gas, &rb.L1Gas), encodeBound(resourceL2Gas, &rb.L2Gas),
		encodeBound(resourceL1DataGas, &rb.L1DataGas))
}

func encodeBound(name felt.Felt, b *ResourceBound) felt.Felt {
	v := new(big.Int).Lsh(name.BigInt(), 192)
	v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(b.MaxAmount), 128))
	v.Or(v, b.MaxPricePerUnit.BigInt())
	return felt.FromBigInt(v)
}

// daModes packs nonce_da_mode << 32 | fee_da_mode.
func (f *V3Fields) daModes() felt.Felt {
	return felt.FromUint64(uint64(f.NonceDAMode)<<32 | uint64(f.FeeDAMode))
}

// addrBound is 2^251 - 256, the modulus contract addresses are reduced by.
var addrBound = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 251), big.NewInt(256))

// ContractAddress is Starknet's calculate_contract_address:
// H_array(["STARKNET_CONTRACT_ADDRESS", deployer, salt, class_hash,
// H_array(constructor_calldata)]) mod (2^251 - 256), H_array being Pedersen
// compute_hash_on_elements.
func ContractAddress(deployer, salt felt.Felt, classHash felt.ClassHash, constructorCalldata []felt.Felt) felt.Address {
	h := crypto.PedersenArray(prefixContractAddr, deployer, salt, classHash, crypto.PedersenArray(constructorCalldata...))
	return felt.FromBigInt(new(big.Int).Mod(h.BigInt(), addrBound))
}
