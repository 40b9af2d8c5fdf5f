package merkle

import (
	"encoding/binary"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"golang.org/x/crypto/blake2s"
)

// Digest is a BLAKE2s-256 output.
type Digest [32]byte

// ElementBytes is the size of one field element in a leaf preimage.
const ElementBytes = 32

// PutElement writes e into dst[:32] as the leaf preimage encoding: the four
// 64-bit limbs of its (fully reduced, hence unique) Montgomery form, little
// endian. It avoids a conversion out of Montgomery form per cell.
func PutElement(dst []byte, e *fp.Element) {
	binary.LittleEndian.PutUint64(dst[0:], e[0])
	binary.LittleEndian.PutUint64(dst[8:], e[1])
	binary.LittleEndian.PutUint64(dst[16:], e[2])
	binary.LittleEndian.PutUint64(dst[24:], e[3])
}

// HashElements hashes the concatenated encodings of es; buf is scratch space
// of at least 32·len(es) bytes (pass nil to allocate).
func HashElements(es []fp.Element, buf []byte) Digest {
	n := ElementBytes * len(es)
	if len(buf) < n {
		buf = make([]byte, n)
	}
	for i := range es {
		PutElement(buf[ElementBytes*i:], &es[i])
	}
	return blake2s.Sum256(buf[:n])
}

// HashNode returns BLAKE2s-256(left ‖ right).
func HashNode(left, right *Digest) Digest {
	var b [64]byte
	copy(b[:32], left[:])
	copy(b[32:], right[:])
	return blake2s.Sum256(b[:])
}

// HashRows sets out[r-lo] to the leaf digest of row r of the columns, the
// HashElements of cols[0][r], cols[1][r], ..., for lo ≤ r < hi. On amd64 with
// AVX-512 it hashes sixteen rows at once (same digests).
func HashRows(cols [][]fp.Element, lo, hi int, out []Digest) {
	r := hashRowsLanes(cols, lo, hi, out)
	row := make([]fp.Element, len(cols))
	buf := make([]byte, ElementBytes*len(cols))
	for ; r < hi; r++ {
		for j := range row {
			row[j] = cols[j][r]
		}
		out[r-lo] = HashElements(row, buf)
	}
}

// hashNodes sets dst[k] = HashNode(kids[2k], kids[2k+1]), sixteen at once
// on amd64 with AVX-512.
func hashNodes(dst, kids []Digest) {
	for k := hashNodesLanes(dst, kids); k < len(dst); k++ {
		dst[k] = HashNode(&kids[2*k], &kids[2*k+1])
	}
}
