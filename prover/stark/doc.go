// Package stark is a STARK prover and verifier over the Stark252 field for any
// algebraic intermediate representation given through the AIR interface. It
// knows nothing of Cairo.
//
// Protocol (prover and verifier replay the same BLAKE2s transcript):
//
//  1. Absorb the header: version, AIR name, options, public input.
//  2. Interpolate the main trace columns, extend them to the LDE coset
//     3·<ω_N> (N = n·blowup, bit-reversed order), commit rows to a Merkle
//     tree (one leaf per LDE point, all columns). If the AIR has interaction
//     columns: draw challenges, build the aux trace, commit it likewise.
//  3. Draw one coefficient per constraint; evaluate the composition
//     Σ αᵢ·Cᵢ(x)/Zᵢ(x) on the sub-coset of size D·n (D = composition parts),
//     interpolate, split into D polynomials of degree < n
//     (H = Σ x^{i·n}·Hᵢ), extend and commit them in one tree.
//  4. Draw the out-of-domain point z; send every mask cell's column at
//     z·g^offset and every Hᵢ(z); the verifier checks the constraint
//     equation at z.
//  5. Draw DEEP coefficients and build the DEEP composition
//     Q(x) = Σ γ·(T(x) − T(z·g^o))/(x − z·g^o) + Σ γᵢ·(Hᵢ(x) − Hᵢ(z))/(x − z),
//     of degree < n, and prove it low-degree with FRI (folding factor 2, 4 or
//     8, one Merkle tree per layer with the folding cosets as leaves, last
//     layer sent as coefficients).
//  6. Grind the proof of work, draw query positions, open all trees there;
//     the verifier recomputes Q at each position from the opened rows and
//     follows it through the FRI layers.
//
// Proofs are serialized in a versioned binary format (see encoding.go) whose
// header (AIR name, options, public input) lets a CLI dispatch to the right
// AIR before verifying. The verifier compiles to GOOS=js GOARCH=wasm.
package stark
