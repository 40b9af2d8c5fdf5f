// Package node runs one Cairn validator: CometBFT v0.38 embedded in-process
// (node.NewNode with a local ABCI client to abci.App), the Starknet
// JSON-RPC server of node/rpc over a Backend implemented here, and
// CometBFT's Prometheus metrics endpoint.
//
// A node's home holds CometBFT's config/config.toml, genesis.json and keys,
// Cairn's config/cairn.toml (see Config; defaults → TOML → CAIRN_*
// environment → flags), and data/ (CometBFT's databases plus data/cairn/
// for the IAVL state and the block store). Testnet writes such homes.
package node
