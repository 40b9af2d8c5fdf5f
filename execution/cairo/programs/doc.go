// Package programs holds Cairn's own Cairo programs, written in Cairo
// assembly (see docs/cairo-asm.md) and embedded in the binary:
//
//   - fibonacci.cairo-asm: fib(N) to the output builtin, proof-mode friendly;
//   - factorial.cairo-asm: N! by recursion, proof-mode friendly;
//   - builtins.cairo-asm: N rounds over pedersen, range_check, bitwise and
//     poseidon, for VM benchmarks and prover tests;
//   - fibonacci_contract.cairo-asm: a CASM class with an external `fib`
//     entry point (Starknet calling convention).
//
// The functions here return them assembled, as Cairo 0 program JSON or CASM
// class JSON, optionally with N overridden.
package programs
