package air

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

const (
	// bitwiseCells is the number of memory cells of a bitwise instance:
	// x, y, x&y, x^y, x|y.
	bitwiseCells = 5
	// bitwiseBits bounds the inputs: x, y < 2^251 (cairo-lang's
	// total_n_bits), so every bit decomposition is an integer below p.
	bitwiseBits = 251
	// bitwiseMinRows is the fewest rows per instance: the five cells need
	// five rows, and rows are a power of two.
	bitwiseMinRows = 8
)

// bitwiseBuiltin is the bitwise builtin component. Instance k spans the rows
// [R·k, R·k+R) (R = rowsPerInstance(ratio, 8)) and owns the cells
// begin+5k .. begin+5k+4.
//
// Soundness by bit decomposition: row j of an instance holds the m = ⌈251/R⌉
// bits [m·j, m·j+m) of x and of y in 2m binary columns. Accumulators chain
// the rows, acc_j = chunk_j + 2^m·acc_{j+1} (cut at the instance's last row),
// so at the first row they equal Σ_b 2^b·x_b, Σ_b 2^b·y_b and
// Σ_b 2^b·x_b·y_b; the bits at positions ≥ 251 are constrained to zero, so
// these are the integers x, y < 2^251 and x AND y exactly (no wrap-around
// modulo p). Then x XOR y = x + y − 2(x AND y) and x OR y = x + y − (x AND y)
// hold over the integers and hence in the field. Columns X, Y, AND carry the
// three values through the instance (equal to the accumulators at the first
// row, constant within the instance).
//
// Memory: one (address, value) access per row, added to the memory
// permutation argument. Row j < 5 reads cell begin+5k+j, rows j ≥ 5 repeat
// cell begin+5k+4 (repeated reads of one cell are harmless in the memory
// argument); the value is selected by periodic selectors: X, Y, AND,
// X + Y − 2·AND, X + Y − AND. Addresses step by one from row to row except
// over the repeated rows, and the first address is the segment's begin.
// Unused instances (up to the capacity n/R) read x = y = 0.
type bitwiseBuiltin struct {
	instances
	m int // bits per row
	// zeroSel lists the distinct first rows from which some bit column sits
	// at positions ≥ 251 and must be zero: each has a periodic selector, 1
	// from that row to the instance's last row. Usually only the last row;
	// R = 64 (m = 4) also has position 251 in row 62.
	zeroSel []int
	// zeroPer[q] is the index in the component's periodic columns of bit
	// column q's zero selector, −1 if all its positions are < 251.
	zeroPer []int
	shift   fp.Element // 2^m

	colAddr, colVal       int
	colX, colY, colAnd    int
	colAX, colAY, colAAnd int
	colXBit, colYBit      int // first of m columns each
}

// Periodic columns: value selectors of rows 0..3 (rows ≥ 4 select x|y) and
// the instance's last row.
const (
	perBwSel0 = iota
	perBwLast = perBwSel0 + bitwiseCells - 1
	perBwNum  = perBwLast + 1
)

func newBitwiseBuiltin(ratio int, seg Segment, cols *columns) (*bitwiseBuiltin, error) {
	rows := rowsPerInstance(ratio, bitwiseMinRows)
	if ratio <= 0 || rows > 64 || rows&(rows-1) != 0 {
		return nil, fmt.Errorf("%w: bitwise ratio %d (this component needs a power of two ≤ 64)", ErrUnsupportedLayout, ratio)
	}
	m := (bitwiseBits + rows - 1) / rows
	b := &bitwiseBuiltin{instances: instances{name: SegBitwise, seg: seg, rows: rows, cells: bitwiseCells}, m: m}
	for q := range m {
		j := (bitwiseBits - q + m - 1) / m // first row j with m·j + q ≥ 251
		if j >= rows {
			b.zeroPer = append(b.zeroPer, -1)
			continue
		}
		i := slices.Index(b.zeroSel, j)
		if i < 0 {
			i = len(b.zeroSel)
			b.zeroSel = append(b.zeroSel, j)
		}
		b.zeroPer = append(b.zeroPer, perBwNum+i)
	}
	b.shift.SetUint64(1)
	for range m {
		b.shift.Double(&b.shift)
	}
	w := cols.width
	b.colAddr, b.colVal = w, w+1
	b.colX, b.colY, b.colAnd = w+2, w+3, w+4
	b.colAX, b.colAY, b.colAAnd = w+5, w+6, w+7
	b.colXBit, b.colYBit = w+8, w+8+m
	cols.width += 8 + 2*m
	cols.addMemAccess(b.colAddr, b.colVal)
	return b, nil
}

// bitwiseInstance is the five cells of one instance.
type bitwiseInstance [bitwiseCells]fp.Element

// instance returns instance k's cells: the inputs from memory (0 where
// unset), the outputs computed from them; output cells present in memory
// must agree.
func (b *bitwiseBuiltin) instance(k uint64, mem *Memory) (bitwiseInstance, error) {
	var c bitwiseInstance
	base := b.seg.BeginAddr + bitwiseCells*k
	var w [2][4]uint64
	for i := range 2 {
		c[i], _ = mem.Get(base + uint64(i))
		w[i] = c[i].Bits()
		if w[i][3]>>(bitwiseBits-192) != 0 {
			return c, fmt.Errorf("%w: bitwise cell %d holds %s ≥ 2^251", ErrBadTrace, base+uint64(i), c[i].String())
		}
	}
	var and, xor, or [4]uint64
	for i := range 4 {
		and[i] = w[0][i] & w[1][i]
		xor[i] = w[0][i] ^ w[1][i]
		or[i] = w[0][i] | w[1][i]
	}
	c[2], c[3], c[4] = fromWords(and), fromWords(xor), fromWords(or)
	for i := 2; i < bitwiseCells; i++ {
		if v, ok := mem.Get(base + uint64(i)); ok && !v.Equal(&c[i]) {
			return c, fmt.Errorf("%w: bitwise cell %d holds %s, the instance computes %s", ErrBadTrace, base+uint64(i), v.String(), c[i].String())
		}
	}
	return c, nil
}

// fromWords returns the element of a little-endian 256-bit integer < p.
func fromWords(w [4]uint64) fp.Element {
	var be [32]byte
	for i := range 4 {
		binary.BigEndian.PutUint64(be[24-8*i:], w[i])
	}
	var e fp.Element
	e.SetBytes(be[:])
	return e
}

func (b *bitwiseBuiltin) accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error) {
	acc, err := b.instanceAccesses(n, func(k uint64) ([]fp.Element, error) {
		c, err := b.instance(k, mem)
		return c[:], err
	})
	return acc, nil, err
}

func (b *bitwiseBuiltin) fill(t *Trace, mem *Memory) error {
	for k := range b.capacity(t.N) {
		c, err := b.instance(k, mem)
		if err != nil {
			return err
		}
		wx, wy := c[0].Bits(), c[1].Bits()
		row0 := int(k) * b.rows
		var ax, ay, aand fp.Element
		for j := b.rows - 1; j >= 0; j-- {
			i := row0 + j
			cell := min(j, bitwiseCells-1)
			t.Cols[b.colAddr][i] = elem(b.seg.BeginAddr + bitwiseCells*k + uint64(cell))
			t.Cols[b.colVal][i] = c[cell]
			t.Cols[b.colX][i], t.Cols[b.colY][i], t.Cols[b.colAnd][i] = c[0], c[1], c[2]
			var cx, cy, cand uint64
			for q := range b.m {
				p := b.m*j + q
				xb, yb := wordBit(&wx, p), wordBit(&wy, p)
				t.Cols[b.colXBit+q][i] = elem(xb)
				t.Cols[b.colYBit+q][i] = elem(yb)
				cx |= xb << q
				cy |= yb << q
				cand |= (xb & yb) << q
			}
			ax = chainAcc(&ax, &b.shift, cx)
			ay = chainAcc(&ay, &b.shift, cy)
			aand = chainAcc(&aand, &b.shift, cand)
			t.Cols[b.colAX][i], t.Cols[b.colAY][i], t.Cols[b.colAAnd][i] = ax, ay, aand
		}
	}
	return nil
}

// wordBit returns bit p of a little-endian 256-bit integer.
func wordBit(w *[4]uint64, p int) uint64 { return w[p/64] >> (p % 64) & 1 }

// chainAcc returns chunk + shift·acc.
func chainAcc(acc, shift *fp.Element, chunk uint64) fp.Element {
	r := mul(acc, shift)
	c := elem(chunk)
	r.Add(&r, &c)
	return r
}

func (b *bitwiseBuiltin) numRow() int {
	k := 2*b.m + 3 + 3 + 3 + 1
	for _, z := range b.zeroPer {
		if z >= 0 {
			k += 2
		}
	}
	return k
}

func (b *bitwiseBuiltin) numTransition() int { return 1 }

// evalRow: bits binary; acc = chunk + 2^m·(1 − L)·acc_next for x, y and
// x AND y; F·(X − acc_x) = 0 (and Y, AND) at the first row; X, Y, AND
// constant within the instance; the bits at positions ≥ 251 zero; the
// memory value is the selected cell. Reads of the next row are cut by L at
// the instance's (and hence the trace's) last row.
func (b *bitwiseBuiltin) evalRow(fr *Frame, per, out []fp.Element) {
	r, nx := fr.Cur, fr.Next
	last := &per[perBwLast]
	notLast := sub(&feOne, last)
	xb := r[b.colXBit : b.colXBit+b.m]
	yb := r[b.colYBit : b.colYBit+b.m]
	k := 0
	var cx, cy, cand fp.Element
	for q := b.m - 1; q >= 0; q-- {
		t := sub(&xb[q], &feOne)
		out[k] = mul(&xb[q], &t)
		t = sub(&yb[q], &feOne)
		out[k+1] = mul(&yb[q], &t)
		k += 2
		cx.Double(&cx).Add(&cx, &xb[q])
		cy.Double(&cy).Add(&cy, &yb[q])
		t = mul(&xb[q], &yb[q])
		cand.Double(&cand).Add(&cand, &t)
	}
	for _, a := range [3]struct {
		acc   int
		chunk *fp.Element
	}{{b.colAX, &cx}, {b.colAY, &cy}, {b.colAAnd, &cand}} {
		t := mul(&notLast, &nx[a.acc])
		t.Mul(&t, &b.shift)
		t.Add(&t, a.chunk)
		out[k] = sub(&r[a.acc], &t)
		k++
	}
	first := &per[perBwSel0]
	for _, p := range [3][2]int{{b.colX, b.colAX}, {b.colY, b.colAY}, {b.colAnd, b.colAAnd}} {
		d := sub(&r[p[0]], &r[p[1]])
		out[k] = mul(first, &d)
		k++
	}
	for _, c := range [3]int{b.colX, b.colY, b.colAnd} {
		d := sub(&nx[c], &r[c])
		out[k] = mul(&notLast, &d)
		k++
	}
	for q, zi := range b.zeroPer {
		if zi < 0 {
			continue
		}
		z := &per[zi]
		out[k] = mul(z, &xb[q])
		out[k+1] = mul(z, &yb[q])
		k += 2
	}
	x, y, and := &r[b.colX], &r[b.colY], &r[b.colAnd]
	sum := add(x, y)
	or := sub(&sum, and)
	xor := sub(&or, and)
	vals := [bitwiseCells]*fp.Element{x, y, and, &xor, &or}
	// The last selector is 1 − Σ of the others (rows ≥ 4 read x|y).
	rest := feOne
	var v fp.Element
	for i := range bitwiseCells - 1 {
		s := &per[perBwSel0+i]
		t := mul(s, vals[i])
		v.Add(&v, &t)
		rest.Sub(&rest, s)
	}
	t := mul(&rest, vals[bitwiseCells-1])
	v.Add(&v, &t)
	out[k] = sub(&r[b.colVal], &v)
}

// evalTransition: the address steps by one after the rows reading x, y,
// x&y, x^y and after the instance's last row, and stays put otherwise.
func (b *bitwiseBuiltin) evalTransition(fr *Frame, per, out []fp.Element) {
	step := per[perBwLast]
	for i := range bitwiseCells - 1 {
		step.Add(&step, &per[perBwSel0+i])
	}
	d := sub(&fr.Next[b.colAddr], &fr.Cur[b.colAddr])
	out[0] = sub(&d, &step)
}

func (b *bitwiseBuiltin) assertions() []Assertion {
	return []Assertion{{Col: b.colAddr, Row: 0, Value: elem(b.seg.BeginAddr)}}
}

func (b *bitwiseBuiltin) periodicColumns() [][]fp.Element {
	out := make([][]fp.Element, perBwNum+len(b.zeroSel))
	for i := range out {
		out[i] = make([]fp.Element, b.rows)
	}
	for i := range bitwiseCells - 1 {
		out[perBwSel0+i][i] = feOne
	}
	out[perBwLast][b.rows-1] = feOne
	for i, j := range b.zeroSel {
		for r := j; r < b.rows; r++ {
			out[perBwNum+i][r] = feOne
		}
	}
	return out
}
