// Package contracts holds Cairn's own contract classes, written in Cairo
// assembly (asm/*.cairo-asm, embedded) and assembled by execution/cairo/asm
// into CASM classes run by Cairn's Cairo VM:
//
//   - account: an SRC-6 / SRC-5 account checking STARK-curve ECDSA
//     signatures over the transaction hash with the ec_op builtin;
//   - erc20: the fee token (OpenZeppelin's storage layout, u256 amounts);
//   - demo: fib(n) and factorial(n) entry points.
//
// Class, ClassJSON and ClassHash return them; see docs/execution.md
// ("Cairn's contracts") for their ABI.
package contracts
