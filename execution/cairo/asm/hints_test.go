package asm

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// Expected JSON in the serde form found in Scarb/cairo compiled classes.
func TestStructuredHintJSON(t *testing.T) {
	cases := []struct{ src, want string }{
		{"AllocSegment { dst: [ap + 0] }", `{"AllocSegment":{"dst":{"register":"AP","offset":0}}}`},
		{"SystemCall { system: [fp + -5] }", `{"SystemCall":{"system":{"Deref":{"register":"FP","offset":-5}}}}`},
		{"TestLessThan { lhs: [ap + 0], rhs: 0x100, dst: [ap + 1] }",
			`{"TestLessThan":{"lhs":{"Deref":{"register":"AP","offset":0}},"rhs":{"Immediate":"0x100"},"dst":{"register":"AP","offset":1}}}`},
		{"TestLessThanOrEqual { dst: [ap + 0], lhs: [ap + -1], rhs: [fp + -6] }",
			`{"TestLessThanOrEqual":{"lhs":{"Deref":{"register":"AP","offset":-1}},"rhs":{"Deref":{"register":"FP","offset":-6}},"dst":{"register":"AP","offset":0}}}`},
		{"LinearSplit { value: [[fp + -3] + 1], scalar: 256, max_x: -1, x: [ap], y: [ap + 1] }",
			`{"LinearSplit":{"value":{"DoubleDeref":[{"register":"FP","offset":-3},1]},"scalar":{"Immediate":"0x100"},"max_x":{"Immediate":"-0x1"},"x":{"register":"AP","offset":0},"y":{"register":"AP","offset":1}}}`},
		{"DivMod { lhs: [ap + 0] + 3, rhs: [fp - 4] * [ap + 2], quotient: [ap + 1], remainder: [ap + 2] }",
			`{"DivMod":{"lhs":{"BinOp":{"op":"Add","a":{"register":"AP","offset":0},"b":{"Immediate":"0x3"}}},"rhs":{"BinOp":{"op":"Mul","a":{"register":"FP","offset":-4},"b":{"Deref":{"register":"AP","offset":2}}}},"quotient":{"register":"AP","offset":1},"remainder":{"register":"AP","offset":2}}}`},
		{"AssertAllKeysUsed", `"AssertAllKeysUsed"`},
		{"Cheatcode { selector: 0x1234, input_start: [fp + -4], input_end: [fp + -3], output_start: [ap + 0], output_end: [ap + 1] }",
			`{"Cheatcode":{"selector":"0x1234","input_start":{"Deref":{"register":"FP","offset":-4}},"input_end":{"Deref":{"register":"FP","offset":-3}},"output_start":{"register":"AP","offset":0},"output_end":{"register":"AP","offset":1}}}`},
	}
	for _, c := range cases {
		u, err := Assemble([]byte("const K = 1\n%{ "+c.src+" %}\nret"), "h.s")
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		got, err := json.Marshal(u.Hints[0][0])
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.src, got, c.want)
		}
		var back Hint
		if err := json.Unmarshal([]byte(c.want), &back); err != nil {
			t.Fatalf("unmarshal %s: %v", c.want, err)
		}
		again, _ := json.Marshal(back)
		if string(again) != c.want {
			t.Errorf("JSON round trip: %s != %s", again, c.want)
		}
	}
}

// Text() of any hint parses back to the same JSON.
func TestHintTextRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 500; i++ {
		h := randHint(r)
		want, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		u, err := Assemble([]byte("%{ "+h.Text()+" %}\nret"), "h.s")
		if err != nil {
			t.Fatalf("%s: %v", h.Text(), err)
		}
		got, _ := json.Marshal(u.Hints[0][0])
		if string(got) != string(want) {
			t.Errorf("%s:\n got  %s\n want %s", h.Text(), got, want)
		}
	}
}

func TestPythonHints(t *testing.T) {
	src := "%func main\n%{ memory[ap] = segments.add() %}\n%{\n    if x:\n        y = 1\n%}\n[ap] = 1, ap++\nret\n"
	u, err := Assemble([]byte(src), "p.s")
	if err != nil {
		t.Fatal(err)
	}
	hs := u.Hints[0]
	if len(hs) != 2 || hs[0].Code != "memory[ap] = segments.add()" || hs[1].Code != "if x:\n    y = 1" {
		t.Fatalf("hints = %+v", hs)
	}
	j, err := u.ProgramJSON()
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Hints map[string][]programHint `json:"hints"`
	}
	if err := json.Unmarshal(j, &p); err != nil {
		t.Fatal(err)
	}
	h := p.Hints["0"]
	if len(h) != 2 || strings.Join(h[0].AccessibleScopes, ",") != "__main__,__main__.main" {
		t.Errorf("program hints = %+v", h)
	}
}

// Every hint of the compiler's enums is documented in docs/cairo-asm.md.
func TestHintTableDocumented(t *testing.T) {
	doc := readDoc(t)
	for _, n := range hintNames() {
		if !strings.Contains(doc, n) {
			t.Errorf("hint %s missing from docs/cairo-asm.md", n)
		}
	}
}
