package cairo

import (
	"fmt"
	"strings"

	"github.com/cairnchain/cairn/execution/felt"
)

// cairo0Hint is a whitelisted Cairo 0 Python hint bound to its references.
type cairo0Hint struct {
	code  string
	fn    func(c *idsCtx) error
	refs  map[string]Reference
	track ApTracking
	// scopes are the accessible scopes, innermost first.
	scopes []string
	prog   *Program
	exprs  map[string]*refExpr
}

func (h *cairo0Hint) Name() string {
	first, _, _ := strings.Cut(h.code, "\n")
	return fmt.Sprintf("%q", first)
}

func (h *cairo0Hint) Exec(vm *VM) error { return h.fn(&idsCtx{vm: vm, h: h}) }

func compileCairo0Hint(p *Program, h Cairo0Hint) (Hint, error) {
	fn, ok := cairo0Hints[strings.TrimSpace(h.Code)]
	if !ok {
		return nil, fmt.Errorf("%w: Cairo 0 hint code %q", ErrUnknownHint, h.Code)
	}
	ch := &cairo0Hint{code: h.Code, fn: fn, refs: map[string]Reference{}, exprs: map[string]*refExpr{},
		track: h.FlowTracking.ApTracking, prog: p}
	for i := len(h.AccessibleScopes) - 1; i >= 0; i-- {
		ch.scopes = append(ch.scopes, h.AccessibleScopes[i])
	}
	for full, id := range h.FlowTracking.ReferenceIDs {
		if id < 0 || id >= len(p.References) {
			return nil, fmt.Errorf("%w: reference id %d of %s", ErrProgram, id, full)
		}
		short := full[strings.LastIndex(full, ".")+1:]
		ref := p.References[id]
		e, err := parseRef(ref.Value)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrProgram, err)
		}
		// Prefer the reference declared in the innermost scope.
		if old, dup := ch.refs[short]; dup && len(old.Value) > 0 && len(ch.scopes) > 0 && !strings.HasPrefix(full, ch.scopes[0]+".") {
			continue
		}
		ch.refs[short] = ref
		ch.exprs[short] = e
	}
	return ch, nil
}

// idsCtx resolves `ids.NAME` for one hint execution.
type idsCtx struct {
	vm *VM
	h  *cairo0Hint
}

// regs returns ap and fp as seen by the reference (ap corrected by ap tracking).
func (c *idsCtx) regs(name string) (ap, fp Relocatable, e *refExpr, err error) {
	e, ok := c.h.exprs[name]
	if !ok {
		return ap, fp, nil, fmt.Errorf("%w: ids.%s is not a visible reference", ErrHint, name)
	}
	ref := c.h.refs[name]
	ap, fp = c.vm.AP, c.vm.FP
	if ref.ApTracking.Group == c.h.track.Group {
		ap.Offset -= c.h.track.Offset - ref.ApTracking.Offset
	} else if usesAP(e) {
		return ap, fp, nil, fmt.Errorf("%w: ids.%s: ap tracking group %d differs from the hint's %d", ErrHint, name, ref.ApTracking.Group, c.h.track.Group)
	}
	return ap, fp, e, nil
}

func usesAP(e *refExpr) bool {
	if e == nil {
		return false
	}
	return (e.op == 'r' && e.reg == RegAP) || usesAP(e.a) || usesAP(e.b)
}

// addr returns the address of ids.name (its reference must be a dereference).
func (c *idsCtx) addr(name string) (Relocatable, error) {
	ap, fp, e, err := c.regs(name)
	if err != nil {
		return Relocatable{}, err
	}
	if e.op != 'd' {
		return Relocatable{}, fmt.Errorf("%w: ids.%s is not addressable", ErrHint, name)
	}
	v, err := e.a.eval(c.vm.Mem, ap, fp)
	if err != nil {
		return Relocatable{}, fmt.Errorf("ids.%s: %w", name, err)
	}
	return v.AsRel()
}

// get returns the value of ids.name, of a struct member ids.name.member...,
// or of the constant name in one of the hint's accessible scopes.
func (c *idsCtx) get(name string) (Value, error) {
	if strings.Contains(name, ".") {
		a, err := c.memberAddr(name)
		if err != nil {
			return Value{}, err
		}
		return c.vm.Mem.Read(a)
	}
	if _, ok := c.h.exprs[name]; !ok {
		for _, sc := range c.h.scopes {
			if f, ok := c.h.prog.Constant(sc + "." + name); ok {
				return FeltValue(f), nil
			}
		}
	}
	ap, fp, e, err := c.regs(name)
	if err != nil {
		return Value{}, err
	}
	v, err := e.eval(c.vm.Mem, ap, fp)
	if err != nil {
		return Value{}, fmt.Errorf("ids.%s: %w", name, err)
	}
	return v, nil
}

func (c *idsCtx) felt(name string) (felt.Felt, error) {
	v, err := c.get(name)
	if err != nil {
		return felt.Felt{}, err
	}
	f, err := v.AsFelt()
	if err != nil {
		return f, fmt.Errorf("ids.%s: %w", name, err)
	}
	return f, nil
}

func (c *idsCtx) set(name string, v Value) error {
	var a Relocatable
	var err error
	if strings.Contains(name, ".") {
		a, err = c.memberAddr(name)
	} else {
		a, err = c.addr(name)
	}
	if err != nil {
		return err
	}
	if err := c.vm.Mem.Write(a, v); err != nil {
		return fmt.Errorf("ids.%s: %w", name, err)
	}
	return nil
}

func (c *idsCtx) setFelt(name string, f felt.Felt) error { return c.set(name, FeltValue(f)) }

// scope returns the innermost hint scope.
func (c *idsCtx) scope() map[string]any { return c.vm.Scopes[len(c.vm.Scopes)-1] }
