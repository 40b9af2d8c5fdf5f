package air

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/execution/cairo/asm"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// ecdsaSigned signs msg with the key d, as the VM's hint records it.
func ecdsaSigned(t testing.TB, d, msg uint64) Signature {
	t.Helper()
	priv, err := crypto.PrivateKeyFromFelt(felt.FromUint64(d))
	if err != nil {
		t.Fatal(err)
	}
	m := felt.FromUint64(msg)
	r, s, err := crypto.Sign(priv, m)
	if err != nil {
		t.Fatal(err)
	}
	pub := crypto.GetPublicKey(priv)
	if !crypto.VerifyBuiltin(pub, m, r, s) {
		t.Fatalf("key %d, msg %d: the builtin rejects the signature", d, msg)
	}
	return Signature{PubKey: *pub.Element(), Msg: *m.Element(), R: *r.Element(), W: invModOrder(s)}
}

func ecdsaTestSigs(t testing.TB) []Signature {
	return []Signature{ecdsaSigned(t, 12345, 777), ecdsaSigned(t, 0xdeadbeef, 0x1234567890abcdef), ecdsaSigned(t, 7, 1)}
}

// ecdsaTrace is a small hand-made trace of the layout: the fibonacci test
// program with an ecdsa segment holding the signed instances.
func ecdsaTrace(t testing.TB, layout string, sigs []Signature) *Trace {
	t.Helper()
	tr, err := ecdsaBuild(t, layout, sigs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// ecdsaTestProgram is the fibonacci test program taking the pointers of
// an ecdsa segment of k instances and of the layout's other builtins
// (unused): small (range_check, room for a trace of 2048 rows) or
// all_cairo (allCairoProgram, 4096 rows).
func ecdsaTestProgram(layout string, k uint64) testProgram {
	if layout == "all_cairo" {
		return allCairoProgram(4096, map[string]uint64{SegECDSA: ecdsaCells * k})
	}
	return fibProgram(5).withBuiltins(layout, testSegment{name: SegRangeCheck, room: 2048 / 8},
		testSegment{name: SegECDSA, cells: ecdsaCells * k, room: ecdsaCells * 4})
}

// ecdsaBuild builds the trace; edit may change memory and signatures first.
func ecdsaBuild(t testing.TB, layout string, sigs []Signature, edit func(base uint64, mem *Memory, sigs map[uint64]Signature)) (*Trace, error) {
	t.Helper()
	regs, mem, pub := ecdsaTestProgram(layout, uint64(len(sigs))).run(t, 64)
	base := pub.MemorySegments[SegECDSA].BeginAddr
	byIndex := map[uint64]Signature{}
	for k, s := range sigs {
		mem.Set(base+ecdsaCells*uint64(k), s.PubKey)
		mem.Set(base+ecdsaCells*uint64(k)+1, s.Msg)
		byIndex[uint64(k)] = s
	}
	if edit != nil {
		edit(base, mem, byIndex)
	}
	ex := &Execution{Trace: regs, Memory: mem, Public: pub, Signatures: byIndex}
	return ex.BuildTrace()
}

func ecdsaComp(t testing.TB, a *AIR) *ecdsaBuiltin {
	t.Helper()
	for _, c := range a.bi.comps {
		if b, ok := c.(*ecdsaBuiltin); ok {
			return b
		}
	}
	t.Fatal("no ecdsa component")
	return nil
}

// ecdsaFailsAt reports whether the component's own constraints fail at
// row i (row constraints, transition to i+1) or at the transition from i−1.
func ecdsaFailsAt(b *ecdsaBuiltin, tr *Trace, i int) bool {
	row := func(i int) []fp.Element {
		r := make([]fp.Element, len(tr.Cols))
		for c := range tr.Cols {
			r[c] = tr.Cols[c][i]
		}
		return r
	}
	per := func(i int) []fp.Element {
		p := make([]fp.Element, len(b.per))
		for c := range b.per {
			p[c] = b.per[c][i%b.rows]
		}
		return p
	}
	outR := make([]fp.Element, b.numRow())
	outT := make([]fp.Element, b.numTransition())
	bad := func(out []fp.Element) bool {
		for k := range out {
			if !out[k].IsZero() {
				return true
			}
		}
		return false
	}
	b.evalRow(&Frame{Cur: row(i)}, per(i), outR)
	if bad(outR) {
		return true
	}
	for _, j := range []int{i - 1, i} {
		if j < 0 || j >= tr.N-1 {
			continue
		}
		b.evalTransition(&Frame{Cur: row(j), Next: row(j + 1)}, per(j), outT)
		if bad(outT) {
			return true
		}
	}
	return false
}

// ecdsaCols lists the component's main columns.
func ecdsaCols(b *ecdsaBuiltin) []int {
	var cols []int
	for _, l := range []ecdsaLane{b.q, b.g} {
		cols = append(cols, l.bit, l.acc, l.sx, l.sy, l.px, l.py, l.slope, l.inv)
	}
	return append(cols, b.colD, b.colZ, b.colAddr, b.colVal)
}

func pointAt(l ecdsaLane, tr *Trace, i int, sum bool) [2]felt.Felt {
	if sum {
		return [2]felt.Felt{feltOf(tr.Cols[l.sx][i]), feltOf(tr.Cols[l.sy][i])}
	}
	return [2]felt.Felt{feltOf(tr.Cols[l.px][i]), feltOf(tr.Cols[l.py][i])}
}

func ecOpRef(t *testing.T, p, q [2]felt.Felt, m fp.Element) [2]felt.Felt {
	t.Helper()
	mf := feltOf(m)
	r, err := crypto.ECOp(p, q, &mf)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestECDSAHandTrace: three signed instances and a dummy in a small-layout
// trace satisfy every constraint; the ladders' results equal crypto.ECOp's;
// changing any cell of the component at rows of a real and of the dummy
// instance breaks one of its own constraints; the trace proves and
// verifies.
func TestECDSAHandTrace(t *testing.T) {
	sigs := ecdsaTestSigs(t)
	tr := ecdsaTrace(t, "small", sigs)
	a := checkedAIR(t, tr)
	b := ecdsaComp(t, a)
	if got := b.capacity(tr.N); got != 4 {
		t.Fatalf("capacity %d, want 4 (three instances and a dummy)", got)
	}
	pts := crypto.PedersenPoints()
	shift := pts[0]
	var negShift [2]felt.Felt
	negShift[0] = shift[0]
	negShift[1].Neg(&shift[1])
	gen := crypto.StarkCurveGenerator()
	one := elem(1)
	otherRoot := 0
	for k := range 4 {
		s := ecdsaDummy()
		in := Signature{PubKey: s.pub, Msg: s.msg, R: s.r, W: s.w}
		if k < len(sigs) {
			in = sigs[k]
		}
		o := k * b.rows
		if !tr.Cols[b.colVal][o].Equal(&in.PubKey) || !tr.Cols[b.colVal][o+1].Equal(&in.Msg) {
			t.Fatalf("instance %d: memory cells are not (pubkey, msg)", k)
		}
		q := pointAt(b.q, tr, o, false)
		if !crypto.OnCurve(&q[0], &q[1]) {
			t.Fatalf("instance %d: Q off the curve", k)
		}
		if y, _ := crypto.YFromX(&q[0]); !y.Equal(&q[1]) {
			otherRoot++
		}
		zG := ecOpRef(t, negShift, gen, in.Msg)
		rQ := ecOpRef(t, shift, q, in.R)
		bPt := ecOpRef(t, zG, rQ, one)
		wB := ecOpRef(t, shift, bPt, in.W)
		for _, c := range []struct {
			name string
			got  [2]felt.Felt
			want [2]felt.Felt
		}{
			{"msg·G − shift", pointAt(b.g, tr, o+ecdsaRowEnd, true), zG},
			{"shift + r·Q", pointAt(b.q, tr, o+ecdsaRowEnd, true), rQ},
			{"B", pointAt(b.g, tr, o+ecdsaRowW, true), bPt},
			{"B (lane Q)", pointAt(b.q, tr, o+ecdsaRowW, false), bPt},
			{"shift + w·B", pointAt(b.q, tr, o+ecdsaRowWEnd, true), wB},
		} {
			if c.got != c.want {
				t.Errorf("instance %d: %s = %v, crypto.ECOp gives %v", k, c.name, c.got, c.want)
			}
		}
		if x := tr.Cols[b.g.sx][o+ecdsaRowCheck]; !x.Equal(&in.R) {
			t.Errorf("instance %d: x(w·B − shift) = %s, r = %s", k, x.String(), in.R.String())
		}
	}
	if otherRoot == 0 {
		t.Error("no instance uses the other root of y; pick other test keys")
	}
	rows := []int{0, 1, 2, 100, 250, 251, 252, 253, 255, 256, 257, 300, 505, 506, 507, 508, 509, 510, 511}
	for _, k := range []int{0, 3} {
		for _, c := range ecdsaCols(b) {
			for _, j := range rows {
				i := k*b.rows + j
				old := tr.Cols[c][i]
				tr.Cols[c][i].Add(&old, &feOne)
				if !ecdsaFailsAt(b, tr, i) {
					t.Errorf("column %d (offset %d) row %d: changed cell accepted", c, c-b.q.bit, i)
				}
				tr.Cols[c][i] = old
			}
		}
	}
	proveAndVerify(t, tr)
}

// TestECDSAAllCairo: the all_cairo layout (2048 rows per instance) holds
// the same instances; every constraint holds.
func TestECDSAAllCairo(t *testing.T) {
	tr := ecdsaTrace(t, "all_cairo", ecdsaTestSigs(t)[:2])
	a := checkedAIR(t, tr)
	b := ecdsaComp(t, a)
	if b.rows != 2048 {
		t.Fatalf("all_cairo ecdsa rows per instance %d", b.rows)
	}
	for _, i := range []int{600, 2047, 2048 + 1000} {
		old := tr.Cols[b.q.px][i]
		tr.Cols[b.q.px][i].Add(&old, &feOne)
		if !ecdsaFailsAt(b, tr, i) {
			t.Errorf("row %d: changed point accepted", i)
		}
		tr.Cols[b.q.px][i] = old
	}
}

// TestECDSAWitnessAgreesWithVerifyBuiltin: the component accepts exactly
// the signatures crypto.VerifyBuiltin accepts.
func TestECDSAWitnessAgreesWithVerifyBuiltin(t *testing.T) {
	priv, err := crypto.PrivateKeyFromFelt(felt.FromUint64(12345))
	if err != nil {
		t.Fatal(err)
	}
	pub := crypto.GetPublicKey(priv)
	msg := felt.FromUint64(777)
	r, s, err := crypto.Sign(priv, msg)
	if err != nil {
		t.Fatal(err)
	}
	inc := func(f felt.Felt) felt.Felt { one := felt.FromUint64(1); f.Add(&f, &one); return f }
	// w = 2^251 + 5 is out of range; s = w⁻¹ mod the order.
	wide := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 251), big.NewInt(5))
	sWide := felt.FromBigInt(new(big.Int).ModInverse(wide, crypto.CurveOrder()))
	_, s0, err := crypto.Sign(priv, felt.FromUint64(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name           string
		pub, msg, r, s felt.Felt
	}{
		{"valid", pub, msg, r, s},
		{"other message", pub, inc(msg), r, s},
		{"other r", pub, msg, inc(r), s},
		{"other s", pub, msg, r, inc(s)},
		{"other key", inc(inc(pub)), msg, r, s},
		{"zero message", pub, felt.Felt{}, r, s0},
		{"zero r", pub, msg, felt.Felt{}, s},
		{"w ≥ 2^251", pub, msg, r, sWide},
	} {
		want := crypto.VerifyBuiltin(c.pub, c.msg, c.r, c.s)
		in := ecdsaInput{pub: *c.pub.Element(), msg: *c.msg.Element(), r: *c.r.Element(), w: invModOrder(c.s)}
		if c.name == "w ≥ 2^251" {
			in.w.SetBigInt(wide)
		}
		_, err := in.witness()
		if got := err == nil; got != want {
			t.Errorf("%s: component accepts %v (%v), VerifyBuiltin %v", c.name, got, err, want)
		}
		if err != nil && !errors.Is(err, errECDSAInvalid) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// TestECDSABadInputsRejected: what cannot be proven fails before proving
// with ErrBadTrace.
func TestECDSABadInputsRejected(t *testing.T) {
	sigs := ecdsaTestSigs(t)
	for _, c := range []struct {
		name string
		edit func(base uint64, mem *Memory, sigs map[uint64]Signature)
	}{
		{"missing signature", func(_ uint64, _ *Memory, s map[uint64]Signature) { delete(s, 1) }},
		{"signature of another message", func(base uint64, mem *Memory, _ map[uint64]Signature) { mem.Set(base+1, elem(778)) }},
		{"invalid signature", func(_ uint64, _ *Memory, s map[uint64]Signature) {
			sg := s[2]
			sg.R.Add(&sg.R, &feOne)
			s[2] = sg
		}},
		{"one cell set", func(base uint64, mem *Memory, _ map[uint64]Signature) { mem.Set(base+ecdsaCells*3, elem(5)) }},
	} {
		_, err := ecdsaBuild(t, "small", sigs, c.edit)
		if !errors.Is(err, ErrBadTrace) {
			t.Errorf("%s: %v", c.name, err)
		} else {
			t.Logf("%s: %v", c.name, err)
		}
	}
	for _, doc := range []string{
		`{"ecdsa": 5}`,
		`{"ecdsa": [{"pubkey": "0x1", "msg": "0x2", "signature_input": {"r": "0x3", "w": "0x4"}}]}`,
		`{"ecdsa": [{"index": 0, "pubkey": "0x1", "msg": "0x2", "signature_input": {"r": "0x3", "w": "0x4"}}, {"index": 0, "pubkey": "0x1", "msg": "0x2", "signature_input": {"r": "0x3", "w": "0x4"}}]}`,
		`{"ecdsa": [{"index": 0, "pubkey": "xyz", "msg": "0x2", "signature_input": {"r": "0x3", "w": "0x4"}}]}`,
		`{"ecdsa": [{"index": 0, "pubkey": "0x1", "msg": "0x2", "signature_input": {"r": "0x800000000000011000000000000000000000000000000000000000000000001", "w": "0x4"}}]}`,
	} {
		if _, err := ParsePrivateInput([]byte(doc)); !errors.Is(err, ErrBadTrace) {
			t.Errorf("private input %s accepted: %v", doc, err)
		}
	}
	got, err := ParsePrivateInput([]byte(`{"trace_path": "t", "ecdsa": [{"index": 2, "pubkey": "0x1", "msg": "2", "signature_input": {"r": "0x3", "w": "0x4"}}]}`))
	g2 := got[2]
	if err != nil || len(got) != 1 || !g2.Msg.Equal(ptr(elem(2))) || !g2.W.Equal(ptr(elem(4))) {
		t.Fatalf("parse: %v %v", got, err)
	}
}

func ptr(e fp.Element) *fp.Element { return &e }

// TestECDSADishonestProofsRejected: proofs of tampered traces made with the
// violated constraints switched off fail the honest verifier.
func TestECDSADishonestProofsRejected(t *testing.T) {
	sigs := ecdsaTestSigs(t)
	base := ecdsaTrace(t, "small", sigs)
	a, err := base.AIR()
	if err != nil {
		t.Fatal(err)
	}
	b := ecdsaComp(t, a)
	for _, tc := range []struct {
		name     string
		col, row int
	}{
		{"result", b.g.sx, ecdsaRowCheck},
		{"msg-bit", b.g.bit, 3},
		{"partial-sum", b.q.sx, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := ecdsaTrace(t, "small", sigs)
			c := &tr.Cols[tc.col][tc.row]
			if tc.col == b.g.bit {
				c.Sub(&feOne, c)
			} else {
				c.Add(c, &feOne)
			}
			expectDishonestRejected(t, tr)
		})
	}
}

// ecdsaAsm writes one signed instance: key PUB signs MSG with (R, S); the
// hint records the signature before the instance's cells are written.
const ecdsaAsm = `
%builtins output ecdsa

const R = 0
const S = 0
const PUB = 0
const MSG = 0

__start__:
    ap += 2
    call main
__end__:
    jmp rel 0

// main(output, ecdsa) -> (output + 1, ecdsa + 2)
%func main
    [ap + 0] = R, ap++                   // [fp + 0] = signature_r
    [ap + 0] = S, ap++                   // [fp + 1] = signature_s
    %{ ecdsa_builtin.add_signature(ids.ecdsa_ptr.address_, (ids.signature_r, ids.signature_s)) %}
    [ap + 0] = PUB, ap++
    [ap + -1] = [[fp + -3]]
    [ap + 0] = MSG, ap++
    [ap + -1] = [[fp + -3] + 1]
    [ap + -1] = [[fp + -4]]              // output the message
    [ap + 0] = [fp + -4] + 1, ap++
    [ap + 0] = [fp + -3] + 2, ap++
    ret
`

// ecdsaProgram assembles ecdsaAsm for the signature and gives its hint the
// references cairo-compile would (the assembler writes none).
func ecdsaProgram(t testing.TB, s Signature, sv felt.Felt) []byte {
	t.Helper()
	consts := map[string]fp.Element{"R": s.R, "S": *sv.Element(), "PUB": s.PubKey, "MSG": s.Msg}
	var opts []asm.Option
	for n, v := range consts {
		opts = append(opts, asm.WithConst(n, v.BigInt(new(big.Int))))
	}
	u, err := asm.Assemble([]byte(ecdsaAsm), "ecdsa.cairo-asm", opts...)
	if err != nil {
		t.Fatal(err)
	}
	pj, err := u.ProgramJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(pj, &doc); err != nil {
		t.Fatal(err)
	}
	refs := []string{
		"[cast(fp + (-3), starkware.cairo.common.cairo_builtins.SignatureBuiltin**)]",
		"[cast(fp, felt*)]",
		"[cast(fp + 1, felt*)]",
	}
	var list []any
	for _, v := range refs {
		list = append(list, map[string]any{"ap_tracking_data": map[string]any{"group": 0, "offset": 0}, "pc": 0, "value": v})
	}
	doc["reference_manager"] = map[string]any{"references": list}
	hints := doc["hints"].(map[string]any)
	if len(hints) != 1 {
		t.Fatalf("%d hints", len(hints))
	}
	for _, hs := range hints {
		h := hs.([]any)[0].(map[string]any)
		h["flow_tracking_data"].(map[string]any)["reference_ids"] = map[string]any{
			"__main__.main.ecdsa_ptr": 0, "__main__.main.signature_r": 1, "__main__.main.signature_s": 2}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestECDSAVMProgram runs a program using the ecdsa builtin with its
// signature hint in Cairn's VM (small layout), proves and verifies it; the
// signature reaches the AIR through the VM's air_private_input.
func TestECDSAVMProgram(t *testing.T) {
	priv, err := crypto.PrivateKeyFromFelt(felt.FromUint64(0xdeadbeef))
	if err != nil {
		t.Fatal(err)
	}
	msg := felt.FromUint64(0x1234567890abcdef)
	r, s, err := crypto.Sign(priv, msg)
	if err != nil {
		t.Fatal(err)
	}
	pub := crypto.GetPublicKey(priv)
	sig := Signature{PubKey: *pub.Element(), Msg: *msg.Element(), R: *r.Element(), W: invModOrder(s)}
	pj := ecdsaProgram(t, sig, s)
	if path := os.Getenv("CAIRN_ECDSA_PROGRAM"); path != "" {
		if err := os.WriteFile(path, pj, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ex, err := RunProofMode(context.Background(), pj, "small", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := ex.Signatures[0]; !ok || got != sig {
		t.Fatalf("signatures from the VM: %v", ex.Signatures)
	}
	seg := ex.Public.MemorySegments[SegECDSA]
	if seg.StopPtr-seg.BeginAddr != ecdsaCells {
		t.Fatalf("ecdsa segment %+v", seg)
	}
	proof, err := ex.Prove(context.Background(), testProveConfig())
	if err != nil {
		t.Fatal(err)
	}
	st, err := VerifyWith(proof, ex.Public, testMinSecurity)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("proved %d steps in %d rows: %d bytes", ex.Public.NSteps, st.TraceLength, len(proof))
	// Without the signature the trace cannot be built.
	ex.Signatures = nil
	if _, err := ex.BuildTrace(); !errors.Is(err, ErrBadTrace) {
		t.Fatalf("unsigned execution: %v", err)
	}
}
