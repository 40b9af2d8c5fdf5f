package abci

import (
	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// StateDiffCommitment is Starknet's state-diff hash (v0.13.2+): Poseidon
// over "STARKNET_STATE_DIFF0", the deployed/replaced contracts, the declared
// classes (class hash, compiled class hash), the (empty) deprecated declared
// classes, the placeholders 1 and 0, the storage diffs and the nonces, each
// list prefixed by its length and sorted.
func StateDiffCommitment(d *state.StateDiff) felt.Felt {
	k, _ := asciiFelt("STARKNET_STATE_DIFF0")
	in := []felt.Felt{k, felt.FromUint64(uint64(len(d.DeployedContracts)))}
	for _, c := range d.DeployedContracts {
		in = append(in, c.Address, c.ClassHash)
	}
	in = append(in, felt.FromUint64(uint64(len(d.CompiledClassHashes))))
	for _, c := range d.CompiledClassHashes {
		in = append(in, c.ClassHash, c.CompiledClassHash)
	}
	in = append(in, felt.Zero, felt.One, felt.Zero)
	var n uint64
	var storage []felt.Felt
	for _, s := range d.StorageDiffs {
		if len(s.Entries) == 0 {
			continue
		}
		n++
		storage = append(storage, s.Address, felt.FromUint64(uint64(len(s.Entries))))
		for _, e := range s.Entries {
			storage = append(storage, e.Key, e.Value)
		}
	}
	in = append(in, felt.FromUint64(n))
	in = append(in, storage...)
	in = append(in, felt.FromUint64(uint64(len(d.Nonces))))
	for _, nu := range d.Nonces {
		in = append(in, nu.Address, nu.Nonce)
	}
	return crypto.PoseidonMany(in...)
}
