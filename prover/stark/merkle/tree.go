package merkle

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"

	"github.com/cairnchain/cairn/prover/stark/parallel"
)

// Sentinel errors of tree construction and proof checking.
var (
	ErrLeafCount = errors.New("merkle: leaf count must be a power of two ≥ 1")
	ErrIndex     = errors.New("merkle: leaf indices must be sorted, unique and in range")
	ErrProof     = errors.New("merkle: proof does not match the root")
	ErrProofSize = errors.New("merkle: proof has the wrong number of nodes")
)

// Tree is a complete binary tree stored as a heap: nodes[1] is the root and
// the leaves sit at nodes[n : 2n].
type Tree struct {
	nodes []Digest
	n     int
}

// New builds a tree over the leaves (len a power of two), hashing in parallel.
// The tree keeps its own copy of the leaves.
func New(leaves []Digest) (*Tree, error) {
	n := len(leaves)
	if n == 0 || n&(n-1) != 0 {
		return nil, fmt.Errorf("%w: got %d", ErrLeafCount, n)
	}
	t := &Tree{nodes: make([]Digest, 2*n), n: n}
	copy(t.nodes[n:], leaves)
	for lvl := n / 2; lvl >= 1; lvl /= 2 {
		// Nodes lvl..2lvl-1 are parents of 2lvl..4lvl-1.
		parallel.Run(lvl, 1<<12, func(lo, hi int) {
			hashNodes(t.nodes[lvl+lo:lvl+hi], t.nodes[2*(lvl+lo):2*(lvl+hi)])
		})
	}
	return t, nil
}

// Root returns the root digest (the leaf itself for a one-leaf tree).
func (t *Tree) Root() Digest { return t.nodes[1] }

// Leaves returns the number of leaves.
func (t *Tree) Leaves() int { return t.n }

// Prove returns the nodes that, with the leaves at indices (sorted, unique),
// recompute the root: for each level from the leaves up, the siblings that
// cannot be computed, in increasing position order.
func (t *Tree) Prove(indices []int) ([]Digest, error) {
	if err := checkIndices(indices, t.n); err != nil {
		return nil, err
	}
	var proof []Digest
	cur := make([]int, len(indices))
	for i, idx := range indices {
		cur[i] = t.n + idx
	}
	for len(cur) > 0 && cur[0] > 1 {
		next := cur[:0:0]
		for i := 0; i < len(cur); i++ {
			node := cur[i]
			if node&1 == 0 && i+1 < len(cur) && cur[i+1] == node+1 {
				i++ // sibling known
			} else {
				proof = append(proof, t.nodes[node^1])
			}
			next = append(next, node/2)
		}
		cur = next
	}
	return proof, nil
}

// Verify checks that leaves (the digests at indices, sorted and unique) belong
// to a tree with numLeaves leaves and the given root, using the nodes from
// Prove. Every proof node must be used.
func Verify(root Digest, numLeaves int, indices []int, leaves []Digest, proof []Digest) error {
	if numLeaves <= 0 || numLeaves&(numLeaves-1) != 0 {
		return fmt.Errorf("%w: got %d", ErrLeafCount, numLeaves)
	}
	if err := checkIndices(indices, numLeaves); err != nil {
		return err
	}
	if len(leaves) != len(indices) {
		return fmt.Errorf("%w: %d leaves for %d indices", ErrIndex, len(leaves), len(indices))
	}
	if len(proof) > len(indices)*bits.Len(uint(numLeaves)) {
		return fmt.Errorf("%w: %d nodes", ErrProofSize, len(proof))
	}
	pos := make([]int, len(indices))
	vals := slices.Clone(leaves)
	for i, idx := range indices {
		pos[i] = numLeaves + idx
	}
	used := 0
	for len(pos) > 0 && pos[0] > 1 {
		np, nv := pos[:0], vals[:0]
		for i := 0; i < len(pos); i++ {
			node := pos[i]
			var left, right Digest
			switch {
			case node&1 == 0 && i+1 < len(pos) && pos[i+1] == node+1:
				left, right = vals[i], vals[i+1]
				i++
			case used >= len(proof):
				return fmt.Errorf("%w: ran out at level node %d", ErrProofSize, node)
			case node&1 == 0:
				left, right = vals[i], proof[used]
				used++
			default:
				left, right = proof[used], vals[i]
				used++
			}
			np = append(np, node/2)
			nv = append(nv, HashNode(&left, &right))
		}
		pos, vals = np, nv
	}
	if used != len(proof) {
		return fmt.Errorf("%w: %d unused nodes", ErrProofSize, len(proof)-used)
	}
	if len(vals) != 1 || vals[0] != root {
		return ErrProof
	}
	return nil
}

func checkIndices(indices []int, n int) error {
	if len(indices) == 0 {
		return fmt.Errorf("%w: none given", ErrIndex)
	}
	for i, idx := range indices {
		if idx < 0 || idx >= n || (i > 0 && idx <= indices[i-1]) {
			return fmt.Errorf("%w: index %d (#%d) of %d leaves", ErrIndex, idx, i, n)
		}
	}
	return nil
}
