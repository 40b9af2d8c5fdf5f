package air

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/cairo/asm"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// bitwiseAsm runs N rounds of
//
//	y = x + C; a, o, r = x & y, x ^ y, x | y; x' = o + n
//
// through the bitwise builtin and writes the final x and the last a + r to
// the output builtin. Every bitwise cell is read.
const bitwiseAsm = `
%builtins output bitwise

const N = 6
const SEED = 0x3a5f0c7e91d2b46811ffee00c0ffee1234567890abcdef0123456789abcdef
const C = 0x51f3a9c0e7d2b4681100aa55cc33ff0f0f0f0f0f0f0f0f0f123456789abcde

__start__:
    ap += 2
    call main
__end__:
    jmp rel 0

// main(output, bitwise) -> (output + 2, bitwise')
%func main
    [ap + 0] = [fp + -3], ap++
    [ap + 0] = SEED, ap++
    [ap + 0] = 0, ap++
    [ap + 0] = N, ap++
    call round
    // returned: bitwise', x, a + r, 0
    [ap + -3] = [[fp + -4]]
    [ap + -2] = [[fp + -4] + 1]
    [ap + 0] = [fp + -4] + 2, ap++
    [ap + 0] = [ap + -5], ap++
    ret

// round(bw, x, s, n) -> (bw', x', s', 0)
%func round
    jmp body if [fp + -3] != 0
    [ap + 0] = [fp + -6], ap++
    [ap + 0] = [fp + -5], ap++
    [ap + 0] = [fp + -4], ap++
    [ap + 0] = [fp + -3], ap++
    ret
body:
    [fp + -5] = [[fp + -6]]                 // bitwise x
    [ap + 0] = [fp + -5] + C, ap++          // [fp + 0] = y
    [fp + 0] = [[fp + -6] + 1]              // bitwise y
    [ap + 0] = [[fp + -6] + 2], ap++        // [fp + 1] = x & y
    [ap + 0] = [[fp + -6] + 3], ap++        // [fp + 2] = x ^ y
    [ap + 0] = [[fp + -6] + 4], ap++        // [fp + 3] = x | y
    [ap + 0] = [fp + -6] + 5, ap++
    [ap + 0] = [fp + 2] + [fp + -3], ap++   // x' = xor + n
    [ap + 0] = [fp + 1] + [fp + 3], ap++    // s' = and + or
    [ap + 0] = [fp + -3] + -1, ap++
    call round
    ret
`

// bitwiseReference computes the program's outputs with math/big (the
// VM's x + C is modulo p).
func bitwiseReference(n int64) (x, s *big.Int) {
	x, _ = new(big.Int).SetString("3a5f0c7e91d2b46811ffee00c0ffee1234567890abcdef0123456789abcdef", 16)
	c, _ := new(big.Int).SetString("51f3a9c0e7d2b4681100aa55cc33ff0f0f0f0f0f0f0f0f0f123456789abcde", 16)
	s = new(big.Int)
	for k := n; k > 0; k-- {
		y := new(big.Int).Add(x, c)
		y.Mod(y, fp.Modulus())
		and := new(big.Int).And(x, y)
		or := new(big.Int).Or(x, y)
		x = new(big.Int).Xor(x, y)
		x.Add(x, big.NewInt(k))
		s = and.Add(and, or)
	}
	return x, s
}

// runAsm assembles src with N = n and runs it in proof mode with the layout.
func runAsm(t testing.TB, src, layout string, n int64) *Execution {
	t.Helper()
	u, err := asm.Assemble([]byte(src), "test.cairo-asm", asm.WithConst("N", big.NewInt(n)))
	if err != nil {
		t.Fatal(err)
	}
	pj, err := u.ProgramJSON()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := RunProofMode(context.Background(), pj, layout, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// checkHonest builds the trace and evaluates every constraint on it.
func checkHonest(t testing.TB, ex *Execution) *Trace {
	t.Helper()
	tr, err := BuildTrace(ex.Trace, ex.Memory, ex.Public)
	if err != nil {
		t.Fatal(err)
	}
	checkedAIR(t, tr)
	return tr
}

// TestBitwiseVMProgram runs the bitwise program in Cairn's VM (layout
// recursive, which pads proof mode to 16384 steps for its diluted pool),
// checks every constraint on its trace and the outputs against math/big.
// Proving this size takes ~20 s of CPU, so it is a benchmark
// (BenchmarkProveBitwiseVM); the hand-made traces below are proven.
func TestBitwiseVMProgram(t *testing.T) {
	const n = 6
	ex := runAsm(t, bitwiseAsm, "recursive", n)
	seg := ex.Public.MemorySegments[SegBitwise]
	if got := seg.StopPtr - seg.BeginAddr; got != bitwiseCells*n {
		t.Fatalf("bitwise segment holds %d cells, want %d", got, bitwiseCells*n)
	}
	out, ok := ex.Public.SegmentValues(SegOutput)
	wantX, wantS := bitwiseReference(n)
	if !ok || len(out) != 2 || out[0].BigInt().Cmp(wantX) != 0 || out[1].BigInt().Cmp(wantS) != 0 {
		t.Fatalf("outputs %v (%v), want %x %x", out, ok, wantX, wantS)
	}
	tr := checkHonest(t, ex)
	t.Logf("recursive: %d rows, %d columns", tr.N, tr.Width())
}

// bitwiseTrace is a small hand-made recursive-layout trace: the fibonacci
// test program taking (empty) range_check and bitwise pointers, with a
// bitwise segment whose instances the memory holds.
func bitwiseTrace(t testing.TB, pairs [][2]fp.Element, minSteps int) *Trace {
	t.Helper()
	regs, mem, pub := bitwiseProgram(uint64(len(pairs))).run(t, minSteps)
	base := pub.MemorySegments[SegBitwise].BeginAddr
	for k, p := range pairs {
		a := base + uint64(bitwiseCells*k)
		mem.Set(a, p[0])
		mem.Set(a+1, p[1])
	}
	tr, err := BuildTrace(regs, mem, pub)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// bitwiseProgram is the fibonacci test program on layout recursive with a
// range_check segment (16 cells' room, unused) and a bitwise segment of k
// instances.
func bitwiseProgram(k uint64) testProgram {
	return fibProgram(5).withBuiltins("recursive",
		testSegment{name: SegRangeCheck, room: 16},
		testSegment{name: SegBitwise, cells: bitwiseCells * k, room: max(bitwiseCells*k, 64)})
}

func bitwisePairs() [][2]fp.Element {
	var top fp.Element // 2^251 − 1
	top.SetBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), bitwiseBits), big.NewInt(1)))
	return [][2]fp.Element{
		{elem(0b1100), elem(0b1010)},
		{top, elem(0x5555)},
		{top, top},
		{elem(1 << 63), imm(0)},
	}
}

func TestBitwiseHandTrace(t *testing.T) {
	tr := bitwiseTrace(t, bitwisePairs(), 64)
	a := checkedAIR(t, tr)
	// The instance cells in the trace are the integer results.
	b := a.bi.comps[1].(*bitwiseBuiltin)
	for k, p := range bitwisePairs() {
		x, y := p[0].BigInt(new(big.Int)), p[1].BigInt(new(big.Int))
		want := []*big.Int{x, y, new(big.Int).And(x, y), new(big.Int).Xor(x, y), new(big.Int).Or(x, y)}
		for j, w := range want {
			got := tr.Cols[b.colVal][k*b.rows+j]
			if got.BigInt(new(big.Int)).Cmp(w) != 0 {
				t.Errorf("instance %d cell %d: %s, want %x", k, j, got.String(), w)
			}
		}
	}
	checkTamper(t, tr)
	proveAndVerify(t, tr)
}

func TestBitwiseRejectsWideInput(t *testing.T) {
	var big251 fp.Element
	big251.SetBigInt(new(big.Int).Lsh(big.NewInt(1), bitwiseBits))
	regs, mem, pub := bitwiseProgram(1).run(t, 64)
	base := pub.MemorySegments[SegBitwise].BeginAddr
	mem.Set(base, big251)
	if _, err := BuildTrace(regs, mem, pub); !errors.Is(err, ErrBadTrace) {
		t.Fatalf("x = 2^251 accepted: %v", err)
	}
	// A wrong output cell in memory is caught before proving.
	mem.Set(base, elem(6))
	mem.Set(base+1, elem(3))
	mem.Set(base+2, elem(3)) // 6 & 3 = 2
	if _, err := BuildTrace(regs, mem, pub); !errors.Is(err, ErrBadTrace) {
		t.Fatalf("wrong x&y accepted: %v", err)
	}
}

func TestBitwiseDishonestProofsRejected(t *testing.T) {
	base := bitwiseTrace(t, bitwisePairs(), 64)
	a, err := base.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := a.bi.comps[1].(*bitwiseBuiltin)
	for _, tc := range []struct {
		name     string
		col, row int
	}{
		{"and-cell", b.colVal, 2},
		{"xor-cell", b.colVal, b.rows + 3},
		{"or-cell", b.colVal, 2*b.rows + 4},
		{"x-bit", b.colXBit + 3, 0},
		{"and-column", b.colAnd, b.rows + 5},
		{"address", b.colAddr, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := bitwiseTrace(t, bitwisePairs(), 64)
			tr.Cols[tc.col][tc.row].Add(&tr.Cols[tc.col][tc.row], &feOne)
			expectDishonestRejected(t, tr)
		})
	}
	// A consistent lie: instance 0 claims x&y + 1 (so x^y − 2 and x|y − 1)
	// in its AND column and memory cells, the sorted memory agrees, so the
	// only constraint it breaks is AND = Σ 2^b·x_b·y_b.
	t.Run("consistent-and", func(t *testing.T) {
		tr := bitwiseTrace(t, bitwisePairs(), 64)
		two := elem(2)
		for j := range b.rows {
			tr.Cols[b.colAnd][j].Add(&tr.Cols[b.colAnd][j], &feOne)
			v := &tr.Cols[b.colVal][j]
			switch {
			case j == 2:
				v.Add(v, &feOne)
			case j == 3:
				v.Sub(v, &two)
			case j >= 4:
				v.Sub(v, &feOne)
			}
		}
		if err := tr.fillSorted(); err != nil {
			t.Fatal(err)
		}
		expectViolations(t, tr, 1)
		expectDishonestRejected(t, tr)
	})
}

// expectViolations checks that the tampered trace breaks exactly k stark
// constraints.
func expectViolations(t *testing.T, tr *Trace, k int) {
	t.Helper()
	sa := traceStarkAIR(t, tr, nil)
	bad := violated(t, sa, tr)
	if len(bad) != k {
		names := []string{}
		for i := range bad {
			names = append(names, sa.Layout().Constraints[i].Name)
		}
		t.Fatalf("tampered trace breaks %v, want %d constraint(s)", names, k)
	}
}
