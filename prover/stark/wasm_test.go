package stark_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/prover/stark"
)

// TestVerifierInWASM builds the verifier for GOOS=js GOARCH=wasm and runs it
// under Node on a real proof and on a tampered one.
func TestVerifierInWASM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a WASM binary; skipped in -short mode")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "verify.wasm")
	build := exec.Command("go", "build", "-o", bin, "./internal/wasmverify")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "GOOS=js GOARCH=wasm build: %s", out)

	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: built the WASM verifier but cannot run it")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	require.NoError(t, err)
	runner := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js")

	o := stark.DefaultOptions()
	_, data := proveFib(t, 1024, o)
	good := filepath.Join(dir, "good.proof")
	require.NoError(t, os.WriteFile(good, data, 0o600))
	bad := append([]byte(nil), data...)
	bad[len(bad)-40] ^= 1
	badPath := filepath.Join(dir, "bad.proof")
	require.NoError(t, os.WriteFile(badPath, bad, 0o600))

	out, err = exec.Command(node, runner, bin, good).CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "proof verified")
	out, err = exec.Command(node, runner, bin, badPath).CombinedOutput()
	require.Error(t, err, "tampered proof must fail in WASM: %s", out)
	require.Contains(t, string(out), "rejected")
}
