// Package vec wraps gnark-crypto's vectorised field multiplication
// (fp.Vector.Mul and ScalarMul: AVX-512 IFMA on amd64 when the CPU has it,
// about 2.5× the throughput of a loop of fp.Element.Mul on the development
// VM) with a correctness guard.
//
// gnark-crypto v0.22.0's IFMA kernel mis-reduces products whose correct
// Montgomery form lies just below the modulus q (top limb within about 2^17
// of q's): it returns a value whose top limb is at or above that range
// instead (found by this project's Cairo prover tests; vec_test.go
// reproduces it). Such products are rare for random data (≈2^-42) but occur
// in structured traces, so every result whose top limb is at or above
// guardTop is recomputed with the scalar multiplication. The guard band is
// 2^24 wide, far beyond every failure observed.
package vec
