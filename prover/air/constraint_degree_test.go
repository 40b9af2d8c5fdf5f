package air

import (
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// TestConstraintDegreesDeclared checks the degree the stark layout declares
// for every constraint of every builtin layout (all components built): along
// a random line x(t) = x0 + t·d through the cells and periodic values
// (periodic columns count as degree 1; the challenges are constants), a numerator of degree ≤ D has
// a vanishing (D+1)-th finite difference. An under-declared degree would let
// the quotient's degree bound cut the constraint.
func TestConstraintDegreesDeclared(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, name := range []string{"small", "recursive", "recursive_large_output", "all_cairo", "starknet"} {
		a, err := New(builtinPub(name, 3), 4096)
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewStarkAIR(a)
		if err != nil {
			t.Fatal(err)
		}
		l := s.Layout()
		mw, w := a.Width(), a.Width()+a.InteractionWidth()
		np, nc := len(l.Periodic), len(l.Constraints)
		rnd := func(k int) []fp.Element {
			out := make([]fp.Element, k)
			for i := range out {
				out[i] = randElement(r)
			}
			return out
		}
		x0, dx := rnd(2*w+np), rnd(2*w+np)
		ch := challengesOf(rnd(numChallenges))
		// vals[j] are the numerators at t = j, j = 0..3.
		var vals [4][]fp.Element
		for j := range vals {
			var tj fp.Element
			tj.SetUint64(uint64(j))
			x := make([]fp.Element, len(x0))
			for i := range x {
				x[i].Mul(&dx[i], &tj).Add(&x[i], &x0[i])
			}
			vals[j] = make([]fp.Element, nc)
			s.evalFrame(frameOf(x[:2*w], mw, w), &ch, x[2*w:], vals[j])
		}
		three := elem(3)
		for k, c := range l.Constraints {
			// Δ³ = f(3) − 3f(2) + 3f(1) − f(0); Δ² = f(2) − 2f(1) + f(0).
			var d3, d2, u fp.Element
			d3.Sub(&vals[3][k], &vals[0][k])
			u.Sub(&vals[1][k], &vals[2][k]).Mul(&u, &three)
			d3.Add(&d3, &u)
			d2.Sub(&vals[2][k], &vals[1][k]).Sub(&d2, &vals[1][k]).Add(&d2, &vals[0][k])
			switch {
			case c.Degree >= 3:
			case c.Degree == 2 && !d3.IsZero():
				t.Errorf("%s: constraint %d (%s) declared degree 2 has degree > 2", name, k, c.Name)
			case c.Degree == 1 && !d2.IsZero():
				t.Errorf("%s: constraint %d (%s) declared degree 1 has degree > 1", name, k, c.Name)
			}
		}
	}
}
