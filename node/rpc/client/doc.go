// Package client is a typed Go client of the Starknet JSON-RPC v0.10.3 API as
// Cairn serves it (node/rpc), used by the prover, the explorer and
// `cairn client`. It speaks JSON-RPC 2.0 over HTTP, honours the caller's
// context and does not retry unless Options.Retries is set. Errors from the
// node are *Error values carrying the spec code (errors.Is matches by code).
package client
