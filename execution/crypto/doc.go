// Package crypto implements Starknet's cryptographic primitives over the
// Stark252 field and the STARK curve:
//
//   - Pedersen hash and Starknet's array hash (compute_hash_on_elements);
//   - Poseidon (StarkWare's Hades permutation, width 3, 8 full and 83 partial
//     rounds) with poseidon_hash, poseidon_hash_single and poseidon_hash_many;
//   - Keccak-256, Starknet keccak (the low 250 bits) and entry point selectors;
//   - STARK-curve ECDSA, signing deterministically (RFC 6979 with HMAC-SHA256)
//     exactly as @scure/starknet and starknet.js do, verifying with
//     Starknet's range rules (Verify) or exactly as the Cairo signature
//     builtin does (VerifyBuiltin);
//   - curve helpers for the Cairo VM's builtins (ec_op, on-curve checks).
//
// Every primitive is checked in tests against public test vectors and, on
// random inputs, against @scure/starknet / starknet.js (see internal/jsref).
package crypto
