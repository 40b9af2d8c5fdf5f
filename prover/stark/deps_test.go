package stark_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImportsStayGeneric enforces the design rule that the STARK packages know
// nothing of Cairo or the rest of Cairn.
func TestImportsStayGeneric(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./...").Output()
	require.NoError(t, err)
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/cairnchain/cairn/") {
			require.True(t, strings.HasPrefix(dep, "github.com/cairnchain/cairn/prover/stark"), "prover/stark depends on %s", dep)
		}
	}
}
