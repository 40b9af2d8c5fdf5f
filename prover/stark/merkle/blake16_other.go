//go:build !amd64 || purego

package merkle

import "github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

// hashRowsLanes has no vector kernel on this platform: it hashes nothing.
func hashRowsLanes(_ [][]fp.Element, lo, _ int, _ []Digest) int { return lo }

// hashNodesLanes has no vector kernel on this platform: it hashes nothing.
func hashNodesLanes(_, _ []Digest) int { return 0 }
