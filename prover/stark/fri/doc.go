// Package fri proves and verifies that a function given by its evaluations on
// a coset shift·<ω_N> (bit-reversed order) is close to a polynomial of degree
// < 2^degLog, with the FRI protocol.
//
// Each committed layer groups the 2^FoldingLog evaluations that fold together
// (adjacent in bit-reversed order) into one Merkle leaf, so a query opens one
// leaf per layer. Folding by 2^f is f binary folds with β, β², β⁴, …:
// f'(x²) = (f(x)+f(−x))/2 + β·(f(x)−f(−x))/(2x). Layers are committed while
// the degree bound exceeds 2^LastLayerLog; the remaining polynomial is sent as
// coefficients and the verifier evaluates it at the query points.
package fri
