package air

import (
	"errors"
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// starknetAsm uses output, range_check, bitwise and poseidon once each:
// range-checks a 121-bit value, computes 12 & 10, 12 ^ 10, 12 | 10 and the
// permutation of (1, 2, 3), and outputs the three bitwise results and the
// permutation's first lane.
const starknetAsm = `
%builtins output range_check bitwise poseidon

const N = 0

__start__:
    ap += 4
    call main
__end__:
    jmp rel 0

// main(output, range_check, bitwise, poseidon) -> the four stop pointers
%func main
    [ap + 0] = 0x123456789abcdef0123456789abcdef, ap++
    [fp + 0] = [[fp + -5]]
    [ap + 0] = 12, ap++
    [fp + 1] = [[fp + -4]]
    [ap + 0] = 10, ap++
    [fp + 2] = [[fp + -4] + 1]
    [ap + 0] = [[fp + -4] + 2], ap++
    [ap + 0] = [[fp + -4] + 3], ap++
    [ap + 0] = [[fp + -4] + 4], ap++
    [ap + 0] = 1, ap++
    [fp + 6] = [[fp + -3]]
    [ap + 0] = 2, ap++
    [fp + 7] = [[fp + -3] + 1]
    [ap + 0] = 3, ap++
    [fp + 8] = [[fp + -3] + 2]
    [ap + 0] = [[fp + -3] + 3], ap++
    [ap + 0] = [[fp + -3] + 4], ap++
    [ap + 0] = [[fp + -3] + 5], ap++
    [fp + 3] = [[fp + -6]]
    [fp + 4] = [[fp + -6] + 1]
    [fp + 5] = [[fp + -6] + 2]
    [fp + 9] = [[fp + -6] + 3]
    [ap + 0] = [fp + -6] + 4, ap++
    [ap + 0] = [fp + -5] + 1, ap++
    [ap + 0] = [fp + -4] + 5, ap++
    [ap + 0] = [fp + -3] + 6, ap++
    ret
`

// TestStarknetVMProgram runs the program in Cairn's VM on cairo-lang's
// starknet layout: the VM pads proof mode to 2^17 steps (its diluted pool
// needs 2^16 units at 2 per step beside the bitwise allocation), too many
// rows to prove in a unit test, so it checks the outputs and that the AIR
// accepts the public input (segments, builtin stacks, capacities at the
// VM's length); TestStarknetHandTrace proves a small starknet trace.
func TestStarknetVMProgram(t *testing.T) {
	ex := runAsm(t, starknetAsm, "starknet", 0)
	st := [3]felt.Felt{felt.FromUint64(1), felt.FromUint64(2), felt.FromUint64(3)}
	crypto.PoseidonPermute(&st)
	out, ok := ex.Public.SegmentValues(SegOutput)
	want := []felt.Felt{felt.FromUint64(12 & 10), felt.FromUint64(12 ^ 10), felt.FromUint64(12 | 10), st[0]}
	if !ok || len(out) != len(want) {
		t.Fatalf("outputs %v (%v)", out, ok)
	}
	for i := range want {
		if out[i] != want[i] {
			t.Fatalf("output %d: %s, want %s", i, out[i], want[i])
		}
	}
	n := int(ex.Public.NSteps)
	t.Logf("starknet: %d steps", n)
	a, err := New(ex.Public, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.bi.comps) != 3 {
		t.Fatalf("%d builtin components, want range_check, bitwise, poseidon (the unused builtins' segments are empty)", len(a.bi.comps))
	}
	if _, err := NewStarkAIR(a); err != nil {
		t.Fatal(err)
	}
}

// starknetTrace is a hand-made starknet trace: the fibonacci test program
// taking range_check, bitwise, ec_op (unused) and poseidon pointers, with
// two range_check values, the bitwise pairs and two poseidon instances in
// memory. The ec_op segment is empty, so it has no component, and the two
// poseidon instances (128 rows each) make it 256 rows.
func starknetTrace(t testing.TB) *Trace {
	t.Helper()
	rcVals, pairs, inputs := nearBias(2), bitwisePairs()[:2], poseidonInputs()
	p := fibProgram(5).withBuiltins("starknet",
		testSegment{name: SegRangeCheck, cells: uint64(len(rcVals)), room: 64},
		testSegment{name: SegBitwise, cells: bitwiseCells * uint64(len(pairs)), room: 80},
		testSegment{name: SegECOp, room: ecopCells},
		testSegment{name: SegPoseidon, cells: poseidonCells * uint64(len(inputs)), room: 48})
	regs, mem, pub := p.run(t, 64)
	for k, v := range rcVals {
		mem.Set(pub.MemorySegments[SegRangeCheck].BeginAddr+uint64(k), v)
		for _, part := range valueParts(&v) {
			pub.RCMin, pub.RCMax = min(pub.RCMin, part), max(pub.RCMax, part)
		}
	}
	for k, pr := range pairs {
		a := pub.MemorySegments[SegBitwise].BeginAddr + uint64(bitwiseCells*k)
		mem.Set(a, pr[0])
		mem.Set(a+1, pr[1])
	}
	for k, in := range inputs {
		a := pub.MemorySegments[SegPoseidon].BeginAddr + uint64(poseidonCells*k)
		for j := range poseidonWidth {
			mem.Set(a+uint64(j), in[j])
		}
	}
	tr, err := BuildTrace(regs, mem, pub)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestStarknetHandTrace: every constraint holds on the starknet trace;
// changing any range_check column (ratio 16: parts on rows 0–7, rows 8–15
// outside the value) at rows across both halves of the first instances
// breaks one; the trace proves and verifies.
func TestStarknetHandTrace(t *testing.T) {
	tr := starknetTrace(t)
	if tr.N != 256 {
		t.Fatalf("trace of %d rows, want 256 (two poseidon instances of 128 rows)", tr.N)
	}
	a := checkedAIR(t, tr)
	ch := testChallenges()
	rc := a.bi.comps[0].(*rcBuiltin)
	if rc.rows != 16 {
		t.Fatalf("range_check rows per instance %d, want 16", rc.rows)
	}
	// The first instance's accumulator at its first row is the value, and
	// zero on the rows outside it.
	want := nearBias(1)[0]
	if got := tr.Cols[rc.colAcc][0]; !got.Equal(&want) {
		t.Fatalf("acc at row 0 = %s, want %s", got.String(), want.String())
	}
	for _, c := range []int{rc.colAddr, rc.colVal, rc.colPart, rc.colAcc} {
		for _, i := range []int{0, 5, 7, 8, 9, 15, 16, 24} {
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
	// The bitwise results are the integer ones.
	b := a.bi.comps[1].(*bitwiseBuiltin)
	for k, p := range bitwisePairs()[:2] {
		x, y := p[0].BigInt(new(big.Int)), p[1].BigInt(new(big.Int))
		for j, w := range []*big.Int{new(big.Int).And(x, y), new(big.Int).Xor(x, y), new(big.Int).Or(x, y)} {
			if got := tr.Cols[b.colVal][k*b.rows+2+j]; got.BigInt(new(big.Int)).Cmp(w) != 0 {
				t.Errorf("bitwise instance %d cell %d: %s, want %x", k, 2+j, got.String(), w)
			}
		}
	}
	proveAndVerify(t, tr)
}

// TestStarknetRangeCheckLiesRejected: a dishonest prover changing a part
// outside the value (row 9 of the first instance), or the accumulator on
// such a row, or a part of the value, is rejected by the verifier.
func TestStarknetRangeCheckLiesRejected(t *testing.T) {
	base := starknetTrace(t)
	a, err := base.AIR()
	if err != nil {
		t.Fatal(err)
	}
	rc := a.bi.comps[0].(*rcBuiltin)
	for _, tc := range []struct {
		name     string
		col, row int
	}{
		{"idle-part", rc.colPart, 9},
		{"idle-acc", rc.colAcc, 8},
		{"value-part", rc.colPart, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := starknetTrace(t)
			tr.Cols[tc.col][tc.row].Add(&tr.Cols[tc.col][tc.row], &feOne)
			expectDishonestRejected(t, tr)
		})
	}
}
