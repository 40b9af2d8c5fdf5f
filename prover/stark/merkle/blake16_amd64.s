//go:build amd64 && !purego

#include "textflag.h"

// Sixteen-lane BLAKE2s compression with AVX-512: register Zi holds state
// word i of the sixteen lanes, and message word j of every lane is the
// 64-byte row j of m (the caller transposes the blocks).

// G is the BLAKE2s mixing function on four state registers and the message
// words x and y (indices into SI's rows).
#define G(a, b, c, d, x, y) \
	VPADDD b, a, a; \
	VPADDD (x*64)(SI), a, a; \
	VPXORD a, d, d; \
	VPRORD $16, d, d; \
	VPADDD d, c, c; \
	VPXORD c, b, b; \
	VPRORD $12, b, b; \
	VPADDD b, a, a; \
	VPADDD (y*64)(SI), a, a; \
	VPXORD a, d, d; \
	VPRORD $8, d, d; \
	VPADDD d, c, c; \
	VPXORD c, b, b; \
	VPRORD $7, b, b

// ROUND is one BLAKE2s round on the state Z0..Z15 with the message words
// of SI permuted by one row of the schedule.
#define ROUND(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15) \
	G(Z0, Z4, Z8, Z12, s0, s1); \
	G(Z1, Z5, Z9, Z13, s2, s3); \
	G(Z2, Z6, Z10, Z14, s4, s5); \
	G(Z3, Z7, Z11, Z15, s6, s7); \
	G(Z0, Z5, Z10, Z15, s8, s9); \
	G(Z1, Z6, Z11, Z12, s10, s11); \
	G(Z2, Z7, Z8, Z13, s12, s13); \
	G(Z3, Z4, Z9, Z14, s14, s15)

// func compress16(h *[8][16]uint32, m *[16][16]uint32, t, final uint32)
TEXT ·compress16(SB), NOSPLIT, $0-24
	MOVQ h+0(FP), AX
	MOVQ m+8(FP), SI
	MOVL t+16(FP), CX
	MOVL final+20(FP), DX
	VMOVDQU32 0(AX), Z16
	VMOVDQU32 64(AX), Z17
	VMOVDQU32 128(AX), Z18
	VMOVDQU32 192(AX), Z19
	VMOVDQU32 256(AX), Z20
	VMOVDQU32 320(AX), Z21
	VMOVDQU32 384(AX), Z22
	VMOVDQU32 448(AX), Z23
	VMOVDQA32 Z16, Z0
	VMOVDQA32 Z17, Z1
	VMOVDQA32 Z18, Z2
	VMOVDQA32 Z19, Z3
	VMOVDQA32 Z20, Z4
	VMOVDQA32 Z21, Z5
	VMOVDQA32 Z22, Z6
	VMOVDQA32 Z23, Z7
	VPBROADCASTD ·iv+0(SB), Z8
	VPBROADCASTD ·iv+4(SB), Z9
	VPBROADCASTD ·iv+8(SB), Z10
	VPBROADCASTD ·iv+12(SB), Z11
	VPBROADCASTD ·iv+16(SB), Z12
	VPBROADCASTD CX, Z24
	VPXORD Z24, Z12, Z12
	VPBROADCASTD ·iv+20(SB), Z13
	VPBROADCASTD ·iv+24(SB), Z14
	VPBROADCASTD DX, Z24
	VPXORD Z24, Z14, Z14
	VPBROADCASTD ·iv+28(SB), Z15
	ROUND(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
	ROUND(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3)
	ROUND(11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4)
	ROUND(7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8)
	ROUND(9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13)
	ROUND(2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9)
	ROUND(12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11)
	ROUND(13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10)
	ROUND(6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5)
	ROUND(10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0)
	VPTERNLOGD $0x96, Z8, Z0, Z16
	VPTERNLOGD $0x96, Z9, Z1, Z17
	VPTERNLOGD $0x96, Z10, Z2, Z18
	VPTERNLOGD $0x96, Z11, Z3, Z19
	VPTERNLOGD $0x96, Z12, Z4, Z20
	VPTERNLOGD $0x96, Z13, Z5, Z21
	VPTERNLOGD $0x96, Z14, Z6, Z22
	VPTERNLOGD $0x96, Z15, Z7, Z23
	VMOVDQU32 Z16, 0(AX)
	VMOVDQU32 Z17, 64(AX)
	VMOVDQU32 Z18, 128(AX)
	VMOVDQU32 Z19, 192(AX)
	VMOVDQU32 Z20, 256(AX)
	VMOVDQU32 Z21, 320(AX)
	VMOVDQU32 Z22, 384(AX)
	VMOVDQU32 Z23, 448(AX)
	VZEROUPPER
	RET
