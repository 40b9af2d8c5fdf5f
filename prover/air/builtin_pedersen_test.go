package air

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// pedersenAsm chains N rounds of h' = pedersen(h, n), n counting down from
// N, through the pedersen builtin and writes the final h to the output
// builtin.
const pedersenAsm = `
%builtins output pedersen

const N = 3
const SEED = 'cairn'

__start__:
    ap += 2
    call main
__end__:
    jmp rel 0

// main(output, pedersen) -> (output + 1, pedersen')
%func main
    [ap + 0] = [fp + -3], ap++
    [ap + 0] = SEED, ap++
    [ap + 0] = N, ap++
    call round
    // returned: pedersen', h, 0
    [ap + -2] = [[fp + -4]]
    [ap + 0] = [fp + -4] + 1, ap++
    [ap + 0] = [ap + -4], ap++
    ret

// round(ped, h, n) -> (ped', h', 0)
%func round
    jmp body if [fp + -3] != 0
    [ap + 0] = [fp + -5], ap++
    [ap + 0] = [fp + -4], ap++
    [ap + 0] = [fp + -3], ap++
    ret
body:
    [fp + -4] = [[fp + -5]]                 // a = h
    [fp + -3] = [[fp + -5] + 1]             // b = n
    [ap + 0] = [[fp + -5] + 2], ap++        // [fp + 0] = pedersen(h, n)
    [ap + 0] = [fp + -5] + 3, ap++
    [ap + 0] = [fp + 0], ap++
    [ap + 0] = [fp + -3] + -1, ap++
    call round
    ret
`

// feltBig returns the field element of an integer (reduced modulo p).
func feltBig(v *big.Int) fp.Element {
	var e fp.Element
	e.SetBigInt(v)
	return e
}

// pow2 returns 2^k as a big integer.
func pow2(k uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), k) }

// pedersenInputs are the hand trace's instances: p − 1 (bits 251, 196, 192:
// the comparison with p − 1 stays tight to the end), 2^251 − 1 (every low
// and high bit below 251), a short string and small values.
func pedersenInputs() [][2]fp.Element {
	pm1 := new(big.Int).Sub(fp.Modulus(), big.NewInt(1))
	ones := new(big.Int).Sub(pow2(251), big.NewInt(1))
	short := felt.FromBytes([]byte("cairn"))
	return [][2]fp.Element{
		{feltBig(pm1), feltBig(ones)},
		{feltBig(ones), imm(-2)},
		{*short.Element(), elem(1)},
	}
}

// pedersenProgram is the fibonacci test program on layout small taking the
// pointers of a pedersen segment of k instances (room for slots instances)
// and of an unused range_check segment (room for its capacity at
// 512·slots rows).
func pedersenProgram(k, slots uint64) testProgram {
	return fibProgram(5).withBuiltins("small",
		testSegment{name: SegPedersen, cells: pedersenCells * k, room: pedersenCells * slots},
		testSegment{name: SegRangeCheck, room: slots * pedersenRows / 8})
}

// pedersenTrace is a small hand-made small-layout trace of at least minSteps
// rows: pedersenProgram with the given instances' inputs (and hashes, where
// withOut is set) in memory, padded to the capacity (unused instances hash
// (0, 0)).
func pedersenTrace(t testing.TB, inputs [][2]fp.Element, withOut bool, minSteps int) *Trace {
	t.Helper()
	slots := max(nextPow2(len(inputs)), nextPow2(minSteps)/pedersenRows)
	regs, mem, pub := pedersenProgram(uint64(len(inputs)), uint64(slots)).run(t, minSteps)
	base := pub.MemorySegments[SegPedersen].BeginAddr
	for k, in := range inputs {
		a := base + uint64(pedersenCells*k)
		mem.Set(a, in[0])
		mem.Set(a+1, in[1])
		if withOut {
			x, y := felt.FromElement(in[0]), felt.FromElement(in[1])
			h := crypto.Pedersen(&x, &y)
			mem.Set(a+2, *h.Element())
		}
	}
	tr, err := BuildTrace(regs, mem, pub)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func pedersenComponent(t testing.TB, a *AIR) *pedersenBuiltin {
	t.Helper()
	for _, c := range a.bi.comps {
		if p, ok := c.(*pedersenBuiltin); ok {
			return p
		}
	}
	t.Fatal("layout has no pedersen component")
	return nil
}

// TestPedersenLadderMatchesCrypto: the AIR's ladder (one conditional
// addition per bit, from the shift point) gives crypto.Pedersen's hash, and
// its suffix column starts at the inputs.
func TestPedersenLadderMatchesCrypto(t *testing.T) {
	table, err := pedersenTable()
	if err != nil {
		t.Fatal(err)
	}
	pm1 := new(big.Int).Sub(fp.Modulus(), big.NewInt(1))
	vals := []fp.Element{{}, elem(1), feltBig(pm1), feltBig(pow2(251)), feltBig(pow2(248)),
		feltBig(new(big.Int).Sub(pow2(248), big.NewInt(1)))}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 4 {
		var b [32]byte
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		var e fp.Element
		e.SetBytes(b[:]) // reduced modulo p
		vals = append(vals, e)
	}
	for i := range vals {
		a, b := vals[i], vals[(i+3)%len(vals)]
		w, err := table.walk([2][4]uint64{a.Bits(), b.Bits()})
		if err != nil {
			t.Fatal(err)
		}
		fa, fb := felt.FromElement(a), felt.FromElement(b)
		want := crypto.Pedersen(&fa, &fb)
		if got := w.sum[pedersenRows-1].X; !got.Equal(want.Element()) {
			t.Fatalf("ladder(%s, %s) = %s, crypto.Pedersen = %s", a.String(), b.String(), got.String(), want.Hex())
		}
		if !w.s[0].Equal(&a) || !w.s[pedersenHalf].Equal(&b) {
			t.Fatalf("suffix columns start at %s, %s, want %s, %s", w.s[0].String(), w.s[pedersenHalf].String(), a.String(), b.String())
		}
	}
}

func TestPedersenHandTrace(t *testing.T) {
	for _, withOut := range []bool{true, false} {
		tr := pedersenTrace(t, pedersenInputs(), withOut, 64)
		a := checkedAIR(t, tr)
		b := pedersenComponent(t, a)
		if tr.N != 4*pedersenRows {
			t.Fatalf("trace of %d rows for 3 instances of %d rows", tr.N, pedersenRows)
		}
		// Row 511 of each instance reads crypto's hash; the unused fourth
		// instance hashes (0, 0).
		ins := append(pedersenInputs(), [2]fp.Element{})
		for k, in := range ins {
			x, y := felt.FromElement(in[0]), felt.FromElement(in[1])
			want := crypto.Pedersen(&x, &y)
			i := k*pedersenRows + pedersenRows - 1
			if got := tr.Cols[b.colVal][i]; !got.Equal(want.Element()) {
				t.Fatalf("instance %d hash cell: %s, want %s", k, got.String(), want.Hex())
			}
			if got := tr.Cols[b.colAddr][i]; !got.Equal(new(fp.Element).SetUint64(b.seg.BeginAddr + uint64(pedersenCells*k+2))) {
				t.Fatalf("instance %d hash address %s", k, got.String())
			}
		}
	}
}

// TestPedersenTamper changes each pedersen column (and its sorted memory
// pair) at rows of every kind — first rows, bits where p − 1 has a one, the
// zero bits 252..255, the half boundary, the last row — in a real instance
// (input p − 1) and in the unused one, up to the trace's last row: every
// change breaks a constraint.
func TestPedersenTamper(t *testing.T) {
	tr := pedersenTrace(t, pedersenInputs()[:1], false, 2*pedersenRows)
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := pedersenComponent(t, a)
	if got := b.capacity(tr.N); got != 2 {
		t.Fatalf("capacity %d, want one real and one unused instance", got)
	}
	ch := testChallenges()
	rows := []int{0, 192, 251, 252, 255, 256, 400, 510, 511, pedersenRows, pedersenRows + 255, tr.N - 2, tr.N - 1}
	for c := b.colS; c <= b.colVal+2; c++ {
		for _, i := range rows {
			old := tr.Cols[c][i]
			tr.Cols[c][i].Add(&old, &feOne)
			inter, err := tr.BuildInteraction(ch)
			if err != nil {
				t.Fatal(err)
			}
			var ce *ConstraintError
			if err := a.Check(tr.Cols, inter, ch); !errors.As(err, &ce) {
				t.Errorf("column %d row %d: changed cell accepted (err %v)", c, i, err)
			}
			tr.Cols[c][i] = old
		}
	}
}

func TestPedersenProveVerify(t *testing.T) {
	tr := pedersenTrace(t, pedersenInputs(), true, 64)
	proveAndVerify(t, tr)
}

func TestPedersenDishonestProofsRejected(t *testing.T) {
	base := pedersenTrace(t, pedersenInputs(), false, 64)
	a, err := base.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := pedersenComponent(t, a)
	for _, tc := range []struct {
		name     string
		col, row int
	}{
		{"hash-cell", b.colVal, pedersenRows - 1},
		{"input-bit", b.colBit, pedersenRows + 37},
		{"partial-sum", b.colX, 100},
		{"unused-instance-sum", b.colY, 3*pedersenRows + 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := pedersenTrace(t, pedersenInputs(), false, 64)
			tr.Cols[tc.col][tc.row].Add(&tr.Cols[tc.col][tc.row], &feOne)
			expectDishonestRejected(t, tr)
		})
	}
}

// TestPedersenConsistentLiesRejected: two lies that keep every constraint
// but one, the verifier rejects both proofs.
//   - hash: instance 0 claims x + 1 on its last row (memory value, x-diff
//     inverse and sorted memory agree), breaking only the copy of x from
//     row 510;
//   - non-canonical input: instance 0 walks the bits of a + p (a = 5, so
//     a + p < 2^252 and s = a in the field) and claims that ladder's x as
//     the hash, breaking only the comparison with p − 1.
func TestPedersenConsistentLiesRejected(t *testing.T) {
	inputs := [][2]fp.Element{{elem(5), elem(7)}}
	t.Run("hash", func(t *testing.T) {
		tr := pedersenTrace(t, inputs, false, 64)
		a, err := tr.AIR()
		if err != nil {
			t.Fatal(err)
		}
		b := pedersenComponent(t, a)
		table, err := pedersenTable()
		if err != nil {
			t.Fatal(err)
		}
		i := pedersenRows - 1
		x := &tr.Cols[b.colX][i]
		x.Add(x, &feOne)
		tr.Cols[b.colVal][i] = *x
		inv := tr.Cols[b.colInv][i]
		inv.Sub(x, &table.points[i].X).Inverse(&inv)
		tr.Cols[b.colInv][i] = inv
		if err := tr.fillSorted(); err != nil {
			t.Fatal(err)
		}
		expectViolations(t, tr, 1)
		expectDishonestRejected(t, tr)
	})
	t.Run("non-canonical-input", func(t *testing.T) {
		tr := pedersenTrace(t, inputs, false, 64)
		a, err := tr.AIR()
		if err != nil {
			t.Fatal(err)
		}
		b := pedersenComponent(t, a)
		alias := new(big.Int).Add(fp.Modulus(), big.NewInt(5))
		var words [4]uint64
		for i, w := range alias.Bits() {
			words[i] = uint64(w)
		}
		seven := elem(7)
		w, err := b.table.walk([2][4]uint64{words, seven.Bits()})
		if err != nil {
			t.Fatal(err)
		}
		c := pedersenInstance{elem(5), elem(7), w.sum[pedersenRows-1].X}
		honest := tr.Cols[b.colVal][pedersenRows-1]
		if c[2].Equal(&honest) {
			t.Fatal("the alias walk gives the honest hash")
		}
		b.writeRows(tr, 0, w, &c)
		if err := tr.fillSorted(); err != nil {
			t.Fatal(err)
		}
		expectViolations(t, tr, 1)
		expectDishonestRejected(t, tr)
	})
}

func TestPedersenRejectsBadInputs(t *testing.T) {
	// A wrong hash cell in memory is caught before proving.
	regs, mem, pub := pedersenProgram(1, 1).run(t, 64)
	base := pub.MemorySegments[SegPedersen].BeginAddr
	mem.Set(base, elem(1))
	mem.Set(base+1, elem(2))
	mem.Set(base+2, elem(3)) // pedersen(1, 2) is not 3
	if _, err := BuildTrace(regs, mem, pub); !errors.Is(err, ErrBadTrace) || !strings.Contains(err.Error(), "pedersen cell") {
		t.Fatalf("wrong pedersen hash accepted: %v", err)
	}
	// More instances than 512-row slots: the AIR refuses the trace length.
	_, _, pub = pedersenProgram(2, 2).run(t, 64)
	if _, err := New(pub, pedersenRows); !errors.Is(err, ErrBadPublicInput) {
		t.Fatalf("2 pedersen instances in %d rows accepted: %v", pedersenRows, err)
	}
	// A layout ratio above the component's 512 rows is not supported.
	cols := cpuColumns()
	if _, err := newPedersenBuiltin(2*pedersenRows, Segment{}, &cols); !errors.Is(err, ErrUnsupportedLayout) {
		t.Fatalf("ratio %d accepted: %v", 2*pedersenRows, err)
	}
}

// TestPedersenEmptySegment: a program that hashes nothing gets no pedersen
// columns, and a prover cannot drop the component by claiming an empty
// segment for a program that hashed: its final stack (public) says
// otherwise.
func TestPedersenEmptySegment(t *testing.T) {
	tr := mustTrace(t, rcProgram(nearBias(2)), 64)
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range a.bi.comps {
		if _, ok := c.(*pedersenBuiltin); ok {
			t.Fatal("empty pedersen segment got a component")
		}
	}
	_, _, pub := pedersenProgram(1, 1).run(t, 64)
	s := pub.MemorySegments[SegPedersen]
	pub.MemorySegments[SegPedersen] = Segment{BeginAddr: s.BeginAddr, StopPtr: s.BeginAddr}
	if _, err := New(pub, pedersenRows); !errors.Is(err, ErrBadPublicInput) || !strings.Contains(err.Error(), "stack") {
		t.Fatalf("pedersen segment claimed empty against the final stack: %v", err)
	}
}

// TestPedersenVMProgram runs the pedersen program in Cairn's VM (layout
// small: 512 steps, 3 hashes, so 2048 rows), checks the output against
// execution/crypto and proves and verifies the run.
func TestPedersenVMProgram(t *testing.T) {
	const n = 3
	ex := runAsm(t, pedersenAsm, "small", n)
	seg := ex.Public.MemorySegments[SegPedersen]
	if got := seg.StopPtr - seg.BeginAddr; got != pedersenCells*n {
		t.Fatalf("pedersen segment holds %d cells, want %d", got, pedersenCells*n)
	}
	h := felt.FromBytes([]byte("cairn"))
	for k := int64(n); k > 0; k-- {
		nk := felt.FromInt64(k)
		h = crypto.Pedersen(&h, &nk)
	}
	out, ok := ex.Public.SegmentValues(SegOutput)
	if !ok || len(out) != 1 || !out[0].Equal(&h) {
		t.Fatalf("outputs %v (%v), want %s", out, ok, h.Hex())
	}
	proof, err := Prove(context.Background(), ex.Trace, ex.Memory, ex.Public, testProveConfig())
	if err != nil {
		t.Fatal(err)
	}
	st, err := VerifyWith(proof, ex.Public, testMinSecurity)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("small: %d steps, %d rows, proof %d bytes", ex.Public.NSteps, st.TraceLength, len(proof))
}
