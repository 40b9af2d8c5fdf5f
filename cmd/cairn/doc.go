// Command cairn is the single binary of the Cairn stack: nodes, devnet tooling,
// the watcher-prover, the explorer, the transaction client, the Cairo
// assembler/runner and the STARK prover/verifier.
//
// Each subcommand lives in its own file (cmd_<name>.go) and registers itself in
// init with register.
package main
