// Package cairo is Cairn's Cairo virtual machine.
//
// It follows the Cairo whitepaper (eprint 2021/1063) and cairo-lang's file
// formats:
//
//   - instruction decoding with a per-pc decode cache (instruction.go),
//   - write-once segmented memory holding field elements and relocatable
//     pointers, with builtin validation on write and deduction on read
//     (value.go, memory.go),
//   - the step semantics: res logic, jumps, call/ret frames, ap updates,
//     assert_eq with op0/op1 deduction (vm.go),
//   - the builtins of cairo-lang's layouts (builtin_*.go) and the layouts
//     themselves (layout.go),
//   - loaders for Cairo 0 compiled programs and Cairo 1 CASM contract classes
//     (program.go, casm.go),
//   - structured CASM hints and a whitelist of Cairo 0 Python hints
//     (hint_*.go), with a SyscallHandler hook for the Starknet execution layer,
//   - normal and proof-mode runs, relocation, and the prover inputs: the
//     relocated trace and memory, cairo-lang's binary trace/memory files and
//     the AIR public input JSON (runner.go, relocate.go, air.go).
//
// The VM never panics on program input: malformed programs, invalid
// instructions, inconsistent memory writes and builtin violations are
// reported as errors carrying the pc and step where they occurred.
package cairo
