// Package asm is Cairn's Cairo assembler and disassembler.
//
// Cairn has no Cairo compiler, so its programs and contracts are written in
// Cairo assembly, the instruction syntax that cairo-lang and the Cairo 1
// compiler print ("[ap] = [fp + -3] + [ap + -1], ap++", "call rel 5",
// "jmp rel 3 if [ap + -1] != 0", "ret", …), extended with labels, constants
// and a few directives (%builtins, %func, %entrypoint, hints in %{ … %}).
// The syntax is documented in docs/cairo-asm.md.
//
// Assemble parses a source file into a Unit: bytecode encoded as in the Cairo
// whitepaper §4.5, hints by pc, identifiers and entry points. A Unit is
// written either as a Cairo 0 compiled program (cairo-compile's JSON,
// Unit.ProgramJSON) or as a CASM contract class (Scarb's
// .compiled_contract_class.json, Unit.ClassJSON). Disassemble turns either
// JSON back into assembly text that re-assembles to the same bytecode.
//
// Files:
//   - instruction.go, encode.go: the Instruction model and its bit encoding,
//   - lexer.go, expr.go, parser.go: source text to statements,
//   - hints.go: the structured CASM hint table, its text grammar and JSON,
//   - assemble.go: label resolution and encoding (two passes),
//   - program_json.go, class_json.go: the output formats,
//   - disasm.go: JSON back to text.
//
// Errors on input carry file:line:col (see Error); the assembler never panics
// on malformed source (fuzzed in fuzz_test.go).
package asm
