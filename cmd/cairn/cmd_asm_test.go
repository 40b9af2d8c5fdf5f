package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAsmCommand(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "p.cairo-asm")
	if err := os.WriteFile(src, []byte("const N = 3\n%func main\n[ap] = N, ap++\nret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "p.json")
	if err := runAsm(context.Background(), []string{src, "-D", "N=0x7", "-o", prog}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(prog)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"0x7"`) || !strings.Contains(string(b), `"__main__.main"`) {
		t.Errorf("program JSON lacks the overridden immediate or main:\n%s", b)
	}
	text := filepath.Join(dir, "p.dis")
	if err := runAsm(context.Background(), []string{"--disassemble", prog, "-o", text}); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "p2.json")
	if err := runAsm(context.Background(), []string{"-o", again, text}); err != nil {
		t.Fatal(err)
	}
	b2, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(b2) {
		t.Errorf("disassemble/assemble changed the program:\n%s\n%s", b, b2)
	}
	class := filepath.Join(dir, "c.json")
	if err := os.WriteFile(src, []byte("%entrypoint external f builtins(range_check)\nret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runAsm(context.Background(), []string{"--class", src, "-o", class}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(class); !strings.Contains(string(b), `"bytecode"`) || !strings.Contains(string(b), `"range_check"`) {
		t.Errorf("class JSON:\n%s", b)
	}
	if err := os.WriteFile(src, []byte("ret\ncall rel 5, ap++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = runAsm(context.Background(), []string{src})
	if err == nil || !strings.Contains(err.Error(), src+":2:13:") {
		t.Errorf("error %v lacks file:line:col", err)
	}
	if err := runAsm(context.Background(), []string{}); err == nil {
		t.Error("no input file: no error")
	}
}
