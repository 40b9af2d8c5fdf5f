package air

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

const (
	// ecdsaCells is the number of memory cells of an ecdsa instance: the
	// public key's x coordinate and the message hash.
	ecdsaCells = 2
	// ecdsaBits is the number of bits of msg, r and w (each < 2^251).
	ecdsaBits = 251
	// ecdsaHalf is the number of rows of one half of an instance: the
	// msg and r ladders run in the first, the w ladder in the second.
	ecdsaHalf = 256
	// ecdsaMinRows is the number of rows an instance needs.
	ecdsaMinRows = 2 * ecdsaHalf
)

// Rows of an instance where the two lanes do something else than a ladder
// step (relative to the instance's first row).
const (
	ecdsaRowEnd   = ecdsaBits             // 251: the first ladders' results; lane G adds B = zG + rQ
	ecdsaRowSwap  = ecdsaHalf - 1         // 255: lane Q's chain and scalar restart; lane G takes r
	ecdsaRowW     = ecdsaHalf             // 256: the w ladder starts from B
	ecdsaRowWEnd  = ecdsaHalf + ecdsaBits // 507: wB; lane G adds −shift
	ecdsaRowCheck = ecdsaRowWEnd + 1      // 508: x(wB − shift) = r, r ≠ 0
	ecdsaRowMsgNZ = ecdsaRowCheck + 1     // 509: msg ≠ 0; later rows are idle
)

// ecdsaLane is one ladder lane's columns: the scalar bit and its prefix
// accumulator, the partial sum, the added point, the addition's slope and
// the inverse of the x difference (cairo-lang's ec_subset_sum step).
type ecdsaLane struct {
	bit, acc, sx, sy, px, py, slope, inv int
}

const ecdsaLaneCols = 8

func newECDSALane(first int) ecdsaLane {
	return ecdsaLane{bit: first, acc: first + 1, sx: first + 2, sy: first + 3, px: first + 4, py: first + 5, slope: first + 6, inv: first + 7}
}

// ecdsaBuiltin is the signature (ecdsa) builtin component. Instance k spans
// the rows [R·k, R·k+R) (R = rowsPerInstance(ratio, 512)) and owns the cells begin+2k (the
// public key's x) and begin+2k+1 (the message hash); its signature (r, w =
// s⁻¹ mod the curve order) is a private witness. The constraints enforce
// crypto.VerifyBuiltin's walk exactly: with Q = (pubkey, y) on the curve,
// zG = msg·G − shift, rQ = shift + r·Q, B = zG + rQ, wB = shift + w·B and
// x(wB − shift) = r, every addition between points of distinct x, and
// msg, r, w in [1, 2^251).
//
// Two ladder lanes share the rows; every step is cairo-lang's conditional
// addition (ecCondAdd) and every constraint has degree 2 in the trace
// columns, so per-row behaviour is switched by periodic columns that only
// ever multiply a linear expression (a selector cannot gate a product of two
// cells):
//
//   - lane Q doubles its point in the trace (ecDoubling) and keeps it on the
//     curve (z = px², py² = z·px + px + β at every row). Rows 0..250 walk
//     r over 2^i·Q starting from shift (rQ at row 251); rows 256..506 walk w
//     over 2^i·B starting from shift (wB at row 507). Its point chain starts
//     at Q (px = the public-key cell at row 0) and restarts at B (row 256):
//     at rows 255 and R−1 the doubling constraints are relaxed and force a
//     zero slope instead.
//   - lane G walks msg over the periodic points G·2^i from −shift (zG at row
//     251), then adds rQ (a forced step at row 251: B at row 252, carried to
//     row 256), takes wB at row 507 and adds −shift (forced), so that at row
//     508 its x equals r. The inverse column proves r ≠ 0 there and msg ≠ 0
//     at row 509.
//
// Scalars: each bit is binary and zero off the ladder rows; the prefix
// accumulator acc_{i+1} = acc_i + 2^i·bit_i starts at 0, so after 251 steps
// it is an integer below 2^251 < p whose bits are exactly the walked ones.
// Lane G's accumulator is msg at rows 251..255 (bound to the message cell)
// and then carries r (copied from lane Q at row 255) to row 508.
//
// Memory: one (address, value) access per row: the public-key cell at row
// 0, the message cell at every other row. Unused instances (up to the
// capacity n/R) and instances with both cells unset hold a fixed valid
// signature (ecdsaDummy).
type ecdsaBuiltin struct {
	instances
	q, g    ecdsaLane
	colD    int // lane Q's doubling slope
	colZ    int // lane Q's px²
	colAddr int
	colVal  int
	per     [][]fp.Element
}

// Periodic columns.
const (
	perSigQW        = iota // lane Q bit weight 2^i on its ladder rows
	perSigQIdle            // lane Q off its ladder rows: bit 0, slope 0, no x check
	perSigQStart           // rows 0 and 256: lane Q sum = shift, acc = 0
	perSigQKeep            // lane Q acc chain (0 at rows 255, R−1)
	perSigQBreak           // rows 255, R−1: lane Q point chain and sum restart
	perSigGW               // lane G bit weight 2^i on rows 0..250
	perSigGIdle            // lane G off its ladder rows: bit 0 (slope 0 but at forced rows)
	perSigGFree            // rows 506, 508, R−1: lane G sum free at the next row
	perSigGOff             // lane G without x check
	perSigGForce           // rows 251, 507: forced addition
	perSigGPinX            // lane G point x pinned (every row but 251)
	perSigGPinXV           // its value: G·2^i, shift.x at row 507, else 0
	perSigGPinY            // lane G point y pinned (every row but 251)
	perSigGPinYV           // its value: G·2^i, −shift.y at row 507, else 0
	perSigGKeepNext        // lane G acc: coefficient of acc_next (0 at R−1)
	perSigGKeepCur         // lane G acc: coefficient of acc (0 at 255, R−1)
	perSigRow0
	perSigRow251
	perSigRow255
	perSigRow256
	perSigRow507
	perSigRow508
	perSigRow509
	perSigValKeep  // rows 1..R−2: the memory value stays msg
	perSigAddrStep // rows 0 and R−1: the address steps by one
	perSigNum
)

func newECDSABuiltin(ratio int, seg Segment, cols *columns) (*ecdsaBuiltin, error) {
	rows := rowsPerInstance(ratio, ecdsaMinRows)
	if ratio <= 0 || rows&(rows-1) != 0 {
		return nil, fmt.Errorf("%w: ecdsa ratio %d (this component needs a power of two)", ErrUnsupportedLayout, ratio)
	}
	w := cols.width
	b := &ecdsaBuiltin{instances: instances{name: SegECDSA, seg: seg, rows: rows, cells: ecdsaCells}}
	b.q = newECDSALane(w)
	b.g = newECDSALane(w + ecdsaLaneCols)
	w += 2 * ecdsaLaneCols
	b.colD, b.colZ, b.colAddr, b.colVal = w, w+1, w+2, w+3
	cols.width = w + 4
	cols.addMemAccess(b.colAddr, b.colVal)
	b.per = ecdsaPeriodic(rows)
	return b, nil
}

// cells returns instance k's public key and message: from memory, or the
// dummy instance's where both cells are unset.
func (b *ecdsaBuiltin) cells(k uint64, mem *Memory) (pub, msg fp.Element, set bool, err error) {
	a := b.seg.BeginAddr + ecdsaCells*k
	pub, ok1 := mem.Get(a)
	msg, ok2 := mem.Get(a + 1)
	switch {
	case ok1 && ok2:
		return pub, msg, true, nil
	case ok1 || ok2:
		return pub, msg, false, fmt.Errorf("%w: ecdsa instance %d (cells %d, %d) has only one of its two cells set", ErrBadTrace, k, a, a+1)
	}
	d := ecdsaDummy()
	return d.pub, d.msg, false, nil
}

func (b *ecdsaBuiltin) accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error) {
	acc, err := b.instanceAccesses(n, func(k uint64) ([]fp.Element, error) {
		pub, msg, _, err := b.cells(k, mem)
		return []fp.Element{pub, msg}, err
	})
	return acc, nil, err
}

func (b *ecdsaBuiltin) fill(t *Trace, mem *Memory) error {
	for k := range b.capacity(t.N) {
		cell := b.seg.BeginAddr + ecdsaCells*k
		pub, msg, set, err := b.cells(k, mem)
		if err != nil {
			return err
		}
		var wit *ecdsaWitness
		if set {
			sig, ok := t.sigs[k]
			if !ok {
				return fmt.Errorf("%w: ecdsa instance %d (cell %d): no signature in the private input", ErrBadTrace, k, cell)
			}
			if err := sig.matches(pub, msg); err != nil {
				return fmt.Errorf("%w: ecdsa instance %d: %w", ErrBadTrace, k, err)
			}
			wit, err = ecdsaInput{pub: pub, msg: msg, r: sig.R, w: sig.W}.witness()
		} else {
			wit, err = ecdsaDummyWitness()
		}
		if err != nil {
			return fmt.Errorf("%w: ecdsa instance %d (cell %d): %w", ErrBadTrace, k, cell, err)
		}
		if err := b.write(t, int(k)*b.rows, cell, wit); err != nil {
			return fmt.Errorf("%w: ecdsa instance %d: %w", ErrBadTrace, k, err)
		}
	}
	return nil
}

// Constraint counts: rows (lane Q, lane G, memory), transitions (lane Q's
// additions, accumulator and doubling, lane G's additions and accumulator,
// memory).
const (
	ecdsaNumRow   = 13 + 16 + 1
	ecdsaLaneMove = ecCondAddN - 1 // ecCondAdd's constraints that read the next row
	ecdsaNumTrans = (ecdsaLaneMove + 1 + ecDoubleN - 1) + (ecdsaLaneMove + 1) + 2
)

func (b *ecdsaBuiltin) numRow() int { return ecdsaNumRow }

func (b *ecdsaBuiltin) numTransition() int { return ecdsaNumTrans }

// evalRow: bits binary and zero off the ladders; slopes zero off the
// additions; w·(sx − px) = 1 where the lane checks distinct x; starts of the
// sums and accumulators; lane Q's point on the curve, its tangent slope
// (zero at the chain's restarts) and pinned to the public key (row 0) and to
// B (row 256); lane G's point pinned to G·2^i, −shift or 0 and to rQ (row
// 251); lane G's sum taking wB (row 507), equal to r (row 508) and to
// (msg, 0) (row 509); the message cell equal to msg (row 251).
func (b *ecdsaBuiltin) evalRow(fr *Frame, per, out []fp.Element) {
	r := fr.Cur
	q, g := &b.q, &b.g
	sh := ecdsaShift()
	k := 0
	put := func(v fp.Element) { out[k] = v; k++ }
	sel := func(s int, x, y *fp.Element) { d := sub(x, y); put(mul(&per[s], &d)) }
	binary := func(c int) { t := sub(&r[c], &feOne); put(mul(&r[c], &t)) }
	// distinct: w·(sx − px) − (1 − off).
	distinct := func(l *ecdsaLane, off *fp.Element) {
		d := sub(&r[l.sx], &r[l.px])
		d.Mul(&d, &r[l.inv])
		d.Sub(&d, &feOne)
		put(add(&d, off))
	}

	// Lane Q.
	binary(q.bit)
	put(mul(&per[perSigQIdle], &r[q.bit]))
	put(mul(&per[perSigQIdle], &r[q.slope]))
	distinct(q, &per[perSigQIdle])
	sel(perSigQStart, &r[q.sx], &sh.X)
	sel(perSigQStart, &r[q.sy], &sh.Y)
	put(mul(&per[perSigQStart], &r[q.acc]))
	sq := mul(&r[q.px], &r[q.px])
	put(sub(&r[b.colZ], &sq))
	// py² − (z·px + px + β)
	rhs := mul(&r[b.colZ], &r[q.px])
	rhs.Add(&rhs, &r[q.px]).Add(&rhs, &ecBeta)
	lhs := mul(&r[q.py], &r[q.py])
	put(sub(&lhs, &rhs))
	// 2·d·py − (1 − B)(3z + 1), B = perSigQBreak
	notBrk := sub(&feOne, &per[perSigQBreak])
	z3 := add(&r[b.colZ], &r[b.colZ])
	z3.Add(&z3, &r[b.colZ]).Add(&z3, &feOne)
	z3.Mul(&z3, &notBrk)
	dy := mul(&r[b.colD], &r[q.py])
	dy.Double(&dy)
	put(sub(&dy, &z3))
	sel(perSigRow0, &r[q.px], &r[b.colVal])
	sel(perSigRow256, &r[q.px], &r[g.sx])
	sel(perSigRow256, &r[q.py], &r[g.sy])

	// Lane G.
	binary(g.bit)
	put(mul(&per[perSigGIdle], &r[g.bit]))
	noAdd := sub(&per[perSigGIdle], &per[perSigGForce])
	put(mul(&noAdd, &r[g.slope]))
	distinct(g, &per[perSigGOff])
	sel(perSigRow0, &r[g.sx], &sh.X)
	var negY fp.Element
	negY.Neg(&sh.Y)
	sel(perSigRow0, &r[g.sy], &negY)
	put(mul(&per[perSigRow0], &r[g.acc]))
	t := mul(&per[perSigGPinX], &r[g.px])
	put(sub(&t, &per[perSigGPinXV]))
	t = mul(&per[perSigGPinY], &r[g.py])
	put(sub(&t, &per[perSigGPinYV]))
	sel(perSigRow251, &r[g.px], &r[q.sx])
	sel(perSigRow251, &r[g.py], &r[q.sy])
	sel(perSigRow507, &r[g.sx], &r[q.sx])
	sel(perSigRow507, &r[g.sy], &r[q.sy])
	sel(perSigRow508, &r[g.sx], &r[g.acc])
	sel(perSigRow509, &r[g.sx], &r[b.colVal])
	put(mul(&per[perSigRow509], &r[g.sy]))

	// Memory: the message cell holds msg.
	sel(perSigRow251, &r[b.colVal], &r[g.acc])
}

// evalTransition: both lanes' conditional additions (ecCondAdd, the sum
// freed at a lane's restarts), the accumulators, lane Q's doubling (relaxed
// to a zero slope at its restarts) and the memory address and value steps.
func (b *ecdsaBuiltin) evalTransition(fr *Frame, per, out []fp.Element) {
	r, nx := fr.Cur, fr.Next
	q, g := &b.q, &b.g
	k := 0

	// Lane Q ladder.
	b.laneStep(q, r, nx, &r[q.bit], &per[perSigQBreak], out[k:k+ecdsaLaneMove])
	k += ecdsaLaneMove
	t := sub(&nx[q.acc], &r[q.acc])
	t.Mul(&t, &per[perSigQKeep])
	wb := mul(&per[perSigQW], &r[q.bit])
	out[k] = sub(&t, &wb)
	k++
	// Lane Q doubling (ecDoubling's next-row constraints, its first is a
	// row constraint above): d² = (1 − B)(2px + px'),
	// d·(px − px') = (1 − B)(py + py'), B = perSigQBreak.
	var dbl [ecDoubleN]fp.Element
	ecDoubling(dbl[:], &r[b.colD], &r[q.px], &r[q.py], &nx[q.px], &nx[q.py])
	brk := &per[perSigQBreak]
	x2 := add(&r[q.px], &r[q.px])
	x2.Add(&x2, &nx[q.px])
	x2.Mul(&x2, brk)
	out[k] = add(&dbl[1], &x2)
	y2 := add(&r[q.py], &nx[q.py])
	y2.Mul(&y2, brk)
	out[k+1] = add(&dbl[2], &y2)
	k += ecDoubleN - 1

	// Lane G ladder: bit + forced addition.
	beff := add(&r[g.bit], &per[perSigGForce])
	b.laneStep(g, r, nx, &beff, &per[perSigGFree], out[k:k+ecdsaLaneMove])
	k += ecdsaLaneMove
	// Kn·acc' − Kc·acc − W·bit − [row 255]·acc_Q
	t = mul(&nx[g.acc], &per[perSigGKeepNext])
	c := mul(&r[g.acc], &per[perSigGKeepCur])
	t.Sub(&t, &c)
	wb = mul(&per[perSigGW], &r[g.bit])
	t.Sub(&t, &wb)
	c = mul(&r[q.acc], &per[perSigRow255])
	out[k] = sub(&t, &c)
	k++

	// Memory.
	d := sub(&nx[b.colVal], &r[b.colVal])
	out[k] = mul(&per[perSigValKeep], &d)
	d = sub(&nx[b.colAddr], &r[b.colAddr])
	out[k+1] = sub(&d, &per[perSigAddrStep])
}

// laneStep writes the next-row constraints of a lane's conditional addition
// with effective bit beff: ecCondAdd's first five, with (1 − beff − free)
// instead of (1 − beff) in front of the sum copies (its sixth, the x-diff
// inverse, is a row constraint).
func (b *ecdsaBuiltin) laneStep(l *ecdsaLane, r, nx []fp.Element, beff, free *fp.Element, out []fp.Element) {
	var all [ecCondAddN]fp.Element
	ecCondAdd(all[:], beff, &r[l.slope], &r[l.inv], &r[l.sx], &r[l.sy], &r[l.px], &r[l.py], &nx[l.sx], &nx[l.sy])
	copy(out, all[:ecdsaLaneMove])
	d := sub(&nx[l.sx], &r[l.sx])
	d.Mul(&d, free)
	out[3].Sub(&out[3], &d)
	d = sub(&nx[l.sy], &r[l.sy])
	d.Mul(&d, free)
	out[4].Sub(&out[4], &d)
}

func (b *ecdsaBuiltin) assertions() []Assertion {
	return []Assertion{{Col: b.colAddr, Row: 0, Value: elem(b.seg.BeginAddr)}}
}

func (b *ecdsaBuiltin) periodicColumns() [][]fp.Element { return b.per }

// ecdsaPeriodic builds the periodic columns for instances of R rows.
func ecdsaPeriodic(R int) [][]fp.Element {
	out := make([][]fp.Element, perSigNum)
	for i := range out {
		out[i] = make([]fp.Element, R)
	}
	set := func(c, row int) { out[c][row] = feOne }
	gp := ecdsaGenPowers()
	sh := ecdsaShift()
	for i := range R {
		qStep := i < ecdsaBits || (i >= ecdsaRowW && i < ecdsaRowWEnd)
		gStep := i < ecdsaBits
		if qStep {
			out[perSigQW][i] = ecdsaPow2(i % ecdsaHalf)
		} else {
			set(perSigQIdle, i)
		}
		if gStep {
			out[perSigGW][i] = ecdsaPow2(i)
			out[perSigGPinXV][i] = gp[i].X
			out[perSigGPinYV][i] = gp[i].Y
		} else {
			set(perSigGIdle, i)
		}
		if i != ecdsaRowEnd {
			set(perSigGPinX, i)
			set(perSigGPinY, i)
		}
		if i > ecdsaRowEnd && i != ecdsaRowWEnd && i != ecdsaRowCheck && i != ecdsaRowMsgNZ {
			set(perSigGOff, i)
		}
		if i != ecdsaRowSwap && i != R-1 {
			set(perSigQKeep, i)
			set(perSigGKeepCur, i)
		}
		if i != R-1 {
			set(perSigGKeepNext, i)
		}
		if i >= 1 && i < R-1 {
			set(perSigValKeep, i)
		}
	}
	for _, row := range []int{0, ecdsaRowW} {
		set(perSigQStart, row)
	}
	set(perSigQBreak, ecdsaRowSwap)
	set(perSigQBreak, R-1)
	set(perSigGForce, ecdsaRowEnd)
	set(perSigGForce, ecdsaRowWEnd)
	for _, row := range []int{ecdsaRowWEnd - 1, ecdsaRowCheck, R - 1} {
		set(perSigGFree, row)
	}
	out[perSigGPinXV][ecdsaRowWEnd] = sh.X
	out[perSigGPinYV][ecdsaRowWEnd].Neg(&sh.Y)
	for c, row := range map[int]int{perSigRow0: 0, perSigRow251: ecdsaRowEnd, perSigRow255: ecdsaRowSwap, perSigRow256: ecdsaRowW,
		perSigRow507: ecdsaRowWEnd, perSigRow508: ecdsaRowCheck, perSigRow509: ecdsaRowMsgNZ} {
		set(c, row)
	}
	set(perSigAddrStep, 0)
	set(perSigAddrStep, R-1)
	return out
}

// ecdsaPow2 returns 2^i.
func ecdsaPow2(i int) fp.Element {
	var e fp.Element
	e.SetOne()
	for range i {
		e.Double(&e)
	}
	return e
}

// ecdsaShift returns cairo-lang's shift point (Pedersen's first point).
func ecdsaShift() ecPoint { return ecdsaConsts().shift }

// ecdsaGenPowers returns G·2^i for i < 251.
func ecdsaGenPowers() []ecPoint { return ecdsaConsts().gen }
