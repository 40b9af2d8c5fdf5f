package contracts

import (
	"errors"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/cairo/asm"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// TestClassesEntryPoints: every contract assembles into a class exposing
// exactly its ABI, with builtins in Cairo's canonical order.
func TestClassesEntryPoints(t *testing.T) {
	want := map[string][]string{
		AccountName: {"__execute__", "__validate__", "__validate_declare__", "__validate_deploy__", "get_public_key", "is_valid_signature", "supports_interface"},
		ERC20Name: {"allowance", "approve", "balanceOf", "balance_of", "decimals", "name", "symbol", "totalSupply", "total_supply",
			"transfer", "transferFrom", "transfer_from"},
		DemoName: {"factorial", "fib"},
	}
	for _, n := range Names() {
		c, err := Class(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if len(c.EntryPoints.External) != len(want[n]) {
			t.Fatalf("%s: %d external entry points, want %d", n, len(c.EntryPoints.External), len(want[n]))
		}
		for _, name := range want[n] {
			if _, err := c.EntryPoint(starknet.EntryPointExternal, crypto.Selector(name)); err != nil {
				t.Fatalf("%s: entry point %s: %v", n, name, err)
			}
		}
		h, err := ClassHash(n)
		if err != nil || h != c.Hash() {
			t.Fatalf("%s: class hash %s (%v)", n, h, err)
		}
	}
	for _, n := range []string{AccountName, ERC20Name} {
		c, _ := Class(n)
		if len(c.EntryPoints.Constructor) != 1 {
			t.Fatalf("%s: no constructor", n)
		}
	}
	if _, err := Class("nope"); !errors.Is(err, ErrUnknownContract) {
		t.Fatalf("unknown contract: %v", err)
	}
}

// TestLayoutConstants: the storage keys and selectors written as literals
// in the assembly are the values their names derive.
func TestLayoutConstants(t *testing.T) {
	consts := func(name string) map[string]felt.Felt {
		u, err := assemble(name)
		if err != nil {
			t.Fatal(err)
		}
		return constants(u)
	}
	acc, erc := consts(AccountName), consts(ERC20Name)
	checks := []struct {
		what string
		got  felt.Felt
		want felt.Felt
	}{
		{"account PUBLIC_KEY", acc["PUBLIC_KEY"], PublicKeyKey},
		{"erc20 NAME", erc["NAME"], NameKey},
		{"erc20 SYMBOL", erc["SYMBOL"], SymbolKey},
		{"erc20 DECIMALS", erc["DECIMALS"], DecimalsKey},
		{"erc20 TOTAL_SUPPLY", erc["TOTAL_SUPPLY"], TotalSupplyKey},
		{"erc20 BALANCES", erc["BALANCES"], BalancesBase},
		{"erc20 ALLOWANCES", erc["ALLOWANCES"], AllowancesBase},
		{"erc20 TRANSFER", erc["TRANSFER"], crypto.Selector("Transfer")},
		{"erc20 APPROVAL", erc["APPROVAL"], crypto.Selector("Approval")},
		{"account GEN_X", acc["GEN_X"], crypto.StarkCurveGenerator()[0]},
		{"account GEN_Y", acc["GEN_Y"], crypto.StarkCurveGenerator()[1]},
		{"account ORDER", acc["ORDER"], felt.FromBigInt(crypto.CurveOrder())},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.what, c.got, c.want)
		}
	}
	// AUX is the first curve point at or after sn_keccak('CAIRN_ECDSA_AUX_POINT'), smaller y.
	x := crypto.StarknetKeccak([]byte("CAIRN_ECDSA_AUX_POINT"))
	var y felt.Felt
	for {
		var ok bool
		if y, ok = crypto.YFromX(&x); ok {
			break
		}
		x.Add(&x, &felt.One)
	}
	var ny felt.Felt
	ny.Neg(&y)
	if ny.Cmp(&y) < 0 {
		y = ny
	}
	if acc["AUX_X"] != x || acc["AUX_Y"] != y {
		t.Errorf("AUX = (%s, %s), want (%s, %s)", acc["AUX_X"], acc["AUX_Y"], x, y)
	}
	if !crypto.OnCurve(&x, &y) || starknet.BalanceKey(felt.One) != starknet.StorageMapKey(BalancesBase, felt.One) {
		t.Fatal("layout inconsistent with execution/starknet")
	}
}

func constants(u *asm.Unit) map[string]felt.Felt {
	out := map[string]felt.Felt{}
	for _, c := range u.Consts {
		out[c.Name] = felt.FromBigInt(c.Value)
	}
	return out
}

// TestNoLabelShadowsFunction: a label named like a function would capture
// `call NAME` inside its function (labels resolve before functions).
func TestNoLabelShadowsFunction(t *testing.T) {
	for _, n := range Names() {
		u, err := assemble(n)
		if err != nil {
			t.Fatal(err)
		}
		funcs := map[string]bool{}
		for _, f := range u.Functions {
			funcs[f.Name] = true
		}
		for _, l := range u.Labels {
			short := l.Name[strings.LastIndex(l.Name, ".")+1:]
			if funcs[short] {
				t.Errorf("%s: label %s shadows function %s", n, l.Name, short)
			}
		}
	}
}
