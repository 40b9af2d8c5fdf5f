// Package jsref runs small JavaScript programs against the pinned independent
// Starknet implementations in tools/js (starknet.js, @scure/starknet) so that
// tests can use them as referees. Run `make js-deps` first.
package jsref
