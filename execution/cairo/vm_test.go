package cairo

import (
	"errors"
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

func fibRef(n int) *big.Int {
	a, b := big.NewInt(1), big.NewInt(1)
	for i := 0; i < n; i++ {
		a, b = b, new(big.Int).Add(a, b)
	}
	return b
}

func TestFibonacciRun(t *testing.T) {
	for _, n := range []int{1, 2, 10, 100} {
		r := mustRun(t, fibProgram(int64(n)).program(), Config{Trace: true})
		if got, want := r.Steps(), uint64(3+4*n+1); got != want {
			t.Fatalf("n=%d: steps %d, want %d", n, got, want)
		}
		// b is at ap-2 at the end: the last loop iteration wrote a', b', n'.
		final := Relocatable{1, r.VM.AP.Offset - 2}
		got, err := r.VM.Mem.ReadFelt(final)
		if err != nil {
			t.Fatal(err)
		}
		want := felt.FromBigInt(fibRef(n))
		if !got.Equal(&want) {
			t.Fatalf("fib(%d) = %s, want %s", n, got.Text(10), want.Text(10))
		}
		if r.VM.PC != r.FinalPC {
			t.Fatalf("pc %s, want %s", r.VM.PC, r.FinalPC)
		}
		if r.VM.trace.Len() != int(r.Steps()) {
			t.Fatalf("trace len %d, steps %d", r.VM.trace.Len(), r.Steps())
		}
	}
}

func TestMaxSteps(t *testing.T) {
	a := newAsm()
	a.label("main")
	// jmp rel 0
	a.ins(Instruction{OffDst: -1, OffOp0: -1, OffOp1: 1, DstReg: RegFP, Op0Reg: RegFP, Op1Src: Op1Imm, PcUpdate: PcJumpRel}, 0)
	r, err := NewRunner(a.program(), Config{MaxSteps: 1000})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Run(t.Context(), "main", nil)
	if !errors.Is(err, ErrMaxSteps) {
		t.Fatalf("err %v, want ErrMaxSteps", err)
	}
	var se *StepError
	if !errors.As(err, &se) || se.Step != 1000 {
		t.Fatalf("want StepError at step 1000, got %v", err)
	}
}
