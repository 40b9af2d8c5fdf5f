//go:build amd64 && !purego

package merkle

import (
	"encoding/binary"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/consensys/gnark-crypto/utils/cpu"
)

// lanes is the number of leaves hashed together by the AVX-512 kernel.
const lanes = 16

// compress16 runs the BLAKE2s compression function on sixteen independent
// states at once: h[i][l] is word i of lane l's chaining value, m[j][l]
// message word j of lane l's block, t the byte counter (equal in every lane)
// and final 0 or 0xffffffff for the last block.
//
//go:noescape
func compress16(h *[8][lanes]uint32, m *[16][lanes]uint32, t, final uint32)

// iv is the BLAKE2s initialisation vector (read by the assembly).
var iv = [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}

// hashRowsLanes hashes rows lo, lo+16, ... sixteen at a time while sixteen
// remain, when the CPU has AVX-512, and returns the first row it left.
func hashRowsLanes(cols [][]fp.Element, lo, hi int, out []Digest) int {
	w := len(cols)
	size := ElementBytes * w
	if !cpu.SupportAVX512 || w == 0 || size >= 1<<32 {
		return lo
	}
	blocks := (w + 1) / 2
	var h [8][lanes]uint32
	var m [16][lanes]uint32
	r := lo
	for ; r+lanes <= hi; r += lanes {
		for i := range h {
			for l := range lanes {
				h[i][l] = iv[i]
			}
		}
		for l := range lanes {
			h[0][l] ^= 0x01010000 | 32 // no key, 32-byte digest
		}
		for b := range blocks {
			for e := range 2 {
				j := 2*b + e
				if j == w {
					clear(m[8:])
					break
				}
				col := cols[j][r : r+lanes]
				for l := range col {
					for k, limb := range col[l] {
						m[8*e+2*k][l] = uint32(limb)
						m[8*e+2*k+1][l] = uint32(limb >> 32)
					}
				}
			}
			t, final := uint32(min(64*(b+1), size)), uint32(0)
			if b == blocks-1 {
				final = ^uint32(0)
			}
			compress16(&h, &m, t, final)
		}
		for l := range lanes {
			d := &out[r-lo+l]
			for i := range h {
				binary.LittleEndian.PutUint32(d[4*i:], h[i][l])
			}
		}
	}
	return r
}

// hashNodesLanes sets dst[k] to the inner node over kids[2k] and kids[2k+1]
// sixteen nodes at a time while sixteen remain, when the CPU has AVX-512,
// and returns the first k it left.
func hashNodesLanes(dst, kids []Digest) int {
	if !cpu.SupportAVX512 {
		return 0
	}
	var h [8][lanes]uint32
	var m [16][lanes]uint32
	k := 0
	for ; k+lanes <= len(dst); k += lanes {
		for i := range h {
			for l := range lanes {
				h[i][l] = iv[i]
			}
		}
		for l := range lanes {
			h[0][l] ^= 0x01010000 | 32
			for c := range 2 {
				d := &kids[2*(k+l)+c]
				for i := range 8 {
					m[8*c+i][l] = binary.LittleEndian.Uint32(d[4*i:])
				}
			}
		}
		compress16(&h, &m, 64, ^uint32(0))
		for l := range lanes {
			d := &dst[k+l]
			for i := range h {
				binary.LittleEndian.PutUint32(d[4*i:], h[i][l])
			}
		}
	}
	return k
}
