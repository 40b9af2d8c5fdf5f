package fri

import (
	"errors"
	"fmt"
	"slices"

	"github.com/cairnchain/cairn/prover/stark/merkle"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// Sentinel errors.
var (
	ErrParams       = errors.New("fri: invalid parameters")
	ErrNotLowDegree = errors.New("fri: input is not of the claimed degree")
	ErrReject       = errors.New("fri: proof rejected")
)

// Params fixes the shape of a FRI proof.
type Params struct {
	// BlowupLog is log2(N / degree bound) of the input.
	BlowupLog int
	// FoldingLog is log2 of the folding factor (1..3).
	FoldingLog int
	// LastLayerLog: folding stops once the degree bound is ≤ 2^LastLayerLog.
	LastLayerLog int
}

// Validate checks the ranges.
func (p Params) Validate() error {
	if p.BlowupLog < 1 || p.BlowupLog > 16 || p.FoldingLog < 1 || p.FoldingLog > 4 || p.LastLayerLog < 0 || p.LastLayerLog > 20 {
		return fmt.Errorf("%w: %+v", ErrParams, p)
	}
	return nil
}

// Layers returns the degree bound log of each committed layer (in order) and
// of the final polynomial, for an input of degree bound 2^degLog.
func (p Params) Layers(degLog int) (layers []int, lastLog int) {
	d := degLog
	for d > p.LastLayerLog && d >= p.FoldingLog {
		layers = append(layers, d)
		d -= p.FoldingLog
	}
	return layers, d
}

// LayerOpening is the opening of one committed layer at the queried groups:
// Values[i] holds the 2^FoldingLog evaluations of the i-th distinct group (in
// increasing group order) and Nodes the Merkle multiproof for those leaves.
type LayerOpening struct {
	Values [][]fp.Element
	Nodes  []merkle.Digest
}

// groups maps positions in a layer of the given folding to sorted distinct
// group (leaf) indices.
func groups(positions []uint64, foldingLog int) []int {
	seen := make(map[uint64]bool, len(positions))
	out := make([]int, 0, len(positions))
	for _, p := range positions {
		g := p >> foldingLog
		if !seen[g] {
			seen[g] = true
			out = append(out, int(g))
		}
	}
	slices.Sort(out)
	return out
}
