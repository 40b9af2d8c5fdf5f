// Package air is the Cairo AIR (Cairo whitepaper, eprint 2021/1063, §9) on top
// of Cairn's generic STARK prover in prover/stark.
//
// The trace layout is "one row per Cairo step, many columns": each row holds
// the registers pc/ap/fp, the decoded instruction (three biased 16-bit offsets
// and 15 flag columns), the three operand addresses and values, res, the jnz
// and mul helpers, one spare memory access (used for the public-memory dummy
// accesses, memory holes and padding), one spare range-check value (used to
// fill holes in the range-check range), the address-sorted copy of the row's
// memory accesses and the sorted copy of its range-checked values. After the
// main trace is committed the verifier's challenges (z, α for memory, z' for
// range checks) are drawn and the interaction columns (the running products of
// the memory and range-check permutation arguments, §9.7 and §9.9) are built.
//
// The verifier recomputes everything it needs from the public input
// (PublicInput, cairo-lang's air_public_input.json format): the boundary
// registers from the program and execution segments, rc_min/rc_max and the
// public memory product z^|M| / ∏(z − (a + α·v)) over the public memory M.
package air
