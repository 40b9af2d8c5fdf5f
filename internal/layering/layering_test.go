package layering

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/cairnchain/cairn"

// rule forbids packages matching pkgPrefix from depending (transitively) on
// any import path with one of the forbidden prefixes, except allowed ones.
type rule struct {
	pkgPattern string
	forbidden  []string
	allowed    []string
}

var rules = []rule{
	{pkgPattern: module + "/execution/...", forbidden: []string{
		"github.com/cometbft/", "github.com/cosmos/iavl", module + "/abci", module + "/node", module + "/prover", module + "/explorer-api",
	}},
	{pkgPattern: module + "/prover/...", forbidden: []string{
		module + "/abci", module + "/node", "github.com/cometbft/", "github.com/cosmos/iavl",
	}, allowed: []string{module + "/node/rpc/client", module + "/node/rpc/wire"}},
	{pkgPattern: module + "/explorer-api/...", forbidden: []string{
		module + "/abci", module + "/node", "github.com/cometbft/", "github.com/cosmos/iavl",
	}, allowed: []string{module + "/node/rpc/client", module + "/node/rpc/wire"}},
	{pkgPattern: module + "/prover/stark/...", forbidden: []string{
		module + "/execution/cairo", module + "/prover/air", module + "/execution/starknet",
	}},
}

func deps(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-e", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", pattern).CombinedOutput()
	if err != nil {
		if strings.Contains(string(out), "matched no packages") {
			return nil
		}
		t.Fatalf("go list %s: %v\n%s", pattern, err, out)
	}
	g := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 {
			g[f[0]] = f[1:]
		}
	}
	return g
}

func hasPrefix(p string, prefixes []string) bool {
	for _, pre := range prefixes {
		if p == pre || strings.HasPrefix(p, pre+"/") || (strings.HasSuffix(pre, "/") && strings.HasPrefix(p, pre)) {
			return true
		}
	}
	return false
}

func TestImportDirections(t *testing.T) {
	for _, r := range rules {
		g := deps(t, r.pkgPattern)
		for pkg, imports := range g {
			if !strings.HasPrefix(pkg, strings.TrimSuffix(r.pkgPattern, "/...")) || hasPrefix(pkg, r.allowed) {
				continue
			}
			for _, imp := range imports {
				if hasPrefix(imp, r.forbidden) && !hasPrefix(imp, r.allowed) {
					t.Errorf("%s imports %s: forbidden by layering rule for %s", pkg, imp, r.pkgPattern)
				}
			}
		}
	}
}

// TestRuleCatchesViolation checks the matcher itself so the test above cannot
// pass vacuously.
func TestRuleCatchesViolation(t *testing.T) {
	if !hasPrefix("github.com/cometbft/cometbft/abci/types", []string{"github.com/cometbft/"}) {
		t.Fatal("prefix matcher misses a forbidden import")
	}
	if hasPrefix(module+"/node/rpc/client", []string{module + "/node/rpc/client"}) == false {
		t.Fatal("allowed list not honoured")
	}
	if hasPrefix(module+"/nodes", []string{module + "/node"}) {
		t.Fatal("prefix matcher over-matches sibling paths")
	}
	g := deps(t, module+"/internal/layering")
	if _, ok := g[module+"/internal/layering"]; !ok {
		t.Fatal("go list returned no graph for this package")
	}
}
