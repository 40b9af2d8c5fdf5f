package cairo

import (
	"fmt"
	"strings"
)

// memberAddr resolves ids.x.m1.m2... to the member's address: x is a
// struct held in memory (a dereference reference such as
// [cast(fp + (-3), T*)]) or a pointer to one (a reference of type T*); each
// member step adds the member's offset from the program's struct
// identifiers, following a pointer member to the struct it points to.
func (c *idsCtx) memberAddr(path string) (Relocatable, error) {
	parts := strings.Split(path, ".")
	ap, fp, e, err := c.regs(parts[0])
	if err != nil {
		return Relocatable{}, err
	}
	var addr Relocatable
	var typ string // the struct type at addr
	if e.op == 'd' && strings.HasSuffix(e.a.ctype, "*") {
		v, err := e.a.eval(c.vm.Mem, ap, fp)
		if err != nil {
			return addr, fmt.Errorf("ids.%s: %w", parts[0], err)
		}
		if addr, err = v.AsRel(); err != nil {
			return addr, fmt.Errorf("ids.%s: %w", parts[0], err)
		}
		typ = strings.TrimSuffix(e.a.ctype, "*")
	} else if strings.HasSuffix(e.ctype, "*") {
		v, err := e.eval(c.vm.Mem, ap, fp)
		if err != nil {
			return addr, fmt.Errorf("ids.%s: %w", parts[0], err)
		}
		if addr, err = v.AsRel(); err != nil {
			return addr, fmt.Errorf("ids.%s: %w", parts[0], err)
		}
		typ = strings.TrimSuffix(e.ctype, "*")
	} else {
		return addr, fmt.Errorf("%w: ids.%s has no struct type", ErrHint, parts[0])
	}
	for i, m := range parts[1:] {
		id, ok := c.h.prog.structDef(typ)
		if !ok {
			return addr, fmt.Errorf("%w: ids.%s: unknown struct %s", ErrHint, strings.Join(parts[:i+1], "."), typ)
		}
		mem, ok := id.Members[m]
		if !ok {
			return addr, fmt.Errorf("%w: ids.%s: struct %s has no member %s", ErrHint, strings.Join(parts[:i+1], "."), typ, m)
		}
		addr.Offset += mem.Offset
		typ = mem.CairoType
		if i < len(parts)-2 && strings.HasSuffix(typ, "*") {
			// A pointer member: continue in the struct it points to.
			p, err := c.vm.Mem.ReadRel(addr)
			if err != nil {
				return addr, fmt.Errorf("ids.%s: %w", strings.Join(parts[:i+2], "."), err)
			}
			addr, typ = p, strings.TrimSuffix(typ, "*")
		}
	}
	return addr, nil
}

// structDef finds a struct identifier by its full name, following aliases.
func (p *Program) structDef(name string) (Identifier, bool) {
	id, ok := p.Identifiers[name]
	for depth := 0; ok && id.Type == "alias" && depth < 16; depth++ {
		id, ok = p.Identifiers[id.Destination]
	}
	return id, ok && id.Type == "struct"
}
