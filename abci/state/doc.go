// Package state holds Cairn's persistent chain data: the Starknet world state
// in an IAVL tree (nonces, class hashes, storage, declared classes, compiled
// class hashes) whose root is the CometBFT AppHash, and a block store in a
// separate LevelDB for headers, transactions, receipts, state updates and the
// lookup indexes the RPC needs.
//
// Every key layout of both databases lives in keys.go.
//
// Writes follow the ABCI discipline: FinalizeBlock stages a block's changes
// (Tree.Stage, BlockStore batch), Commit persists them (Tree.Commit,
// BlockStore.Put). Reads at any retained height go through an IAVL
// ImmutableTree at that version (Tree.At).
package state
