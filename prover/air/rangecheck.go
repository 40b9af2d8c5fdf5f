package air

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// rcParts is the number of 16-bit parts of a range_check builtin value
// (values are < 2^128).
const rcParts = 8

// rcBuiltin is the range_check builtin component. Instance k spans the R
// rows [R·k, R·k+R) (R = rowsPerInstance(ratio, 8), a power of two) and owns
// cell begin + k. Every row carries a range-checked 16-bit part and an
// accumulator; on the instance's first 8 rows (periodic selector A) part j is
// the value's j-th 16-bit part and acc_j = part_j + 2^16·acc_{j+1}, the chain
// being cut after row 7 (selector C), so acc at the first row is
// Σ_{j<8} part_j·2^(16j) and must equal the cell's value. On rows 8..R−1 the
// parts (rc_min, spare range-checked values) do not enter the chain and acc
// is 0. Every row of an instance carries the instance's (address, value)
// memory access; repeated accesses are harmless in the memory argument.
// Unused instances (up to the capacity n/R) hold a filler value whose parts
// are all rc_min.
type rcBuiltin struct {
	instances
	rcMin   uint64
	colAddr int
	colVal  int
	colPart int
	colAcc  int
}

// Periodic columns of the component: first row and last row of an
// instance, the rows holding a part of the value (A) and the rows after which
// the accumulator chain is cut (C: the last part row and the last row).
const (
	perRCFirst = iota
	perRCLast
	perRCActive
	perRCCut
	perRCNum
)

const (
	rcNumRow        = 4
	rcNumTransition = 1
)

func newRCBuiltin(ratio int, seg Segment, pub *PublicInput, cols *columns) (*rcBuiltin, error) {
	rows := rowsPerInstance(ratio, rcParts)
	if ratio <= 0 || rows&(rows-1) != 0 {
		return nil, fmt.Errorf("%w: range_check ratio %d (this component needs a power of two)", ErrUnsupportedLayout, ratio)
	}
	b := &rcBuiltin{instances: instances{name: SegRangeCheck, seg: seg, rows: rows, cells: 1}, rcMin: pub.RCMin}
	b.colAddr = cols.width
	b.colVal = cols.width + 1
	b.colPart = cols.width + 2
	b.colAcc = cols.width + 3
	cols.width += 4
	cols.addMemAccess(b.colAddr, b.colVal)
	cols.rcValues = append(cols.rcValues, b.colPart)
	cols.rcSorted = append(cols.rcSorted, cols.width)
	cols.width++
	return b, nil
}

// fillerValue is the value of an unused instance: every part is rc_min.
func (b *rcBuiltin) fillerValue() fp.Element {
	var v, sh, p fp.Element
	sh.SetUint64(1 << 16)
	p.SetUint64(b.rcMin)
	for range rcParts {
		v.Mul(&v, &sh)
		v.Add(&v, &p)
	}
	return v
}

// instanceValue returns the value of instance k: the memory cell if set,
// else the filler value.
func (b *rcBuiltin) instanceValue(k uint64, mem *Memory) (fp.Element, error) {
	v, ok := mem.Get(b.seg.BeginAddr + k)
	if !ok {
		return b.fillerValue(), nil
	}
	if w := v.Bits(); w[2] != 0 || w[3] != 0 {
		return v, fmt.Errorf("%w: range_check cell %d holds %s ≥ 2^128", ErrBadTrace, b.seg.BeginAddr+k, v.String())
	}
	return v, nil
}

// parts returns the 16-bit parts of v, least significant first.
func valueParts(v *fp.Element) [rcParts]uint64 {
	w := v.Bits()
	var out [rcParts]uint64
	for p := range rcParts {
		out[p] = w[p/4] >> (16 * (p % 4)) & 0xffff
	}
	return out
}

func (b *rcBuiltin) accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error) {
	used := make(map[uint64]bool)
	acc, err := b.instanceAccesses(n, func(k uint64) ([]fp.Element, error) {
		v, err := b.instanceValue(k, mem)
		if err != nil {
			return nil, err
		}
		for _, p := range valueParts(&v) {
			used[p] = true
		}
		return []fp.Element{v}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	if b.rows > rcParts && b.capacity(n) > 0 {
		used[b.rcMin] = true
	}
	return acc, used, nil
}

func (b *rcBuiltin) fill(t *Trace, mem *Memory) error {
	var sh fp.Element
	sh.SetUint64(1 << 16)
	for k := range b.capacity(t.N) {
		v, err := b.instanceValue(k, mem)
		if err != nil {
			return err
		}
		parts := valueParts(&v)
		row0 := int(k) * b.rows
		var acc fp.Element
		for j := b.rows - 1; j >= 0; j-- {
			i := row0 + j
			p := elem(b.rcMin)
			if j < rcParts {
				p = elem(parts[j])
				acc.Mul(&acc, &sh)
				acc.Add(&acc, &p)
			}
			t.Cols[b.colAddr][i] = elem(b.seg.BeginAddr + k)
			t.Cols[b.colVal][i] = v
			t.Cols[b.colPart][i] = p
			t.Cols[b.colAcc][i] = acc
		}
	}
	return nil
}

// evalRow: acc_i = A_i·part_i + 2^16·(1 − C_i)·acc_{i+1};
// F_i·(val_i − acc_i) = 0; within an instance the address and value repeat.
// The constraints read the next row cyclically; at the trace's last row
// L = C = 1 so they do not wrap. All have degree 2 in the trace columns.
func (b *rcBuiltin) evalRow(fr *Frame, per, out []fp.Element) {
	r, nx := fr.Cur, fr.Next
	first, last := &per[perRCFirst], &per[perRCLast]
	notLast := sub(&feOne, last)
	notCut := sub(&feOne, &per[perRCCut])
	var sh fp.Element
	sh.SetUint64(1 << 16)
	t := mul(&notCut, &nx[b.colAcc])
	t.Mul(&t, &sh)
	p := mul(&per[perRCActive], &r[b.colPart])
	t.Add(&t, &p)
	out[0] = sub(&r[b.colAcc], &t)
	d := sub(&r[b.colVal], &r[b.colAcc])
	out[1] = mul(first, &d)
	d = sub(&nx[b.colAddr], &r[b.colAddr])
	out[2] = mul(&notLast, &d)
	d = sub(&nx[b.colVal], &r[b.colVal])
	out[3] = mul(&notLast, &d)
}

// evalTransition: consecutive instances have consecutive addresses.
func (b *rcBuiltin) evalTransition(fr *Frame, per, out []fp.Element) {
	d := sub(&fr.Next[b.colAddr], &fr.Cur[b.colAddr])
	d.Sub(&d, &feOne)
	out[0] = mul(&per[perRCLast], &d)
}

func (b *rcBuiltin) assertions() []Assertion {
	return []Assertion{{Col: b.colAddr, Row: 0, Value: elem(b.seg.BeginAddr)}}
}

func (b *rcBuiltin) periodicColumns() [][]fp.Element {
	out := make([][]fp.Element, perRCNum)
	for i := range out {
		out[i] = make([]fp.Element, b.rows)
	}
	out[perRCFirst][0] = feOne
	out[perRCLast][b.rows-1] = feOne
	for j := range rcParts {
		out[perRCActive][j] = feOne
	}
	out[perRCCut][rcParts-1] = feOne
	out[perRCCut][b.rows-1] = feOne
	return out
}
