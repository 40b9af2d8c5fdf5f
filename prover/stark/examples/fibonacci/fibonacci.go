// Package fibonacci is a minimal example AIR for the stark package: two
// columns (a, b) with a₀ = b₀ = 1, a_{r+1} = b_r, b_{r+1} = a_r + b_r, and the
// public claim b_{n−1} = result. It shows how to implement stark.AIR and is
// used by the stark tests and benchmarks.
package fibonacci

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark"
)

// Name is the AIR name in proof headers.
const Name = "example/fibonacci"

// ErrPublicInput reports a malformed public input encoding.
var ErrPublicInput = errors.New("fibonacci: bad public input")

// AIR proves that b_{n−1} of the Fibonacci-like sequence is Result.
type AIR struct {
	Rows   int
	Result fp.Element
}

var _ stark.AIR = (*AIR)(nil)

// New returns the AIR for n rows (a power of two ≥ 2) and claimed result.
func New(rows int, result fp.Element) *AIR { return &AIR{Rows: rows, Result: result} }

// Decode parses a public input produced by PublicInput: u64 rows (LE) then the
// 32-byte big-endian result.
func Decode(pub []byte) (*AIR, error) {
	if len(pub) != 8+fp.Bytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrPublicInput, len(pub))
	}
	rows := binary.LittleEndian.Uint64(pub)
	if rows < 2 || rows > 1<<30 || rows&(rows-1) != 0 {
		return nil, fmt.Errorf("%w: %d rows", ErrPublicInput, rows)
	}
	var r fp.Element
	if err := r.SetBytesCanonical(pub[8:]); err != nil {
		return nil, fmt.Errorf("%w: result: %w", ErrPublicInput, err)
	}
	return New(int(rows), r), nil
}

// Name implements stark.AIR.
func (a *AIR) Name() string { return Name }

// PublicInput implements stark.AIR.
func (a *AIR) PublicInput() []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(a.Rows))
	r := a.Result.Bytes()
	return append(b, r[:]...)
}

// Layout implements stark.AIR.
func (a *AIR) Layout() *stark.Layout {
	n := a.Rows
	transition := stark.Domain{Period: 1, Exempt: []int{n - 1}}
	first := stark.Domain{Period: n, Offset: 0}
	last := stark.Domain{Period: n, Offset: n - 1}
	return &stark.Layout{
		TraceLength: n,
		MainWidth:   2,
		Mask:        []stark.Cell{{Col: 0}, {Col: 1}, {Col: 0, Offset: 1}, {Col: 1, Offset: 1}},
		Constraints: []stark.Constraint{
			{Name: "a' = b", Degree: 1, Domain: transition},
			{Name: "b' = a + b", Degree: 1, Domain: transition},
			{Name: "a0 = 1", Degree: 1, Domain: first},
			{Name: "b0 = 1", Degree: 1, Domain: first},
			{Name: "b_last = result", Degree: 1, Domain: last},
		},
	}
}

// Eval implements stark.AIR.
func (a *AIR) Eval(f *stark.Frame, out []fp.Element) {
	c := f.Cells
	var one fp.Element
	one.SetOne()
	out[0].Sub(&c[2], &c[1])
	out[1].Sub(&c[3], &c[0])
	out[1].Sub(&out[1], &c[1])
	out[2].Sub(&c[0], &one)
	out[3].Sub(&c[1], &one)
	out[4].Sub(&c[1], &a.Result)
}

// Trace computes the trace of n rows and the resulting b_{n−1}.
func Trace(n int) (*stark.Trace, fp.Element) {
	t := stark.NewTrace(2, n)
	a, b := t.Columns[0], t.Columns[1]
	a[0].SetOne()
	b[0].SetOne()
	for r := 0; r+1 < n; r++ {
		a[r+1] = b[r]
		b[r+1].Add(&a[r], &b[r])
	}
	return t, b[n-1]
}
