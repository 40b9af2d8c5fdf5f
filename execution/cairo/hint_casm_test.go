package cairo

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// hintEnv is a bare VM for exercising hints: segment 0 (program), segment 1
// (execution) with ap = fp = 1:100.
type hintEnv struct {
	t  *testing.T
	vm *VM
}

func newHintEnv(t *testing.T) *hintEnv {
	mem := NewMemory()
	mem.AddSegment()
	mem.AddSegment()
	vm := NewVM(mem, zeroLog())
	vm.AP = Relocatable{1, 100}
	vm.FP = Relocatable{1, 100}
	return &hintEnv{t: t, vm: vm}
}

// fp sets [fp + off] = v.
func (e *hintEnv) fp(off int, v Value) {
	e.t.Helper()
	if err := e.vm.Mem.Write(Relocatable{1, 100 + off}, v); err != nil {
		e.t.Fatal(err)
	}
}

// run compiles the hint JSON object and executes it.
func (e *hintEnv) run(js string) error {
	e.t.Helper()
	hs, err := ParseCasmHints([]byte(`[[0,[` + js + `]]]`))
	if err != nil {
		e.t.Fatalf("parse %s: %v", js, err)
	}
	return hs[0][0].Exec(e.vm)
}

func (e *hintEnv) mustRun(js string) {
	e.t.Helper()
	if err := e.run(js); err != nil {
		e.t.Fatalf("%s: %v", js, err)
	}
}

// ap returns [ap + off] as a value.
func (e *hintEnv) ap(off int) Value {
	e.t.Helper()
	v, err := e.vm.Mem.Read(Relocatable{1, 100 + off})
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func (e *hintEnv) apBig(off int) *big.Int {
	e.t.Helper()
	f, err := e.ap(off).AsFelt()
	if err != nil {
		e.t.Fatal(err)
	}
	return f.BigInt()
}

func (e *hintEnv) read(a Relocatable) Value {
	e.t.Helper()
	v, err := e.vm.Mem.Read(a)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func deref(off int) string  { return fmt.Sprintf(`{"Deref":{"register":"FP","offset":%d}}`, off) }
func imm(v *big.Int) string { return fmt.Sprintf(`{"Immediate":"0x%s"}`, v.Text(16)) }
func immInt(v int64) string { return imm(big.NewInt(v)) }
func cellAP(off int) string { return fmt.Sprintf(`{"register":"AP","offset":%d}`, off) }

func TestDictHints(t *testing.T) {
	e := newHintEnv(t)
	mem := e.vm.Mem
	infos := mem.AddSegment()
	arena := mem.AddSegment()
	if _, err := mem.WriteValues(arena, []Value{RelValue(infos), IntValue(0), IntValue(0)}); err != nil {
		t.Fatal(err)
	}
	e.fp(-1, RelValue(Relocatable{arena.Segment, 3}))
	e.mustRun(`{"AllocFelt252Dict":{"segment_arena_ptr":` + deref(-1) + `}}`)
	start, err := e.read(infos).AsRel()
	if err != nil {
		t.Fatalf("infos[0]: %v", err)
	}
	if start.Offset != 0 || start.Segment <= arena.Segment {
		t.Fatalf("dict start %s", start)
	}
	// First access of key 7: the previous value is the default 0.
	e.fp(-2, RelValue(start))
	e.mustRun(`{"Felt252DictEntryInit":{"dict_ptr":` + deref(-2) + `,"key":` + immInt(7) + `}}`)
	if v := e.read(Relocatable{start.Segment, 1}); !v.Equal(IntValue(0)) {
		t.Fatalf("previous value %s, want 0", v)
	}
	// The program writes the access (key, prev, new) and updates the entry.
	if _, err := mem.WriteValues(start, []Value{IntValue(7), IntValue(0), IntValue(42)}); err != nil {
		t.Fatal(err)
	}
	e.fp(-3, RelValue(Relocatable{start.Segment, 3}))
	e.mustRun(`{"Felt252DictEntryUpdate":{"dict_ptr":` + deref(-3) + `,"value":` + immInt(42) + `}}`)
	e.mustRun(`{"Felt252DictEntryInit":{"dict_ptr":` + deref(-3) + `,"key":` + immInt(7) + `}}`)
	if v := e.read(Relocatable{start.Segment, 4}); !v.Equal(IntValue(42)) {
		t.Fatalf("previous value after update %s, want 42", v)
	}
	e.mustRun(`{"GetSegmentArenaIndex":{"dict_end_ptr":` + deref(-3) + `,"dict_index":` + cellAP(0) + `}}`)
	if got := e.apBig(0); got.Int64() != 0 {
		t.Fatalf("arena index %s, want 0", got)
	}
	// A second dictionary gets arena index 1 and infos[3].
	if _, err := mem.WriteValues(Relocatable{arena.Segment, 3}, []Value{RelValue(infos), IntValue(1), IntValue(0)}); err != nil {
		t.Fatal(err)
	}
	e.fp(-4, RelValue(Relocatable{arena.Segment, 6}))
	e.mustRun(`{"AllocFelt252Dict":{"segment_arena_ptr":` + deref(-4) + `}}`)
	second, err := e.read(Relocatable{infos.Segment, 3}).AsRel()
	if err != nil || second.Segment == start.Segment {
		t.Fatalf("second dict %s (%v)", second, err)
	}
	e.fp(-5, RelValue(second))
	e.mustRun(`{"GetSegmentArenaIndex":{"dict_end_ptr":` + deref(-5) + `,"dict_index":` + cellAP(1) + `}}`)
	if got := e.apBig(1); got.Int64() != 1 {
		t.Fatalf("second arena index %s, want 1", got)
	}
	// Deprecated read/write hints on the second dictionary; a pointer value.
	e.mustRun(`{"Felt252DictWrite":{"dict_ptr":` + deref(-5) + `,"key":` + immInt(9) + `,"value":` + deref(-1) + `}}`)
	if v := e.read(Relocatable{second.Segment, 1}); !v.Equal(IntValue(0)) {
		t.Fatalf("Felt252DictWrite previous value %s", v)
	}
	e.mustRun(`{"Felt252DictRead":{"dict_ptr":` + deref(-5) + `,"key":` + immInt(9) + `,"value_dst":` + cellAP(2) + `}}`)
	if v := e.ap(2); !v.Equal(RelValue(Relocatable{arena.Segment, 3})) {
		t.Fatalf("Felt252DictRead %s", v)
	}
	// Keys are per dictionary.
	e.mustRun(`{"Felt252DictRead":{"dict_ptr":` + deref(-2) + `,"key":` + immInt(9) + `,"value_dst":` + cellAP(3) + `}}`)
	if v := e.ap(3); !v.Equal(IntValue(0)) {
		t.Fatalf("key 9 of the first dict %s, want 0", v)
	}
	// A pointer outside any dictionary is an error.
	err = e.run(`{"Felt252DictEntryInit":{"dict_ptr":` + deref(-1) + `,"key":` + immInt(7) + `}}`)
	if !errors.Is(err, ErrHint) {
		t.Fatalf("unknown dict: %v", err)
	}
}

func TestSquashHints(t *testing.T) {
	e := newHintEnv(t)
	mem := e.vm.Mem
	acc := mem.AddSegment()
	rc := mem.AddSegment()
	big130 := new(big.Int).Lsh(big.NewInt(1), 130)
	keys := []felt.Felt{felt.FromUint64(5), felt.FromUint64(3), felt.FromUint64(5), felt.FromBigInt(big130), felt.FromUint64(3)}
	for i, k := range keys {
		if _, err := mem.WriteFelts(Relocatable{acc.Segment, 3 * i}, []felt.Felt{k, felt.Zero, felt.Zero}); err != nil {
			t.Fatal(err)
		}
	}
	e.fp(-1, RelValue(acc))
	e.fp(-2, RelValue(rc))
	e.fp(-3, RelValue(Relocatable{rc.Segment, 1}))
	e.fp(-4, IntValue(2))
	e.mustRun(`{"InitSquashData":{"dict_accesses":` + deref(-1) + `,"ptr_diff":` + immInt(15) + `,"n_accesses":` + immInt(5) +
		`,"big_keys":` + cellAP(0) + `,"first_key":` + cellAP(1) + `}}`)
	if e.apBig(0).Int64() != 1 || e.apBig(1).Int64() != 3 {
		t.Fatalf("big_keys %s first_key %s, want 1 and 3", e.apBig(0), e.apBig(1))
	}
	// Key 3 is accessed at indices 1 and 4.
	e.mustRun(`{"GetCurrentAccessIndex":{"range_check_ptr":` + deref(-2) + `}}`)
	if v := e.read(rc); !v.Equal(IntValue(1)) {
		t.Fatalf("first access index %s, want 1", v)
	}
	e.mustRun(`{"ShouldSkipSquashLoop":{"should_skip_loop":` + cellAP(2) + `}}`)
	e.mustRun(`{"GetCurrentAccessDelta":{"index_delta_minus1":` + cellAP(3) + `}}`)
	e.mustRun(`{"ShouldContinueSquashLoop":{"should_continue":` + cellAP(4) + `}}`)
	if e.apBig(2).Int64() != 0 || e.apBig(3).Int64() != 2 || e.apBig(4).Int64() != 0 {
		t.Fatalf("skip %s delta-1 %s continue %s, want 0 2 0", e.apBig(2), e.apBig(3), e.apBig(4))
	}
	e.mustRun(`"AssertCurrentAccessIndicesIsEmpty"`)
	e.mustRun(`{"AssertAllAccessesUsed":{"n_used_accesses":{"register":"FP","offset":-4}}}`)
	if err := e.run(`"AssertAllKeysUsed"`); !errors.Is(err, ErrHint) {
		t.Fatalf("AssertAllKeysUsed with keys left: %v", err)
	}
	// Next key 5 (indices 0, 2), then 2^130 (index 3).
	e.mustRun(`{"GetNextDictKey":{"next_key":` + cellAP(5) + `}}`)
	if e.apBig(5).Int64() != 5 {
		t.Fatalf("next key %s, want 5", e.apBig(5))
	}
	e.mustRun(`{"GetCurrentAccessIndex":{"range_check_ptr":` + deref(-3) + `}}`)
	e.mustRun(`{"ShouldSkipSquashLoop":{"should_skip_loop":` + cellAP(6) + `}}`)
	e.mustRun(`{"GetCurrentAccessDelta":{"index_delta_minus1":` + cellAP(7) + `}}`)
	if v := e.read(Relocatable{rc.Segment, 1}); !v.Equal(IntValue(0)) || e.apBig(6).Int64() != 0 || e.apBig(7).Int64() != 1 {
		t.Fatalf("key 5: first index %s skip %s delta-1 %s", v, e.apBig(6), e.apBig(7))
	}
	if err := e.run(`{"GetCurrentAccessDelta":{"index_delta_minus1":` + cellAP(8) + `}}`); !errors.Is(err, ErrHint) {
		t.Fatalf("delta with no access left: %v", err)
	}
	e.mustRun(`{"GetNextDictKey":{"next_key":` + cellAP(9) + `}}`)
	if e.apBig(9).Cmp(big130) != 0 {
		t.Fatalf("last key %s", e.apBig(9))
	}
	e.fp(-5, RelValue(Relocatable{rc.Segment, 2}))
	e.mustRun(`{"GetCurrentAccessIndex":{"range_check_ptr":` + deref(-5) + `}}`)
	e.mustRun(`{"ShouldSkipSquashLoop":{"should_skip_loop":` + cellAP(10) + `}}`)
	if e.apBig(10).Int64() != 1 {
		t.Fatalf("single access: skip %s, want 1", e.apBig(10))
	}
	e.mustRun(`"AssertAllKeysUsed"`)
	if err := e.run(`{"GetNextDictKey":{"next_key":` + cellAP(11) + `}}`); !errors.Is(err, ErrHint) {
		t.Fatalf("GetNextDictKey with no keys: %v", err)
	}
	// ptr_diff must be a multiple of 3.
	if err := e.run(`{"InitSquashData":{"dict_accesses":` + deref(-1) + `,"ptr_diff":` + immInt(14) + `,"n_accesses":` + immInt(5) +
		`,"big_keys":` + cellAP(12) + `,"first_key":` + cellAP(13) + `}}`); !errors.Is(err, ErrHint) {
		t.Fatalf("ptr_diff 14: %v", err)
	}
}

func TestAssertLeArcHints(t *testing.T) {
	p := felt.Modulus()
	third := new(big.Int).Quo(p, big.NewInt(3))
	half := new(big.Int).Rsh(p, 1)
	cases := []struct {
		a, b     *big.Int
		excluded int
	}{
		{big.NewInt(10), big.NewInt(100), 2},
		{new(big.Int).Sub(p, big.NewInt(5)), new(big.Int).Sub(p, big.NewInt(2)), 0},
		{big.NewInt(3), new(big.Int).Sub(p, big.NewInt(3)), 1},
		{new(big.Int).Lsh(big.NewInt(1), 200), new(big.Int).Lsh(big.NewInt(1), 201), 2},
		{big.NewInt(0), big.NewInt(0), 2},
	}
	for i, c := range cases {
		e := newHintEnv(t)
		rc := e.vm.Mem.AddSegment()
		e.fp(-1, RelValue(rc))
		e.mustRun(`{"AssertLeFindSmallArcs":{"range_check_ptr":` + deref(-1) + `,"a":` + imm(c.a) + `,"b":` + imm(c.b) + `}}`)
		e.mustRun(`{"AssertLeIsFirstArcExcluded":{"skip_exclude_a_flag":` + cellAP(0) + `}}`)
		e.mustRun(`{"AssertLeIsSecondArcExcluded":{"skip_exclude_b_minus_a":` + cellAP(1) + `}}`)
		first, second := e.apBig(0).Int64(), e.apBig(1).Int64()
		wantFirst, wantSecond := int64(1), int64(1)
		if c.excluded == 0 {
			wantFirst = 0
		}
		if c.excluded == 1 {
			wantSecond = 0
		}
		if first != wantFirst || second != wantSecond {
			t.Fatalf("case %d: flags %d %d, want %d %d", i, first, second, wantFirst, wantSecond)
		}
		err := e.run(`"AssertLeAssertThirdArcExcluded"`)
		if (c.excluded == 2) != (err == nil) {
			t.Fatalf("case %d: third arc check %v with excluded %d", i, err, c.excluded)
		}
		// The range-check cells recompose the two kept arcs, each half below its bound.
		arcs := map[int]*big.Int{0: c.a, 1: new(big.Int).Sub(c.b, c.a), 2: new(big.Int).Sub(new(big.Int).Sub(p, big.NewInt(1)), c.b)}
		cell := func(k int) *big.Int { f, _ := e.read(Relocatable{rc.Segment, k}).AsFelt(); return f.BigInt() }
		short := new(big.Int).Add(new(big.Int).Mul(cell(1), arcPrimeOver3High), cell(0))
		long := new(big.Int).Add(new(big.Int).Mul(cell(3), arcPrimeOver2High), cell(2))
		kept := []*big.Int{}
		for j := 0; j < 3; j++ {
			if j != c.excluded {
				kept = append(kept, arcs[j])
			}
		}
		if !((short.Cmp(kept[0]) == 0 && long.Cmp(kept[1]) == 0) || (short.Cmp(kept[1]) == 0 && long.Cmp(kept[0]) == 0)) {
			t.Fatalf("case %d: range-check cells give %s and %s, kept arcs %s %s", i, short, long, kept[0], kept[1])
		}
		if short.Cmp(third) > 0 || long.Cmp(half) > 0 || cell(0).Cmp(arcPrimeOver3High) >= 0 || cell(2).Cmp(arcPrimeOver2High) >= 0 {
			t.Fatalf("case %d: arcs not small", i)
		}
	}
	e := newHintEnv(t)
	e.fp(-1, RelValue(e.vm.Mem.AddSegment()))
	if err := e.run(`{"AssertLeFindSmallArcs":{"range_check_ptr":` + deref(-1) + `,"a":` + immInt(5) + `,"b":` + immInt(4) + `}}`); !errors.Is(err, ErrHint) {
		t.Fatalf("a > b: %v", err)
	}
	if err := e.run(`{"AssertLtAssertValidInput":{"a":` + immInt(4) + `,"b":` + immInt(4) + `}}`); !errors.Is(err, ErrHint) {
		t.Fatalf("AssertLtAssertValidInput 4 < 4: %v", err)
	}
	e.mustRun(`{"AssertLtAssertValidInput":{"a":` + immInt(3) + `,"b":` + immInt(4) + `}}`)
}

func limbsJSON(prefix string, v *big.Int, n int) string {
	var parts []string
	for i, l := range splitLimbs(v, n) {
		parts = append(parts, fmt.Sprintf(`"%s%d":%s`, prefix, i, imm(l)))
	}
	return strings.Join(parts, ",")
}

func cellsJSON(prefix string, n, first int) string {
	var parts []string
	for i := 0; i < n; i++ {
		parts = append(parts, fmt.Sprintf(`"%s%d":%s`, prefix, i, cellAP(first+i)))
	}
	return strings.Join(parts, ",")
}

func randBits(r *rand.Rand, bits int) *big.Int {
	v := new(big.Int)
	for i := 0; i < bits; i += 32 {
		v.Lsh(v, 32).Or(v, big.NewInt(int64(r.Uint32())))
	}
	return v.Rsh(v, uint(v.BitLen()-min(v.BitLen(), bits)))
}

func TestUintDivModHints(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 50; i++ {
		for _, n := range []int{2, 4} {
			dividend := randBits(r, 128*n-r.IntN(100))
			divisor := randBits(r, 1+r.IntN(256))
			if divisor.Sign() == 0 {
				divisor.SetInt64(1)
			}
			name := "Uint256DivMod"
			if n == 4 {
				name = "Uint512DivModByUint256"
			}
			e := newHintEnv(t)
			e.mustRun(`{"` + name + `":{` + limbsJSON("dividend", dividend, n) + "," + limbsJSON("divisor", divisor, 2) + "," +
				cellsJSON("quotient", n, 0) + "," + cellsJSON("remainder", 2, 10) + `}}`)
			var q, rem []*big.Int
			for j := 0; j < n; j++ {
				q = append(q, e.apBig(j))
			}
			rem = append(rem, e.apBig(10), e.apBig(11))
			for _, l := range append(append([]*big.Int{}, q...), rem...) {
				if l.BitLen() > 128 {
					t.Fatalf("%s: limb %s over 128 bits", name, l)
				}
			}
			qv, rv := joinLimbs(q), joinLimbs(rem)
			back := new(big.Int).Add(new(big.Int).Mul(qv, divisor), rv)
			if back.Cmp(dividend) != 0 || rv.Cmp(divisor) >= 0 {
				t.Fatalf("%s(%s, %s) = %s, %s", name, dividend, divisor, qv, rv)
			}
		}
	}
	e := newHintEnv(t)
	err := e.run(`{"Uint256DivMod":{` + limbsJSON("dividend", big.NewInt(5), 2) + "," + limbsJSON("divisor", big.NewInt(0), 2) + "," +
		cellsJSON("quotient", 2, 0) + "," + cellsJSON("remainder", 2, 10) + `}}`)
	if !errors.Is(err, ErrHint) {
		t.Fatalf("division by zero: %v", err)
	}
}

func TestUint256SquareRootHint(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	vals := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(99), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))}
	for i := 0; i < 50; i++ {
		vals = append(vals, randBits(r, 1+r.IntN(256)))
	}
	for _, v := range vals {
		e := newHintEnv(t)
		l := splitLimbs(v, 2)
		e.mustRun(`{"Uint256SquareRoot":{"value_low":` + imm(l[0]) + `,"value_high":` + imm(l[1]) + `,"sqrt0":` + cellAP(0) + `,"sqrt1":` + cellAP(1) +
			`,"remainder_low":` + cellAP(2) + `,"remainder_high":` + cellAP(3) + `,"sqrt_mul_2_minus_remainder_ge_u128":` + cellAP(4) + `}}`)
		s0, s1 := e.apBig(0), e.apBig(1)
		if s0.BitLen() > 64 || s1.BitLen() > 64 {
			t.Fatalf("sqrt limbs %s %s over 64 bits", s0, s1)
		}
		root := new(big.Int).Add(new(big.Int).Lsh(s1, 64), s0)
		rem := joinLimbs([]*big.Int{e.apBig(2), e.apBig(3)})
		next := new(big.Int).Add(root, big.NewInt(1))
		if new(big.Int).Add(new(big.Int).Mul(root, root), rem).Cmp(v) != 0 || new(big.Int).Mul(next, next).Cmp(v) <= 0 {
			t.Fatalf("sqrt(%s): root %s rem %s", v, root, rem)
		}
		ge := new(big.Int).Sub(new(big.Int).Lsh(root, 1), rem).Cmp(rcBound) >= 0
		if flag := e.apBig(4).Int64(); flag != map[bool]int64{false: 0, true: 1}[ge] {
			t.Fatalf("sqrt(%s): flag %d", v, flag)
		}
	}
}

func TestU256InvModNHint(t *testing.T) {
	run := func(b, n *big.Int) (*hintEnv, []*big.Int) {
		e := newHintEnv(t)
		e.mustRun(`{"U256InvModN":{` + limbsJSON("b", b, 2) + "," + limbsJSON("n", n, 2) + `,"g0_or_no_inv":` + cellAP(0) + `,"g1_option":` + cellAP(1) +
			`,"s_or_r0":` + cellAP(2) + `,"s_or_r1":` + cellAP(3) + `,"t_or_k0":` + cellAP(4) + `,"t_or_k1":` + cellAP(5) + `}}`)
		out := []*big.Int{e.apBig(0), nil, e.apBig(2), e.apBig(3), e.apBig(4), e.apBig(5)}
		if _, ok := e.vm.Mem.Get(Relocatable{1, 101}); ok {
			out[1] = e.apBig(1)
		}
		return e, out
	}
	r := rand.New(rand.NewPCG(10, 11))
	for i := 0; i < 40; i++ {
		n := randBits(r, 2+r.IntN(255))
		b := new(big.Int).Mod(randBits(r, 256), n)
		if n.Cmp(big.NewInt(1)) <= 0 {
			continue
		}
		_, out := run(b, n)
		g := new(big.Int).GCD(nil, nil, b, n)
		if g.Cmp(big.NewInt(1)) == 0 {
			if out[0].Sign() != 0 || out[1] != nil {
				t.Fatalf("invertible %s mod %s: g0 %s g1 %v", b, n, out[0], out[1])
			}
			rv, kv := joinLimbs(out[2:4]), joinLimbs(out[4:6])
			// r * b = 1 + k * n with r < n.
			lhs := new(big.Int).Mul(rv, b)
			rhs := new(big.Int).Add(new(big.Int).Mul(kv, n), big.NewInt(1))
			if lhs.Cmp(rhs) != 0 || rv.Cmp(n) >= 0 {
				t.Fatalf("inverse of %s mod %s: r %s k %s", b, n, rv, kv)
			}
			continue
		}
		gv, sv, tv := joinLimbs(out[0:2]), joinLimbs(out[2:4]), joinLimbs(out[4:6])
		if gv.Cmp(big.NewInt(1)) <= 0 || new(big.Int).Mul(gv, sv).Cmp(b) != 0 || new(big.Int).Mul(gv, tv).Cmp(n) != 0 ||
			!(gv.Cmp(big.NewInt(2)) == 0 || gv.Bit(0) == 1) {
			t.Fatalf("no inverse of %s mod %s: g %s s %s t %s", b, n, gv, sv, tv)
		}
	}
	// Small fixed cases: 3^-1 mod 7 = 5 (k = 2); gcd(4, 6) even -> g = 2; gcd(9, 15) = 3.
	if _, out := run(big.NewInt(3), big.NewInt(7)); out[2].Int64() != 5 || out[4].Int64() != 2 {
		t.Fatalf("3^-1 mod 7: %v", out)
	}
	if _, out := run(big.NewInt(4), big.NewInt(6)); out[0].Int64() != 2 || out[2].Int64() != 2 || out[4].Int64() != 3 {
		t.Fatalf("4 mod 6: %v", out)
	}
	if _, out := run(big.NewInt(12), big.NewInt(18)); out[0].Int64() != 2 || out[2].Int64() != 6 || out[4].Int64() != 9 {
		t.Fatalf("12 mod 18 (gcd 6, even -> 2): %v", out)
	}
	if _, out := run(big.NewInt(9), big.NewInt(15)); out[0].Int64() != 3 || out[2].Int64() != 3 || out[4].Int64() != 5 {
		t.Fatalf("9 mod 15: %v", out)
	}
	if _, out := run(big.NewInt(77), big.NewInt(1)); out[0].Int64() != 1 || out[1].Sign() != 0 || out[2].Int64() != 77 || out[4].Int64() != 1 {
		t.Fatalf("n = 1: %v", out)
	}
}

func TestRandomEcPointHint(t *testing.T) {
	var pts [2][2]felt.Felt
	for i := range pts {
		e := newHintEnv(t)
		e.mustRun(`{"RandomEcPoint":{"x":` + cellAP(0) + `,"y":` + cellAP(1) + `}}`)
		x, _ := e.ap(0).AsFelt()
		y, _ := e.ap(1).AsFelt()
		if !crypto.OnCurve(&x, &y) {
			t.Fatalf("(%s, %s) is not on the curve", x.Hex(), y.Hex())
		}
		pts[i] = [2]felt.Felt{x, y}
		// A second call in the same run gives another point.
		e.mustRun(`{"RandomEcPoint":{"x":` + cellAP(2) + `,"y":` + cellAP(3) + `}}`)
		if x2, _ := e.ap(2).AsFelt(); x2.Equal(&x) {
			t.Fatal("two RandomEcPoint calls gave the same point")
		}
	}
	if pts[0] != pts[1] {
		t.Fatal("RandomEcPoint is not deterministic")
	}
}

func TestCasmHintParsing(t *testing.T) {
	if _, err := ParseCasmHints([]byte(`[[0,["AssertAllKeysUsed",{"AllocSegment":{"dst":{"register":"AP","offset":0}}}]]]`)); err != nil {
		t.Fatalf("unit variant: %v", err)
	}
	if _, err := ParseCasmHints([]byte(`[[0,[{"NoSuchHint":{}}]]]`)); !errors.Is(err, ErrUnknownHint) || !strings.Contains(err.Error(), "NoSuchHint") {
		t.Fatalf("unknown hint: %v", err)
	}
	if _, err := ParseCasmHints([]byte(`[[0,[{"Uint256DivMod":{"dividend0":{"Immediate":"0x1"}}}]]]`)); !errors.Is(err, ErrProgram) {
		t.Fatalf("missing operands: %v", err)
	}
	if _, err := ParseCasmHints([]byte(`[[0,[{"AllocSegment":{"dst":{"register":"XP","offset":0}}}]]]`)); !errors.Is(err, ErrProgram) {
		t.Fatalf("bad register: %v", err)
	}
}
