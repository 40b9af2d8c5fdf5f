package asm

// Instruction statements: classification of parsed expressions into Cairo
// operands (cells, double dereferences, immediates, op0 + op1).

// resT is a parsed res expression.
type resT struct {
	res    ResLogic
	op0    *cellT
	op1Src Op1Src
	op1    *cellT
	inner  *cellT
	imm    *expr
}

func (p *parser) parseInstruction() (*instT, *Error) {
	t := p.peek()
	var inst *instT
	var err *Error
	switch {
	case t.kind == tIdent && t.text == "ret":
		p.next()
		inst = &instT{opcode: OpRet, pc: PCJumpAbs, res: ResOp1, dst: &cellT{reg: FP, off: numExpr(-2)}, op1Src: Op1FP}
	case t.kind == tIdent && t.text == "call":
		p.next()
		inst, err = p.parseCall()
	case t.kind == tIdent && t.text == "jmp":
		p.next()
		inst, err = p.parseJmp()
	case t.kind == tIdent && t.text == "dw":
		p.next()
		var v *expr
		if v, err = p.parseExpr(); err == nil {
			if !v.isConst() {
				err = errAt(v.pos, ErrSyntax, "dw needs a constant expression")
			}
			inst = &instT{dw: v}
		}
	case t.kind == tIdent && t.text == "ap" && p.toks[p.i+1].is("+="):
		p.next()
		p.next()
		var e *expr
		if e, err = p.parseExpr(); err == nil {
			var r resT
			if r, err = classifyRes(e); err == nil {
				inst = r.inst(OpNop, PCRegular)
				inst.ap = APAdd
			}
		}
	default:
		inst, err = p.parseAssert()
	}
	if err != nil {
		return nil, err
	}
	inst.pos = t.pos
	if err := p.parseApPlusPlus(inst); err != nil {
		return nil, err
	}
	return inst, nil
}

// parseApPlusPlus consumes ", ap++" or "; ap++" and an optional trailing ';'.
func (p *parser) parseApPlusPlus(inst *instT) *Error {
	sep, ap, pp := p.toks[p.i], p.toks[min(p.i+1, len(p.toks)-1)], p.toks[min(p.i+2, len(p.toks)-1)]
	if !(sep.is(",") || sep.is(";")) || ap.kind != tIdent || ap.text != "ap" || !pp.is("++") {
		if sep.is(",") {
			return errAt(sep.pos, ErrSyntax, "expected 'ap++' after ','")
		}
		return nil
	}
	p.i += 3
	switch {
	case inst.dw != nil:
		return errAt(ap.pos, ErrIllegalInstruction, "ap++ may not be used with dw")
	case inst.opcode == OpCall:
		return errAt(ap.pos, ErrIllegalInstruction, "ap++ may not be used with the call opcode")
	case inst.opcode == OpRet:
		return errAt(ap.pos, ErrIllegalInstruction, "ap++ may not be used with the ret opcode")
	case inst.ap == APAdd:
		return errAt(ap.pos, ErrIllegalInstruction, "ap++ may not be used with ap +=")
	}
	inst.ap = APAdd1
	return nil
}

func (p *parser) parseCall() (*instT, *Error) {
	inst := &instT{opcode: OpCall, ap: APAdd2, res: ResOp1,
		dst: &cellT{reg: AP}, op0: &cellT{reg: AP, off: numExpr(1)}}
	t := p.peek()
	if t.kind == tIdent && (t.text == "rel" || t.text == "abs") {
		p.next()
		inst.pc = PCJumpRel
		if t.text == "abs" {
			inst.pc = PCJumpAbs
		}
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if err := setJumpOperand(inst, e, "call"); err != nil {
			return nil, err
		}
		return inst, nil
	}
	e, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if !e.isConst() {
		return nil, errAt(e.pos, ErrSyntax, "call needs 'rel', 'abs' or a label")
	}
	inst.pc, inst.op1Src, inst.imm, inst.immRel = PCJumpRel, Op1Imm, e, true
	return inst, nil
}

// setJumpOperand sets op1 of call/jnz: an immediate or a cell.
func setJumpOperand(inst *instT, e *expr, what string) *Error {
	if e.isConst() {
		inst.op1Src, inst.imm = Op1Imm, e
		return nil
	}
	c, err := asCell(e)
	if err != nil {
		return errAt(e.pos, ErrIllegalInstruction, "invalid offset for %s: want an immediate or [reg + off]", what)
	}
	inst.op1Src, inst.op1 = regSrc(c.reg), c
	return nil
}

func (p *parser) parseJmp() (*instT, *Error) {
	t := p.peek()
	var inst *instT
	if t.kind == tIdent && (t.text == "rel" || t.text == "abs") {
		p.next()
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind == tIdent && c.text == "if" {
			if t.text == "abs" {
				return nil, errAt(c.pos, ErrIllegalInstruction, "conditional jumps are relative: use 'jmp rel … if'")
			}
			inst = &instT{opcode: OpNop, pc: PCJnz, res: ResUnconstrained}
			if err := setJumpOperand(inst, e, "jmp"); err != nil {
				return nil, err
			}
			return inst, p.parseCond(inst)
		}
		r, err := classifyRes(e)
		if err != nil {
			return nil, err
		}
		pc := PCJumpRel
		if t.text == "abs" {
			pc = PCJumpAbs
		}
		return r.inst(OpNop, pc), nil
	}
	e, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if !e.isConst() {
		return nil, errAt(e.pos, ErrSyntax, "jmp needs 'rel', 'abs' or a label")
	}
	inst = &instT{opcode: OpNop, pc: PCJumpRel, res: ResOp1, op1Src: Op1Imm, imm: e, immRel: true}
	if c := p.peek(); c.kind == tIdent && c.text == "if" {
		inst.pc, inst.res = PCJnz, ResUnconstrained
		return inst, p.parseCond(inst)
	}
	return inst, nil
}

// parseCond parses "if [reg + off] != 0" into dst.
func (p *parser) parseCond(inst *instT) *Error {
	p.next() // if
	e, err := p.parseExpr()
	if err != nil {
		return err
	}
	c, cerr := asCell(e)
	if cerr != nil {
		return cerr
	}
	inst.dst = c
	if _, err := p.expect("!="); err != nil {
		return err
	}
	z := p.next()
	if z.kind != tNumber || z.text != "0" {
		return errAt(z.pos, ErrSyntax, "expected '0' after '!=', found %s", z.describe())
	}
	return nil
}

func (p *parser) parseAssert() (*instT, *Error) {
	lhs, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect("="); err != nil {
		return nil, err
	}
	rhs, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	// Sugar: [a] = [b] - [c] is [b] = [a] + [c]; likewise with / and *.
	if rhs.kind == eBin && (rhs.op == "-" || rhs.op == "/") && !rhs.isConst() {
		a, err := asCell(lhs)
		if err != nil {
			return nil, err
		}
		dst, err := asCell(rhs.x)
		if err != nil {
			return nil, err
		}
		if rhs.y.isConst() {
			return nil, errAt(rhs.y.pos, ErrIllegalInstruction, "subtraction and division are not supported for immediates")
		}
		c, err := asCell(rhs.y)
		if err != nil {
			return nil, err
		}
		res := ResAdd
		if rhs.op == "/" {
			res = ResMul
		}
		r := resT{res: res, op0: a, op1Src: regSrc(c.reg), op1: c}
		inst := r.inst(OpAssertEq, PCRegular)
		inst.dst = dst
		return inst, nil
	}
	dstE, resE := lhs, rhs
	if !isCellExpr(lhs) && isCellExpr(rhs) {
		dstE, resE = rhs, lhs
	}
	dst, cerr := asCell(dstE)
	if cerr != nil {
		return nil, cerr
	}
	r, rerr := classifyRes(resE)
	if rerr != nil {
		return nil, rerr
	}
	inst := r.inst(OpAssertEq, PCRegular)
	inst.dst = dst
	return inst, nil
}

func (r resT) inst(op Opcode, pc PCUpdate) *instT {
	return &instT{opcode: op, pc: pc, res: r.res, op0: r.op0, op1Src: r.op1Src, op1: r.op1, inner: r.inner, imm: r.imm}
}

// classifyRes turns an expression into a res: op1, op0 + op1 or op0 * op1.
func classifyRes(e *expr) (resT, *Error) {
	if e.isConst() {
		return resT{res: ResOp1, op1Src: Op1Imm, imm: e}, nil
	}
	if e.kind == eDeref {
		if isCellExpr(e) {
			c, err := asCell(e)
			if err != nil {
				return resT{}, err
			}
			return resT{res: ResOp1, op1Src: regSrc(c.reg), op1: c}, nil
		}
		base, off, err := asDoubleDeref(e)
		if err != nil {
			return resT{}, err
		}
		return resT{res: ResOp1, op0: base, op1Src: Op1Op0, op1: &cellT{off: off, pos: e.pos}}, nil
	}
	if e.kind != eBin || (e.op != "+" && e.op != "*") {
		return resT{}, errAt(e.pos, ErrSyntax, "expected an immediate, [reg + off], [[reg + off] + off] or op0 + op1 / op0 * op1")
	}
	op0, err := asCell(e.x)
	if err != nil {
		return resT{}, err
	}
	r := resT{res: ResAdd, op0: op0}
	if e.op == "*" {
		r.res = ResMul
	}
	switch {
	case e.y.isConst():
		r.op1Src, r.imm = Op1Imm, e.y
	case isCellExpr(e.y):
		c, err := asCell(e.y)
		if err != nil {
			return resT{}, err
		}
		r.op1Src, r.op1 = regSrc(c.reg), c
	case e.y.kind == eDeref:
		base, off, err := asDoubleDeref(e.y)
		if err != nil {
			return resT{}, err
		}
		r.op1Src, r.op1, r.inner = Op1Op0, &cellT{off: off, pos: e.y.pos}, base
	default:
		return resT{}, errAt(e.y.pos, ErrSyntax, "expected a constant expression or a dereference expression")
	}
	return r, nil
}

func regSrc(r Register) Op1Src {
	if r == FP {
		return Op1FP
	}
	return Op1AP
}

// isCellExpr reports whether e has the shape [reg], [reg + c] or [reg - c].
func isCellExpr(e *expr) bool {
	if e.kind != eDeref {
		return false
	}
	in := e.x
	return in.kind == eReg || (in.kind == eBin && (in.op == "+" || in.op == "-") && in.x.kind == eReg)
}

// asCell converts [reg +/- c] into a cell.
func asCell(e *expr) (*cellT, *Error) {
	if e.kind != eDeref {
		return nil, errAt(e.pos, ErrSyntax, "expected a dereference expression [reg + off]")
	}
	in := e.x
	switch {
	case in.kind == eReg:
		return &cellT{reg: in.reg, pos: e.pos}, nil
	case in.kind == eBin && in.x.kind == eReg:
		if in.op != "+" && in.op != "-" {
			return nil, errAt(in.pos, ErrSyntax, "expected '+' or '-', found '%s'", in.op)
		}
		if !in.y.isConst() {
			return nil, errAt(in.y.pos, ErrSyntax, "offset must be a constant expression")
		}
		off := in.y
		if in.op == "-" {
			off = &expr{kind: eNeg, pos: in.y.pos, x: in.y}
		}
		return &cellT{reg: in.x.reg, off: off, pos: e.pos}, nil
	case in.kind == eBin:
		return nil, errAt(in.x.pos, ErrSyntax, "expected a register (ap or fp)")
	}
	return nil, errAt(in.pos, ErrSyntax, "expected a register (ap or fp)")
}

// asDoubleDeref converts [[reg + a] + b] into its base cell and offset b.
func asDoubleDeref(e *expr) (*cellT, *expr, *Error) {
	in := e.x
	if isCellExpr(in) {
		c, err := asCell(in)
		return c, nil, err
	}
	if in.kind == eBin && (in.op == "+" || in.op == "-") && isCellExpr(in.x) {
		c, err := asCell(in.x)
		if err != nil {
			return nil, nil, err
		}
		if !in.y.isConst() {
			return nil, nil, errAt(in.y.pos, ErrSyntax, "offset must be a constant expression")
		}
		off := in.y
		if in.op == "-" {
			off = &expr{kind: eNeg, pos: in.y.pos, x: in.y}
		}
		return c, off, nil
	}
	if in.kind == eBin && isCellExpr(in.x) {
		return nil, nil, errAt(in.pos, ErrSyntax, "expected '+' or '-', found '%s'", in.op)
	}
	_, err := asCell(in)
	if err == nil {
		err = errAt(in.pos, ErrSyntax, "expected [reg + off] or [[reg + off] + off]")
	}
	return nil, nil, err
}

func numExpr(v int64) *expr {
	return &expr{kind: eNum, num: bigInt(v)}
}
