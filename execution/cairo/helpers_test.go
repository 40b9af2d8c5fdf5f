package cairo

import (
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/rs/zerolog"
)

// asmProg is a tiny test-only encoder: it appends encoded instructions
// (and immediates) to build a program's data.
type asmProg struct {
	data   []felt.Felt
	labels map[string]int
}

func newAsm() *asmProg { return &asmProg{labels: map[string]int{}} }

func (a *asmProg) pc() int { return len(a.data) }

func (a *asmProg) label(name string) { a.labels[name] = len(a.data) }

func (a *asmProg) ins(i Instruction, imm ...int64) {
	a.data = append(a.data, felt.FromUint64(i.Encode()))
	for _, v := range imm {
		a.data = append(a.data, felt.FromInt64(v))
	}
}

// assignImm: [ap+dst] = imm; ap++ if inc.
func (a *asmProg) assignImm(dst int, v int64, inc bool) {
	i := Instruction{OffDst: dst, OffOp0: -1, OffOp1: 1, Op0Reg: RegFP, Op1Src: Op1Imm, Opcode: OpAssertEq}
	if inc {
		i.ApUpdate = ApAdd1
	}
	a.ins(i, v)
}

// ret encodes `ret`.
func (a *asmProg) ret() {
	a.ins(Instruction{OffDst: -2, OffOp0: -1, OffOp1: -1, DstReg: RegFP, Op0Reg: RegFP, Op1Src: Op1FP, PcUpdate: PcJumpAbs, Opcode: OpRet})
}

func (a *asmProg) program(builtins ...string) *Program {
	ids := map[string]Identifier{}
	for n, pc := range a.labels {
		pc := pc
		ids["__main__."+n] = Identifier{Type: "function", PC: &pc}
	}
	return &Program{Data: a.data, Builtins: builtins, Identifiers: ids, MainScope: "__main__", Hints: map[int][]Cairo0Hint{}}
}

// fibProgram computes fib iterating n times from (1, 1) and returns.
// Steps: 3 + 4n + 1.
func fibProgram(n int64) *asmProg {
	a := newAsm()
	a.label("main")
	a.assignImm(0, 1, true)
	a.assignImm(0, 1, true)
	a.assignImm(0, n, true)
	a.label("loop")
	// [ap] = [ap-2]; ap++
	a.ins(Instruction{OffDst: 0, OffOp0: -1, OffOp1: -2, Op0Reg: RegFP, Op1Src: Op1AP, ApUpdate: ApAdd1, Opcode: OpAssertEq})
	// [ap] = [ap-4] + [ap-3]; ap++
	a.ins(Instruction{OffDst: 0, OffOp0: -4, OffOp1: -3, Op1Src: Op1AP, Res: ResAdd, ApUpdate: ApAdd1, Opcode: OpAssertEq})
	// [ap] = [ap-3] + (-1); ap++
	a.ins(Instruction{OffDst: 0, OffOp0: -3, OffOp1: 1, Op1Src: Op1Imm, Res: ResAdd, ApUpdate: ApAdd1, Opcode: OpAssertEq}, -1)
	// jmp rel loop if [ap-1] != 0
	a.ins(Instruction{OffDst: -1, OffOp0: -1, OffOp1: 1, Op0Reg: RegFP, Op1Src: Op1Imm, PcUpdate: PcJnz}, int64(a.labels["loop"]-a.pc()))
	a.ret()
	return a
}

func mustRun(t testing.TB, p *Program, cfg Config) *Runner {
	t.Helper()
	r, err := NewRunner(p, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(t.Context(), "main", nil); err != nil {
		t.Fatal(err)
	}
	return r
}

// fibOutputProgram is a proof-mode program: __start__ calls main(output_ptr),
// which writes fib(n) to the output and returns output_ptr + 1.
func fibOutputProgram(n int64) *asmProg {
	a := newAsm()
	a.label("__start__")
	// ap += 1 (main's implicit argument output_ptr is already on the stack)
	a.ins(Instruction{OffDst: -1, OffOp0: -1, OffOp1: 1, DstReg: RegFP, Op0Reg: RegFP, Op1Src: Op1Imm, ApUpdate: ApAdd}, 1)
	a.ins(Instruction{OffDst: 0, OffOp0: 1, OffOp1: 1, Op1Src: Op1Imm, PcUpdate: PcJumpRel, Opcode: OpCall}, 4)
	a.label("__end__")
	a.ins(Instruction{OffDst: -1, OffOp0: -1, OffOp1: 1, DstReg: RegFP, Op0Reg: RegFP, Op1Src: Op1Imm, PcUpdate: PcJumpRel}, 0)
	a.label("main")
	body := fibProgram(n)
	a.data = append(a.data, body.data[:len(body.data)-1]...) // without ret
	// [ap-2] = [[fp-3]]
	a.ins(Instruction{OffDst: -2, OffOp0: -3, OffOp1: 0, Op0Reg: RegFP, Op1Src: Op1Op0, Opcode: OpAssertEq})
	// [ap] = [fp-3] + 1; ap++
	a.ins(Instruction{OffDst: 0, OffOp0: -3, OffOp1: 1, Op0Reg: RegFP, Op1Src: Op1Imm, Res: ResAdd, ApUpdate: ApAdd1, Opcode: OpAssertEq}, 1)
	a.ret()
	return a
}

func zeroLog() zerolog.Logger { return zerolog.Nop() }
