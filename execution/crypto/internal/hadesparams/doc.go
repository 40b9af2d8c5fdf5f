// Package hadesparams derives the parameters of Starknet's Poseidon (the
// Hades permutation over the Stark252 field, width 3) the way cairo-lang's
// poseidon_utils does, so that the tables in package crypto can be generated
// and checked instead of copied:
//
//   - round constant i (0 ≤ i < 3·91) is SHA-256("Hades" + decimal(i)) read as a
//     big-endian integer, reduced modulo p; round r uses constants 3r, 3r+1, 3r+2;
//   - the MDS matrix is [[3, 1, 1], [1, -1, 1], [1, 1, -2]];
//   - 4 full rounds, 83 partial rounds (S-box x³ on the last lane only),
//     4 full rounds.
//
// Compressed returns the constants rearranged so that a partial round adds a
// single constant (to the S-boxed lane), the optimisation used by fast
// implementations; the permutation is unchanged.
package hadesparams
