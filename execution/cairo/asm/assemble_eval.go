package asm

import (
	"math/big"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// evalHints evaluates structured hint fields and files hints by pc.
func (a *assembler) evalHints() error {
	for _, ph := range a.hints {
		h := ph.hint
		res := a.resolve(h.scope)
		for _, at := range h.args {
			arg, err := a.hintArg(at, res)
			if err != nil {
				err.File = a.file
				return err
			}
			h.Args = append(h.Args, arg)
		}
		a.unit.Hints[ph.pc] = append(a.unit.Hints[ph.pc], *h)
	}
	return nil
}

func (a *assembler) hintArg(at hintArgT, res resolver) (HintArg, *Error) {
	arg := HintArg{Name: at.field.name, kind: at.field.kind}
	cell := func(c *cellT) (CellRef, *Error) {
		r, off, err := a.cell(c, res)
		return CellRef{Reg: r, Off: off}, err
	}
	switch at.field.kind {
	case fCell:
		c, err := asCell(at.e)
		if err != nil {
			return arg, err
		}
		arg.Cell, err = cell(c)
		return arg, err
	case fBig:
		v, err := at.e.eval(res)
		arg.Big = v
		return arg, err
	}
	offset := func(e *expr) (int, *Error) {
		v, err := e.eval(res)
		if err != nil {
			return 0, err
		}
		if !v.IsInt64() || !inOffsetRange(int(v.Int64())) {
			return 0, errAt(e.pos, ErrOffsetRange, "offset %s", v)
		}
		return int(v.Int64()), nil
	}
	imm := func(e *expr) (*big.Int, *Error) { return e.eval(res) }
	r, err := hintRes(at.e, offset, cell, imm)
	arg.Res = r
	return arg, err
}

// evalEntries computes selectors and validates entry point builtins.
func (a *assembler) evalEntries() error {
	seen := map[[2]string]Pos{}
	for i, s := range a.entries {
		ep := &a.unit.EntryPoints[i]
		if s.entry.selector != nil {
			if s.entry.selector.Sign() < 0 || s.entry.selector.Cmp(felt.Modulus()) >= 0 {
				return a.errf(s.pos, ErrBadDirective, "selector %s is not a field element", s.entry.selector)
			}
			ep.Selector = felt.FromBigInt(s.entry.selector)
		} else {
			ep.Selector = crypto.Selector(s.name)
		}
		key := [2]string{ep.Kind.String(), ep.Selector.Hex()}
		if old, dup := seen[key]; dup {
			return a.errf(s.pos, ErrDuplicate, "%s entry point with selector %s already declared at %d:%d", ep.Kind, ep.Selector.Hex(), old.Line, old.Col)
		}
		seen[key] = s.pos
		bs := map[string]bool{}
		for _, b := range ep.Builtins {
			if !entryBuiltins[b] {
				return a.errf(s.pos, ErrBadDirective, "unknown entry point builtin %q", b)
			}
			if bs[b] {
				return a.errf(s.pos, ErrDuplicate, "builtin %s listed twice", b)
			}
			bs[b] = true
		}
	}
	return nil
}
