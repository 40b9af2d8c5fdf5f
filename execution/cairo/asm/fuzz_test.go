package asm

import (
	"os"
	"testing"
)

func readDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../../docs/cairo-asm.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Garbage in gives an error, never a panic; what assembles also writes and
// disassembles.
func FuzzAssemble(f *testing.F) {
	for _, s := range []string{
		"[ap] = [fp + -3] + [ap + -1], ap++", "[fp + 1] = [[fp + -3] + 2]", "call rel 5", "jmp rel 3 if [ap + -1] != 0",
		"const N = 2 ** 10\n%func main\n[ap] = N, ap++\nret", "%{ TestLessThan { lhs: [ap + 0], rhs: 0x100, dst: [ap + 1] } %}\nret",
		"%entrypoint external transfer builtins(range_check)\nret", "%builtins output\n%{ memory[ap] = 1 %}\nap += 2",
		"[ap] = ((((1))))", "x:\njmp x", "[fp] = [ap + 10] / [fp - 1]", "%{", "[[[ap]]]", "dw -1",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		u, err := Assemble(src, "fuzz.s")
		if err != nil {
			return
		}
		if j, err := u.ClassJSON(); err == nil {
			if _, err := Disassemble(j); err != nil {
				t.Fatalf("disassemble own class: %v", err)
			}
		}
		if j, err := u.ProgramJSON(); err == nil {
			if _, err := Disassemble(j); err != nil {
				t.Fatalf("disassemble own program: %v", err)
			}
		}
	})
}

// Arbitrary JSON never panics the disassembler.
func FuzzDisassemble(f *testing.F) {
	for _, s := range []string{
		`{"bytecode":["0x208b7fff7fff7ffe"],"hints":[[0,[{"AllocSegment":{"dst":{"register":"AP","offset":0}}}]]],"entry_points_by_type":{"EXTERNAL":[{"selector":"0x1","offset":0,"builtins":[]}]}}`,
		`{"data":["0x480680017fff8000","0x1"],"hints":{"0":[{"code":"x"}]},"identifiers":{"__main__.main":{"type":"function","pc":0}}}`,
		`{"bytecode":["0x1"],"hints":[[5,[]]]}`, `{"data":[]}`, `[]`, `{"bytecode":["zz"]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Disassemble(data)
	})
}
