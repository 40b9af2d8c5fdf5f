// Package e2e holds Cairn's end-to-end tests: they build the cairn binary,
// generate a local testnet with `cairn testnet` and run every validator as
// a real `cairn node` process on loopback, then talk to them only over the
// Starknet JSON-RPC and CometBFT RPC.
package e2e
