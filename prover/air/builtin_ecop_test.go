package air

import (
	"context"
	"errors"
	"iter"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/cairo/asm"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// ecopInput is one ec_op instance's inputs.
type ecopInput struct {
	p, q [2]felt.Felt
	m    felt.Felt
}

// curvePoint returns S + k·G (S Pedersen's shift point), computed by
// execution/crypto's ec_op.
func curvePoint(t testing.TB, k uint64) [2]felt.Felt {
	t.Helper()
	kk := felt.FromUint64(k)
	p, err := crypto.ECOp(crypto.PedersenPoints()[0], crypto.StarkCurveGenerator(), &kk)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ecopTestInputs: m = p − 1 (every set bit of p − 1, the bound check's
// extreme), m = 2^251 + 2^196 + 12345 (two of them) and a 250-bit m with Q = G.
func ecopTestInputs(t testing.TB) []*ecopInput {
	pm1 := felt.FromInt64(-1)
	m2 := felt.FromBigInt(new(big.Int).SetBit(new(big.Int).SetBit(big.NewInt(12345), 251, 1), 196, 1))
	m3 := felt.MustHex("0x3a5f0c7e91d2b46811ffee00c0ffee1234567890abcdef0123456789abcdef")
	return []*ecopInput{
		{p: curvePoint(t, 7), q: curvePoint(t, 11), m: pm1},
		{p: curvePoint(t, 5), q: curvePoint(t, 1<<40), m: m2},
		{p: curvePoint(t, 3), q: crypto.StarkCurveGenerator(), m: m3},
	}
}

// ecopWant is crypto's ec_op of the input.
func ecopWant(t testing.TB, in *ecopInput) [2]felt.Felt {
	t.Helper()
	r, err := crypto.ECOp(in.p, in.q, &in.m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// ecopTrace is a hand-made all_cairo trace of n rows: the fibonacci test
// program (allCairoProgram) with an ec_op segment of the given instances in
// memory (nil: an instance whose cells are absent, so the dummy) and their
// results where withOut is set.
func ecopTrace(t testing.TB, n int, insts []*ecopInput, withOut bool) *Trace {
	t.Helper()
	regs, mem, pub := allCairoProgram(n, map[string]uint64{SegECOp: uint64(ecopCells * len(insts))}).run(t, 64)
	base := pub.MemorySegments[SegECOp].BeginAddr
	for k, in := range insts {
		if in == nil {
			continue
		}
		a := base + uint64(ecopCells*k)
		cells := []felt.Felt{in.p[0], in.p[1], in.q[0], in.q[1], in.m}
		if withOut {
			r := ecopWant(t, in)
			cells = append(cells, r[0], r[1])
		}
		for j, v := range cells {
			mem.Set(a+uint64(j), *v.Element())
		}
	}
	tr, err := BuildTrace(regs, mem, pub)
	if err != nil {
		t.Fatal(err)
	}
	if tr.N != n {
		t.Fatalf("trace of %d rows, want %d", tr.N, n)
	}
	return tr
}

func ecopComponent(t testing.TB, a *AIR) *ecopBuiltin {
	t.Helper()
	for _, c := range a.bi.comps {
		if e, ok := c.(*ecopBuiltin); ok {
			return e
		}
	}
	t.Fatal("layout has no ec_op component")
	return nil
}

// TestECOpLadderMatchesCrypto: the component's ladder (affine, ec.go)
// computes crypto.ECOp's result (Jacobian, cross-checked against
// @scure/starknet), including the dummy instance, and both refuse the same
// inputs.
func TestECOpLadderMatchesCrypto(t *testing.T) {
	ins := ecopTestInputs(t)
	shift := crypto.PedersenPoints()[0]
	g := crypto.StarkCurveGenerator()
	ins = append(ins,
		&ecopInput{p: shift, q: g},                                   // the dummy
		&ecopInput{p: curvePoint(t, 9), q: g, m: felt.FromUint64(1)}, // one addition
	)
	for i, in := range ins {
		l, err := runLadder([ecopInputs]fp.Element{*in.p[0].Element(), *in.p[1].Element(), *in.q[0].Element(), *in.q[1].Element(), *in.m.Element()})
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		want := ecopWant(t, in)
		if got := l.cells(); !got[5].Equal(want[0].Element()) || !got[6].Equal(want[1].Element()) {
			t.Fatalf("input %d: R = (%s, %s), crypto says (%s, %s)", i, got[5].String(), got[6].String(), want[0].Hex(), want[1].Hex())
		}
		if !l.s[0].Equal(in.m.Element()) || !l.s[ecopSteps].IsZero() {
			t.Fatalf("input %d: suffix s_0 = %s, s_256 = %s", i, l.s[0].String(), l.s[ecopSteps].String())
		}
	}
	d, err := ecopDummy()
	if err != nil {
		t.Fatalf("dummy instance: %v", err)
	}
	if c := d.cells(); !c[5].Equal(shift[0].Element()) {
		t.Fatalf("dummy instance R.x = %s, want the shift point's", c[5].String())
	}
	// Refused inputs: P off the curve, Q off the curve, P = Q (step 0 meets
	// equal x), P = −Q.
	p := curvePoint(t, 4)
	var negY felt.Felt
	negY.Neg(&p[1])
	bad := []*ecopInput{
		{p: [2]felt.Felt{p[0], felt.FromUint64(1)}, q: g, m: felt.FromUint64(3)},
		{p: p, q: [2]felt.Felt{g[0], felt.FromUint64(2)}, m: felt.FromUint64(3)},
		{p: p, q: p, m: felt.FromUint64(3)},
		{p: p, q: [2]felt.Felt{p[0], negY}, m: felt.FromUint64(3)},
	}
	for i, in := range bad {
		_, err := runLadder([ecopInputs]fp.Element{*in.p[0].Element(), *in.p[1].Element(), *in.q[0].Element(), *in.q[1].Element(), *in.m.Element()})
		_, cerr := crypto.ECOp(in.p, in.q, &in.m)
		if err == nil || cerr == nil {
			t.Fatalf("bad input %d accepted: ladder %v, crypto %v", i, err, cerr)
		}
	}
}

func TestECOpHandTrace(t *testing.T) {
	ins := ecopTestInputs(t)
	for _, withOut := range []bool{true, false} {
		tr := ecopTrace(t, 2048, ins[:2], withOut)
		a := checkedAIR(t, tr)
		b := ecopComponent(t, a)
		for k, in := range ins[:2] {
			want := ecopWant(t, in)
			for j := range 2 {
				got := tr.Cols[b.colVal][k*b.rows+ecopResultRow+j]
				if !got.Equal(want[j].Element()) {
					t.Fatalf("instance %d result %d: %s, want %s", k, j, got.String(), want[j].Hex())
				}
			}
		}
	}
}

// checkNear evaluates the constraints at rows i−1 and i (the only rows
// whose constraints read row i) and the assertions. For a valid trace
// changed in row i only, with the interaction rebuilt (its running products
// then hold everywhere, so only its final assertion can fail), it fails
// exactly when Check does, at a fraction of the cost.
func checkNear(a *AIR, main, inter [][]fp.Element, ch *Challenges, i int) error {
	if err := a.checkRows(main, inter, ch, nearRows(a.N, i)); err != nil {
		return err
	}
	return a.checkAssertions(main, inter, ch)
}

// nearRows is rows i−1 (cyclically) and i: the rows whose constraints read
// row i.
func nearRows(n, i int) iter.Seq[int] {
	return slices.Values([]int{(i + n - 1) % n, i})
}

// TestECOpTamper changes each ec_op column at rows of a real instance
// (m = p − 1) and of an unused one (the dummy): inputs, ladder steps around
// the set bits of p − 1, the last steps, the result rows, idle rows, the
// last rows. Every change breaks a constraint (checkNear; a few cases also
// through the full Check).
func TestECOpTamper(t *testing.T) {
	tr := ecopTrace(t, 2048, []*ecopInput{ecopTestInputs(t)[0], nil}, false)
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := ecopComponent(t, a)
	ch := testChallenges()
	honest, err := tr.BuildInteraction(ch)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkNear(a, tr.Cols, honest, ch, 5); err != nil {
		t.Fatalf("honest trace: %v", err)
	}
	rows := []int{0, 3, 4, 5, 196, 200, 254, 255, 256, 259, 260, 261, 700, 1023, 1024 + 2, 1024 + 130, 1024 + 261, 2047}
	for c := b.colAX; c <= b.colVal; c++ {
		for _, i := range rows {
			old := tr.Cols[c][i]
			tr.Cols[c][i].Add(&old, &feOne)
			inter := honest
			if c == b.colAddr || c == b.colVal {
				// Only the memory pair feeds the interaction.
				if inter, err = tr.BuildInteraction(ch); err != nil {
					t.Fatal(err)
				}
			}
			check := checkNear(a, tr.Cols, inter, ch, i)
			if i == 700 && c%4 == 0 {
				check = a.Check(tr.Cols, inter, ch)
			}
			var ce *ConstraintError
			if !errors.As(check, &ce) {
				t.Errorf("column %d row %d: changed cell accepted (err %v)", c-b.colAX, i, check)
			}
			tr.Cols[c][i] = old
		}
	}
}

func TestECOpProveVerify(t *testing.T) {
	ins := ecopTestInputs(t)
	tr := ecopTrace(t, 2048, []*ecopInput{ins[2], nil}, true)
	proveAndVerify(t, tr)
}

// TestECOpDishonestProofsRejected: single changed cells (a result cell, a
// bit, a partial sum, the bound-check flag) proven with the violated
// constraints switched off are rejected by the honest verifier.
func TestECOpDishonestProofsRejected(t *testing.T) {
	base := ecopTrace(t, 1024, []*ecopInput{ecopTestInputs(t)[0]}, false)
	a, err := base.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := ecopComponent(t, a)
	for _, tc := range []struct {
		name     string
		col, row int
	}{
		{"result-x", b.colVal, ecopResultRow},
		{"bit", b.colB, ecopLadderRow + 40},
		{"partial-sum", b.colAX, ecopLadderRow + 100},
		{"flag", b.colF, ecopLadderRow + 150},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := ecopTrace(t, 1024, []*ecopInput{ecopTestInputs(t)[0]}, false)
			tr.Cols[tc.col][tc.row].Add(&tr.Cols[tc.col][tc.row], &feOne)
			expectDishonestRejected(t, tr)
		})
	}
}

// TestECOpNonCanonicalScalarRejected: the prover walks the bits of m + p
// (< 2^252 for m = 5) instead of m: the suffix still starts at m in the
// field and the whole ladder is consistent, claiming R = P + (m + p)·Q ≠
// P + m·Q in memory. Only the bound check M ≤ p − 1 fails, and the
// verifier rejects the proof.
func TestECOpNonCanonicalScalarRejected(t *testing.T) {
	in := &ecopInput{p: curvePoint(t, 7), q: curvePoint(t, 11), m: felt.FromUint64(5)}
	tr := ecopTrace(t, 1024, []*ecopInput{in}, false)
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := ecopComponent(t, a)
	var mp big.Int
	mp.Add(in.m.BigInt(), fp.Modulus())
	var words [4]uint64
	for i, w := range mp.Bits() {
		words[i] = uint64(w)
	}
	cells := [ecopInputs]fp.Element{*in.p[0].Element(), *in.p[1].Element(), *in.q[0].Element(), *in.q[1].Element(), *in.m.Element()}
	l, err := ladderBits(cells, words)
	if err != nil {
		t.Fatal(err)
	}
	if want := ecopWant(t, in); l.a[ecopSteps].X.Equal(want[0].Element()) {
		t.Fatal("m + p gives the honest result")
	}
	b.write(tr, 0, l)
	if err := tr.fillSorted(); err != nil {
		t.Fatal(err)
	}
	expectViolations(t, tr, 1)
	expectDishonestRejected(t, tr)
}

// TestECOpOffCurveRejected: a consistent ladder from P off the curve (its y
// changed); only the curve equation fails and the verifier rejects the
// proof.
func TestECOpOffCurveRejected(t *testing.T) {
	in := ecopTestInputs(t)[2]
	tr := ecopTrace(t, 1024, []*ecopInput{in}, false)
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := ecopComponent(t, a)
	cells := [ecopInputs]fp.Element{*in.p[0].Element(), *in.p[1].Element(), *in.q[0].Element(), *in.q[1].Element(), *in.m.Element()}
	cells[1].Add(&cells[1], &feOne)
	l, err := ladderBits(cells, in.m.Words())
	if err != nil {
		t.Fatal(err)
	}
	b.write(tr, 0, l)
	if err := tr.fillSorted(); err != nil {
		t.Fatal(err)
	}
	expectViolations(t, tr, 1)
	expectDishonestRejected(t, tr)
}

// TestECOpBadInputsRejected: inputs the builtin cannot compute and results
// that disagree fail BuildTrace with ErrBadTrace, before any proving.
func TestECOpBadInputsRejected(t *testing.T) {
	good := ecopTestInputs(t)[2]
	p := curvePoint(t, 4)
	for _, tc := range []struct {
		name string
		set  func(mem *Memory, base uint64)
		want string
	}{
		{"wrong-result", func(mem *Memory, base uint64) { mem.Set(base+6, elem(7)) }, "ec_op cell"},
		{"partial-inputs", func(mem *Memory, base uint64) { mem.Known[base+4] = false }, "input cells"},
		{"off-curve", func(mem *Memory, base uint64) { mem.Set(base+1, elem(1)) }, "not on the curve"},
		{"same-x", func(mem *Memory, base uint64) {
			for j, v := range []felt.Felt{p[0], p[1], p[0], p[1]} {
				mem.Set(base+uint64(j), *v.Element())
			}
		}, "share an x coordinate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			regs, mem, pub := allCairoProgram(1024, map[string]uint64{SegECOp: ecopCells}).run(t, 64)
			base := pub.MemorySegments[SegECOp].BeginAddr
			for j, v := range []felt.Felt{good.p[0], good.p[1], good.q[0], good.q[1], good.m} {
				mem.Set(base+uint64(j), *v.Element())
			}
			tc.set(mem, base)
			_, err := BuildTrace(regs, mem, pub)
			if !errors.Is(err, ErrBadTrace) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrBadTrace mentioning %q", err, tc.want)
			}
		})
	}
}

// ecopAsm chains N ec_op instances R' = R + (M + n)·Q, n counting down from
// N, starting at R = (PX, PY), and writes the final R to the output builtin.
// The test sets the points' constants from execution/crypto.
const ecopAsm = `
%builtins output ec_op

const N = 3
const PX = 0
const PY = 0
const QX = 0
const QY = 0
const M = 0x3a5f0c7e91d2b46811ffee00c0ffee1234567890abcdef0123456789abcdef

__start__:
    ap += 2
    call main
__end__:
    jmp rel 0

// main(output, ec_op) -> (output + 2, ec_op')
%func main
    [ap + 0] = [fp + -3], ap++
    [ap + 0] = PX, ap++
    [ap + 0] = PY, ap++
    [ap + 0] = N, ap++
    call round
    // returned: ec_op', x, y, 0
    [ap + -3] = [[fp + -4]]
    [ap + -2] = [[fp + -4] + 1]
    [ap + 0] = [fp + -4] + 2, ap++
    [ap + 0] = [ap + -5], ap++
    ret

// round(ec, x, y, n) -> (ec', x', y', 0)
%func round
    jmp body if [fp + -3] != 0
    [ap + 0] = [fp + -6], ap++
    [ap + 0] = [fp + -5], ap++
    [ap + 0] = [fp + -4], ap++
    [ap + 0] = [fp + -3], ap++
    ret
body:
    [fp + -5] = [[fp + -6]]                 // P.x
    [fp + -4] = [[fp + -6] + 1]             // P.y
    [ap + 0] = QX, ap++                     // [fp + 0]
    [fp + 0] = [[fp + -6] + 2]              // Q.x
    [ap + 0] = QY, ap++                     // [fp + 1]
    [fp + 1] = [[fp + -6] + 3]              // Q.y
    [ap + 0] = [fp + -3] + M, ap++          // [fp + 2] = M + n
    [fp + 2] = [[fp + -6] + 4]              // m
    [ap + 0] = [fp + -6] + 7, ap++
    [ap + 0] = [[fp + -6] + 5], ap++        // R.x
    [ap + 0] = [[fp + -6] + 6], ap++        // R.y
    [ap + 0] = [fp + -3] + -1, ap++
    call round
    ret
`

// runECOpAsm runs ecopAsm in proof mode (layout all_cairo) with P = S (the
// Pedersen shift point) and Q = G.
func runECOpAsm(t testing.TB, n int64) *Execution {
	t.Helper()
	s, g := crypto.PedersenPoints()[0], crypto.StarkCurveGenerator()
	u, err := asm.Assemble([]byte(ecopAsm), "ecop.cairo-asm", asm.WithConst("N", big.NewInt(n)),
		asm.WithConst("PX", s[0].BigInt()), asm.WithConst("PY", s[1].BigInt()),
		asm.WithConst("QX", g[0].BigInt()), asm.WithConst("QY", g[1].BigInt()))
	if err != nil {
		t.Fatal(err)
	}
	pj, err := u.ProgramJSON()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := RunProofMode(context.Background(), pj, "all_cairo", 0)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// TestECOpVMProgram runs the ec_op program in Cairn's VM (layout all_cairo
// pads proof mode to 32768 steps: 32 ec_op instances of 1024 rows), checks
// the output against execution/crypto, that the statement binds the output
// and ec_op pointers (the VM publishes main's initial and final stacks) and
// every constraint on the trace. Proving this size is a benchmark
// (BenchmarkProveECOpVM).
func TestECOpVMProgram(t *testing.T) {
	const n = 3
	ex := runECOpAsm(t, n)
	seg := ex.Public.MemorySegments[SegECOp]
	if got := seg.StopPtr - seg.BeginAddr; got != ecopCells*n {
		t.Fatalf("ec_op segment holds %d cells, want %d", got, ecopCells*n)
	}
	r, g := crypto.PedersenPoints()[0], crypto.StarkCurveGenerator()
	base := felt.MustHex("0x3a5f0c7e91d2b46811ffee00c0ffee1234567890abcdef0123456789abcdef")
	for k := int64(n); k > 0; k-- {
		var m felt.Felt
		nk := felt.FromInt64(k)
		m.Add(&base, &nk)
		var err error
		if r, err = crypto.ECOp(r, g, &m); err != nil {
			t.Fatal(err)
		}
	}
	out, ok := ex.Public.SegmentValues(SegOutput)
	if !ok || len(out) != 2 || !out[0].Equal(&r[0]) || !out[1].Equal(&r[1]) {
		t.Fatalf("outputs %v (%v), want (%s, %s)", out, ok, r[0].Hex(), r[1].Hex())
	}
	if got, err := ex.Public.Builtins(); err != nil || !slices.Equal(got, []string{SegOutput, SegECOp}) {
		t.Fatalf("statement binds builtins %v (%v), want output and ec_op", got, err)
	}
	tr := checkHonest(t, ex)
	t.Logf("all_cairo: %d rows, %d columns", tr.N, tr.Width())
}
