// Package abci is Cairn's ABCI 2.0 application for CometBFT v0.38: it
// admits Starknet transactions to the mempool (CheckTx), orders and bounds
// blocks (PrepareProposal / ProcessProposal), executes them deterministically
// (FinalizeBlock), builds the Starknet block header and hash, and persists
// state and blocks (Commit). The AppHash is the root of the IAVL world state.
//
// The execution layer is reached through the narrow Engine interface, so
// the application does not depend on how transactions are executed.
// Result codes live in codes.go.
package abci
