package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// writeGenesis writes a Starknet genesis file (execution/genesis format)
// with its class files and returns its path.
func writeGenesis(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"account", "token"} {
		c := `{"prime":"0x800000000000011000000000000000000000000000000000000000000000001","compiler_version":"` + name +
			`","bytecode":["0x1","0x2"],"hints":[],"entry_points_by_type":{"EXTERNAL":[{"selector":"0x5","offset":1,"builtins":["range_check"]}],"L1_HANDLER":[],"CONSTRUCTOR":[]}}`
		if err := os.WriteFile(filepath.Join(dir, name+".json"), []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	g := `{"chain_id":"CAIRN_E2E","fee_token_address":"0x1000","classes":["account.json","token.json"],
 "contracts":[{"address":"0x1000","class_hash":"0x4e34a4733155322064cfcbd83e16ffce0eadb8488f0315201c39c0498397d40","storage":{}}],
 "accounts":{"count":3,"seed":"0x2a","class_hash":"0x5cc883dc2784e7370211ab70f3a17741ac2eb2b73aa387fb521b570a3734148","balance":"1000000000000000000000"}}`
	p := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(p, []byte(g), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
