package contracts

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

var maxU256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// freeEnv is an env with zero gas prices, so balances move only by transfers.
func freeEnv(t *testing.T) *env {
	e := newEnv(t)
	e.bc.GasPrices = starknet.GasPrices{}
	return e
}

func (e *env) mustSucceed(tx *starknet.InvokeV3) *starknet.Receipt {
	e.t.Helper()
	r, err := e.ex.Execute(e.st, e.bc, tx)
	if err != nil || r.ExecutionStatus != starknet.StatusSucceeded {
		e.t.Fatalf("execute: %v %+v", err, r)
	}
	return r
}

func (e *env) mustRevert(tx *starknet.InvokeV3, reason string) {
	e.t.Helper()
	r, err := e.ex.Execute(e.st, e.bc, tx)
	if err != nil || r.ExecutionStatus != starknet.StatusReverted || !strings.Contains(r.RevertReason, reason) {
		e.t.Fatalf("execute: %v %+v, want a revert with %q", err, r, reason)
	}
}

func (e *env) allowance(owner, spender felt.Address) *big.Int {
	e.t.Helper()
	ret, err := e.ex.Call(e.st, e.bc, e.token, crypto.Selector("allowance"), []felt.Felt{owner, spender})
	must(e.t, err)
	lo, _ := e.st.StorageAt(e.token, AllowanceKey(owner, spender))
	if len(ret) != 2 || ret[0] != lo {
		e.t.Fatalf("allowance returned %v, storage low word %s", ret, lo)
	}
	return new(big.Int).Add(ret[0].BigInt(), new(big.Int).Lsh(ret[1].BigInt(), 128))
}

// TestApproveTransferFrom: approve, allowance, transfer_from /
// transferFrom spending it, the infinite allowance, and the failures.
func TestApproveTransferFrom(t *testing.T) {
	e := freeEnv(t)
	owner, spender := e.funded(20), e.funded(21)
	to := fu(0xc0c0)
	start, _ := starknet.Balance(e.st, e.token, owner.addr)
	r := e.mustSucceed(e.invoke(owner, 0, call{e.token, "approve", append([]felt.Felt{spender.addr}, u256(big.NewInt(500))...)}))
	approval := starknet.Event{FromAddress: e.token, Keys: []felt.Felt{crypto.Selector("Approval"), owner.addr, spender.addr}, Data: u256(big.NewInt(500))}
	if len(r.Events) != 1 || !eventEq(r.Events[0], approval) {
		t.Fatalf("events %+v", r.Events)
	}
	if a := e.allowance(owner.addr, spender.addr); a.Int64() != 500 {
		t.Fatalf("allowance %s", a)
	}
	e.mustSucceed(e.invoke(spender, 0, call{e.token, "transfer_from", append([]felt.Felt{owner.addr, to}, u256(big.NewInt(200))...)}))
	e.mustSucceed(e.invoke(spender, 1, call{e.token, "transferFrom", append([]felt.Felt{owner.addr, to}, u256(big.NewInt(100))...)}))
	if a := e.allowance(owner.addr, spender.addr); a.Int64() != 200 {
		t.Fatalf("allowance after spending 300: %s", a)
	}
	e.expectBalance(to, big.NewInt(300))
	e.expectBalance(owner.addr, new(big.Int).Sub(start, big.NewInt(300)))
	e.mustRevert(e.invoke(spender, 2, call{e.token, "transfer_from", append([]felt.Felt{owner.addr, to}, u256(big.NewInt(201))...)}), "u256_sub Overflow")
	// Infinite allowance is not decreased.
	e.mustSucceed(e.invoke(owner, 1, call{e.token, "approve", append([]felt.Felt{spender.addr}, u256(maxU256)...)}))
	e.mustSucceed(e.invoke(spender, 3, call{e.token, "transfer_from", append([]felt.Felt{owner.addr, to}, u256(big.NewInt(1000))...)}))
	if a := e.allowance(owner.addr, spender.addr); a.Cmp(maxU256) != 0 {
		t.Fatalf("infinite allowance changed to %s", a)
	}
	e.expectBalance(to, big.NewInt(1300))
	e.mustRevert(e.invoke(owner, 2, call{e.token, "approve", append([]felt.Felt{felt.Zero}, u256(big.NewInt(1))...)}), "ERC20: approve to 0")
	// A spender with no allowance.
	e.mustRevert(e.invoke(spender, 4, call{e.token, "transfer_from", append([]felt.Felt{to, spender.addr}, u256(big.NewInt(1))...)}), "u256_sub Overflow")
}

// TestTransferU256 checks transfer's u256 arithmetic against math/big on
// random and edge-case balances: borrows, carries, overflow, underflow.
func TestTransferU256(t *testing.T) {
	two128 := new(big.Int).Lsh(big.NewInt(1), 128)
	type tc struct{ from, to, amount *big.Int }
	cases := []tc{
		{new(big.Int).Add(two128, big.NewInt(1)), big.NewInt(0), big.NewInt(2)},                                            // borrow
		{big.NewInt(5), new(big.Int).Sub(two128, big.NewInt(1)), big.NewInt(5)},                                            // carry
		{big.NewInt(5), big.NewInt(0), big.NewInt(6)},                                                                      // underflow
		{new(big.Int).Lsh(big.NewInt(1), 200), new(big.Int).Lsh(big.NewInt(1), 200), new(big.Int).Lsh(big.NewInt(1), 199)}, // high words
		{maxU256, new(big.Int).Sub(maxU256, big.NewInt(3)), big.NewInt(4)},                                                 // add overflow
		{maxU256, big.NewInt(0), maxU256},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rnd := func() *big.Int {
		v := new(big.Int)
		for i := 0; i < 4; i++ {
			v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(rng.Uint64()))
		}
		return v.Rsh(v, uint(rng.IntN(256)))
	}
	for i := 0; i < 12; i++ {
		cases = append(cases, tc{rnd(), rnd(), rnd()})
	}
	for _, c := range cases {
		e := freeEnv(t)
		a := newAccount(t, e.acc, 30)
		e.deployDirect(a)
		to := fu(0xd00d)
		must(t, starknet.SetBalance(e.st, e.token, a.addr, c.from))
		must(t, starknet.SetBalance(e.st, e.token, to, c.to))
		tx := e.invoke(a, 0, transferCall(e.token, to, c.amount))
		switch {
		case c.amount.Cmp(c.from) > 0:
			e.mustRevert(tx, "u256_sub Overflow")
		case new(big.Int).Add(c.to, c.amount).Cmp(maxU256) > 0:
			e.mustRevert(tx, "u256_add Overflow")
		default:
			e.mustSucceed(tx)
			e.expectBalance(a.addr, new(big.Int).Sub(c.from, c.amount))
			e.expectBalance(to, new(big.Int).Add(c.to, c.amount))
			continue
		}
		e.expectBalance(a.addr, c.from)
		e.expectBalance(to, c.to)
	}
}

// TestTokenViews reads the token's views and checks their input guards.
func TestTokenViews(t *testing.T) {
	e := freeEnv(t)
	e.funded(40)
	cases := []struct {
		entry string
		cd    []felt.Felt
		want  []felt.Felt
		fail  string
	}{
		{"name", nil, []felt.Felt{starknet.ShortString("Cairn Fee Token")}, ""},
		{"symbol", nil, []felt.Felt{starknet.ShortString("FRI")}, ""},
		{"decimals", nil, []felt.Felt{fu(18)}, ""},
		{"total_supply", nil, u256(new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)), ""},
		{"balance_of", []felt.Felt{fu(0x999)}, []felt.Felt{fu(0), fu(0)}, ""},
		{"name", []felt.Felt{fu(1)}, nil, "Failed to deserialize param"},
		{"balance_of", nil, nil, "Failed to deserialize param"},
		{"allowance", []felt.Felt{fu(1)}, nil, "Failed to deserialize param"},
		{"transfer", []felt.Felt{fu(1), fu(1), fu(0)}, nil, "ERC20: transfer from 0"},
	}
	for _, c := range cases {
		ret, err := e.ex.Call(e.st, e.bc, e.token, crypto.Selector(c.entry), c.cd)
		if c.fail != "" {
			var ce *starknet.ContractError
			if !errors.As(err, &ce) || !strings.Contains(ce.RevertReason, c.fail) {
				t.Fatalf("%s: %v, want %q", c.entry, err, c.fail)
			}
			continue
		}
		if err != nil || len(ret) != len(c.want) || ret[0] != c.want[0] || ret[len(ret)-1] != c.want[len(c.want)-1] {
			t.Fatalf("%s = %v %v, want %v", c.entry, ret, err, c.want)
		}
	}
}
