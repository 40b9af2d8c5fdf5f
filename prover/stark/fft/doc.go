// Package fft implements radix-2 number-theoretic transforms over the Stark252
// field (gnark-crypto's stark-curve fp.Element): forward and inverse NTTs,
// bit-reversal, polynomial interpolation and coset low-degree extension.
//
// The field modulus is p = 2^251 + 17·2^192 + 1, so p-1 = 2^192·k with k odd:
// multiplicative subgroups of every order 2^i, i ≤ 192, exist. The element 3
// generates the whole multiplicative group (it is a quadratic non-residue, which
// the tests check), so 3^((p-1)/2^192) has order exactly 2^192 and the coset
// 3·<ω> never meets a power-of-two subgroup.
//
// Conventions: forward transforms take coefficients in natural order and return
// evaluations in bit-reversed order (decimation in frequency); inverse
// transforms take evaluations in bit-reversed order and return coefficients in
// natural order (decimation in time). Bit-reversed evaluation order places the
// k points that fold together in FRI (x·ω_k^j) next to each other, and the
// first m positions of a size-N bit-reversed evaluation are the sub-coset of
// size m. Large transforms run on all CPUs.
//
// Butterfly layers run on tiles with gnark-crypto's vector arithmetic
// (AVX-512 IFMA multiplication where the CPU has it, through the guarded
// wrapper in internal/vec). A Coset plan precomputes the scale factors of a
// coset extension once and extends many columns in parallel; the prover
// uses it for every commitment.
package fft
