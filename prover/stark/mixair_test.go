package stark_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/prover/stark"
)

// mixAIR exercises the features the Cairo AIR needs beyond Fibonacci:
// degree-2 transitions, a periodic column, a negative offset, a constraint on
// every second row, and an interaction column (a permutation argument with a
// random challenge drawn after the main commitment).
//
//	s_{r+1} = s_r² + per(r)            per = [1, 2, 3, 4] repeating, r < n−1
//	t_r = 3·s_{r−1}                    odd rows r only
//	u is s reversed (a permutation of s)
//	aux z: z_0·(γ − u_0) = γ − s_0, z_{r+1}·(γ − u_{r+1}) = z_r·(γ − s_{r+1}), z_{n−1} = 1
type mixAIR struct {
	n    int
	seed fp.Element
}

func (a *mixAIR) Name() string { return "test/mix" }

func (a *mixAIR) PublicInput() []byte {
	b := a.seed.Bytes()
	return append([]byte(fmt.Sprint(a.n)), b[:]...)
}

func (a *mixAIR) Layout() *stark.Layout {
	n := a.n
	per := []fp.Element{fp.NewElement(1), fp.NewElement(2), fp.NewElement(3), fp.NewElement(4)}
	return &stark.Layout{
		TraceLength:   n,
		MainWidth:     3,
		AuxWidth:      1,
		NumChallenges: 1,
		Mask: []stark.Cell{
			{Col: 0, Offset: 0}, {Col: 0, Offset: 1}, {Col: 1, Offset: 0}, {Col: 0, Offset: -1},
			{Col: 2, Offset: 0}, {Col: 2, Offset: 1}, {Col: 3, Offset: 0}, {Col: 3, Offset: 1},
		},
		Constraints: []stark.Constraint{
			{Name: "square step", Degree: 2, Domain: stark.Domain{Period: 1, Exempt: []int{n - 1}}},
			{Name: "odd rows", Degree: 1, Domain: stark.Domain{Period: 2, Offset: 1}},
			{Name: "seed", Degree: 1, Domain: stark.Domain{Period: n}},
			{Name: "perm first", Degree: 2, Domain: stark.Domain{Period: n}},
			{Name: "perm step", Degree: 2, Domain: stark.Domain{Period: 1, Exempt: []int{n - 1}}},
			{Name: "perm last", Degree: 1, Domain: stark.Domain{Period: n, Offset: n - 1}},
		},
		Periodic: [][]fp.Element{per},
	}
}

func (a *mixAIR) Eval(f *stark.Frame, out []fp.Element) {
	c := f.Cells
	s0, s1, t0, sPrev, u0, u1, z0, z1 := c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
	gamma := f.Challenges[0]
	var t, three, one fp.Element
	three.SetUint64(3)
	one.SetOne()
	t.Square(&s0)
	t.Add(&t, &f.Periodic[0])
	out[0].Sub(&s1, &t)
	t.Mul(&sPrev, &three)
	out[1].Sub(&t0, &t)
	out[2].Sub(&s0, &a.seed)
	var gu, gs fp.Element
	gu.Sub(&gamma, &u0)
	gs.Sub(&gamma, &s0)
	out[3].Mul(&z0, &gu)
	out[3].Sub(&out[3], &gs)
	var gu1, gs1, rhs fp.Element
	gu1.Sub(&gamma, &u1)
	gs1.Sub(&gamma, &s1)
	out[4].Mul(&z1, &gu1)
	rhs.Mul(&z0, &gs1)
	out[4].Sub(&out[4], &rhs)
	out[5].Sub(&z0, &one)
}

func (a *mixAIR) BuildAux(main *stark.Trace, ch []fp.Element) (*stark.Trace, error) {
	s, u := main.Columns[0], main.Columns[2]
	aux := stark.NewTrace(1, a.n)
	z := aux.Columns[0]
	num := make([]fp.Element, a.n)
	den := make([]fp.Element, a.n)
	for r := range num {
		num[r].Sub(&ch[0], &s[r])
		den[r].Sub(&ch[0], &u[r])
	}
	inv := fp.BatchInvert(den)
	var acc fp.Element
	acc.SetOne()
	for r := range z {
		acc.Mul(&acc, &num[r])
		acc.Mul(&acc, &inv[r])
		z[r] = acc
	}
	return aux, nil
}

func mixTrace(n int, seed fp.Element) *stark.Trace {
	tr := stark.NewTrace(3, n)
	s, t, u := tr.Columns[0], tr.Columns[1], tr.Columns[2]
	s[0] = seed
	for r := 0; r+1 < n; r++ {
		s[r+1].Square(&s[r])
		per := fp.NewElement(uint64(r%4 + 1))
		s[r+1].Add(&s[r+1], &per)
	}
	three := fp.NewElement(3)
	for r := range t {
		if r%2 == 1 {
			t[r].Mul(&s[r-1], &three)
		} else {
			t[r].SetUint64(uint64(r * 77)) // unconstrained
		}
		u[r] = s[n-1-r]
	}
	return tr
}

var (
	_ stark.AIR        = (*mixAIR)(nil)
	_ stark.AuxBuilder = (*mixAIR)(nil)
)

func TestMixAIR(t *testing.T) {
	p, err := stark.NewProver(stark.ProverConfig{Options: testOptions()})
	require.NoError(t, err)
	seed := fp.NewElement(5)
	for _, n := range []int{8, 256, 2048} {
		air := &mixAIR{n: n, seed: seed}
		proof, err := p.Prove(context.Background(), air, mixTrace(n, seed))
		require.NoError(t, err, "n=%d", n)
		require.NoError(t, stark.VerifyBytes(air, proof.Marshal(), 90), "n=%d", n)
	}
	n := 256
	air := &mixAIR{n: n, seed: seed}
	var one fp.Element
	one.SetOne()
	for name, tamper := range map[string]func(*stark.Trace){
		"square step": func(tr *stark.Trace) { tr.Columns[0][7].Add(&tr.Columns[0][7], &one) },
		"odd row":     func(tr *stark.Trace) { tr.Columns[1][9].Add(&tr.Columns[1][9], &one) },
		"permutation": func(tr *stark.Trace) { tr.Columns[2][3].Add(&tr.Columns[2][3], &one) },
		"last s":      func(tr *stark.Trace) { tr.Columns[0][n-1].Add(&tr.Columns[0][n-1], &one) },
	} {
		tr := mixTrace(n, seed)
		tamper(tr)
		_, err := p.Prove(context.Background(), air, tr)
		require.ErrorIs(t, err, stark.ErrTrace, name)
		proof, err := p.Prove(context.Background(), lyingMix{air}, tr)
		require.NoError(t, err, name)
		require.ErrorIs(t, stark.VerifyBytes(air, proof.Marshal(), 90), stark.ErrReject, name)
	}
	// An even-row t value is unconstrained: changing it still proves.
	tr := mixTrace(n, seed)
	tr.Columns[1][10].Add(&tr.Columns[1][10], &one)
	proof, err := p.Prove(context.Background(), air, tr)
	require.NoError(t, err)
	require.NoError(t, stark.VerifyBytes(air, proof.Marshal(), 90))
}

// lyingMix keeps BuildAux but claims all constraints hold.
type lyingMix struct{ *mixAIR }

func (lyingMix) Eval(_ *stark.Frame, out []fp.Element) { clear(out) }
