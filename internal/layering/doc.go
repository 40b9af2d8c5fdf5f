// Package layering holds a test that enforces the import directions of
// DESIGN.md: execution imports no CometBFT, IAVL, ABCI or node code; prover
// and explorer-api never import abci or node internals (only the RPC client and
// wire types); prover/stark imports nothing Cairo-specific.
package layering
