package crypto

import (
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/felt"
)

//go:generate go run ./internal/hadesgen -out poseidon_constants.go

// Shape of Starknet's Hades permutation (see internal/hadesparams).
const (
	poseidonFullRounds    = 8
	poseidonPartialRounds = 83
)

// PoseidonPermute applies Starknet's Hades permutation (width 3, 8 full and
// 83 partial rounds, S-box x³, MDS [[3,1,1],[1,-1,1],[1,1,-2]]) to state in
// place. This is what the Cairo poseidon builtin computes.
func PoseidonPermute(state *[3]felt.Felt) {
	hades(state[0].Element(), state[1].Element(), state[2].Element())
}

// Poseidon returns cairo-lang's poseidon_hash(a, b): the first lane of the
// permutation of [a, b, 2].
func Poseidon(a, b *felt.Felt) felt.Felt {
	s := [3]felt.Felt{*a, *b, felt.FromUint64(2)}
	PoseidonPermute(&s)
	return s[0]
}

// PoseidonSingle returns cairo-lang's poseidon_hash_single(x): the first lane
// of the permutation of [x, 0, 1].
func PoseidonSingle(x *felt.Felt) felt.Felt {
	s := [3]felt.Felt{*x, felt.Zero, felt.One}
	PoseidonPermute(&s)
	return s[0]
}

// PoseidonMany returns cairo-lang's poseidon_hash_many(xs): a sponge with
// rate 2 over the input padded with 1 and then zeros to an even length,
// absorbing each pair into lanes 0 and 1 of a zero state.
func PoseidonMany(xs ...felt.Felt) felt.Felt {
	var s0, s1, s2 fp.Element
	i := 0
	for ; i+1 < len(xs); i += 2 {
		s0.Add(&s0, xs[i].Element())
		s1.Add(&s1, xs[i+1].Element())
		hades(&s0, &s1, &s2)
	}
	one := fp.One()
	if i < len(xs) {
		s0.Add(&s0, xs[i].Element())
		s1.Add(&s1, &one)
	} else {
		s0.Add(&s0, &one)
	}
	hades(&s0, &s1, &s2)
	return felt.FromElement(s0)
}

// cube sets x = x³.
func cube(x *fp.Element) {
	var t fp.Element
	t.Square(x)
	x.Mul(x, &t)
}

// mix applies the MDS matrix [[3,1,1],[1,-1,1],[1,1,-2]].
func mix(s0, s1, s2 *fp.Element) {
	var t, d fp.Element
	t.Add(s0, s1).Add(&t, s2)
	d.Double(s0)
	s0.Add(&t, &d)
	d.Double(s1)
	s1.Sub(&t, &d)
	d.Double(s2).Add(&d, s2)
	s2.Sub(&t, &d)
}

// hades is the permutation on three lanes using the compressed constants.
func hades(s0, s1, s2 *fp.Element) {
	c := poseidonConstants[:]
	fullRound := func() {
		s0.Add(s0, &c[0])
		s1.Add(s1, &c[1])
		s2.Add(s2, &c[2])
		cube(s0)
		cube(s1)
		cube(s2)
		mix(s0, s1, s2)
		c = c[3:]
	}
	for range poseidonFullRounds / 2 {
		fullRound()
	}
	for i := range poseidonPartialRounds {
		s2.Add(s2, &c[i])
		cube(s2)
		mix(s0, s1, s2)
	}
	c = c[poseidonPartialRounds:]
	for range poseidonFullRounds / 2 {
		fullRound()
	}
}
