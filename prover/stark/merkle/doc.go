// Package merkle builds binary Merkle trees over BLAKE2s-256 digests and
// produces and checks deduplicated batch openings (multiproofs).
//
// A tree has a power-of-two number of leaves. Leaves are digests computed by
// the caller (for a STARK trace: the hash of all columns at one evaluation
// point, see HashElements); an inner node is BLAKE2s-256(left ‖ right). The
// tree height is fixed by the leaf count the verifier expects, so leaves and
// inner nodes cannot be confused.
//
// BLAKE2s was chosen over Keccak-256 for speed (≈2× faster in pure Go on
// amd64 and in WASM, where the verifier also runs) and because Stone uses it
// for the same purpose. On amd64 with AVX-512 the prover hashes leaves
// (HashRows) and inner nodes sixteen at a time with a multi-lane compression
// function (blake16_amd64.s); the digests are the same.
package merkle
