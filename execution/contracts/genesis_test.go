package contracts

import (
	"bytes"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/execution/starknet"
)

var update = flag.Bool("update", false, "rewrite config/classes/*.json from the assembly sources")

const configDir = "../../config"

// TestGenesisClassFiles: config/classes/<name>.json is exactly what the
// embedded sources assemble to (regenerate with -update).
func TestGenesisClassFiles(t *testing.T) {
	for _, n := range Names() {
		b, err := ClassJSON(n)
		must(t, err)
		p := filepath.Join(configDir, "classes", n+".json")
		if *update {
			must(t, os.MkdirAll(filepath.Dir(p), 0o755))
			must(t, os.WriteFile(p, append(b, '\n'), 0o644))
		}
		got, err := os.ReadFile(p)
		must(t, err)
		if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(b)) {
			t.Fatalf("%s is stale: run go test ./execution/contracts -run TestGenesisClassFiles -update", p)
		}
	}
}

// TestDevnetGenesis loads config/genesis.json with execution/genesis,
// applies it and uses it: the prefunded accounts sign transfers, the token
// reports its metadata and supply, the demo contract answers.
func TestDevnetGenesis(t *testing.T) {
	g, err := genesis.Load(filepath.Join(configDir, "genesis.json"))
	must(t, err)
	st := starknet.NewMemState()
	must(t, g.Apply(st))
	accs, err := g.DeriveAccounts()
	must(t, err)
	if len(accs) != 10 {
		t.Fatalf("%d accounts, want 10", len(accs))
	}
	acc, _ := ClassHash(AccountName)
	if g.Accounts.ClassHash != acc {
		t.Fatalf("genesis account class %s, want Cairn's account %s", g.Accounts.ClassHash, acc)
	}
	demo := felt.Felt{}
	for _, c := range g.Contracts {
		if h, _ := ClassHash(DemoName); c.ClassHash == h {
			demo = c.Address
		}
	}
	ex, err := newEnvExecutor()
	must(t, err)
	bc := starknet.BlockContext{Number: 1, Timestamp: 1, SequencerAddress: seqAddr, ChainID: g.ChainIDFelt(),
		GasPrices:       starknet.GasPrices{L1GasFri: fu(3), L1DataGasFri: fu(1), L2GasFri: fu(2)},
		FeeTokenAddress: g.FeeTokenAddress, Constants: starknet.DefaultVersionedConstants()}
	e := &env{t: t, ex: ex, st: st, bc: bc, token: g.FeeTokenAddress, demo: demo, acc: acc}
	bal, _ := new(big.Int).SetString(g.Accounts.Balance, 10)
	views := []struct {
		entry string
		want  []felt.Felt
	}{
		{"name", []felt.Felt{starknet.ShortString("Starknet Token")}},
		{"symbol", []felt.Felt{starknet.ShortString("STRK")}},
		{"decimals", []felt.Felt{fu(18)}},
		{"totalSupply", u256(new(big.Int).Mul(bal, big.NewInt(10)))},
	}
	for _, v := range views {
		ret, err := ex.Call(st, bc, e.token, crypto.Selector(v.entry), nil)
		if err != nil || len(ret) != len(v.want) || ret[0] != v.want[0] || ret[len(ret)-1] != v.want[len(v.want)-1] {
			t.Fatalf("%s = %v, %v; want %v", v.entry, ret, err, v.want)
		}
	}
	for i, a := range accs {
		priv, err := crypto.PrivateKeyFromFelt(a.PrivateKey)
		must(t, err)
		from := account{priv: priv, pub: a.PublicKey, addr: a.Address}
		to := accs[(i+1)%len(accs)].Address
		tx := e.invoke(from, 0, transferCall(e.token, to, big.NewInt(int64(1000+i))), call{demo, "fib", []felt.Felt{fu(10)}})
		r, err := ex.Execute(st, bc, tx)
		if err != nil || r.ExecutionStatus != starknet.StatusSucceeded {
			t.Fatalf("account %d transfer: %v %+v", i, err, r)
		}
	}
}
