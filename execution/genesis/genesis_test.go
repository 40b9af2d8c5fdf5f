package genesis

import (
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// classJSON is a minimal valid CASM class; name makes its hash distinct.
func classJSON(name string) string {
	return `{"prime":"0x800000000000011000000000000000000000000000000000000000000000001","compiler_version":"` + name +
		`","bytecode":["0x1","0x2"],"hints":[],"entry_points_by_type":{"EXTERNAL":[{"selector":"0x5","offset":1,"builtins":["range_check"]}],"L1_HANDLER":[],"CONSTRUCTOR":[]}}`
}

func writeGenesis(t *testing.T, mutate func(m map[string]any)) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range []string{"account", "token"} {
		if err := os.WriteFile(filepath.Join(dir, n+".json"), []byte(classJSON(n)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	acc, _ := starknet.ParseCASM([]byte(classJSON("account")))
	tok, _ := starknet.ParseCASM([]byte(classJSON("token")))
	m := map[string]any{
		"chain_id":          "CAIRN_TEST",
		"fee_token_address": "0x1000",
		"classes":           []string{"account.json", "token.json"},
		"contracts": []map[string]any{{
			"address": "0x1000", "class_hash": hexOf(tok.Hash()), "storage": map[string]string{"0x7": "0x9"},
		}},
		"accounts": map[string]any{"count": 3, "seed": "0x2a", "class_hash": hexOf(acc.Hash()), "balance": "1000000000000000000000"},
	}
	if mutate != nil {
		mutate(m)
	}
	b, _ := json.Marshal(m)
	p := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadApply(t *testing.T) {
	g, err := Load(writeGenesis(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	st := starknet.NewMemState()
	if err := g.Apply(st); err != nil {
		t.Fatal(err)
	}
	accs, err := g.DeriveAccounts()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[felt.Felt]bool{}
	for i, a := range accs {
		priv, err := crypto.PrivateKeyFromFelt(a.PrivateKey)
		if err != nil || crypto.GetPublicKey(priv) != a.PublicKey {
			t.Fatalf("account %d: key pair inconsistent (%v)", i, err)
		}
		if seen[a.PrivateKey] {
			t.Fatalf("account %d: duplicate key", i)
		}
		seen[a.PrivateKey] = true
		if ch, _ := st.ClassHashAt(a.Address); ch != g.Accounts.ClassHash {
			t.Fatalf("account %d not deployed", i)
		}
		if pk, _ := st.StorageAt(a.Address, PublicKeyKey); pk != a.PublicKey {
			t.Fatalf("account %d public key not stored", i)
		}
		bal, _ := starknet.Balance(st, g.FeeTokenAddress, a.Address)
		if bal.String() != "1000000000000000000000" {
			t.Fatalf("account %d balance %s", i, bal)
		}
	}
	lo, _ := st.StorageAt(g.FeeTokenAddress, TotalSupplyKey)
	if want, _ := new(big.Int).SetString("3000000000000000000000", 10); lo.BigInt().Cmp(want) != 0 {
		t.Fatalf("total supply %s", lo.Text(10))
	}
	if v, _ := st.StorageAt(felt.FromUint64(0x1000), felt.FromUint64(7)); v != felt.FromUint64(9) {
		t.Fatal("contract storage not applied")
	}
	// Determinism: a second load derives the same accounts.
	g2, _ := Load(writeGenesis(t, nil))
	accs2, _ := g2.DeriveAccounts()
	for i := range accs {
		if accs[i] != accs2[i] {
			t.Fatalf("account %d differs between loads", i)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	cases := map[string]func(m map[string]any){
		"unknown field":      func(m map[string]any) { m["extra"] = 1 },
		"no chain id":        func(m map[string]any) { m["chain_id"] = "" },
		"fee token missing":  func(m map[string]any) { m["fee_token_address"] = "0x1" },
		"bad balance":        func(m map[string]any) { m["accounts"].(map[string]any)["balance"] = "-5" },
		"unknown class":      func(m map[string]any) { m["accounts"].(map[string]any)["class_hash"] = "0x123" },
		"missing class file": func(m map[string]any) { m["classes"] = []string{"nope.json"} },
		"too many accounts":  func(m map[string]any) { m["accounts"].(map[string]any)["count"] = MaxAccounts + 1 },
	}
	for name, mut := range cases {
		if _, err := Load(writeGenesis(t, mut)); !errors.Is(err, ErrInvalidGenesis) {
			t.Errorf("%s: got %v", name, err)
		} else if !strings.Contains(err.Error(), "genesis") {
			t.Errorf("%s: error lacks context: %v", name, err)
		}
	}
}

func hexOf(f felt.Felt) string { return f.Hex() }
