package crypto

import (
	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/felt"
)

// Pedersen parameters: the shift point and P0..P3 of cairo-lang's
// starkware/crypto/signature/pedersen_params.json (x, y in decimal).
var (
	pedersenShift = affine(
		"2089986280348253421170679821480865132823066470938446095505822317253594081284",
		"1713931329540660377023406109199410414810705867260802078187082345529207694986")
	pedersenP0 = newFixedBase(affine(
		"996781205833008774514500082376783249102396023663454813447423147977397232763",
		"1668503676786377725805489344771023921079126552019160156920634619255970485781"), 248)
	pedersenP1 = newFixedBase(affine(
		"2251563274489750535117886426533222435294046428347329203627021249169616184184",
		"1798716007562728905295480679789526322175868328062420237419143593021674992973"), 4)
	pedersenP2 = newFixedBase(affine(
		"2138414695194151160943305727036575959195309218611738193261179310511854807447",
		"113410276730064486255102093846540133784865286929052426931474106396135072156"), 248)
	pedersenP3 = newFixedBase(affine(
		"2379962749567351885752724891227938183011949129833673362440656643086021394946",
		"776496453633298175483985398648758586525933812536653089401905292063708816422"), 4)
)

// affine builds a point from decimal literals in this package's source.
func affine(x, y string) starkcurve.G1Affine {
	var p starkcurve.G1Affine
	if _, err := p.X.SetString(x); err != nil {
		panic(err) // literals only
	}
	if _, err := p.Y.SetString(y); err != nil {
		panic(err)
	}
	return p
}

// Pedersen returns Starknet's Pedersen hash of a and b (cairo-lang's
// pedersen_hash): the x coordinate of
// shift + a_low·P0 + a_high·P1 + b_low·P2 + b_high·P3, where low is the low
// 248 bits and high the top 4 bits of each input.
func Pedersen(a, b *felt.Felt) felt.Felt {
	var acc starkcurve.G1Jac
	acc.FromAffine(&pedersenShift)
	ab, bb := a.Bytes(), b.Bytes()
	pedersenP0.addMul(&acc, ab[1:])
	pedersenP1.addMul(&acc, ab[:1])
	pedersenP2.addMul(&acc, bb[1:])
	pedersenP3.addMul(&acc, bb[:1])
	var zi, x fp.Element
	zi.Inverse(&acc.Z)
	zi.Square(&zi)
	x.Mul(&acc.X, &zi)
	return felt.FromElement(x)
}

// PedersenArray returns Starknet's compute_hash_on_elements: the Pedersen
// fold h = H(...H(H(0, x0), x1)..., xn-1) followed by H(h, n).
func PedersenArray(xs ...felt.Felt) felt.Felt {
	var acc felt.Felt
	for i := range xs {
		acc = Pedersen(&acc, &xs[i])
	}
	n := felt.FromUint64(uint64(len(xs)))
	return Pedersen(&acc, &n)
}

// PedersenPoints returns the affine points of cairo-lang's Pedersen
// parameters as (x, y): the shift point and P0, P1, P2, P3 (in that order).
// The builtin AIRs (pedersen, ecdsa) take their constants from here.
func PedersenPoints() [5][2]felt.Felt {
	pts := [5]starkcurve.G1Affine{pedersenShift, pedersenP0.base, pedersenP1.base, pedersenP2.base, pedersenP3.base}
	var out [5][2]felt.Felt
	for i, p := range pts {
		out[i] = [2]felt.Felt{felt.FromElement(p.X), felt.FromElement(p.Y)}
	}
	return out
}
