package asm

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// benchSource is 10,000 random instructions in canonical text.
func benchSource(b *testing.B) []byte {
	b.Helper()
	r := rand.New(rand.NewPCG(7, 8))
	var sb strings.Builder
	for n := 0; n < 10000; {
		inst := randInstruction(r)
		text, err := inst.Text()
		if err != nil {
			continue
		}
		sb.WriteString(text + "\n")
		n++
	}
	return []byte(sb.String())
}

func BenchmarkAssemble10k(b *testing.B) {
	src := benchSource(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Assemble(src, "bench.s"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDisassemble10k(b *testing.B) {
	u, err := Assemble(benchSource(b), "bench.s")
	if err != nil {
		b.Fatal(err)
	}
	j, err := u.ClassJSON()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(j)))
	for b.Loop() {
		if _, err := Disassemble(j); err != nil {
			b.Fatal(err)
		}
	}
}
