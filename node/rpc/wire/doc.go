// Package wire holds the Starknet JSON-RPC v0.10.3 wire types: the JSON shapes
// of the spec (felts as canonical hex, block numbers as integers, u64/u128
// quantities as "0x" strings), separate from Cairn's core types. The server in
// node/rpc produces them and the typed client in node/rpc/client decodes them;
// the prover and the explorer import only this package and the client.
//
// Types that the spec models as a oneOf keyed by a "type" field (transactions,
// receipts, traces) are flat structs with a custom MarshalJSON that emits
// exactly the fields the spec requires for that type.
package wire
