package air

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/crypto"
)

// Starknet's Hades permutation: width 3, 4 full rounds, 83 partial rounds
// (S-box on lane 2 only), 4 full rounds; S-box x³; MDS [[3,1,1],[1,-1,1],[1,1,-2]].
const (
	poseidonWidth      = 3
	poseidonFullHalf   = 4
	poseidonPartial    = 83
	poseidonRounds     = 2*poseidonFullHalf + poseidonPartial
	poseidonCells      = 2 * poseidonWidth // inputs then outputs
	poseidonMinRatio   = 128               // rows per instance: ≥ poseidonRounds + 1, a power of two
	poseidonOutputsRow = poseidonRounds    // the row holding the output state
)

// hadesRoundConstants returns Starknet's per-round Hades constants from
// execution/crypto (cairo-lang's derivation, computed once there); the AIR's
// permutation is checked against crypto.PoseidonPermute in the tests.
func hadesRoundConstants() *[poseidonRounds][poseidonWidth]fp.Element {
	return crypto.HadesRoundConstants()
}

// isFullRound reports whether round r applies the S-box to every lane.
func isFullRound(r int) bool {
	return r < poseidonFullHalf || r >= poseidonFullHalf+poseidonPartial
}

// hadesMix returns the MDS matrix applied to t.
func hadesMix(t *[poseidonWidth]fp.Element) [poseidonWidth]fp.Element {
	var s, d fp.Element
	s.Add(&t[0], &t[1]).Add(&s, &t[2])
	var out [poseidonWidth]fp.Element
	d.Double(&t[0])
	out[0].Add(&s, &d)
	d.Double(&t[1])
	out[1].Sub(&s, &d)
	d.Double(&t[2]).Add(&d, &t[2])
	out[2].Sub(&s, &d)
	return out
}

// poseidonBuiltin is the poseidon builtin component: the Hades permutation,
// one round per row. Instance k spans rows [R·k, R·k+R)
// (R = rowsPerInstance(ratio, 128)) and owns the cells begin+6k .. begin+6k+5
// (three inputs, three outputs).
//
// Row r < 91 holds the state s before round r, u = s + c_r (c_r the round
// constants, periodic columns), sq = u², cu = sq·u (lane 2 is S-boxed in
// every round, lanes 0 and 1 in full rounds only, so they pass u in partial
// rounds), and the next row's state is MDS(t) with t_j = F·cu_j + P·u_j for
// lanes 0, 1 and t_2 = (F + P)·cu_2 (F, P: periodic full/partial round
// selectors). Row 91 holds the output state, which the idle rows 92..R−1
// repeat. All constraints have degree 2 in the trace columns.
//
// Memory: three (address, value) accesses per row, added to the memory
// permutation argument: the input cells at rows 0..90, the output cells at
// rows 91..R−1; at rows 0 and 91 the values equal the state. The addresses
// step by 3 after row 90 and after the last row, and the first is the
// segment's begin. Unused instances (up to the capacity n/R) permute
// (0, 0, 0).
type poseidonBuiltin struct {
	instances
	colS  int // s_0..s_2, then sq_0..2, cu_0..2, addresses, values (3 each)
	colSq int
	colCu int
	colMA int
	colMV int
}

// Periodic columns.
const (
	perPosC0   = 0                        // round constants of lanes 0..2
	perPosFull = poseidonWidth + iota - 1 // full round
	perPosPart                            // partial round
	perPosIdle                            // rows 91..R−2: the state is kept
	perPosBind                            // rows 0 and 91: memory values are the state
	perPosStep                            // address step: 3 at rows 90 and R−1
	perPosNum
)

func newPoseidonBuiltin(ratio int, seg Segment, cols *columns) (*poseidonBuiltin, error) {
	rows := rowsPerInstance(ratio, poseidonMinRatio)
	if ratio <= 0 || rows&(rows-1) != 0 {
		return nil, fmt.Errorf("%w: poseidon ratio %d (this component needs a power of two)", ErrUnsupportedLayout, ratio)
	}
	w := cols.width
	b := &poseidonBuiltin{instances: instances{name: SegPoseidon, seg: seg, rows: rows, cells: poseidonCells}}
	b.colS, b.colSq, b.colCu = w, w+poseidonWidth, w+2*poseidonWidth
	b.colMA, b.colMV = w+3*poseidonWidth, w+4*poseidonWidth
	cols.width += 5 * poseidonWidth
	for j := range poseidonWidth {
		cols.addMemAccess(b.colMA+j, b.colMV+j)
	}
	return b, nil
}

// poseidonRows is one instance's per-row state: states[r] before round r
// (states[91] is the output).
type poseidonRows struct {
	states [poseidonRounds + 1][poseidonWidth]fp.Element
}

// permute runs the permutation on in, recording every round's state.
func permute(in [poseidonWidth]fp.Element) *poseidonRows {
	rc := hadesRoundConstants()
	p := &poseidonRows{}
	p.states[0] = in
	for r := range poseidonRounds {
		var t [poseidonWidth]fp.Element
		for j := range poseidonWidth {
			t[j].Add(&p.states[r][j], &rc[r][j])
			if isFullRound(r) || j == poseidonWidth-1 {
				var sq fp.Element
				sq.Square(&t[j])
				t[j].Mul(&t[j], &sq)
			}
		}
		p.states[r+1] = hadesMix(&t)
	}
	return p
}

// instance returns instance k's permutation: inputs from memory (0 where
// unset); output cells present in memory must agree with it.
func (b *poseidonBuiltin) instance(k uint64, mem *Memory) (*poseidonRows, error) {
	base := b.seg.BeginAddr + poseidonCells*k
	var in [poseidonWidth]fp.Element
	for j := range in {
		in[j], _ = mem.Get(base + uint64(j))
	}
	p := permute(in)
	out := &p.states[poseidonRounds]
	for j := range out {
		a := base + poseidonWidth + uint64(j)
		if v, ok := mem.Get(a); ok && !v.Equal(&out[j]) {
			return nil, fmt.Errorf("%w: poseidon cell %d holds %s, the instance computes %s", ErrBadTrace, a, v.String(), out[j].String())
		}
	}
	return p, nil
}

func (b *poseidonBuiltin) accesses(n int, mem *Memory) ([]memPair, map[uint64]bool, error) {
	acc, err := b.instanceAccesses(n, func(k uint64) ([]fp.Element, error) {
		p, err := b.instance(k, mem)
		if err != nil {
			return nil, err
		}
		in, out := p.states[0], p.states[poseidonRounds]
		return append(in[:], out[:]...), nil
	})
	return acc, nil, err
}

func (b *poseidonBuiltin) fill(t *Trace, mem *Memory) error {
	rc := hadesRoundConstants()
	for k := range b.capacity(t.N) {
		p, err := b.instance(k, mem)
		if err != nil {
			return err
		}
		row0 := int(k) * b.rows
		base := b.seg.BeginAddr + poseidonCells*k
		for r := range b.rows {
			i := row0 + r
			st := &p.states[min(r, poseidonRounds)]
			cells, vals := base, &p.states[0]
			if r >= poseidonOutputsRow {
				cells, vals = base+poseidonWidth, &p.states[poseidonRounds]
			}
			for j := range poseidonWidth {
				u := st[j]
				if r < poseidonRounds {
					u.Add(&u, &rc[r][j])
				}
				var sq, cu fp.Element
				sq.Square(&u)
				cu.Mul(&sq, &u)
				t.Cols[b.colS+j][i] = st[j]
				t.Cols[b.colSq+j][i] = sq
				t.Cols[b.colCu+j][i] = cu
				t.Cols[b.colMA+j][i] = elem(cells + uint64(j))
				t.Cols[b.colMV+j][i] = vals[j]
			}
		}
	}
	return nil
}

func (b *poseidonBuiltin) numRow() int { return 3*poseidonWidth + poseidonWidth - 1 }

func (b *poseidonBuiltin) numTransition() int { return poseidonWidth + 1 }

// evalRow: sq = u², cu = sq·u with u = s + c; at rows 0 and 91 the memory
// values equal the state; the three addresses of a row are consecutive.
func (b *poseidonBuiltin) evalRow(fr *Frame, per, out []fp.Element) {
	r := fr.Cur
	bind := &per[perPosBind]
	k := 0
	for j := range poseidonWidth {
		u := add(&r[b.colS+j], &per[perPosC0+j])
		t := mul(&u, &u)
		out[k] = sub(&r[b.colSq+j], &t)
		t = mul(&r[b.colSq+j], &u)
		out[k+1] = sub(&r[b.colCu+j], &t)
		d := sub(&r[b.colMV+j], &r[b.colS+j])
		out[k+2] = mul(bind, &d)
		k += 3
	}
	for j := 1; j < poseidonWidth; j++ {
		d := sub(&r[b.colMA+j], &r[b.colMA])
		c := elem(uint64(j))
		out[k] = sub(&d, &c)
		k++
	}
}

// evalTransition: (F + P + I)·s_next = MDS(t) + I·s with t as in the type's
// comment (I: idle rows), and the address step.
func (b *poseidonBuiltin) evalTransition(fr *Frame, per, out []fp.Element) {
	r, nx := fr.Cur, fr.Next
	full, part, idle := &per[perPosFull], &per[perPosPart], &per[perPosIdle]
	var t [poseidonWidth]fp.Element
	for j := range poseidonWidth - 1 {
		u := add(&r[b.colS+j], &per[perPosC0+j])
		a := mul(full, &r[b.colCu+j])
		c := mul(part, &u)
		t[j] = add(&a, &c)
	}
	round := add(full, part)
	t[poseidonWidth-1] = mul(&round, &r[b.colCu+poseidonWidth-1])
	mixed := hadesMix(&t)
	active := add(&round, idle)
	for j := range poseidonWidth {
		lhs := mul(&active, &nx[b.colS+j])
		keep := mul(idle, &r[b.colS+j])
		rhs := add(&mixed[j], &keep)
		out[j] = sub(&lhs, &rhs)
	}
	d := sub(&nx[b.colMA], &r[b.colMA])
	out[poseidonWidth] = sub(&d, &per[perPosStep])
}

func (b *poseidonBuiltin) assertions() []Assertion {
	return []Assertion{{Col: b.colMA, Row: 0, Value: elem(b.seg.BeginAddr)}}
}

func (b *poseidonBuiltin) periodicColumns() [][]fp.Element {
	rc := hadesRoundConstants()
	out := make([][]fp.Element, perPosNum)
	for i := range out {
		out[i] = make([]fp.Element, b.rows)
	}
	for r := range poseidonRounds {
		for j := range poseidonWidth {
			out[perPosC0+j][r] = rc[r][j]
		}
		if isFullRound(r) {
			out[perPosFull][r] = feOne
		} else {
			out[perPosPart][r] = feOne
		}
	}
	for r := poseidonOutputsRow; r < b.rows-1; r++ {
		out[perPosIdle][r] = feOne
	}
	out[perPosBind][0] = feOne
	out[perPosBind][poseidonOutputsRow] = feOne
	three := elem(poseidonWidth)
	out[perPosStep][poseidonOutputsRow-1] = three
	out[perPosStep][b.rows-1] = three
	return out
}
