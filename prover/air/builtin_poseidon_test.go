package air

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// poseidonAsm chains N rounds of h' = poseidon_hash(h, n) (the first lane
// of the permutation of [h, n, 2]) through the poseidon builtin, n counting
// down from N, and writes the final h to the output builtin. Every output
// cell is read (the VM checks the stop pointer against the used cells).
const poseidonAsm = `
%builtins output poseidon

const N = 3
const SEED = 'cairn'

__start__:
    ap += 2
    call main
__end__:
    jmp rel 0

// main(output, poseidon) -> (output + 1, poseidon')
%func main
    [ap + 0] = [fp + -3], ap++
    [ap + 0] = SEED, ap++
    [ap + 0] = N, ap++
    call round
    // returned: poseidon', h, 0
    [ap + -2] = [[fp + -4]]
    [ap + 0] = [fp + -4] + 1, ap++
    [ap + 0] = [ap + -4], ap++
    ret

// round(pos, h, n) -> (pos', h', 0)
%func round
    jmp body if [fp + -3] != 0
    [ap + 0] = [fp + -5], ap++
    [ap + 0] = [fp + -4], ap++
    [ap + 0] = [fp + -3], ap++
    ret
body:
    [fp + -4] = [[fp + -5]]                 // s0 = h
    [fp + -3] = [[fp + -5] + 1]             // s1 = n
    [ap + 0] = 2, ap++                      // [fp + 0] = 2
    [fp + 0] = [[fp + -5] + 2]              // s2 = 2
    [ap + 0] = [[fp + -5] + 3], ap++        // [fp + 1] = o0
    [ap + 0] = [[fp + -5] + 4], ap++        // [fp + 2] = o1
    [ap + 0] = [[fp + -5] + 5], ap++        // [fp + 3] = o2
    [ap + 0] = [fp + -5] + 6, ap++
    [ap + 0] = [fp + 1], ap++
    [ap + 0] = [fp + -3] + -1, ap++
    call round
    ret
`

func TestHadesMatchesCrypto(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	inputs := [][poseidonWidth]fp.Element{{}, {elem(1), elem(2), elem(3)}}
	for range 8 {
		var in [poseidonWidth]fp.Element
		for j := range in {
			var b [32]byte
			for q := range 4 {
				binary.LittleEndian.PutUint64(b[8*q:], rng.Uint64())
			}
			in[j].SetBytes(b[:]) // reduced modulo p
		}
		inputs = append(inputs, in)
	}
	for _, in := range inputs {
		got := permute(in).states[poseidonRounds]
		want := [3]felt.Felt{felt.FromElement(in[0]), felt.FromElement(in[1]), felt.FromElement(in[2])}
		crypto.PoseidonPermute(&want)
		for j := range got {
			if !got[j].Equal(want[j].Element()) {
				t.Fatalf("permute(%v) lane %d = %s, crypto says %s", in, j, got[j].String(), want[j].Hex())
			}
		}
	}
}

// poseidonTrace is a small hand-made all_cairo trace: the fibonacci test
// program with a poseidon segment of the given instances (inputs, and the
// outputs where withOut is set) in memory.
func poseidonTrace(t testing.TB, inputs [][poseidonWidth]fp.Element, withOut bool) *Trace {
	t.Helper()
	regs, mem, pub := poseidonProgram(uint64(len(inputs))).run(t, 64)
	base := pub.MemorySegments[SegPoseidon].BeginAddr
	for k, in := range inputs {
		a := base + uint64(poseidonCells*k)
		st := [3]felt.Felt{felt.FromElement(in[0]), felt.FromElement(in[1]), felt.FromElement(in[2])}
		crypto.PoseidonPermute(&st)
		for j := range poseidonWidth {
			mem.Set(a+uint64(j), in[j])
			if withOut {
				mem.Set(a+poseidonWidth+uint64(j), *st[j].Element())
			}
		}
	}
	tr, err := BuildTrace(regs, mem, pub)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// poseidonProgram is the fibonacci test program on layout all_cairo (a
// trace of 1024 rows, ec_op's rows per instance) with a poseidon segment of
// k instances and the other builtin segments unused.
func poseidonProgram(k uint64) testProgram {
	return allCairoProgram(1024, map[string]uint64{SegPoseidon: poseidonCells * k})
}

func poseidonInputs() [][poseidonWidth]fp.Element {
	return [][poseidonWidth]fp.Element{{elem(1), elem(2), elem(3)}, {imm(-1), elem(0), elem(1 << 40)}}
}

func poseidonComponent(t testing.TB, a *AIR) *poseidonBuiltin {
	t.Helper()
	for _, c := range a.bi.comps {
		if p, ok := c.(*poseidonBuiltin); ok {
			return p
		}
	}
	t.Fatal("layout has no poseidon component")
	return nil
}

func TestPoseidonHandTrace(t *testing.T) {
	for _, withOut := range []bool{true, false} {
		tr := poseidonTrace(t, poseidonInputs(), withOut)
		a := checkedAIR(t, tr)
		b := poseidonComponent(t, a)
		if tr.N != 2*b.rows {
			t.Fatalf("trace of %d rows for 2 instances of %d rows", tr.N, b.rows)
		}
		// The output rows hold crypto's permutation.
		for k, in := range poseidonInputs() {
			want := [3]felt.Felt{felt.FromElement(in[0]), felt.FromElement(in[1]), felt.FromElement(in[2])}
			crypto.PoseidonPermute(&want)
			for j := range poseidonWidth {
				got := tr.Cols[b.colMV+j][k*b.rows+poseidonOutputsRow]
				if !got.Equal(want[j].Element()) {
					t.Fatalf("instance %d output %d: %s, want %s", k, j, got.String(), want[j].Hex())
				}
			}
		}
	}
}

// TestPoseidonTamper changes each poseidon column at rows across both
// instances (first row, a full round, a partial round, the output row, an
// idle row, the last row): every change breaks a constraint.
func TestPoseidonTamper(t *testing.T) {
	tr := poseidonTrace(t, poseidonInputs(), false)
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := poseidonComponent(t, a)
	ch := testChallenges()
	for c := b.colS; c < b.colMV+poseidonWidth; c++ {
		for _, i := range []int{0, 2, 40, b.rows + poseidonOutputsRow - 1, b.rows + poseidonOutputsRow, b.rows + 150, 2*b.rows - 1} {
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

func TestPoseidonProveVerify(t *testing.T) {
	tr := poseidonTrace(t, poseidonInputs(), true)
	proveAndVerify(t, tr)
}

func TestPoseidonDishonestProofsRejected(t *testing.T) {
	base := poseidonTrace(t, poseidonInputs(), false)
	a, err := base.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := poseidonComponent(t, a)
	for _, tc := range []struct {
		name     string
		col, row int
	}{
		{"output-cell", b.colMV, poseidonOutputsRow},
		{"output-cell-2", b.colMV + 2, b.rows + poseidonOutputsRow},
		{"input-cell", b.colMV + 1, b.rows},
		{"state-partial-round", b.colS + 2, 50},
		{"sbox-square", b.colSq, 3},
		{"address", b.colMA + 1, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := poseidonTrace(t, poseidonInputs(), false)
			tr.Cols[tc.col][tc.row].Add(&tr.Cols[tc.col][tc.row], &feOne)
			expectDishonestRejected(t, tr)
		})
	}
}

// TestPoseidonConsistentLieRejected: instance 0 claims output lane 0 + 1 in
// its state (with matching S-box columns) and memory cells on every output
// row and the sorted memory agrees, so the only broken constraint is the
// round-90 transition; the verifier rejects the proof.
func TestPoseidonConsistentLieRejected(t *testing.T) {
	tr := poseidonTrace(t, poseidonInputs(), false)
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := poseidonComponent(t, a)
	for r := poseidonOutputsRow; r < b.rows; r++ {
		var v, sq, cu fp.Element
		v.Add(&tr.Cols[b.colS][r], &feOne)
		sq.Square(&v)
		cu.Mul(&sq, &v)
		tr.Cols[b.colS][r], tr.Cols[b.colSq][r], tr.Cols[b.colCu][r], tr.Cols[b.colMV][r] = v, sq, cu, v
	}
	if err := tr.fillSorted(); err != nil {
		t.Fatal(err)
	}
	expectViolations(t, tr, 1)
	expectDishonestRejected(t, tr)
}

func TestPoseidonRejectsWrongOutputInMemory(t *testing.T) {
	regs, mem, pub := poseidonProgram(1).run(t, 64)
	base := pub.MemorySegments[SegPoseidon].BeginAddr
	mem.Set(base+poseidonWidth, elem(7)) // permutation of (0, 0, 0) lane 0 is not 7
	if _, err := BuildTrace(regs, mem, pub); !errors.Is(err, ErrBadTrace) || !strings.Contains(err.Error(), "poseidon cell") {
		t.Fatalf("wrong poseidon output accepted: %v", err)
	}
}

// TestPoseidonVMProgram runs the poseidon program in Cairn's VM (layout
// all_cairo pads proof mode to 32768 steps), checks the output against
// execution/crypto and every constraint on the trace. Proving this size is
// a benchmark (BenchmarkProvePoseidonVM).
func TestPoseidonVMProgram(t *testing.T) {
	const n = 3
	ex := runAsm(t, poseidonAsm, "all_cairo", n)
	seg := ex.Public.MemorySegments[SegPoseidon]
	if got := seg.StopPtr - seg.BeginAddr; got != poseidonCells*n {
		t.Fatalf("poseidon segment holds %d cells, want %d", got, poseidonCells*n)
	}
	h := felt.FromBytes([]byte("cairn"))
	for k := int64(n); k > 0; k-- {
		nk := felt.FromInt64(k)
		h = crypto.Poseidon(&h, &nk)
	}
	out, ok := ex.Public.SegmentValues(SegOutput)
	if !ok || len(out) != 1 || !out[0].Equal(&h) {
		t.Fatalf("outputs %v (%v), want %s", out, ok, h.Hex())
	}
	tr := checkHonest(t, ex)
	t.Logf("all_cairo: %d rows, %d columns", tr.N, tr.Width())
}
