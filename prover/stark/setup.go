package stark

import (
	"fmt"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/fft"
	"github.com/cairnchain/cairn/prover/stark/fri"
)

// setup is everything prover and verifier derive from a layout and options.
type setup struct {
	layout   *Layout
	opts     Options
	n        int // trace length
	logN     int
	ldeLog   int // log2 of the LDE size N = n·blowup
	parts    int // composition parts D
	g        fp.Element
	shift    fp.Element
	offsets  []int // distinct mask offsets, ascending
	cellOff  []int // for each mask cell, its index in offsets
	domains  []Domain
	consDom  []int          // for each constraint, its index in domains
	periodic [][]fp.Element // coefficients of each periodic column in y = x^(n/k)
}

func newSetup(l *Layout, o Options) (*setup, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	s := &setup{layout: l, opts: o, n: l.TraceLength, shift: fft.Generator()}
	s.logN, _ = fft.Log2(s.n)
	s.ldeLog = s.logN + o.BlowupLog
	if s.ldeLog > fft.TwoAdicity {
		return nil, fmt.Errorf("%w: LDE size 2^%d", ErrLayout, s.ldeLog)
	}
	var err error
	if s.g, err = fft.RootOfUnity(s.logN); err != nil {
		return nil, err
	}
	maxQ := 0
	for i := range l.Constraints {
		maxQ = max(maxQ, l.Constraints[i].quotientDegree(s.n))
	}
	s.parts = 1
	for s.parts*s.n <= maxQ {
		s.parts *= 2
	}
	if s.parts > 1<<o.BlowupLog {
		return nil, fmt.Errorf("%w: composition needs %d parts but blowup is %d", ErrLayout, s.parts, 1<<o.BlowupLog)
	}
	for _, c := range l.Mask {
		if !slices.Contains(s.offsets, c.Offset) {
			s.offsets = append(s.offsets, c.Offset)
		}
	}
	slices.Sort(s.offsets)
	for _, c := range l.Mask {
		s.cellOff = append(s.cellOff, slices.Index(s.offsets, c.Offset))
	}
	for _, c := range l.Constraints {
		idx := slices.IndexFunc(s.domains, func(d Domain) bool {
			return d.Period == c.Domain.Period && d.Offset == c.Domain.Offset && slices.Equal(d.Exempt, c.Domain.Exempt)
		})
		if idx < 0 {
			idx = len(s.domains)
			s.domains = append(s.domains, c.Domain)
		}
		s.consDom = append(s.consDom, idx)
	}
	for i, col := range l.Periodic {
		coefs, err := interpolateSmall(col)
		if err != nil {
			return nil, fmt.Errorf("periodic column %d: %w", i, err)
		}
		s.periodic = append(s.periodic, coefs)
	}
	return s, nil
}

// interpolateSmall interpolates values over <ω_k> (natural order) without a
// precomputed table.
func interpolateSmall(vals []fp.Element) ([]fp.Element, error) {
	log, err := fft.Log2(len(vals))
	if err != nil {
		return nil, err
	}
	tw, err := fft.NewTwiddles(log)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(vals)
	if err := tw.Interpolate(out); err != nil {
		return nil, err
	}
	return out, nil
}

// friParams are the FRI parameters for the DEEP polynomial (degree < n).
func (s *setup) friParams() fri.Params {
	return fri.Params{BlowupLog: s.opts.BlowupLog, FoldingLog: s.opts.FoldingLog, LastLayerLog: s.opts.LastLayerLog}
}

// rowShift returns g^offset (offset may be negative).
func (s *setup) rowShift(offset int) fp.Element {
	o := offset % s.n
	if o < 0 {
		o += s.n
	}
	return fft.Pow(s.g, uint64(o))
}

// zerofier evaluates the vanishing polynomial of domain d at x.
func (s *setup) zerofier(d *Domain, x fp.Element) fp.Element {
	k := uint64(s.n / d.Period)
	num := fft.Pow(x, k)
	c := fft.Pow(s.g, uint64(d.Offset)*k)
	num.Sub(&num, &c)
	den := s.exemptProduct(d, x)
	den.Inverse(&den)
	num.Mul(&num, &den)
	return num
}

// exemptProduct is ∏ (x − g^r) over the domain's exempt rows.
func (s *setup) exemptProduct(d *Domain, x fp.Element) fp.Element {
	var p fp.Element
	p.SetOne()
	for _, r := range d.Exempt {
		gr := fft.Pow(s.g, uint64(r))
		var t fp.Element
		t.Sub(&x, &gr)
		p.Mul(&p, &t)
	}
	return p
}

// periodicAt evaluates every periodic column at x.
func (s *setup) periodicAt(x fp.Element) []fp.Element {
	out := make([]fp.Element, len(s.periodic))
	for i, coefs := range s.periodic {
		y := fft.Pow(x, uint64(s.n/len(coefs)))
		out[i] = fft.Eval(coefs, y)
	}
	return out
}

// compositionAt combines the OOD composition parts: Σ z^(i·n)·Hᵢ(z).
func (s *setup) compositionAt(z fp.Element, parts []fp.Element) fp.Element {
	zn := fft.Pow(z, uint64(s.n))
	var acc, pw fp.Element
	pw.SetOne()
	for i := range parts {
		var t fp.Element
		t.Mul(&parts[i], &pw)
		acc.Add(&acc, &t)
		pw.Mul(&pw, &zn)
	}
	return acc
}

// constraintsAt evaluates Σ αᵢ·Cᵢ(z)/Zᵢ(z) from the OOD mask values.
func (s *setup) constraintsAt(air AIR, z fp.Element, cells, challenges, alphas []fp.Element) fp.Element {
	f := &Frame{X: z, Cells: cells, Periodic: s.periodicAt(z), Challenges: challenges}
	nums := make([]fp.Element, len(s.layout.Constraints))
	air.Eval(f, nums)
	zinv := make([]fp.Element, len(s.domains))
	for i := range s.domains {
		zinv[i] = s.zerofier(&s.domains[i], z)
		zinv[i].Inverse(&zinv[i])
	}
	var acc fp.Element
	for i := range nums {
		var t fp.Element
		t.Mul(&nums[i], &alphas[i])
		t.Mul(&t, &zinv[s.consDom[i]])
		acc.Add(&acc, &t)
	}
	return acc
}

// drawOOD draws the out-of-domain point: z must be outside the trace domain
// and no z·g^o may fall on the LDE coset.
func (s *setup) drawOOD(next func() fp.Element) fp.Element {
	N := uint64(1) << s.ldeLog
	shiftN := fft.Pow(s.shift, N)
	for {
		z := next()
		zn := fft.Pow(z, uint64(s.n))
		if zn.IsOne() {
			continue
		}
		ok := true
		for _, o := range s.offsets {
			p := s.rowShift(o)
			p.Mul(&p, &z)
			pN := fft.Pow(p, N)
			if pN.Equal(&shiftN) {
				ok = false
			}
		}
		if ok {
			return z
		}
	}
}
