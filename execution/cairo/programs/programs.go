package programs

import (
	"embed"
	"fmt"
	"io/fs"
	"math/big"
	"sort"
	"strings"

	"github.com/cairnchain/cairn/execution/cairo/asm"
)

//go:embed *.cairo-asm
var sources embed.FS

// Program names (file names without the .cairo-asm suffix).
const (
	FibonacciName         = "fibonacci"
	FactorialName         = "factorial"
	BuiltinsName          = "builtins"
	FibonacciContractName = "fibonacci_contract"
)

// Names lists the embedded programs.
func Names() []string {
	entries, _ := fs.Glob(sources, "*.cairo-asm") // the pattern is valid
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = strings.TrimSuffix(e, ".cairo-asm")
	}
	sort.Strings(out)
	return out
}

// Source returns the assembly text of the named program.
func Source(name string) ([]byte, error) {
	b, err := sources.ReadFile(name + ".cairo-asm")
	if err != nil {
		return nil, fmt.Errorf("program %q: %w", name, err)
	}
	return b, nil
}

// Assemble assembles the named program with the given options.
func Assemble(name string, opts ...asm.Option) (*asm.Unit, error) {
	src, err := Source(name)
	if err != nil {
		return nil, err
	}
	u, err := asm.Assemble(src, name+".cairo-asm", opts...)
	if err != nil {
		return nil, fmt.Errorf("assemble %s: %w", name, err)
	}
	return u, nil
}

// ProgramJSON returns the named program as Cairo 0 program JSON; n, when
// non-nil, overrides its constant N.
func ProgramJSON(name string, n *big.Int) ([]byte, error) {
	var opts []asm.Option
	if n != nil {
		opts = append(opts, asm.WithConst("N", n))
	}
	u, err := Assemble(name, opts...)
	if err != nil {
		return nil, err
	}
	return u.ProgramJSON()
}

// Fibonacci returns the program JSON writing fib(n) to the output builtin.
func Fibonacci(n uint64) ([]byte, error) {
	return ProgramJSON(FibonacciName, new(big.Int).SetUint64(n))
}

// Factorial returns the program JSON writing n! mod p to the output builtin.
func Factorial(n uint64) ([]byte, error) {
	return ProgramJSON(FactorialName, new(big.Int).SetUint64(n))
}

// Builtins returns the program JSON running n rounds of the builtin workload.
func Builtins(n uint64) ([]byte, error) {
	return ProgramJSON(BuiltinsName, new(big.Int).SetUint64(n))
}

// FibonacciClass returns the CASM class JSON of the fibonacci contract.
func FibonacciClass() ([]byte, error) {
	u, err := Assemble(FibonacciContractName)
	if err != nil {
		return nil, err
	}
	return u.ClassJSON()
}
