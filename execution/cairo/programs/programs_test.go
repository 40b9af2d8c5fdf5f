package programs_test

import (
	"bytes"
	"context"
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/cairo/asm"
	"github.com/cairnchain/cairn/execution/cairo/programs"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

func fibRef(n uint64) felt.Felt {
	a, b := big.NewInt(0), big.NewInt(1)
	for i := uint64(0); i < n; i++ {
		a, b = b, new(big.Int).Add(a, b)
	}
	return felt.FromBigInt(a)
}

func factRef(n uint64) felt.Felt {
	f := big.NewInt(1)
	for i := uint64(2); i <= n; i++ {
		f.Mul(f, new(big.Int).SetUint64(i))
	}
	return felt.FromBigInt(f)
}

// builtinsRef recomputes the builtins workload with execution/crypto.
func builtinsRef(n uint64) felt.Felt {
	s := felt.FromBigInt(new(big.Int).SetBytes([]byte("cairn")))
	for k := n; k > 0; k-- {
		nf := felt.FromUint64(k)
		h := crypto.Pedersen(&s, &nf)
		and := felt.FromUint64(k & (k + 1))
		xor := felt.FromUint64(k ^ (k + 1))
		or := felt.FromUint64(k | (k + 1))
		st := [3]felt.Felt{h, and, xor}
		crypto.PoseidonPermute(&st)
		s.Add(&st[0], &or)
	}
	return s
}

func runOutput(t *testing.T, prog []byte, cfg cairo.Config) []felt.Felt {
	t.Helper()
	p, err := cairo.ParseProgram(prog)
	if err != nil {
		t.Fatal(err)
	}
	r, err := cairo.NewRunner(p, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(context.Background(), "main", nil); err != nil {
		t.Fatal(err)
	}
	out, err := r.Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func expectOutput(t *testing.T, what string, out []felt.Felt, want felt.Felt) {
	t.Helper()
	if len(out) != 1 || !out[0].Equal(&want) {
		t.Errorf("%s: output %v, want [%s]", what, out, want.Hex())
	}
}

func TestFibonacci(t *testing.T) {
	for _, n := range []uint64{0, 1, 2, 10, 90, 500} {
		prog, err := programs.Fibonacci(n)
		if err != nil {
			t.Fatal(err)
		}
		expectOutput(t, "fib", runOutput(t, prog, cairo.Config{}), fibRef(n))
	}
}

func TestFactorial(t *testing.T) {
	for _, n := range []uint64{0, 1, 5, 20, 100} {
		prog, err := programs.Factorial(n)
		if err != nil {
			t.Fatal(err)
		}
		expectOutput(t, "fact", runOutput(t, prog, cairo.Config{}), factRef(n))
	}
}

func TestBuiltins(t *testing.T) {
	for _, n := range []uint64{0, 1, 7} {
		prog, err := programs.Builtins(n)
		if err != nil {
			t.Fatal(err)
		}
		expectOutput(t, "builtins", runOutput(t, prog, cairo.Config{}), builtinsRef(n))
	}
}

// The programs run from __start__ to __end__ in proof mode too.
func TestProofMode(t *testing.T) {
	for _, c := range []struct {
		name   string
		layout string
		want   felt.Felt
	}{
		{programs.FibonacciName, "small", fibRef(10)},
		{programs.FactorialName, "small", factRef(10)},
		{programs.BuiltinsName, "all_cairo", builtinsRef(10)},
	} {
		prog, err := programs.ProgramJSON(c.name, nil)
		if err != nil {
			t.Fatal(err)
		}
		expectOutput(t, c.name+" proof mode", runOutput(t, prog, cairo.Config{ProofMode: true, Layout: c.layout}), c.want)
	}
}

func TestFibonacciContract(t *testing.T) {
	j, err := programs.FibonacciClass()
	if err != nil {
		t.Fatal(err)
	}
	class, err := cairo.ParseCasmClass(j)
	if err != nil {
		t.Fatal(err)
	}
	ep, ok := class.EntryPoint("EXTERNAL", crypto.Selector("fib"))
	if !ok {
		t.Fatal("no external fib entry point")
	}
	call := func(calldata ...felt.Felt) *cairo.EntryPointResult {
		res, err := cairo.RunEntryPoint(context.Background(), cairo.EntryPointCall{
			Bytecode: class.Bytecode, Hints: class.Hints, Offset: ep.Offset, Builtins: ep.Builtins,
			Calldata: calldata, Gas: 1_000_000,
		})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for _, n := range []uint64{0, 1, 30, 200} {
		res := call(felt.FromUint64(n))
		want := fibRef(n)
		if res.Failed || len(res.Retdata) != 1 || !res.Retdata[0].Equal(&want) {
			t.Errorf("fib(%d): failed=%v retdata %v, want [%s]", n, res.Failed, res.Retdata, want.Hex())
		}
	}
	res := call()
	msg := felt.FromBigInt(new(big.Int).SetBytes([]byte("fib: calldata must be [n]")))
	if !res.Failed || len(res.Retdata) != 1 || !res.Retdata[0].Equal(&msg) {
		t.Errorf("empty calldata: failed=%v retdata %v", res.Failed, res.Retdata)
	}
}

// Every embedded program disassembles back to the same bytecode.
func TestProgramsRoundTrip(t *testing.T) {
	for _, name := range programs.Names() {
		u, err := programs.Assemble(name)
		if err != nil {
			t.Fatal(err)
		}
		var j []byte
		if len(u.EntryPoints) > 0 {
			j, err = u.ClassJSON()
		} else {
			j, err = u.ProgramJSON()
		}
		if err != nil {
			t.Fatal(err)
		}
		text, err := asm.Disassemble(j)
		if err != nil {
			t.Fatal(err)
		}
		u2, err := asm.Assemble(text, name+".dis")
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, text)
		}
		var j2 []byte
		if len(u.EntryPoints) > 0 {
			j2, err = u2.ClassJSON()
		} else {
			j2, err = u2.ProgramJSON()
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(j, j2) {
			t.Errorf("%s: JSON differs after disassemble/assemble", name)
		}
	}
}

func benchRun(b *testing.B, prog []byte, cfg cairo.Config) {
	p, err := cairo.ParseProgram(prog)
	if err != nil {
		b.Fatal(err)
	}
	var steps uint64
	for b.Loop() {
		r, err := cairo.NewRunner(p, cfg)
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Run(context.Background(), "main", nil); err != nil {
			b.Fatal(err)
		}
		steps = r.Steps()
	}
	b.ReportMetric(float64(steps), "steps/op")
	b.ReportMetric(float64(steps)*float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// VM throughput on the embedded programs (the VM is execution/cairo).
func BenchmarkVMFibonacci10k(b *testing.B) {
	prog, err := programs.Fibonacci(10000)
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, prog, cairo.Config{})
}

func BenchmarkVMBuiltins1k(b *testing.B) {
	prog, err := programs.Builtins(1000)
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, prog, cairo.Config{})
}
