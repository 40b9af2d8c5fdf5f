package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/genesis"
)

// TestKeysMatchGenesisAccounts: `keys show` of each devnet genesis account's
// private key prints the public key and address the genesis derives.
func TestKeysMatchGenesisAccounts(t *testing.T) {
	g, err := genesis.Load("../../config/genesis.json")
	if err != nil {
		t.Fatal(err)
	}
	accs, err := g.DeriveAccounts()
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) == 0 {
		t.Fatal("genesis has no accounts")
	}
	for _, a := range accs[:3] {
		priv, err := parsePrivateKey(a.PrivateKey.Hex())
		if err != nil {
			t.Fatal(err)
		}
		out, err := describeKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"public_key: " + a.PublicKey.Hex() + "\n", "account_address: " + a.Address.Hex() + "\n"} {
			if !strings.Contains(out, want) {
				t.Fatalf("keys show %s:\n%s\nmissing %q", a.PrivateKey.Hex(), out, want)
			}
		}
	}
}

func TestRandomPrivateKey(t *testing.T) {
	// An all-zero random source gives the smallest key, 1.
	k, err := randomPrivateKey(bytes.NewReader(make([]byte, 64)))
	if err != nil {
		t.Fatal(err)
	}
	if d := k.Felt(); d.Hex() != "0x1" {
		t.Fatalf("key %s", d.Hex())
	}
	if err := runKeys(t.Context(), []string{"show"}); err == nil {
		t.Fatal("show without --private-key accepted")
	}
	if err := runKeys(t.Context(), []string{"show", "--private-key", "0x0"}); err == nil {
		t.Fatal("zero private key accepted")
	}
	if err := runKeys(t.Context(), []string{"bogus"}); err == nil {
		t.Fatal("unknown action accepted")
	}
}
