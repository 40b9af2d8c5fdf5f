package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"strings"

	"github.com/cairnchain/cairn/execution/cairo/asm"
)

// asmConstFlags collects repeated -D NAME=VALUE flags.
type asmConstFlags []asm.Option

func (c *asmConstFlags) String() string { return "" }

func (c *asmConstFlags) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("want NAME=VALUE, got %q", s)
	}
	v, ok := new(big.Int).SetString(val, 0)
	if !ok {
		return fmt.Errorf("bad integer %q for %s", val, name)
	}
	*c = append(*c, asm.WithConst(name, v))
	return nil
}

func init() {
	register("asm", "assemble Cairo assembly to program/class JSON, or disassemble", runAsm)
}

func runAsm(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("asm", flag.ContinueOnError)
	out := fs.String("o", "", "write the output to this file (default stdout)")
	class := fs.Bool("class", false, "emit a CASM contract class (Scarb's .compiled_contract_class.json) instead of a Cairo 0 program")
	disasm := fs.Bool("disassemble", false, "read program or class JSON and print assembly")
	var consts asmConstFlags
	fs.Var(&consts, "D", "override a constant: -D NAME=VALUE (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: cairn asm [-o OUT] [--class] [-D NAME=VALUE] FILE.cairo-asm\n       cairn asm --disassemble [-o OUT] FILE.json")
		fs.PrintDefaults()
	}
	// Flags may come before or after the file (cairn asm FILE -o OUT).
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		fs.Usage()
		return errors.New("need exactly one input file")
	}
	in := files[0]
	src, err := asmReadInput(in)
	if err != nil {
		return err
	}
	var result []byte
	if *disasm {
		if *class || len(consts) > 0 {
			return errors.New("--class and -D do not apply to --disassemble")
		}
		if result, err = asm.Disassemble(src); err != nil {
			return fmt.Errorf("disassemble %s: %w", in, err)
		}
	} else {
		u, err := asm.Assemble(src, in, consts...)
		if err != nil {
			return err
		}
		if *class {
			result, err = u.ClassJSON()
		} else {
			result, err = u.ProgramJSON()
		}
		if err != nil {
			return err
		}
		result = append(result, '\n')
	}
	if *out == "" {
		_, err = os.Stdout.Write(result)
		return err
	}
	if err := os.WriteFile(*out, result, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	return nil
}

// asmReadInput reads a file, or stdin for "-".
func asmReadInput(path string) ([]byte, error) {
	if path == "-" {
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	return b, nil
}
