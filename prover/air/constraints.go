package air

import "github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

// Challenges are the verifier's random values drawn after the main trace is
// committed: Z and Alpha for the memory argument, ZRC for the range checks.
type Challenges struct {
	Z, Alpha, ZRC fp.Element
}

// Frame is a window of two consecutive rows of the main and interaction
// traces. Interaction slices may be nil when only main constraints are
// evaluated.
type Frame struct {
	Cur, Next   []fp.Element
	ICur, INext []fp.Element
}

var (
	feOne  = elem(1)
	feTwo  = elem(2)
	feBias = elem(offsetBias)
)

// sub returns x − y.
func sub(x, y *fp.Element) fp.Element {
	var r fp.Element
	r.Sub(x, y)
	return r
}

// mul returns x·y.
func mul(x, y *fp.Element) fp.Element {
	var r fp.Element
	r.Mul(x, y)
	return r
}

// add returns x + y.
func add(x, y *fp.Element) fp.Element {
	var r fp.Element
	r.Add(x, y)
	return r
}

// continuity returns (d)(d − 1) for d = b − a: zero iff b ∈ {a, a+1}.
func continuity(a, b *fp.Element) fp.Element {
	d := sub(b, a)
	d1 := sub(&d, &feOne)
	return mul(&d, &d1)
}

// sameValue returns (vb − va)(b − a − 1): zero iff the values agree or the
// addresses step by one.
func sameValue(a, b, va, vb *fp.Element) fp.Element {
	d := sub(b, a)
	d1 := sub(&d, &feOne)
	dv := sub(vb, va)
	return mul(&dv, &d1)
}

// numRowCPU is the number of CPU constraints that hold on every row.
const numRowCPU = NumFlags + 11

// evalRowCPU writes the CPU constraints that hold on every row (flags,
// instruction decomposition, operand addresses, res, helpers, opcodes).
func evalRowCPU(r []fp.Element, out []fp.Element) {
	f := r[colFlag0 : colFlag0+NumFlags]
	k := 0
	for i := range f {
		t := sub(&f[i], &feOne)
		out[k] = mul(&f[i], &t)
		k++
	}
	// inst = off_dst + 2^16·off_op0 + 2^32·off_op1 + 2^48·Σ 2^i f_i
	var acc fp.Element
	for i := NumFlags - 1; i >= 0; i-- {
		acc.Double(&acc)
		acc.Add(&acc, &f[i])
	}
	var sh fp.Element
	sh.SetUint64(1 << 16)
	acc.Mul(&acc, &sh)
	acc.Add(&acc, &r[colOffOp1])
	acc.Mul(&acc, &sh)
	acc.Add(&acc, &r[colOffOp0])
	acc.Mul(&acc, &sh)
	acc.Add(&acc, &r[colOffDst])
	out[k] = sub(&r[colInst], &acc)
	k++
	// dst_addr = f_dst·fp + (1−f_dst)·ap + off_dst − 2^15
	out[k] = regAddr(&f[FlagDstReg], &r[colFP], &r[colAP], &r[colOffDst], &r[colDstAddr])
	k++
	out[k] = regAddr(&f[FlagOp0Reg], &r[colFP], &r[colAP], &r[colOffOp0], &r[colOp0Addr])
	k++
	// op1_addr = f_imm·pc + f_ap·ap + f_fp·fp + (1 − f_imm − f_ap − f_fp)·op0 + off_op1 − 2^15
	var base, t fp.Element
	base = mul(&f[FlagOp1Imm], &r[colPC])
	t = mul(&f[FlagOp1AP], &r[colAP])
	base.Add(&base, &t)
	t = mul(&f[FlagOp1FP], &r[colFP])
	base.Add(&base, &t)
	rest := sub(&feOne, &f[FlagOp1Imm])
	rest.Sub(&rest, &f[FlagOp1AP])
	rest.Sub(&rest, &f[FlagOp1FP])
	t = mul(&rest, &r[colOp0])
	base.Add(&base, &t)
	base.Add(&base, &r[colOffOp1])
	base.Sub(&base, &feBias)
	out[k] = sub(&r[colOp1Addr], &base)
	k++
	// mul = op0·op1
	t = mul(&r[colOp0], &r[colOp1])
	out[k] = sub(&r[colMul], &t)
	k++
	// (1 − f_jnz)·res = f_add·(op0 + op1) + f_mul·mul + (1 − f_add − f_mul − f_jnz)·op1
	notJnz := sub(&feOne, &f[FlagPCJnz])
	lhs := mul(&notJnz, &r[colRes])
	s := add(&r[colOp0], &r[colOp1])
	rhs := mul(&f[FlagResAdd], &s)
	t = mul(&f[FlagResMul], &r[colMul])
	rhs.Add(&rhs, &t)
	rest = sub(&notJnz, &f[FlagResAdd])
	rest.Sub(&rest, &f[FlagResMul])
	t = mul(&rest, &r[colOp1])
	rhs.Add(&rhs, &t)
	out[k] = sub(&lhs, &rhs)
	k++
	// t0 = f_jnz·dst, t1 = t0·res
	t = mul(&f[FlagPCJnz], &r[colDst])
	out[k] = sub(&r[colT0], &t)
	k++
	t = mul(&r[colT0], &r[colRes])
	out[k] = sub(&r[colT1], &t)
	k++
	// call: dst = fp, op0 = pc + size
	t = sub(&r[colDst], &r[colFP])
	out[k] = mul(&f[FlagOpcodeCall], &t)
	k++
	size := add(&f[FlagOp1Imm], &feOne)
	npc := add(&r[colPC], &size)
	t = sub(&r[colOp0], &npc)
	out[k] = mul(&f[FlagOpcodeCall], &t)
	k++
	// assert_eq: res = dst
	t = sub(&r[colRes], &r[colDst])
	out[k] = mul(&f[FlagOpcodeAssertEq], &t)
}

// regAddr returns addr − (flag·fp + (1 − flag)·ap + off − 2^15).
func regAddr(flag, fpv, apv, off, addr *fp.Element) fp.Element {
	d := sub(fpv, apv)
	base := mul(flag, &d)
	base.Add(&base, apv)
	base.Add(&base, off)
	base.Sub(&base, &feBias)
	return sub(addr, &base)
}

// numTransCPU is the number of CPU transition constraints.
const numTransCPU = 4

// evalTransitionCPU writes the register-update constraints between a row and
// the next.
func evalTransitionCPU(r, nx []fp.Element, out []fp.Element) {
	f := r[colFlag0 : colFlag0+NumFlags]
	size := add(&f[FlagOp1Imm], &feOne)
	pcSize := add(&r[colPC], &size)
	nextPC := &nx[colPC]
	// (t1 − f_jnz)·(next_pc − (pc + size)) = 0
	a := sub(&r[colT1], &f[FlagPCJnz])
	b := sub(nextPC, &pcSize)
	out[0] = mul(&a, &b)
	// t0·(next_pc − (pc + op1)) + (1 − f_jnz)·next_pc
	//   − ((1 − f_abs − f_rel − f_jnz)·(pc + size) + f_abs·res + f_rel·(pc + res)) = 0
	pcOp1 := add(&r[colPC], &r[colOp1])
	b = sub(nextPC, &pcOp1)
	lhs := mul(&r[colT0], &b)
	notJnz := sub(&feOne, &f[FlagPCJnz])
	t := mul(&notJnz, nextPC)
	lhs.Add(&lhs, &t)
	reg := sub(&notJnz, &f[FlagPCJumpAbs])
	reg.Sub(&reg, &f[FlagPCJumpRel])
	rhs := mul(&reg, &pcSize)
	t = mul(&f[FlagPCJumpAbs], &r[colRes])
	rhs.Add(&rhs, &t)
	pcRes := add(&r[colPC], &r[colRes])
	t = mul(&f[FlagPCJumpRel], &pcRes)
	rhs.Add(&rhs, &t)
	out[1] = sub(&lhs, &rhs)
	// next_ap = ap + f_ap_add·res + f_ap_add1 + 2·f_call
	ap := mul(&f[FlagAPAdd], &r[colRes])
	ap.Add(&ap, &r[colAP])
	ap.Add(&ap, &f[FlagAPAdd1])
	t = mul(&feTwo, &f[FlagOpcodeCall])
	ap.Add(&ap, &t)
	out[2] = sub(&nx[colAP], &ap)
	// next_fp = f_ret·dst + f_call·(ap + 2) + (1 − f_ret − f_call)·fp
	fpv := mul(&f[FlagOpcodeRet], &r[colDst])
	ap2 := add(&r[colAP], &feTwo)
	t = mul(&f[FlagOpcodeCall], &ap2)
	fpv.Add(&fpv, &t)
	keep := sub(&feOne, &f[FlagOpcodeRet])
	keep.Sub(&keep, &f[FlagOpcodeCall])
	t = mul(&keep, &r[colFP])
	fpv.Add(&fpv, &t)
	out[3] = sub(&nx[colFP], &fpv)
}
