package air

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/prover/stark"
)

// TestMaskCoversEveryReadCell checks the probed mask: on random frames the
// constraints give the same numerators whether the cells outside the mask
// hold random values or zeros, Eval (sparse cells) agrees with the full
// frame, and the mask is smaller than every column at both offsets.
func TestMaskCoversEveryReadCell(t *testing.T) {
	for name, p := range map[string]testProgram{
		"fib":         fibProgram(10),
		"range_check": rcProgram([]fp.Element{imm(3), imm(1 << 20), imm(77)}),
	} {
		t.Run(name, func(t *testing.T) {
			tr := mustTrace(t, p, 64)
			a, err := tr.AIR()
			require.NoError(t, err)
			s, err := NewStarkAIR(a)
			require.NoError(t, err)
			l := s.Layout()
			mw, w := a.Width(), a.Width()+a.InteractionWidth()
			inMask := make([]bool, 2*w)
			var next []int
			for _, c := range l.Mask {
				inMask[c.Offset*w+c.Col] = true
				if c.Offset == 1 {
					next = append(next, c.Col)
				}
			}
			require.Less(t, len(l.Mask), 2*w, "mask smaller than every column at both offsets")
			for _, c := range []int{colPC, colAP, colFP} {
				require.True(t, slices.Contains(next, c), "register column %d read at the next row", c)
			}
			r := rand.New(rand.NewPCG(11, 12))
			nc := len(l.Constraints)
			for trial := range 4 {
				full := make([]fp.Element, 2*w)
				masked := make([]fp.Element, 2*w)
				var sparse []fp.Element
				for i := range full {
					full[i] = randElement(r)
					if inMask[i] {
						masked[i] = full[i]
					}
				}
				for _, c := range l.Mask {
					sparse = append(sparse, full[c.Offset*w+c.Col])
				}
				per := make([]fp.Element, len(l.Periodic))
				for i := range per {
					per[i] = randElement(r)
				}
				chs := []fp.Element{randElement(r), randElement(r), randElement(r)}
				ch := challengesOf(chs)
				want, got, viaEval := make([]fp.Element, nc), make([]fp.Element, nc), make([]fp.Element, nc)
				s.evalFrame(frameOf(full, mw, w), &ch, per, want)
				s.evalFrame(frameOf(masked, mw, w), &ch, per, got)
				require.Equal(t, want, got, "trial %d: a cell outside the mask changes a constraint", trial)
				s.Eval(&stark.Frame{Cells: sparse, Periodic: per, Challenges: chs}, viaEval)
				require.Equal(t, want, viaEval, "trial %d: Eval on the sparse cells", trial)
			}
			t.Logf("mask: %d of %d cells (%d next-row)", len(l.Mask), 2*w, len(next))
		})
	}
}
