package cairo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

const testScope = "__main__.f"

// cairo0Hint compiles code with references name -> expression (all in ap
// tracking group 0 at offset 0) and constants in the hint's scope.
func compileTestHint(t *testing.T, code string, refs map[string]string, consts map[string]*big.Int, structs map[string]Identifier) Hint {
	t.Helper()
	p := &Program{Identifiers: map[string]Identifier{}, MainScope: "__main__", Hints: map[int][]Cairo0Hint{}}
	h := Cairo0Hint{Code: code, AccessibleScopes: []string{"__main__", testScope}, FlowTracking: FlowTracking{ReferenceIDs: map[string]int{}}}
	names := make([]string, 0, len(refs))
	for n := range refs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		h.FlowTracking.ReferenceIDs[testScope+"."+n] = len(p.References)
		p.References = append(p.References, Reference{Value: refs[n]})
	}
	for n, v := range consts {
		p.Identifiers[testScope+"."+n] = Identifier{Type: "const", Value: json.RawMessage(v.String())}
	}
	for n, s := range structs {
		p.Identifiers[n] = s
	}
	ch, err := compileCairo0Hint(p, h)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func fpRef(off int) string { return fmt.Sprintf("[cast(fp + (%d), felt*)]", off) }

func TestCairo0AssertLeFelt(t *testing.T) {
	consts := map[string]*big.Int{"PRIME_OVER_3_HIGH": arcPrimeOver3High, "PRIME_OVER_2_HIGH": arcPrimeOver2High}
	refs := map[string]string{"a": fpRef(-5), "b": fpRef(-4), "range_check_ptr": fpRef(-3)}
	le := compileTestHint(t, hintAssertLeFelt, refs, consts, nil)
	ex0 := compileTestHint(t, hintExcluded0, nil, nil, nil)
	ex2 := compileTestHint(t, hintExcluded2, nil, nil, nil)
	e := newHintEnv(t)
	rc := e.vm.Mem.AddSegment()
	p := felt.Modulus()
	a, b := new(big.Int).Sub(p, big.NewInt(5)), new(big.Int).Sub(p, big.NewInt(2))
	e.fp(-5, FeltValue(felt.FromBigInt(a)))
	e.fp(-4, FeltValue(felt.FromBigInt(b)))
	e.fp(-3, RelValue(rc))
	if err := le.Exec(e.vm); err != nil {
		t.Fatal(err)
	}
	// Arcs: a = p-5 (excluded), b-a = 3, p-1-b = 1.
	for i, want := range []int64{1, 0, 3, 0} {
		if v := e.read(Relocatable{rc.Segment, i}); !v.Equal(IntValue(want)) {
			t.Fatalf("[rc + %d] = %s, want %d", i, v, want)
		}
	}
	if err := ex0.Exec(e.vm); err != nil {
		t.Fatal(err)
	}
	if v := e.ap(0); !v.Equal(IntValue(0)) {
		t.Fatalf("excluded != 0 flag %s, want 0", v)
	}
	if err := ex2.Exec(e.vm); !errors.Is(err, ErrHint) {
		t.Fatalf("assert excluded == 2: %v", err)
	}
	// a > b fails; assert_lt_felt and is_le_felt.
	e2 := newHintEnv(t)
	e2.fp(-5, IntValue(7))
	e2.fp(-4, IntValue(7))
	e2.fp(-3, RelValue(e2.vm.Mem.AddSegment()))
	if err := compileTestHint(t, hintAssertLtFelt, refs, nil, nil).Exec(e2.vm); !errors.Is(err, ErrHint) {
		t.Fatalf("assert_lt_felt(7, 7): %v", err)
	}
	if err := compileTestHint(t, hintAssertLeFeltV06, refs, nil, nil).Exec(e2.vm); err != nil {
		t.Fatalf("assert_le_felt v0.6 (7, 7): %v", err)
	}
	if err := compileTestHint(t, hintIsLeFelt, refs, nil, nil).Exec(e2.vm); err != nil || !e2.ap(0).Equal(IntValue(0)) {
		t.Fatalf("is_le_felt(7, 7): %v %s", err, e2.ap(0))
	}
	refs8 := map[string]string{"a": fpRef(-5), "b": fpRef(-4), "small_inputs": fpRef(1)}
	if err := compileTestHint(t, hintAssertLeFeltV08, refs8, nil, nil).Exec(e2.vm); err != nil || !e2.ap(1).Equal(IntValue(1)) {
		t.Fatalf("assert_le_felt v0.8 small inputs: %v", err)
	}
}

func TestCairo0FindElementSetAdd(t *testing.T) {
	e := newHintEnv(t)
	arr := e.vm.Mem.AddSegment()
	// Elements of size 2: keys 10, 20, 30.
	if _, err := e.vm.Mem.WriteValues(arr, []Value{IntValue(10), IntValue(1), IntValue(20), IntValue(2), IntValue(30), IntValue(3)}); err != nil {
		t.Fatal(err)
	}
	e.fp(-6, RelValue(arr))
	e.fp(-5, IntValue(2))
	e.fp(-4, IntValue(3))
	e.fp(-3, IntValue(20))
	refs := map[string]string{"array_ptr": fpRef(-6), "elm_size": fpRef(-5), "n_elms": fpRef(-4), "key": fpRef(-3), "index": fpRef(0)}
	if err := compileTestHint(t, hintFindElement, refs, nil, nil).Exec(e.vm); err != nil || !e.ap(0).Equal(IntValue(1)) {
		t.Fatalf("find_element(20): %v", err)
	}
	refs["index"] = fpRef(1)
	if err := compileTestHint(t, hintSearchSortedLower, refs, nil, nil).Exec(e.vm); err != nil || !e.ap(1).Equal(IntValue(1)) {
		t.Fatalf("search_sorted_lower(20): %v", err)
	}
	e.fp(-7, IntValue(99))
	refs["key"], refs["index"] = fpRef(-7), fpRef(2)
	if err := compileTestHint(t, hintFindElement, refs, nil, nil).Exec(e.vm); !errors.Is(err, ErrHint) {
		t.Fatalf("find_element(99): %v", err)
	}
	if err := compileTestHint(t, hintSearchSortedLower, refs, nil, nil).Exec(e.vm); err != nil || !e.ap(2).Equal(IntValue(3)) {
		t.Fatalf("search_sorted_lower(99) = n_elms: %v", err)
	}
	// set_add: (30, 3) is element 2 of the set; (30, 4) is not in it.
	elm := e.vm.Mem.AddSegment()
	if _, err := e.vm.Mem.WriteValues(elm, []Value{IntValue(30), IntValue(3), IntValue(30), IntValue(4)}); err != nil {
		t.Fatal(err)
	}
	e.fp(-8, RelValue(Relocatable{arr.Segment, 6}))
	e.fp(-9, RelValue(elm))
	e.fp(-10, RelValue(Relocatable{elm.Segment, 2}))
	set := map[string]string{"set_ptr": fpRef(-6), "set_end_ptr": fpRef(-8), "elm_size": fpRef(-5), "elm_ptr": fpRef(-9), "index": fpRef(3), "is_elm_in_set": fpRef(4)}
	if err := compileTestHint(t, hintSetAdd, set, nil, nil).Exec(e.vm); err != nil || !e.ap(3).Equal(IntValue(2)) || !e.ap(4).Equal(IntValue(1)) {
		t.Fatalf("set_add present: %v", err)
	}
	set["elm_ptr"], set["is_elm_in_set"] = fpRef(-10), fpRef(5)
	if err := compileTestHint(t, hintSetAdd, set, nil, nil).Exec(e.vm); err != nil || !e.ap(5).Equal(IntValue(0)) {
		t.Fatalf("set_add absent: %v", err)
	}
}

func TestCairo0Usort(t *testing.T) {
	e := newHintEnv(t)
	in := e.vm.Mem.AddSegment()
	input := []int64{5, 2, 5, 9, 2, 5}
	for i, v := range input {
		if err := e.vm.Mem.Write(Relocatable{in.Segment, i}, IntValue(v)); err != nil {
			t.Fatal(err)
		}
	}
	e.fp(-4, RelValue(in))
	e.fp(-3, IntValue(int64(len(input))))
	refs := map[string]string{"input": fpRef(-4), "input_len": fpRef(-3), "output_len": fpRef(0), "output": fpRef(1), "multiplicities": fpRef(2)}
	for _, code := range []string{hintUsortEnterScope, hintUsortBody} {
		if err := compileTestHint(t, code, refs, nil, nil).Exec(e.vm); err != nil {
			t.Fatal(err)
		}
	}
	if !e.ap(0).Equal(IntValue(3)) {
		t.Fatalf("output_len %s", e.ap(0))
	}
	out, _ := e.ap(1).AsRel()
	mult, _ := e.ap(2).AsRel()
	for i, want := range [][2]int64{{2, 2}, {5, 3}, {9, 1}} {
		if v := e.read(Relocatable{out.Segment, i}); !v.Equal(IntValue(want[0])) {
			t.Fatalf("output[%d] %s", i, v)
		}
		if v := e.read(Relocatable{mult.Segment, i}); !v.Equal(IntValue(want[1])) {
			t.Fatalf("multiplicities[%d] %s", i, v)
		}
	}
	// Verify value 5 at positions 0, 2, 5: next_item_index 0, 1, 2.
	e.fp(-5, IntValue(5))
	if err := compileTestHint(t, hintUsortVerify, map[string]string{"value": fpRef(-5)}, nil, nil).Exec(e.vm); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int64{0, 1, 2} {
		h := compileTestHint(t, hintUsortMultBody, map[string]string{"next_item_index": fpRef(3 + i)}, nil, nil)
		if err := h.Exec(e.vm); err != nil || !e.ap(3+i).Equal(IntValue(want)) {
			t.Fatalf("next_item_index %d: %v", i, err)
		}
	}
	if err := compileTestHint(t, hintUsortMultAssert, nil, nil, nil).Exec(e.vm); err != nil {
		t.Fatal(err)
	}
}

func TestCairo0VerifyECDSA(t *testing.T) {
	b, err := newBuiltin("ecdsa")
	if err != nil {
		t.Fatal(err)
	}
	e := newHintEnv(t)
	b.Base = e.vm.Mem.AddSegment()
	e.vm.Mem.setRule(b.Base.Segment, b)
	priv, err := crypto.PrivateKeyFromFelt(felt.FromUint64(12345))
	if err != nil {
		t.Fatal(err)
	}
	msg := felt.FromUint64(777)
	r, s, err := crypto.Sign(priv, msg)
	if err != nil {
		t.Fatal(err)
	}
	e.fp(-5, RelValue(Relocatable{b.Base.Segment, 2}))
	e.fp(-4, FeltValue(r))
	e.fp(-3, FeltValue(s))
	h := compileTestHint(t, hintVerifyECDSA, map[string]string{"ecdsa_ptr": "[cast(fp + (-5), starkware.cairo.common.cairo_builtins.SignatureBuiltin**)]",
		"signature_r": fpRef(-4), "signature_s": fpRef(-3)}, nil, nil)
	if err := h.Exec(e.vm); err != nil {
		t.Fatal(err)
	}
	pub := crypto.GetPublicKey(priv)
	if _, err := e.vm.Mem.WriteFelts(Relocatable{b.Base.Segment, 2}, []felt.Felt{pub, msg}); err != nil {
		t.Fatalf("signed instance rejected: %v", err)
	}
	// Without the hint, the instance at offset 0 has no signature.
	if _, err := e.vm.Mem.WriteFelts(b.Base, []felt.Felt{pub, msg}); !errors.Is(err, ErrBuiltin) {
		t.Fatalf("unsigned instance: %v", err)
	}
}

func TestCairo0StructMembers(t *testing.T) {
	u256 := Identifier{Type: "struct", Members: map[string]struct {
		CairoType string `json:"cairo_type"`
		Offset    int    `json:"offset"`
	}{"low": {"felt", 0}, "high": {"felt", 1}}}
	pair := Identifier{Type: "struct", Members: map[string]struct {
		CairoType string `json:"cairo_type"`
		Offset    int    `json:"offset"`
	}{"x": {"m.Uint256", 0}, "p": {"m.Uint256*", 2}}}
	structs := map[string]Identifier{"m.Uint256": u256, "m.Pair": pair}
	e := newHintEnv(t)
	other := e.vm.Mem.AddSegment()
	if _, err := e.vm.Mem.WriteValues(other, []Value{IntValue(7), IntValue(8)}); err != nil {
		t.Fatal(err)
	}
	// A Pair at fp-5: x = (1, 2), p -> other.
	e.fp(-5, IntValue(1))
	e.fp(-4, IntValue(2))
	e.fp(-3, RelValue(other))
	refs := map[string]string{"v": "[cast(fp + (-5), m.Pair*)]", "ptr": "cast(fp + (-5), m.Pair*)"}
	h := compileTestHint(t, hintIsLeFelt, refs, nil, structs).(*cairo0Hint)
	c := &idsCtx{vm: e.vm, h: h}
	for path, want := range map[string]int64{"v.x.low": 1, "v.x.high": 2, "v.p.low": 7, "v.p.high": 8, "ptr.x.high": 2, "ptr.p.high": 8} {
		f, err := c.felt(path)
		if err != nil || !f.Equal(new(felt.Felt).SetUint64(uint64(want))) {
			t.Fatalf("ids.%s = %s (%v), want %d", path, f.Hex(), err, want)
		}
	}
	if _, err := c.felt("v.nope"); !errors.Is(err, ErrHint) {
		t.Fatalf("unknown member: %v", err)
	}
}
