package air

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCairoVerifierInWASM builds the Cairo verifier (internal/wasmverify)
// for GOOS=js GOARCH=wasm and runs it under Node on a proof of a VM run that
// uses the pedersen builtin, and on tampered copies.
func TestCairoVerifierInWASM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a WASM binary; skipped in -short mode")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to run the WASM verifier (make test installs it with the JS referees)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "verify.wasm")
	build := exec.Command("go", "build", "-o", bin, "./internal/wasmverify")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm build: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	runner := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js")

	ex := runAsm(t, pedersenAsm, "small", 2)
	proof, err := Prove(context.Background(), ex.Trace, ex.Memory, ex.Public, testProveConfig())
	if err != nil {
		t.Fatal(err)
	}
	st, err := Verify(proof, testMinSecurity)
	if err != nil {
		t.Fatal(err)
	}
	out0, _ := st.Public.Outputs()
	verify := func(name string, data []byte) (string, error) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(node, runner, bin, path, strconv.Itoa(testMinSecurity)).CombinedOutput()
		return string(out), err
	}
	out, err := verify("good.proof", proof)
	if err != nil {
		t.Fatalf("WASM verifier rejected a valid proof: %v\n%s", err, out)
	}
	if !strings.Contains(out, "proof verified: layout small") || !strings.Contains(out, "builtins [output pedersen]") ||
		len(out0) != 1 || !strings.Contains(out, out0[0].Hex()) {
		t.Fatalf("WASM verifier output %q (want layout small, output and pedersen bound, output %v)", out, out0)
	}
	for _, at := range []int{len(proof) / 3, len(proof) - 40} {
		bad := append([]byte(nil), proof...)
		bad[at] ^= 1
		out, err := verify("bad.proof", bad)
		if err == nil || !strings.Contains(out, "rejected") {
			t.Fatalf("WASM verifier accepted a proof with byte %d flipped: %s", at, out)
		}
	}
}
