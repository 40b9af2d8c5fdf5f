// Package genesis describes and applies a Cairn chain's initial state: the
// declared classes (CASM class JSON files), contracts with their storage,
// the fee token, and prefunded accounts whose private keys derive
// deterministically from a seed, so a devnet can print them.
package genesis
