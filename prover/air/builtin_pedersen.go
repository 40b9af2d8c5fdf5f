package air

import (
	"fmt"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

const (
	// pedersenCells is the number of memory cells of an instance: a, b and
	// H(a, b).
	pedersenCells = 3
	// pedersenHalf is the number of rows walking one input, one bit per row.
	pedersenHalf = 256
	// pedersenRows is the number of rows of an instance (both inputs).
	pedersenRows = 2 * pedersenHalf
	// pedersenLowBits is the number of low input bits that multiply P0 (P2);
	// the next four multiply P1 (P3).
	pedersenLowBits = 248
	// pedersenBits is the number of input bits; rows 252..255 of a half
	// hold zero bits.
	pedersenBits = 252
)

// pedersenBuiltin is the pedersen builtin component. Instance k spans the
// rows [512k, 512k+512) and owns the cells begin+3k (a), begin+3k+1 (b) and
// begin+3k+2 (H(a, b) = x(shift + a_low·P0 + a_high·P1 + b_low·P2 +
// b_high·P3), low the 248 low bits, high the 4 bits above).
//
// Row i of the instance holds bit i mod 256 of a (rows 0..255) or of b (rows
// 256..511) and the partial sum before adding that bit's point, bit·P_i, where
// P_i (periodic columns) is P0·2^i, P1·2^(i−248), P2·2^(i−256) or
// P3·2^(i−504). The partial sum starts at the shift point on row 0, runs
// through both halves with the conditional-addition step of ec.go (which also
// requires distinct x coordinates at every step) and ends on row 511; its x
// there is the hash.
//
// Inputs: the suffix column s holds Σ_{j ≥ i} bit_j·2^(j−i) within the half
// (s = bit + 2·s_next, cut at the half's last row), so s on rows 0 and 256 is
// the input; the bits of rows 252..255 are zero, so s there is 0 and the input
// is Σ_{i<252} bit_i·2^i. The decomposition is made canonical (the integer is
// at most p − 1, so the bits are those of the field element, not of a + p) by
// a comparison with p − 1 from the top bit down: tight_i = 1 iff bits ≥ i
// equal those of p − 1; tb = tight_next·bit; tight = q·tb + (1 − q)·tight_next
// and (1 − q)·tb = 0 where q is bit i of p − 1, and tight = 1 on rows
// 252..255. A bit set where p − 1 has a zero while the higher bits are equal
// breaks (1 − q)·tb = 0.
//
// Memory: one (address, value) access per row, added to the memory
// permutation argument: rows 0..255 read a, rows 256..510 read b, row 511
// reads the hash; the value equals s on rows 0 and 256 and x on row 511 and
// is constant between; the address steps by one after rows 255, 510 and 511,
// and the first is the segment's begin. Unused instances (up to the capacity
// n/512) hash (0, 0). newBuiltins builds the component only for a non-empty
// segment.
//
// All constraints but the address step are row constraints: the reads of the
// next row are cut at the instance's last row (and hence the trace's), where
// the bit is zero, so they also hold across the wrap-around.
type pedersenBuiltin struct {
	instances
	table *pedersenConsts

	colS, colBit, colTight, colTB int
	colX, colY, colSlope, colInv  int
	colAddr, colVal               int
}

// Periodic columns (period 512).
const (
	perPdX     = iota // x of the point the row adds
	perPdY            // its y
	perPdFirst        // row 0: the partial sum is the shift point
	perPdCut          // rows 255 and 511: the suffix stops
	perPdZero         // rows 252..255 and 508..511: bit 0 and tight = 1
	perPdQ            // bit (i mod 256) of p − 1
	perPdBind         // rows 0 and 256: the memory value is s
	perPdLast         // row 511: the memory value is x; the partial sum stops
	perPdStep         // rows 255, 510 and 511: the address steps by one
	perPdNum
)

// pedersenConsts are the instance's constants: the points of every row, the
// shift point.
type pedersenConsts struct {
	points [pedersenRows]ecPoint
	shift  ecPoint
}

// pedersenTable computes the constants once from execution/crypto's Pedersen
// points.
var pedersenTable = sync.OnceValues(func() (*pedersenConsts, error) {
	pts := crypto.PedersenPoints()
	c := &pedersenConsts{shift: ecPointOf(pts[0])}
	// Row i of each half doubles the low point for 248 rows, then the high
	// point for the remaining 8 (rows 252..255 hold zero bits).
	for h := range 2 {
		for part, rows := range [2][2]int{{0, pedersenLowBits}, {pedersenLowBits, pedersenHalf}} {
			d, err := ecDoublings(ecPointOf(pts[1+2*h+part]), rows[1]-rows[0])
			if err != nil {
				return nil, fmt.Errorf("pedersen point %d: %w", 2*h+part, err)
			}
			copy(c.points[h*pedersenHalf+rows[0]:], d)
		}
	}
	return c, nil
})

func newPedersenBuiltin(ratio int, seg Segment, cols *columns) (*pedersenBuiltin, error) {
	if ratio < 1 || rowsPerInstance(ratio, pedersenRows) != pedersenRows {
		return nil, fmt.Errorf("%w: pedersen ratio %d (this component needs 1 ≤ ratio ≤ %d)", ErrUnsupportedLayout, ratio, pedersenRows)
	}
	table, err := pedersenTable()
	if err != nil {
		return nil, err
	}
	w := cols.width
	b := &pedersenBuiltin{instances: instances{name: SegPedersen, seg: seg, rows: pedersenRows, cells: pedersenCells}, table: table}
	b.colS, b.colBit, b.colTight, b.colTB = w, w+1, w+2, w+3
	b.colX, b.colY, b.colSlope, b.colInv = w+4, w+5, w+6, w+7
	b.colAddr, b.colVal = w+8, w+9
	cols.width += 10
	cols.addMemAccess(b.colAddr, b.colVal)
	return b, nil
}

// pedersenInstance is the three cells of one instance.
type pedersenInstance [pedersenCells]fp.Element

// instance returns instance k's cells: the inputs from memory (0 where
// unset) and their hash by execution/crypto; a hash cell present in memory
// must agree.
func (b *pedersenBuiltin) instance(k uint64, mem *Memory) (pedersenInstance, error) {
	var c pedersenInstance
	base := b.seg.BeginAddr + pedersenCells*k
	c[0], _ = mem.Get(base)
	c[1], _ = mem.Get(base + 1)
	x, y := felt.FromElement(c[0]), felt.FromElement(c[1])
	h := crypto.Pedersen(&x, &y)
	c[2] = *h.Element()
	if v, ok := mem.Get(base + 2); ok && !v.Equal(&c[2]) {
		return c, fmt.Errorf("%w: pedersen cell %d holds %s, the hash of cells %d, %d is %s", ErrBadTrace, base+2, v.String(), base, base+1, c[2].String())
	}
	return c, nil
}

func (b *pedersenBuiltin) accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error) {
	acc, err := b.instanceAccesses(n, func(k uint64) ([]fp.Element, error) {
		c, err := b.instance(k, mem)
		return c[:], err
	})
	return acc, nil, err
}

// pedersenWalk is the witness of one instance's 512 rows.
type pedersenWalk struct {
	s, bit, tight, tb [pedersenRows]fp.Element
	sum               [pedersenRows]ecPoint // partial sum before the row's step
	slope, inv        [pedersenRows]fp.Element
}

// walk computes the rows of an instance whose inputs have the given
// little-endian bits (below 2^252; tests pass non-canonical ones). It fails
// where the ladder needs a step between points with one x coordinate.
func (t *pedersenConsts) walk(in [2][4]uint64) (*pedersenWalk, error) {
	w := &pedersenWalk{}
	for h := range 2 {
		var s fp.Element
		tight := feOne // tight of the row below in the walk (above in bits)
		for i := pedersenHalf - 1; i >= 0; i-- {
			r := h*pedersenHalf + i
			bit := wordBit(&in[h], i)
			w.bit[r] = elem(bit)
			s.Double(&s).Add(&s, &w.bit[r])
			w.s[r] = s
			w.tb[r] = mul(&tight, &w.bit[r])
			if i < pedersenBits && isPm1Bit(i) {
				tight = w.tb[r]
			}
			if i >= pedersenBits {
				tight = feOne
			}
			w.tight[r] = tight
		}
	}
	sum := t.shift
	for r := range pedersenRows {
		w.sum[r] = sum
		st, err := ecCondAddWitness(sum, t.points[r], w.bit[r].IsOne())
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", r, err)
		}
		w.slope[r], w.inv[r] = st.Slope, st.XDiffInv
		sum = st.Next
	}
	return w, nil
}

func (b *pedersenBuiltin) fill(t *Trace, mem *Memory) error {
	var zero *pedersenWalk // the walk of (0, 0), shared by unused instances
	for k := range b.capacity(t.N) {
		c, err := b.instance(k, mem)
		if err != nil {
			return err
		}
		w := zero
		if w == nil || !c[0].IsZero() || !c[1].IsZero() {
			if w, err = b.table.walk([2][4]uint64{c[0].Bits(), c[1].Bits()}); err != nil {
				return fmt.Errorf("%w: pedersen instance %d (cells %s, %s): %v", ErrBadTrace, k, c[0].String(), c[1].String(), err)
			}
			if c[0].IsZero() && c[1].IsZero() {
				zero = w
			}
		}
		if res := &w.sum[pedersenRows-1].X; !res.Equal(&c[2]) {
			return fmt.Errorf("%w: pedersen instance %d: the ladder gives %s, the hash is %s", ErrBadTrace, k, res.String(), c[2].String())
		}
		b.writeRows(t, k, w, &c)
	}
	return nil
}

// writeRows writes instance k's rows from its walk and cells.
func (b *pedersenBuiltin) writeRows(t *Trace, k uint64, w *pedersenWalk, c *pedersenInstance) {
	row0 := int(k) * pedersenRows
	base := b.seg.BeginAddr + pedersenCells*k
	for r := range pedersenRows {
		i := row0 + r
		cell := 0
		switch {
		case r == pedersenRows-1:
			cell = 2
		case r >= pedersenHalf:
			cell = 1
		}
		t.Cols[b.colS][i], t.Cols[b.colBit][i] = w.s[r], w.bit[r]
		t.Cols[b.colTight][i], t.Cols[b.colTB][i] = w.tight[r], w.tb[r]
		t.Cols[b.colX][i], t.Cols[b.colY][i] = w.sum[r].X, w.sum[r].Y
		t.Cols[b.colSlope][i], t.Cols[b.colInv][i] = w.slope[r], w.inv[r]
		t.Cols[b.colAddr][i] = elem(base + uint64(cell))
		t.Cols[b.colVal][i] = c[cell]
	}
}

func (b *pedersenBuiltin) numRow() int { return 8 + ecCondAddN + 3 }

func (b *pedersenBuiltin) numTransition() int { return 1 }

// evalRow: the bit is binary, zero on rows 252..255 of a half; the suffix
// s = bit + 2·(1 − cut)·s_next; the comparison with p − 1; the partial sum
// starts at the shift point and steps by ecCondAdd, whose copy constraints
// (1 − bit)·(next − cur) become (1 − bit − last)·(next − cur) so that they
// stop at the instance's last row; the memory value is s on rows 0 and 256,
// x on row 511 and constant in between.
func (b *pedersenBuiltin) evalRow(fr *Frame, per, out []fp.Element) {
	r, nx := fr.Cur, fr.Next
	bit, s := &r[b.colBit], &r[b.colS]
	zero, q, last := &per[perPdZero], &per[perPdQ], &per[perPdLast]
	t := sub(bit, &feOne)
	out[0] = mul(bit, &t)
	out[1] = mul(zero, bit)
	notCut := sub(&feOne, &per[perPdCut])
	t = mul(&notCut, &nx[b.colS])
	t.Double(&t).Add(&t, bit)
	out[2] = sub(s, &t)
	// tight = (1 − q − zero)·tight_next + q·tb + zero
	c := sub(&feOne, q)
	c.Sub(&c, zero)
	t = mul(&c, &nx[b.colTight])
	u := mul(q, &r[b.colTB])
	t.Add(&t, &u).Add(&t, zero)
	out[3] = sub(&r[b.colTight], &t)
	t = mul(&nx[b.colTight], bit)
	out[4] = sub(&r[b.colTB], &t)
	c = sub(&feOne, q)
	out[5] = mul(&c, &r[b.colTB])
	first, x, y := &per[perPdFirst], &r[b.colX], &r[b.colY]
	t = sub(x, &b.table.shift.X)
	out[6] = mul(first, &t)
	t = sub(y, &b.table.shift.Y)
	out[7] = mul(first, &t)
	ec := out[8 : 8+ecCondAddN]
	ecCondAdd(ec, bit, &r[b.colSlope], &r[b.colInv], x, y, &per[perPdX], &per[perPdY], &nx[b.colX], &nx[b.colY])
	// ecCondAdd's copy constraints (its outputs 3 and 4), cut at row 511.
	keep := sub(&feOne, bit)
	keep.Sub(&keep, last)
	t = sub(&nx[b.colX], x)
	ec[3] = mul(&keep, &t)
	t = sub(&nx[b.colY], y)
	ec[4] = mul(&keep, &t)
	k := 8 + ecCondAddN
	val := &r[b.colVal]
	t = sub(val, s)
	out[k] = mul(&per[perPdBind], &t)
	t = sub(val, x)
	out[k+1] = mul(last, &t)
	c = sub(&feOne, &per[perPdStep])
	t = sub(&nx[b.colVal], val)
	out[k+2] = mul(&c, &t)
}

// evalTransition: the address steps by one after rows 255, 510 and 511 and
// stays put otherwise.
func (b *pedersenBuiltin) evalTransition(fr *Frame, per, out []fp.Element) {
	d := sub(&fr.Next[b.colAddr], &fr.Cur[b.colAddr])
	out[0] = sub(&d, &per[perPdStep])
}

func (b *pedersenBuiltin) assertions() []Assertion {
	return []Assertion{{Col: b.colAddr, Row: 0, Value: elem(b.seg.BeginAddr)}}
}

func (b *pedersenBuiltin) periodicColumns() [][]fp.Element {
	out := make([][]fp.Element, perPdNum)
	for i := range out {
		out[i] = make([]fp.Element, pedersenRows)
	}
	for r := range pedersenRows {
		out[perPdX][r], out[perPdY][r] = b.table.points[r].X, b.table.points[r].Y
		i := r % pedersenHalf
		if i >= pedersenBits {
			out[perPdZero][r] = feOne
		} else {
			out[perPdQ][r] = elem(wordBit(&pMinus1, i))
		}
	}
	out[perPdFirst][0] = feOne
	out[perPdCut][pedersenHalf-1] = feOne
	out[perPdCut][pedersenRows-1] = feOne
	out[perPdBind][0] = feOne
	out[perPdBind][pedersenHalf] = feOne
	out[perPdLast][pedersenRows-1] = feOne
	for _, r := range []int{pedersenHalf - 1, pedersenRows - 2, pedersenRows - 1} {
		out[perPdStep][r] = feOne
	}
	return out
}
