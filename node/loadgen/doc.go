// Package loadgen is the load generator behind `cairn client`: it signs
// INVOKE v3 transactions from the devnet's prefunded accounts (fee-token
// transfers and calls of the demo contract) and DEPLOY_ACCOUNT v3 of fresh
// accounts they fund, sends them at a set rate to
// one or more nodes over the Starknet JSON-RPC, follows their receipts and
// reports sent / accepted / committed / failed counts and latency
// percentiles.
package loadgen
