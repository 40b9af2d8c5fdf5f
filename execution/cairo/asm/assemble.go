package asm

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/cairnchain/cairn/execution/felt"
)

// Option configures Assemble.
type Option func(*config)

type config struct {
	consts map[string]*big.Int
}

// WithConst overrides the value of a `const` declared in the source (e.g. the
// n of a fibonacci program). Assemble fails if the source has no such const.
func WithConst(name string, v *big.Int) Option {
	return func(c *config) {
		if v == nil {
			c.consts[name] = nil
			return
		}
		c.consts[name] = new(big.Int).Set(v)
	}
}

// builtinOrder is the order cairo-lang requires in %builtins.
var builtinOrder = []string{"output", "pedersen", "range_check", "ecdsa", "bitwise", "ec_op", "keccak", "poseidon", "range_check96", "add_mod", "mul_mod"}

// entryBuiltins are the builtin names an entry point may list (Scarb's names).
var entryBuiltins = map[string]bool{
	"pedersen": true, "range_check": true, "ecdsa": true, "bitwise": true, "ec_op": true, "keccak": true,
	"poseidon": true, "range_check96": true, "add_mod": true, "mul_mod": true, "segment_arena": true,
	"gas_builtin": true, "system": true, "output": true,
}

// Assemble parses and encodes a Cairo assembly source. filename is used in
// error positions and as Unit.File.
func Assemble(src []byte, filename string, opts ...Option) (*Unit, error) {
	cfg := config{consts: map[string]*big.Int{}}
	for _, o := range opts {
		o(&cfg)
	}
	stmts, err := parse(string(src), filename)
	if err != nil {
		return nil, err
	}
	a := &assembler{
		file:    filename,
		cfg:     cfg,
		unit:    &Unit{File: filename, CompilerVersion: DefaultCompilerVersion, Hints: map[int][]Hint{}},
		symbols: map[string]symbol{},
	}
	if err := a.layout(stmts); err != nil {
		return nil, err
	}
	if err := a.encode(); err != nil {
		return nil, err
	}
	return a.unit, nil
}

type symKind uint8

const (
	symLabel symKind = iota
	symFunc
	symConst
)

type symbol struct {
	kind  symKind
	pc    int
	expr  *expr
	value *big.Int // evaluated const
	state uint8    // const evaluation: 0 new, 1 in progress, 2 done
	pos   Pos
}

// placedHint is a hint with the pc of its instruction.
type placedHint struct {
	hint *Hint
	pc   int
}

// placedDecl is the position and pc of a function or entry point.
type placedDecl struct {
	pos Pos
	pc  int
}

// placed is an instruction with its pc and scope.
type placed struct {
	inst  *instT
	pc    int
	scope string
}

type assembler struct {
	file    string
	cfg     config
	unit    *Unit
	symbols map[string]symbol
	insts   []placed
	hints   []placedHint
	// constOrder lists constants in source order.
	constOrder []string
	entries    []*stmt
}

func (a *assembler) errf(p Pos, sentinel error, format string, args ...any) error {
	e := errAt(p, sentinel, format, args...)
	e.File = a.file
	return e
}

func (a *assembler) define(name string, s symbol) error {
	if old, dup := a.symbols[name]; dup {
		return a.errf(s.pos, ErrDuplicate, "%s already defined at %d:%d", name, old.pos.Line, old.pos.Col)
	}
	a.symbols[name] = s
	return nil
}

// layout is the first pass: it assigns pcs and collects names and hints.
func (a *assembler) layout(stmts []stmt) error {
	pc, scope := 0, ""
	var pending []*Hint
	var decls []placedDecl // functions and entry points
	sawBuiltins, sawVersion := false, false
	for i := range stmts {
		s := &stmts[i]
		switch s.kind {
		case sLabel:
			full := s.name
			if scope != "" {
				full = scope + "." + s.name
			}
			if err := a.define(full, symbol{kind: symLabel, pc: pc, pos: s.pos}); err != nil {
				return err
			}
			a.unit.Labels = append(a.unit.Labels, Symbol{Name: full, PC: pc})
		case sFunc:
			decls = append(decls, placedDecl{s.pos, pc})
			if err := a.defineFunc(s.name, pc, s.pos); err != nil {
				return err
			}
			scope = s.name
		case sEntry:
			decls = append(decls, placedDecl{s.pos, pc})
			if s.name != "" {
				if err := a.defineFunc(s.name, pc, s.pos); err != nil {
					return err
				}
				scope = s.name
			}
			a.entries = append(a.entries, s)
			a.unit.EntryPoints = append(a.unit.EntryPoints, EntryPoint{Kind: s.entry.kind, Name: s.name, Offset: pc, Builtins: s.entry.builtins})
		case sEndFunc:
			scope = ""
		case sConst:
			if strings.Contains(s.name, ".") {
				return a.errf(s.pos, ErrSyntax, "constant name %q may not contain '.'", s.name)
			}
			if err := a.define(s.name, symbol{kind: symConst, expr: s.value, pos: s.pos}); err != nil {
				return err
			}
			a.constOrder = append(a.constOrder, s.name)
		case sBuiltins:
			if sawBuiltins {
				return a.errf(s.pos, ErrDuplicate, "%%builtins given twice")
			}
			sawBuiltins = true
			if err := a.checkBuiltins(s); err != nil {
				return err
			}
			a.unit.Builtins = s.builtins
		case sCompilerVersion:
			if sawVersion {
				return a.errf(s.pos, ErrDuplicate, "%%compiler_version given twice")
			}
			sawVersion = true
			a.unit.CompilerVersion = s.str
		case sHint:
			s.hint.scope = scope
			pending = append(pending, s.hint)
		case sInst:
			for _, h := range pending {
				a.hints = append(a.hints, placedHint{hint: h, pc: pc})
			}
			pending = pending[:0]
			a.insts = append(a.insts, placed{inst: s.inst, pc: pc, scope: scope})
			pc += s.inst.size()
		}
	}
	if len(pending) > 0 {
		return a.errf(pending[0].pos, ErrBadHint, "hint is not followed by an instruction")
	}
	for _, d := range decls {
		if d.pc == pc {
			return a.errf(d.pos, ErrBadDirective, "function or entry point is not followed by an instruction")
		}
	}
	for name, v := range a.cfg.consts {
		if s, ok := a.symbols[name]; !ok || s.kind != symConst {
			return &Error{File: a.file, Pos: Pos{1, 1}, Err: fmt.Errorf("%w: constant override %s is not declared", ErrUndefined, name)}
		}
		if v == nil {
			return &Error{File: a.file, Pos: a.symbols[name].pos, Err: fmt.Errorf("%w: constant override %s has no value", ErrSyntax, name)}
		}
	}
	return nil
}

func (a *assembler) defineFunc(name string, pc int, pos Pos) error {
	if err := a.define(name, symbol{kind: symFunc, pc: pc, pos: pos}); err != nil {
		return err
	}
	a.unit.Functions = append(a.unit.Functions, Symbol{Name: name, PC: pc})
	return nil
}

func (a *assembler) checkBuiltins(s *stmt) error {
	last := -1
	for _, b := range s.builtins {
		idx := -1
		for i, n := range builtinOrder {
			if n == b {
				idx = i
			}
		}
		switch {
		case idx < 0:
			return a.errf(s.pos, ErrBadDirective, "unknown builtin %q (known: %s)", b, strings.Join(builtinOrder, " "))
		case idx == last:
			return a.errf(s.pos, ErrDuplicate, "builtin %s listed twice", b)
		case idx < last:
			return a.errf(s.pos, ErrBadDirective, "builtins must be in the order %s", strings.Join(builtinOrder, " "))
		}
		last = idx
	}
	return nil
}

// resolve looks a name up from scope: scope.name first, then the global name.
func (a *assembler) resolve(scope string) resolver {
	return func(name string, pos Pos) (*big.Int, *Error) {
		if scope != "" {
			if s, ok := a.symbols[scope+"."+name]; ok {
				return big.NewInt(int64(s.pc)), nil
			}
		}
		s, ok := a.symbols[name]
		if !ok {
			e := errAt(pos, ErrUndefined, "%s", name)
			return nil, e
		}
		if s.kind != symConst {
			return big.NewInt(int64(s.pc)), nil
		}
		return a.constValue(name, pos)
	}
}

// constValue evaluates a constant once, detecting cycles.
func (a *assembler) constValue(name string, pos Pos) (*big.Int, *Error) {
	s := a.symbols[name]
	switch s.state {
	case 2:
		return new(big.Int).Set(s.value), nil
	case 1:
		return nil, errAt(pos, ErrSyntax, "constant %s refers to itself", name)
	}
	if v, ok := a.cfg.consts[name]; ok {
		s.value, s.state = v, 2
		a.symbols[name] = s
		return new(big.Int).Set(v), nil
	}
	s.state = 1
	a.symbols[name] = s
	v, err := s.expr.eval(a.resolve(""))
	if err != nil {
		return nil, err
	}
	s.value, s.state = v, 2
	a.symbols[name] = s
	return new(big.Int).Set(v), nil
}

// encode is the second pass: it evaluates expressions and encodes.
func (a *assembler) encode() error {
	for _, name := range a.constOrder {
		v, err := a.constValue(name, a.symbols[name].pos)
		if err != nil {
			err.File = a.file
			return err
		}
		a.unit.Consts = append(a.unit.Consts, Const{Name: name, Value: v})
	}
	for _, p := range a.insts {
		words, err := a.encodeInst(p)
		if err != nil {
			err.File = a.file
			return err
		}
		a.unit.Code = append(a.unit.Code, words...)
	}
	if err := a.evalHints(); err != nil {
		return err
	}
	return a.evalEntries()
}

func (a *assembler) encodeInst(p placed) ([]felt.Felt, *Error) {
	t := p.inst
	res := a.resolve(p.scope)
	if t.dw != nil {
		v, err := t.dw.eval(res)
		if err != nil {
			return nil, err
		}
		return []felt.Felt{felt.FromBigInt(v)}, nil
	}
	inst := Instruction{OffDst: -1, DstReg: FP, OffOp0: -1, Op0Reg: FP, OffOp1: -1, Op1Src: t.op1Src,
		Res: t.res, PC: t.pc, AP: t.ap, Opcode: t.opcode}
	var err *Error
	if t.dst != nil {
		if inst.DstReg, inst.OffDst, err = a.cell(t.dst, res); err != nil {
			return nil, err
		}
	}
	if t.op0 != nil {
		if inst.Op0Reg, inst.OffOp0, err = a.cell(t.op0, res); err != nil {
			return nil, err
		}
	}
	switch t.op1Src {
	case Op1Imm:
		v, err := t.imm.eval(res)
		if err != nil {
			return nil, err
		}
		if t.immRel {
			v.Sub(v, big.NewInt(int64(p.pc)))
		}
		inst.OffOp1, inst.Imm = 1, felt.FromBigInt(v)
	case Op1Op0:
		if _, inst.OffOp1, err = a.cell(t.op1, res); err != nil {
			return nil, err
		}
		if t.inner != nil {
			r, off, err := a.cell(t.inner, res)
			if err != nil {
				return nil, err
			}
			if r != inst.Op0Reg || off != inst.OffOp0 {
				return nil, errAt(t.inner.pos, ErrIllegalInstruction, "double dereference in op1 must go through op0 %s", cellText(inst.Op0Reg, inst.OffOp0))
			}
		}
	default:
		if t.op1 != nil {
			if _, inst.OffOp1, err = a.cell(t.op1, res); err != nil {
				return nil, err
			}
		}
	}
	words, eerr := Encode(inst)
	if eerr != nil {
		return nil, &Error{Pos: t.pos, Err: eerr}
	}
	return words, nil
}

// cell evaluates a cell's offset and checks its range.
func (a *assembler) cell(c *cellT, res resolver) (Register, int, *Error) {
	if c.off == nil {
		return c.reg, 0, nil
	}
	v, err := c.off.eval(res)
	if err != nil {
		return 0, 0, err
	}
	if !v.IsInt64() || !inOffsetRange(int(v.Int64())) {
		return 0, 0, errAt(c.off.pos, ErrOffsetRange, "offset %s", v)
	}
	return c.reg, int(v.Int64()), nil
}
