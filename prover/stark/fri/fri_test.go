package fri

import (
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/prover/stark/fft"
	"github.com/cairnchain/cairn/prover/stark/transcript"
)

func lowDegree(t *testing.T, tw *fft.Twiddles, r *rand.Rand, degLog, blowLog int, shift fp.Element) ([]fp.Element, []fp.Element) {
	coefs := make([]fp.Element, 1<<degLog)
	for i := range coefs {
		coefs[i].SetUint64(r.Uint64())
	}
	evals := make([]fp.Element, 1<<(degLog+blowLog))
	require.NoError(t, tw.CosetLDE(coefs, shift, evals))
	return coefs, evals
}

func proveAndVerify(t *testing.T, tw *fft.Twiddles, evals []fp.Element, degLog int, p Params, tamper func([]LayerOpening, []fp.Element)) error {
	shift := fft.Generator()
	input := append([]fp.Element(nil), evals...)
	ptr := transcript.New("fri-test")
	pr, err := Commit(ptr, tw, evals, shift, degLog, p)
	if err != nil {
		return err
	}
	positions := ptr.Indices(20, uint64(len(input)))
	openings, err := pr.Open(positions)
	require.NoError(t, err)
	values := make([]fp.Element, len(positions))
	for i, q := range positions {
		values[i] = input[q]
	}
	if tamper != nil {
		tamper(openings, values)
	}
	vtr := transcript.New("fri-test")
	v, err := ReadCommitments(vtr, pr.Roots(), pr.LastLayer(), shift, degLog, p)
	require.NoError(t, err)
	require.Equal(t, positions, vtr.Indices(20, uint64(len(input))), "transcripts agree")
	return v.Verify(positions, values, openings)
}

func TestCompleteness(t *testing.T) {
	tw, err := fft.NewTwiddles(16)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range []Params{
		{BlowupLog: 1, FoldingLog: 1, LastLayerLog: 0},
		{BlowupLog: 2, FoldingLog: 2, LastLayerLog: 3},
		{BlowupLog: 3, FoldingLog: 3, LastLayerLog: 5},
		{BlowupLog: 3, FoldingLog: 3, LastLayerLog: 0},
	} {
		for _, degLog := range []int{0, 1, 4, 10, 12} {
			_, evals := lowDegree(t, tw, r, degLog, p.BlowupLog, fft.Generator())
			require.NoError(t, proveAndVerify(t, tw, evals, degLog, p, nil), "%+v degLog %d", p, degLog)
		}
	}
}

func TestRejectsHighDegree(t *testing.T) {
	tw, err := fft.NewTwiddles(14)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(3, 4))
	p := Params{BlowupLog: 3, FoldingLog: 2, LastLayerLog: 2}
	// Degree 2^10 polynomial claimed to have degree < 2^9: honest prover refuses.
	_, evals := lowDegree(t, tw, r, 10, 2, fft.Generator())
	require.ErrorIs(t, proveAndVerify(t, tw, evals, 9, p, nil), ErrNotLowDegree)
}

func TestRejectsTampering(t *testing.T) {
	tw, err := fft.NewTwiddles(14)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 6))
	p := Params{BlowupLog: 2, FoldingLog: 3, LastLayerLog: 1}
	var one fp.Element
	one.SetOne()
	cases := map[string]func([]LayerOpening, []fp.Element){
		"input value":   func(_ []LayerOpening, v []fp.Element) { v[3].Add(&v[3], &one) },
		"layer 1 value": func(o []LayerOpening, _ []fp.Element) { o[1].Values[0][1].Add(&o[1].Values[0][1], &one) },
		"merkle node":   func(o []LayerOpening, _ []fp.Element) { o[0].Nodes[0][0] ^= 1 },
		"missing group": func(o []LayerOpening, _ []fp.Element) { o[0].Values = o[0].Values[1:] },
		"short group":   func(o []LayerOpening, _ []fp.Element) { o[0].Values[0] = o[0].Values[0][1:] },
		"layer dropped": func(o []LayerOpening, _ []fp.Element) { o[1] = o[0] },
	}
	for name, tamper := range cases {
		_, evals := lowDegree(t, tw, r, 11, p.BlowupLog, fft.Generator())
		require.ErrorIs(t, proveAndVerify(t, tw, evals, 11, p, tamper), ErrReject, name)
	}
}
