package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cairnchain/cairn/execution/cairo/programs"
)

func TestProveVerifyCommands(t *testing.T) {
	dir := t.TempDir()
	pj, err := programs.Factorial(10)
	if err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "fact.json")
	if err := os.WriteFile(prog, pj, 0o644); err != nil {
		t.Fatal(err)
	}
	proof := filepath.Join(dir, "fact.proof")
	ctx := context.Background()
	if err := proveCairo(ctx, []string{prog, "--grinding", "4", "--out", proof}); err != nil {
		t.Fatal(err)
	}
	if err := verifyProof(ctx, []string{proof, "--min-security", "90"}); err != nil {
		t.Fatal(err)
	}
	// --program binds the statement to the program's bytecode and builtins.
	if err := verifyProof(ctx, []string{proof, "--min-security", "90", "--program", prog}); err != nil {
		t.Fatalf("verify --program with the proven program: %v", err)
	}
	other, err := programs.Factorial(11)
	if err != nil {
		t.Fatal(err)
	}
	otherPath := filepath.Join(dir, "fact11.json")
	if err := os.WriteFile(otherPath, other, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := verifyProof(ctx, []string{proof, "--min-security", "90", "--program", otherPath}); err == nil {
		t.Fatal("verify --program accepted a proof of another program")
	}
	// Default floor (100 bits) rejects the 4-bit-grinding proof.
	if err := verifyProof(ctx, []string{proof}); err == nil {
		t.Fatal("proof below the default security floor accepted")
	}
	data, err := os.ReadFile(proof)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x80
	bad := filepath.Join(dir, "bad.proof")
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := verifyProof(ctx, []string{bad, "--min-security", "90"}); err == nil {
		t.Fatal("corrupted proof accepted")
	}
}
