package jsref

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the absolute path of tools/js.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "tools", "js")
}

// Run executes an ES module script (its text) with tools/js as working
// directory, feeding input as JSON on stdin, and decodes stdout JSON into out.
func Run(script string, input, out any) error {
	dir := Dir()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "starknet")); err != nil {
		return fmt.Errorf("jsref: %s/node_modules missing, run `make js-deps`: %w", dir, err)
	}
	in, err := json.Marshal(input)
	if err != nil {
		return fmt.Errorf("jsref: encode input: %w", err)
	}
	f, err := os.CreateTemp(dir, "jsref-*.mjs")
	if err != nil {
		return fmt.Errorf("jsref: temp script: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(script); err != nil {
		f.Close()
		return fmt.Errorf("jsref: write script: %w", err)
	}
	f.Close()
	cmd := exec.Command("node", f.Name())
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("jsref: node: %w: %s", err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		return fmt.Errorf("jsref: decode output %q: %w", stdout.String(), err)
	}
	return nil
}

// MustRun is Run for tests: it fails the test on error.
func MustRun(t testing.TB, script string, input, out any) {
	t.Helper()
	if err := Run(script, input, out); err != nil {
		t.Fatal(err)
	}
}

// ReadStdin is a JS prelude that defines `input` as the decoded stdin JSON.
const ReadStdin = `import { readFileSync } from 'node:fs';
const input = JSON.parse(readFileSync(0, 'utf8'));
`
