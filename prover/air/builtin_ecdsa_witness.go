package air

import (
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// errECDSAInvalid reports a signature the builtin's walk rejects.
var errECDSAInvalid = errors.New("invalid signature")

// ecdsaInput is one instance's values: the public key's x, the message
// hash, r and w = s⁻¹ mod the curve order.
type ecdsaInput struct{ pub, msg, r, w fp.Element }

// ecdsaLaneRow is one row of a lane's columns.
type ecdsaLaneRow struct{ bit, acc, sx, sy, px, py, slope, inv fp.Element }

// ecdsaWitness is an instance's first ecdsaMinRows rows: both lanes and lane
// Q's doubling slope (zero at row 255, where the chain restarts at B).
type ecdsaWitness struct {
	in   ecdsaInput
	q, g [ecdsaMinRows]ecdsaLaneRow
	d    [ecdsaMinRows]fp.Element
}

// witness computes the instance's rows for the root of the public key's y
// that verifies (VerifyBuiltin tries both), or errECDSAInvalid.
func (in ecdsaInput) witness() (*ecdsaWitness, error) {
	for _, v := range []fp.Element{in.msg, in.r, in.w} {
		if f := felt.FromElement(v); f.IsZero() || f.BitLen() > ecdsaBits {
			return nil, fmt.Errorf("%w: msg %s, r %s, w %s must be in [1, 2^251)", errECDSAInvalid, in.msg.String(), in.r.String(), in.w.String())
		}
	}
	x := felt.FromElement(in.pub)
	y, ok := crypto.YFromX(&x)
	if !ok {
		return nil, fmt.Errorf("%w: public key %s is not the x of a curve point", errECDSAInvalid, in.pub.String())
	}
	var err error
	for _, yy := range []fp.Element{*y.Element(), *new(fp.Element).Neg(y.Element())} {
		var w *ecdsaWitness
		if w, err = in.walk(ecPoint{X: in.pub, Y: yy}); err == nil {
			return w, nil
		}
	}
	return nil, err
}

// walk fills the rows for the public-key point q.
func (in ecdsaInput) walk(q ecPoint) (*ecdsaWitness, error) {
	w := &ecdsaWitness{in: in}
	sh := ecdsaShift()
	negSh := sh
	negSh.Y.Neg(&sh.Y)
	// Lane Q's chain 2^i·Q on rows 0..255.
	p := q
	for i := range ecdsaHalf {
		w.q[i].px, w.q[i].py = p.X, p.Y
		if i == ecdsaRowSwap {
			break
		}
		var err error
		if p, w.d[i], err = ecDouble(p); err != nil {
			return nil, fmt.Errorf("doubling Q, row %d: %w", i, err)
		}
	}
	// r over 2^i·Q from shift (lane Q), msg over G·2^i from −shift (lane G).
	rQ, err := ladder(w.q[:], in.r, sh, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: r·Q: %w", errECDSAInvalid, err)
	}
	zG, err := ladder(w.g[:], in.msg, negSh, ecdsaGenPowers(), 0)
	if err != nil {
		return nil, fmt.Errorf("%w: msg·G: %w", errECDSAInvalid, err)
	}
	// Row 251: lane G adds rQ (B = zG + rQ), carried to row 256.
	g := &w.g[ecdsaRowEnd]
	g.px, g.py = rQ.X, rQ.Y
	st, err := ecCondAddWitness(zG, rQ, true)
	if err != nil {
		return nil, fmt.Errorf("%w: zG + rQ: %w", errECDSAInvalid, err)
	}
	g.slope, g.inv = st.Slope, st.XDiffInv
	bPt := st.Next
	for i := ecdsaRowEnd + 1; i < ecdsaMinRows; i++ {
		w.g[i].sx, w.g[i].sy = bPt.X, bPt.Y
	}
	for i := ecdsaRowEnd; i < ecdsaMinRows; i++ {
		w.g[i].acc = in.msg
		if i > ecdsaRowSwap {
			w.g[i].acc = in.r
		}
	}
	// Lane Q's chain 2^i·B on rows 256..511 and the w ladder.
	p = bPt
	for i := ecdsaRowW; i < ecdsaMinRows; i++ {
		w.q[i].px, w.q[i].py = p.X, p.Y
		if p, w.d[i], err = ecDouble(p); err != nil {
			return nil, fmt.Errorf("doubling B, row %d: %w", i, err)
		}
	}
	wB, err := ladder(w.q[:], in.w, sh, nil, ecdsaRowW)
	if err != nil {
		return nil, fmt.Errorf("%w: w·B: %w", errECDSAInvalid, err)
	}
	// Row 507: lane G takes wB and adds −shift; row 508: x = r; row 509: msg.
	g = &w.g[ecdsaRowWEnd]
	g.sx, g.sy, g.px, g.py = wB.X, wB.Y, negSh.X, negSh.Y
	if st, err = ecCondAddWitness(wB, negSh, true); err != nil {
		return nil, fmt.Errorf("%w: w·B − shift: %w", errECDSAInvalid, err)
	}
	g.slope, g.inv = st.Slope, st.XDiffInv
	if !st.Next.X.Equal(&in.r) {
		return nil, fmt.Errorf("%w: x(w·B − shift) = %s, r = %s", errECDSAInvalid, st.Next.X.String(), in.r.String())
	}
	g = &w.g[ecdsaRowCheck]
	g.sx, g.sy = st.Next.X, st.Next.Y
	g.inv.Inverse(&in.r)
	for i := ecdsaRowMsgNZ; i < ecdsaMinRows; i++ {
		w.g[i].sx, w.g[i].sy = in.msg, fp.Element{}
	}
	w.g[ecdsaRowMsgNZ].inv.Inverse(&in.msg)
	return w, nil
}

// ladder walks the 251 bits of k over rows [from, from+251) of a lane from
// start: the points are pts[i] when given, else the rows' own px, py. It
// fills the bits, the prefix accumulator (k from row from+251 to the end of
// the half), the sums, slopes and inverses, and returns the sum.
func ladder(rows []ecdsaLaneRow, k fp.Element, start ecPoint, pts []ecPoint, from int) (ecPoint, error) {
	words := k.Bits()
	sum := start
	var acc fp.Element
	for j := range ecdsaBits {
		r := &rows[from+j]
		if pts != nil {
			r.px, r.py = pts[j].X, pts[j].Y
		}
		bit := wordBit(&words, j) == 1
		st, err := ecCondAddWitness(sum, ecPoint{X: r.px, Y: r.py}, bit)
		if err != nil {
			return ecPoint{}, fmt.Errorf("step %d: %w", j, err)
		}
		r.acc, r.sx, r.sy, r.slope, r.inv = acc, sum.X, sum.Y, st.Slope, st.XDiffInv
		if bit {
			r.bit = feOne
			pw := ecdsaPow2(j)
			acc.Add(&acc, &pw)
		}
		sum = st.Next
	}
	for i := from + ecdsaBits; i < from+ecdsaHalf; i++ {
		rows[i].acc, rows[i].sx, rows[i].sy = acc, sum.X, sum.Y
	}
	return sum, nil
}

// write places the witness at rows [row0, row0+R) of the trace; the idle
// rows after ecdsaMinRows repeat the last one, lane Q doubling on.
func (b *ecdsaBuiltin) write(t *Trace, row0 int, addr uint64, w *ecdsaWitness) error {
	c := t.Cols
	put := func(l *ecdsaLane, i int, r *ecdsaLaneRow) {
		c[l.bit][i], c[l.acc][i], c[l.sx][i], c[l.sy][i] = r.bit, r.acc, r.sx, r.sy
		c[l.px][i], c[l.py][i], c[l.slope][i], c[l.inv][i] = r.px, r.py, r.slope, r.inv
	}
	lastQ, lastG := w.q[ecdsaMinRows-1], w.g[ecdsaMinRows-1]
	lastQ.bit, lastQ.slope, lastQ.inv = fp.Element{}, fp.Element{}, fp.Element{}
	lastG.bit, lastG.slope, lastG.inv = fp.Element{}, fp.Element{}, fp.Element{}
	// next is lane Q's point at the row after the witness's last.
	next, _, err := ecDouble(ecPoint{X: lastQ.px, Y: lastQ.py})
	if err != nil {
		return err
	}
	for j := range b.rows {
		i := row0 + j
		var d fp.Element
		if j < ecdsaMinRows {
			put(&b.q, i, &w.q[j])
			put(&b.g, i, &w.g[j])
			d = w.d[j]
		} else {
			lastQ.px, lastQ.py = next.X, next.Y
			put(&b.q, i, &lastQ)
			put(&b.g, i, &lastG)
			if next, d, err = ecDouble(next); err != nil {
				return fmt.Errorf("row %d: %w", j, err)
			}
		}
		if j == b.rows-1 {
			d = fp.Element{}
		}
		c[b.colD][i] = d
		c[b.colZ][i].Square(&c[b.q.px][i])
		c[b.colAddr][i] = elem(addr + min(uint64(j), 1))
		c[b.colVal][i] = w.in.msg
	}
	c[b.colVal][row0] = w.in.pub
	return nil
}

// ecdsaConstants are the curve constants the component uses.
type ecdsaConstants struct {
	shift ecPoint
	gen   []ecPoint // G·2^i, i < 251
}

var ecdsaConsts = sync.OnceValue(func() ecdsaConstants {
	c := ecdsaConstants{shift: ecPointOf(crypto.PedersenPoints()[0])}
	c.gen, _ = ecDoublings(ecPointOf(crypto.StarkCurveGenerator()), ecdsaBits) // G has odd order: no y = 0
	return c
})

// ecdsaDummy is the valid instance that fills unused instances: the first
// message m ≥ 1 whose signature under a fixed key the builtin accepts.
var ecdsaDummy = sync.OnceValue(func() ecdsaInput {
	priv, err := crypto.PrivateKeyFromFelt(felt.FromUint64(0xca1e))
	if err != nil {
		panic(fmt.Sprintf("ecdsa dummy key: %v", err))
	}
	pub := crypto.GetPublicKey(priv)
	for m := uint64(1); m < 64; m++ {
		msg := felt.FromUint64(m)
		r, s, err := crypto.Sign(priv, msg)
		if err != nil || !crypto.VerifyBuiltin(pub, msg, r, s) {
			continue
		}
		return ecdsaInput{pub: *pub.Element(), msg: *msg.Element(), r: *r.Element(), w: invModOrder(s)}
	}
	panic("ecdsa dummy: no message signs within the builtin's rules")
})

// ecdsaDummyWitness is the dummy instance's witness, computed once.
var ecdsaDummyWitness = sync.OnceValues(func() (*ecdsaWitness, error) { return ecdsaDummy().witness() })

// invModOrder returns s⁻¹ modulo the curve order.
func invModOrder(s felt.Felt) fp.Element {
	w := new(big.Int).ModInverse(s.BigInt(), crypto.CurveOrder())
	var e fp.Element
	if w != nil {
		e.SetBigInt(w)
	}
	return e
}
