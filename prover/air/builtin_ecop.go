package air

import (
	"fmt"
	"math/bits"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

const (
	// ecopCells is the number of memory cells of an ec_op instance:
	// P.x, P.y, Q.x, Q.y, m (inputs), R.x, R.y (R = P + m·Q).
	ecopCells  = 7
	ecopInputs = 5
	// ecopSteps is the number of ladder steps, one per bit of m
	// (cairo-lang's scalar_height).
	ecopSteps = 256
	// ecopLadderRow is the row of ladder step 0: rows 0..3 hold the inputs
	// so that rows 0..4 can read the five input cells.
	ecopLadderRow = ecopInputs - 1
	// ecopResultRow is the row after the last step: it holds R.
	ecopResultRow = ecopLadderRow + ecopSteps
	// ecopMinRows is the component's minimum rows per instance: a power of
	// two above the result row and the row reading R.y.
	ecopMinRows = 512
)

// ecopTop is the highest set bit of p − 1 (251); bits of m above it are 0,
// and m's bits must form an integer ≤ p − 1 (see the type's comment).
var ecopTop = 64*3 + bits.Len64(pMinus1[3]) - 1

// ecopBuiltin is the ec_op builtin component: R = P + m·Q on the STARK curve
// with cairo-lang's double-and-add ladder (crypto.ECOp): 256 steps over the
// bits of m, the partial sum starting at P, Q doubled after every step, and
// every step requiring x(partial sum) ≠ x(doubled Q) whether or not its bit
// is set. Instance k spans rows [R·k, R·k+R) (R = max(ratio, 512)) and owns
// cells begin+7k … begin+7k+6.
//
// Rows: 0..3 hold the inputs, row 4+i is ladder step i (i < 256), row 260
// holds the result, which the rows up to R−1 keep. Every row holds the
// partial sum A = (ax, ay), the doubled point Q = (qx, qy), the suffix s of
// m (s_i = ⌊m/2^i⌋ at step i, so the bit is b = s_i − 2·s_{i+1}), the bit b,
// the addition slope, the x-difference inverse w, the doubling slope, ax²
// and qx² (for the curve equations), and the flag f and product f·b of the
// bound check below.
//
// The stark adapter counts a periodic column as degree 1 and every
// constraint must have degree ≤ 2, so the quadratic relations hold
// ungated on every row and only linear terms carry periodic selectors
// (T: ladder steps, H: hold rows, K: an instance's last row, whose link to
// the next row is cut):
//
//   - b binary, b = 0 off steps 0..251;
//   - ecCondAdd: A_next = A + b·Q with the slope (ungated: with b = 0 the
//     slope is 0 and A is kept, and K cuts the kept A at the last row), and
//     w·(ax − qx) = T: x(A) ≠ x(Q) at every one of the 256 steps;
//   - 2·ds·qy = T·(3·qx² + 1), ds² = T·(2·qx + qx') + H·(qx' − qx),
//     ds·(qx − qx') = T·(qy + qy') + H·(qy' − qy): Q doubles on ladder rows
//     and is kept on hold rows (ds = 0 there, as qy ≠ 0 on the curve);
//   - T·(s − 2·s' − b) + H·(s' − s) = 0 and s = 0 at the result row, so
//     s_0 = Σ b_i·2^i =: M as an integer < 2^252;
//   - y² = x·x² + x + β for A and Q on every row: P and Q must lie on the
//     curve (cairo-lang's runner requires it), and then so does every
//     partial sum and doubling.
//
// M < p (a 252-bit decomposition is not unique: m + p may fit): the bits of
// M must not exceed those of p − 1 = 2^251 + 2^196 + 2^192 read from the
// top. The flag f_i = Π b_j over the set bits j > i of p − 1 (f = 1 at step
// 251 and off steps 0..250) is 1 exactly when M agrees with p − 1 above i,
// and pr = f·b must vanish at every step i < 251 where p − 1 has a 0 bit.
// f is carried down the steps by transitions: f_i = pr_{i+1} below a set
// bit of p − 1, f_i = f_{i+1} otherwise.
//
// Memory: one (address, value) access per row in the memory permutation
// argument. Rows 0..4 read P.x, P.y, Q.x, Q.y, m (bound to ax, ay, qx, qy, s
// of their row), rows 5..259 re-read m, row 260 reads R.x and rows 261..R−1
// read R.y (bound to ax, ay at rows 260, 261). The address steps by one
// after rows 0..3, 259, 260 and R−1, and the first is the segment's begin.
// Unused instances (up to the capacity n/R) compute the dummy instance
// P = Pedersen's shift point, Q = G, m = 0.
type ecopBuiltin struct {
	instances

	colAX, colAY, colAXX int
	colQX, colQY, colQXX int
	colS, colB           int
	colAS, colW, colDS   int // addition slope, x-difference inverse, doubling slope
	colF, colPR          int
	colAddr, colVal      int
}

// Periodic columns.
const (
	perEcLadder = iota // T: steps 0..255
	perEcBits          // steps 0..251: b may be 1
	perEcLast          // K: the instance's last row
	perEcEnd           // the result row: s = 0
	perEcChain         // steps 0..250: f is carried from the next step
	perEcTake          // steps below a set bit of p − 1: f = next pr
	perEcZero          // steps < 251 at a 0 bit of p − 1: pr = 0
	perEcSelAX         // rows 0 and 260: value = ax
	perEcSelAY         // rows 1 and 261: value = ay
	perEcSelQX         // row 2: value = qx
	perEcSelQY         // row 3: value = qy
	perEcSelS          // row 4: value = s
	perEcStep          // address step
	perEcNum
)

func newECOpBuiltin(ratio int, seg Segment, cols *columns) (*ecopBuiltin, error) {
	if ratio < 1 || ratio&(ratio-1) != 0 {
		return nil, fmt.Errorf("%w: ec_op ratio %d (this component needs a power of two)", ErrUnsupportedLayout, ratio)
	}
	w := cols.width
	b := &ecopBuiltin{instances: instances{name: SegECOp, seg: seg, rows: rowsPerInstance(ratio, ecopMinRows), cells: ecopCells}}
	b.colAX, b.colAY, b.colAXX = w, w+1, w+2
	b.colQX, b.colQY, b.colQXX = w+3, w+4, w+5
	b.colS, b.colB = w+6, w+7
	b.colAS, b.colW, b.colDS = w+8, w+9, w+10
	b.colF, b.colPR = w+11, w+12
	b.colAddr, b.colVal = w+13, w+14
	cols.width += 15
	cols.addMemAccess(b.colAddr, b.colVal)
	return b, nil
}

// ecopLadder is one instance's witness: the partial sums a[i] and doubled
// points q[i] before step i (a[256] = R), the suffixes s[i] = ⌊m/2^i⌋, the
// bits and the slopes and inverses of each step.
type ecopLadder struct {
	in       [ecopInputs]fp.Element
	a, q     [ecopSteps + 1]ecPoint
	s        [ecopSteps + 1]fp.Element
	bit      [ecopSteps]fp.Element
	addSlope [ecopSteps]fp.Element
	xInv     [ecopSteps]fp.Element
	dblSlope [ecopSteps]fp.Element
}

// runLadder computes the witness of P + m·Q for in = (P.x, P.y, Q.x, Q.y, m):
// both points must be on the curve.
func runLadder(in [ecopInputs]fp.Element) (*ecopLadder, error) {
	for j, name := range []string{"P", "Q"} {
		if x, y := felt.FromElement(in[2*j]), felt.FromElement(in[2*j+1]); !crypto.OnCurve(&x, &y) {
			return nil, fmt.Errorf("%s = (%s, %s) is not on the curve", name, in[2*j].String(), in[2*j+1].String())
		}
	}
	return ladderBits(in, in[4].Bits())
}

// ladderBits walks the ladder over the 256 bits of the little-endian words
// m (the canonical integer of in[4] for an honest instance), failing where a
// step meets equal x coordinates.
func ladderBits(in [ecopInputs]fp.Element, m [4]uint64) (*ecopLadder, error) {
	l := &ecopLadder{in: in}
	l.a[0] = ecPoint{X: in[0], Y: in[1]}
	l.q[0] = ecPoint{X: in[2], Y: in[3]}
	for i := range ecopSteps {
		set := m[i/64]>>(i%64)&1 == 1
		if set {
			l.bit[i] = feOne
		}
		st, err := ecCondAddWitness(l.a[i], l.q[i], set)
		if err != nil {
			return nil, fmt.Errorf("step %d: %w", i, err)
		}
		l.a[i+1], l.addSlope[i], l.xInv[i] = st.Next, st.Slope, st.XDiffInv
		if l.q[i+1], l.dblSlope[i], err = ecDouble(l.q[i]); err != nil {
			return nil, fmt.Errorf("step %d: %w", i, err)
		}
	}
	for i := ecopSteps - 1; i >= 0; i-- {
		l.s[i].Double(&l.s[i+1]).Add(&l.s[i], &l.bit[i])
	}
	return l, nil
}

// ecopDummy is the ladder of unused instances: P = Pedersen's shift point,
// Q = G, m = 0.
var ecopDummy = sync.OnceValues(func() (*ecopLadder, error) {
	shift, g := ecPointOf(crypto.PedersenPoints()[0]), ecPointOf(crypto.StarkCurveGenerator())
	return runLadder([ecopInputs]fp.Element{shift.X, shift.Y, g.X, g.Y, {}})
})

// cells returns the instance's seven memory cells.
func (l *ecopLadder) cells() [ecopCells]fp.Element {
	r := l.a[ecopSteps]
	return [ecopCells]fp.Element{l.in[0], l.in[1], l.in[2], l.in[3], l.in[4], r.X, r.Y}
}

// instance returns instance k's ladder: the dummy when none of its input
// cells is in memory, else the ladder of its inputs (all five must be set).
// Result cells present in memory must agree.
func (b *ecopBuiltin) instance(k uint64, mem *Memory) (*ecopLadder, error) {
	base := b.seg.BeginAddr + ecopCells*k
	var in [ecopInputs]fp.Element
	set := 0
	for j := range in {
		var ok bool
		if in[j], ok = mem.Get(base + uint64(j)); ok {
			set++
		}
	}
	var l *ecopLadder
	var err error
	switch set {
	case 0:
		l, err = ecopDummy()
	case ecopInputs:
		l, err = runLadder(in)
	default:
		return nil, fmt.Errorf("%w: ec_op instance at %d has %d of its %d input cells in memory", ErrBadTrace, base, set, ecopInputs)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: ec_op instance at %d: %w", ErrBadTrace, base, err)
	}
	c := l.cells()
	for j := ecopInputs; j < ecopCells; j++ {
		a := base + uint64(j)
		if v, ok := mem.Get(a); ok && !v.Equal(&c[j]) {
			return nil, fmt.Errorf("%w: ec_op cell %d holds %s, the instance computes %s", ErrBadTrace, a, v.String(), c[j].String())
		}
	}
	return l, nil
}

func (b *ecopBuiltin) accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error) {
	acc, err := b.instanceAccesses(n, func(k uint64) ([]fp.Element, error) {
		l, err := b.instance(k, mem)
		if err != nil {
			return nil, err
		}
		c := l.cells()
		return c[:], nil
	})
	return acc, nil, err
}

// ecopCell returns the cell (0..6) row r of an instance reads.
func ecopCell(r int) int {
	switch {
	case r <= ecopLadderRow:
		return r
	case r < ecopResultRow:
		return ecopLadderRow
	case r == ecopResultRow:
		return ecopInputs
	default:
		return ecopInputs + 1
	}
}

func (b *ecopBuiltin) fill(t *Trace, mem *Memory) error {
	for k := range b.capacity(t.N) {
		l, err := b.instance(k, mem)
		if err != nil {
			return err
		}
		b.write(t, k, l)
	}
	return nil
}

// write fills instance k's rows with the ladder l.
func (b *ecopBuiltin) write(t *Trace, k uint64, l *ecopLadder) {
	cells := l.cells()
	flags := l.flags()
	row0 := int(k) * b.rows
	c := t.Cols
	for r := range b.rows {
		i := row0 + r
		step := r - ecopLadderRow
		st := min(max(step, 0), ecopSteps)
		a, q, s := l.a[st], l.q[st], l.s[st]
		var bit, as, w, ds fp.Element
		f := feOne
		if step >= 0 && step < ecopSteps {
			bit, as, w, ds, f = l.bit[step], l.addSlope[step], l.xInv[step], l.dblSlope[step], flags[step]
		}
		c[b.colAX][i], c[b.colAY][i], c[b.colAXX][i] = a.X, a.Y, mul(&a.X, &a.X)
		c[b.colQX][i], c[b.colQY][i], c[b.colQXX][i] = q.X, q.Y, mul(&q.X, &q.X)
		c[b.colS][i], c[b.colB][i] = s, bit
		c[b.colAS][i], c[b.colW][i], c[b.colDS][i] = as, w, ds
		c[b.colF][i], c[b.colPR][i] = f, mul(&f, &bit)
		cell := ecopCell(r)
		c[b.colAddr][i] = elem(b.seg.BeginAddr + ecopCells*k + uint64(cell))
		c[b.colVal][i] = cells[cell]
	}
}

// flags returns f_i for steps i ≤ 250 (the product of m's bits at the set
// bits of p − 1 above i) and 1 above.
func (l *ecopLadder) flags() [ecopSteps]fp.Element {
	var f [ecopSteps]fp.Element
	cur := feOne
	for i := ecopSteps - 1; i >= 0; i-- {
		f[i] = cur
		if i <= ecopTop && isPm1Bit(i) {
			cur.Mul(&cur, &l.bit[i])
		}
	}
	return f
}

func (b *ecopBuiltin) numRow() int { return 21 }

func (b *ecopBuiltin) numTransition() int { return 1 }

// evalRow writes the constraints listed in the type's comment. Reads of the
// next row are cut at the instance's (and hence the trace's) last row.
func (b *ecopBuiltin) evalRow(fr *Frame, per, out []fp.Element) {
	r, nx := fr.Cur, fr.Next
	ladder, last := &per[perEcLadder], &per[perEcLast]
	hold := sub(&feOne, ladder)
	hold.Sub(&hold, last)
	ax, ay, axx := &r[b.colAX], &r[b.colAY], &r[b.colAXX]
	qx, qy, qxx := &r[b.colQX], &r[b.colQY], &r[b.colQXX]
	s, bit := &r[b.colS], &r[b.colB]
	nax, nay, nqx, nqy := &nx[b.colAX], &nx[b.colAY], &nx[b.colQX], &nx[b.colQY]
	var t, u fp.Element

	// The bit: binary, 0 off steps 0..251.
	t = sub(bit, &feOne)
	out[0] = mul(bit, &t)
	t = sub(&feOne, &per[perEcBits])
	out[1] = mul(&t, bit)

	// A_next = A + b·Q, cut at the last row; w·(ax − qx) = T.
	ecCondAdd(out[2:2+ecCondAddN], bit, &r[b.colAS], &r[b.colW], ax, ay, qx, qy, nax, nay)
	t = sub(nax, ax)
	t.Mul(&t, last)
	out[5].Sub(&out[5], &t)
	t = sub(nay, ay)
	t.Mul(&t, last)
	out[6].Sub(&out[6], &t)
	out[7].Add(&out[7], &feOne).Sub(&out[7], ladder)

	// A and Q on the curve.
	k := 2 + ecCondAddN
	for _, p := range [2][3]*fp.Element{{ax, ay, axx}, {qx, qy, qxx}} {
		x, y, xx := p[0], p[1], p[2]
		t = mul(x, x)
		out[k] = sub(xx, &t)
		t = mul(y, y)
		u = mul(xx, x)
		t.Sub(&t, &u).Sub(&t, x).Sub(&t, &ecBeta)
		out[k+1] = t
		k += 2
	}

	// Q doubles on ladder rows, is kept on hold rows.
	ds := &r[b.colDS]
	t = mul(ds, qy)
	t.Double(&t)
	u.Double(qxx).Add(&u, qxx).Add(&u, &feOne).Mul(&u, ladder)
	out[k] = sub(&t, &u)
	t = mul(ds, ds)
	u.Double(qx).Add(&u, nqx).Mul(&u, ladder)
	t.Sub(&t, &u)
	u = sub(nqx, qx)
	u.Mul(&u, &hold)
	out[k+1] = sub(&t, &u)
	t = sub(qx, nqx)
	t.Mul(&t, ds)
	u = add(qy, nqy)
	u.Mul(&u, ladder)
	t.Sub(&t, &u)
	u = sub(nqy, qy)
	u.Mul(&u, &hold)
	out[k+2] = sub(&t, &u)
	k += 3

	// The suffix: s = 2·s' + b on ladder rows, kept on hold rows, 0 at the
	// result row.
	ns := &nx[b.colS]
	t.Double(ns).Add(&t, bit)
	t = sub(s, &t)
	t.Mul(&t, ladder)
	u = sub(ns, s)
	u.Mul(&u, &hold)
	out[k] = add(&t, &u)
	out[k+1] = mul(&per[perEcEnd], s)
	k += 2

	// M ≤ p − 1: pr = f·b; f carried down from the next step (taking its pr
	// below a set bit of p − 1), 1 elsewhere; pr = 0 at 0 bits of p − 1.
	f, pr := &r[b.colF], &r[b.colPR]
	t = mul(f, bit)
	out[k] = sub(pr, &t)
	chain, take := &per[perEcChain], &per[perEcTake]
	t = sub(f, &nx[b.colF])
	t.Mul(&t, chain)
	u = sub(&nx[b.colF], &nx[b.colPR])
	u.Mul(&u, take)
	t.Add(&t, &u)
	u = sub(f, &feOne)
	var off fp.Element
	off.Sub(&feOne, chain)
	u.Mul(&u, &off)
	out[k+1] = add(&t, &u)
	out[k+2] = mul(&per[perEcZero], pr)
	k += 3

	// The memory value is the selected cell of its row.
	val := &r[b.colVal]
	var v fp.Element
	for _, sel := range [5]struct {
		per int
		col *fp.Element
	}{{perEcSelAX, ax}, {perEcSelAY, ay}, {perEcSelQX, qx}, {perEcSelQY, qy}, {perEcSelS, s}} {
		t = sub(val, sel.col)
		t.Mul(&t, &per[sel.per])
		v.Add(&v, &t)
	}
	out[k] = v
}

// evalTransition: the address steps by the periodic step.
func (b *ecopBuiltin) evalTransition(fr *Frame, per, out []fp.Element) {
	d := sub(&fr.Next[b.colAddr], &fr.Cur[b.colAddr])
	out[0] = sub(&d, &per[perEcStep])
}

func (b *ecopBuiltin) assertions() []Assertion {
	return []Assertion{{Col: b.colAddr, Row: 0, Value: elem(b.seg.BeginAddr)}}
}

func (b *ecopBuiltin) periodicColumns() [][]fp.Element {
	out := make([][]fp.Element, perEcNum)
	for i := range out {
		out[i] = make([]fp.Element, b.rows)
	}
	for i := range ecopSteps {
		r := ecopLadderRow + i
		out[perEcLadder][r] = feOne
		if i <= ecopTop {
			out[perEcBits][r] = feOne
		}
		if i < ecopTop {
			out[perEcChain][r] = feOne
			if isPm1Bit(i + 1) {
				out[perEcTake][r] = feOne
			}
			if !isPm1Bit(i) {
				out[perEcZero][r] = feOne
			}
		}
	}
	out[perEcLast][b.rows-1] = feOne
	out[perEcEnd][ecopResultRow] = feOne
	out[perEcSelAX][0], out[perEcSelAX][ecopResultRow] = feOne, feOne
	out[perEcSelAY][1], out[perEcSelAY][ecopResultRow+1] = feOne, feOne
	out[perEcSelQX][2] = feOne
	out[perEcSelQY][3] = feOne
	out[perEcSelS][ecopLadderRow] = feOne
	for _, r := range []int{0, 1, 2, 3, ecopResultRow - 1, ecopResultRow, b.rows - 1} {
		out[perEcStep][r] = feOne
	}
	return out
}
