// Package rpc is the Starknet JSON-RPC v0.10.3 server every Cairn validator
// serves: JSON-RPC 2.0 over HTTP POST and WebSocket, an explicit method table
// with the spec's method and parameter names (params by position or by name),
// batches with a limit, a request size limit, the spec's error codes in one
// table (errors.go), and WebSocket subscriptions.
//
// Paths: "/" and "/rpc/v0_10" answer starknet_specVersion with "0.10.3";
// "/rpc/v0_9" serves the same methods but answers "0.9.0" (starknet.go
// v0.17.1 refuses any other version). A WebSocket upgrade on any of these
// paths, or on "/ws", opens a subscription connection.
//
// The node implements Backend (backend.go) and mounts Server.Handler on its
// HTTP server. Block tags map to Cairn's instant finality: "latest" and
// "l1_accepted" are the last committed block (there is no L1 settlement yet),
// "pre_confirmed" is the block being built at height latest+1 (empty: Cairn
// exposes no pending block) for block queries, and the latest committed state
// for state queries (getNonce, getStorageAt, call, estimateFee).
package rpc
