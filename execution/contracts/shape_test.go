package contracts

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// fakeSyscalls is a minimal Starknet syscall handler (in-memory storage,
// calls that return nothing, a fixed execution info) that lets the shape
// test run entry points on the bare VM. With fail set every syscall fails.
type fakeSyscalls struct {
	storage map[felt.Felt]felt.Felt
	caller  felt.Felt
	txHash  felt.Felt
	sig     []felt.Felt
	fail    bool
}

func (h *fakeSyscalls) Syscall(vm *cairo.VM, p cairo.Relocatable) error {
	m := vm.Mem
	at := func(i int) cairo.Relocatable { a, _ := p.Add(i); return a }
	rd := func(i int) felt.Felt { f, _ := m.ReadFelt(at(i)); return f }
	sel, gas := rd(0), rd(1)
	gas.Sub(&gas, &felt.One)
	n := map[felt.Felt]int{starknet.ShortString("StorageRead"): 4, starknet.ShortString("StorageWrite"): 5,
		starknet.ShortString("CallContract"): 6, starknet.ShortString("EmitEvent"): 6, starknet.ShortString("GetExecutionInfo"): 2}[sel]
	if n == 0 {
		return fmt.Errorf("unexpected syscall %s", sel)
	}
	seg := func(fs ...felt.Felt) []cairo.Value {
		s := m.AddSegment()
		e, _ := m.WriteFelts(s, fs)
		return []cairo.Value{cairo.RelValue(s), cairo.RelValue(e)}
	}
	resp := []cairo.Value{cairo.FeltValue(gas), cairo.IntValue(0)}
	if h.fail {
		resp[1] = cairo.IntValue(1)
		_, err := m.WriteValues(at(n), append(resp, seg(starknet.ShortString("fake failure"))...))
		return err
	}
	switch n {
	case 4:
		resp = append(resp, cairo.FeltValue(h.storage[rd(3)]))
	case 5:
		h.storage[rd(3)] = rd(4)
	case 6:
		if sel == starknet.ShortString("CallContract") {
			resp = append(resp, seg(fu(1), fu(2))...)
		}
	case 2:
		block := m.AddSegment()
		_, _ = m.WriteFelts(block, []felt.Felt{fu(1), fu(2), fu(3)})
		tx := m.AddSegment()
		vals := []cairo.Value{cairo.FeltValue(fu(3)), cairo.FeltValue(fu(0x42)), cairo.FeltValue(felt.Zero)}
		vals = append(vals, seg(h.sig...)...)
		vals = append(vals, cairo.FeltValue(h.txHash), cairo.FeltValue(chainID), cairo.FeltValue(felt.Zero))
		vals = append(vals, seg()...)
		vals = append(vals, cairo.FeltValue(felt.Zero))
		vals = append(vals, seg()...)
		vals = append(vals, cairo.FeltValue(felt.Zero), cairo.FeltValue(felt.Zero))
		vals = append(vals, seg()...)
		if _, err := m.WriteValues(tx, vals); err != nil {
			return err
		}
		info := m.AddSegment()
		if _, err := m.WriteValues(info, []cairo.Value{cairo.RelValue(block), cairo.RelValue(tx),
			cairo.FeltValue(h.caller), cairo.FeltValue(fu(0x42)), cairo.FeltValue(felt.Zero)}); err != nil {
			return err
		}
		resp = append(resp, cairo.RelValue(info))
	}
	_, err := m.WriteValues(at(n), resp)
	return err
}

// TestReturnShape runs every entry point on the bare VM with valid and
// malformed calldata, with working and with failing syscalls, and checks
// the Cairo 1 return convention exactly: each builtin pointer returned at
// the end of what was used in its segment, gas not above the initial gas,
// the syscall pointer at the end of the used syscall segment, a 0/1 flag.
// (The executor reads only the last three values; this checks the rest.)
func TestReturnShape(t *testing.T) {
	priv, err := crypto.PrivateKeyFromFelt(fu(0xc0ffee))
	must(t, err)
	pub := crypto.GetPublicKey(priv)
	hash := fu(0x1234)
	r, s, err := crypto.Sign(priv, hash)
	must(t, err)
	amount := u256(new(big.Int).Lsh(big.NewInt(1), 129))
	special := map[string][][]felt.Felt{
		"__execute__":        {multicall(call{fu(5), "x", []felt.Felt{fu(1)}}, call{fu(6), "y", nil}), {fu(1), fu(5), fu(1), fu(9)}},
		"is_valid_signature": {{hash, fu(2), r, s}, {hash, fu(2), s, r}},
		"transfer":           {append([]felt.Felt{fu(9)}, amount...), {fu(9), fu(1), fu(0)}},
		"transfer_from":      {append([]felt.Felt{fu(8), fu(9)}, amount...)},
		"approve":            {{fu(9), fu(1), fu(0)}, {felt.Zero, fu(1), fu(0)}},
		"constructor":        {{fu(1), fu(2), fu(18), fu(100), fu(0), fu(9)}, {pub}},
		"fib":                {{fu(30)}, {fu(1 << 40)}},
	}
	for _, name := range Names() {
		class, err := Class(name)
		must(t, err)
		hints, err := cairo.ParseCasmHints(class.Hints)
		must(t, err)
		eps := append(append([]starknet.EntryPoint{}, class.EntryPoints.External...), class.EntryPoints.Constructor...)
		for _, ep := range eps {
			label := ep.Selector.Hex()
			for _, n := range []string{"__execute__", "is_valid_signature", "transfer", "transfer_from", "approve", "constructor", "fib", "__validate__"} {
				if crypto.Selector(n) == ep.Selector {
					label = n
				}
			}
			inputs := append([][]felt.Felt{nil, {fu(1)}, {fu(1), fu(2)}, {fu(1), fu(2), fu(3)}, {fu(1), fu(2), fu(3), fu(4)},
				{fu(1), fu(2), fu(3), fu(4), fu(5), fu(6)}}, special[label]...)
			for _, fail := range []bool{false, true} {
				for i, cd := range inputs {
					for _, sig := range [][]felt.Felt{{r, s}, {r}} {
						h := &fakeSyscalls{storage: map[felt.Felt]felt.Felt{PublicKeyKey: pub}, caller: fu(7), txHash: hash, sig: sig, fail: fail}
						if name == AccountName {
							h.caller = felt.Zero
						}
						checkShape(t, fmt.Sprintf("%s.%s input %d fail=%v sig=%d", name, label, i, fail, len(sig)), class, hints, &ep, cd, h)
					}
				}
			}
		}
	}
}

func checkShape(t *testing.T, what string, class *starknet.Class, hints map[int][]cairo.Hint, ep *starknet.EntryPoint, cd []felt.Felt, h *fakeSyscalls) {
	t.Helper()
	const gas = 1 << 40
	var sys cairo.Relocatable
	res, err := cairo.RunEntryPoint(context.Background(), cairo.EntryPointCall{Bytecode: class.Bytecode, Hints: hints,
		Offset: int(ep.Offset), Builtins: ep.Builtins, Calldata: cd, Gas: gas, Syscalls: h, MaxSteps: 1 << 24,
		Log: zerolog.Nop(), SystemSegment: func(r cairo.Relocatable) { sys = r }})
	if err != nil {
		t.Fatalf("%s: VM error: %v", what, err)
	}
	vm := res.Runner.VM
	k := len(ep.Builtins)
	top := vm.AP
	val := func(i int) cairo.Value {
		v, err := vm.Mem.Read(cairo.Relocatable{Segment: top.Segment, Offset: top.Offset - (k + 5) + i})
		if err != nil {
			t.Fatalf("%s: return value %d: %v", what, i, err)
		}
		return v
	}
	for i, b := range ep.Builtins {
		p, err := val(i).AsRel()
		br := res.Runner.Builtin(b)
		if err != nil || br == nil || p.Segment != br.Base.Segment || p.Offset != br.UsedCells(vm.Mem) {
			t.Fatalf("%s: builtin %s returned %s, used %d cells", what, b, val(i), br.UsedCells(vm.Mem))
		}
	}
	g, err := val(k).AsFelt()
	if err != nil || !g.IsUint64() || g.Uint64() > gas {
		t.Fatalf("%s: gas %s", what, val(k))
	}
	p, err := val(k + 1).AsRel()
	if err != nil || p.Segment != sys.Segment || p.Offset != vm.Mem.SegmentUsedSize(sys.Segment) {
		t.Fatalf("%s: syscall pointer %s, segment %d used %d", what, val(k+1), sys.Segment, vm.Mem.SegmentUsedSize(sys.Segment))
	}
	if f, err := val(k + 2).AsFelt(); err != nil || (!f.IsZero() && !f.IsOne()) {
		t.Fatalf("%s: failure flag %s", what, val(k+2))
	}
}
