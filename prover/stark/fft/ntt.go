package fft

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/parallel"
)

const (
	// seqLog is the size (log2) at or below which transforms run iteratively
	// on one goroutine; such blocks fit in the L2 cache.
	seqLog = 12
	// parMin is the smallest butterfly range handed to another goroutine.
	parMin = 1 << 11
)

// Twiddles holds the precomputed powers for transforms of every size up to
// 2^MaxLog: fwd[h+j] = ω_{2h}^j and inv[h+j] = ω_{2h}^{-j} for each half-size h
// (a power of two below 2^MaxLog) and j < h. One table serves all smaller sizes.
// A Twiddles is read-only after construction and safe for concurrent use.
type Twiddles struct {
	maxLog int
	fwd    []fp.Element
	inv    []fp.Element
	// fwdTile[h] and invTile[h] (h = 2, 4) repeat the stage-h twiddles
	// other than 1 (w[1..h)) to tileLen elements for the gathered
	// small-span stages.
	fwdTile, invTile [vecMin][]fp.Element
}

// NewTwiddles precomputes twiddles for transforms up to size 2^maxLog. The
// tables take 2·2^maxLog field elements.
func NewTwiddles(maxLog int) (*Twiddles, error) {
	if maxLog < 0 || maxLog > 40 {
		return nil, fmt.Errorf("twiddles for 2^%d: %w", maxLog, ErrSize)
	}
	n := 1 << maxLog
	t := &Twiddles{maxLog: maxLog, fwd: make([]fp.Element, max(n, 2)), inv: make([]fp.Element, max(n, 2))}
	if n < 2 {
		return t, nil
	}
	w, err := RootOfUnity(maxLog)
	if err != nil {
		return nil, err
	}
	var wInv fp.Element
	wInv.Inverse(&w)
	fill(t.fwd, w)
	fill(t.inv, wInv)
	for h := 2; h < vecMin && 2*h <= n; h *= 2 {
		t.fwdTile[h] = tile(t.fwd[h+1:2*h], tileLen)
		t.invTile[h] = tile(t.inv[h+1:2*h], tileLen)
	}
	return t, nil
}

// fill writes the stage tables for root w of order len(tw).
func fill(tw []fp.Element, w fp.Element) {
	n := len(tw)
	h := n / 2
	// Top stage: powers of w, computed in parallel chunks.
	parallel.Run(h, parMin, func(lo, hi int) {
		cur := Pow(w, uint64(lo))
		for j := lo; j < hi; j++ {
			tw[h+j] = cur
			cur.Mul(&cur, &w)
		}
	})
	// Lower stages: ω_{2h}^j = ω_{4h}^{2j}.
	for h /= 2; h >= 1; h /= 2 {
		for j := 0; j < h; j++ {
			tw[h+j] = tw[2*h+2*j]
		}
	}
}

// MaxLog is the largest transform size (log2) the table supports.
func (t *Twiddles) MaxLog() int { return t.maxLog }

func (t *Twiddles) check(n int) (int, error) {
	log, err := Log2(n)
	if err != nil {
		return 0, err
	}
	if log > t.maxLog {
		return 0, fmt.Errorf("transform of size 2^%d exceeds twiddle table 2^%d: %w", log, t.maxLog, ErrSize)
	}
	return log, nil
}

// Forward replaces the coefficients a (natural order) by the evaluations
// a(ω^i), ω = RootOfUnity(log2 len(a)), stored in bit-reversed order.
func (t *Twiddles) Forward(a []fp.Element) error {
	if _, err := t.check(len(a)); err != nil {
		return err
	}
	t.dif(a, parallel.Workers())
	return nil
}

// Inverse replaces the evaluations a(ω^i), stored in bit-reversed order, by
// the coefficients of a in natural order. It undoes Forward.
func (t *Twiddles) Inverse(a []fp.Element) error {
	log, err := t.check(len(a))
	if err != nil {
		return err
	}
	t.dit(a, parallel.Workers())
	var nInv fp.Element
	nInv.SetUint64(uint64(1) << log)
	nInv.Inverse(&nInv)
	scale(a, nInv)
	return nil
}

// dif is the recursive decimation-in-frequency transform (natural in,
// bit-reversed out); workers bounds the goroutines it may use.
func (t *Twiddles) dif(a []fp.Element, workers int) {
	n := len(a)
	if n <= 1<<seqLog {
		t.difSeq(a)
		return
	}
	h := n / 2
	stage := func(lo, hi int) { difStage(a[lo:hi], a[h+lo:h+hi], t.fwd[h+lo:h+hi], newScratch()) }
	if workers > 1 {
		runSplit(h, workers, stage)
		both(func() { t.dif(a[:h], workers/2) }, func() { t.dif(a[h:], workers-workers/2) })
		return
	}
	stage(0, h)
	t.dif(a[:h], 1)
	t.dif(a[h:], 1)
}

// dit is the recursive decimation-in-time inverse transform without the 1/n
// scaling (bit-reversed in, natural out).
func (t *Twiddles) dit(a []fp.Element, workers int) {
	n := len(a)
	if n <= 1<<seqLog {
		t.ditSeq(a)
		return
	}
	h := n / 2
	stage := func(lo, hi int) { ditStage(a[lo:hi], a[h+lo:h+hi], t.inv[h+lo:h+hi], newScratch()) }
	if workers > 1 {
		both(func() { t.dit(a[:h], workers/2) }, func() { t.dit(a[h:], workers-workers/2) })
		runSplit(h, workers, stage)
		return
	}
	t.dit(a[:h], 1)
	t.dit(a[h:], 1)
	stage(0, h)
}

// runSplit runs fn over [0, n) in at most workers chunks.
func runSplit(n, workers int, fn func(lo, hi int)) {
	if workers <= 1 || n < 2*parMin {
		fn(0, n)
		return
	}
	chunk := (n + workers - 1) / workers
	done := make(chan struct{}, workers)
	cnt := 0
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		cnt++
		go func() { fn(lo, hi); done <- struct{}{} }()
	}
	for range cnt {
		<-done
	}
}

// both runs f and g concurrently and waits for both.
func both(f, g func()) {
	done := make(chan struct{})
	go func() { g(); close(done) }()
	f()
	<-done
}

// scale multiplies every element of a by c.
func scale(a []fp.Element, c fp.Element) {
	parallel.Run(len(a), parMin, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			a[i].Mul(&a[i], &c)
		}
	})
}

// scalePowers multiplies a[i] by c·s^i.
func scalePowers(a []fp.Element, c, s fp.Element) {
	parallel.Run(len(a), parMin, func(lo, hi int) {
		cur := Pow(s, uint64(lo))
		cur.Mul(&cur, &c)
		for i := lo; i < hi; i++ {
			a[i].Mul(&a[i], &cur)
			cur.Mul(&cur, &s)
		}
	})
}
