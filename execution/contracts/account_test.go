package contracts

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// funded returns an account deployed in e's state holding 10^21 FRI.
func (e *env) funded(key uint64) account {
	a := newAccount(e.t, e.acc, key)
	e.deployDirect(a)
	e.fund(a.addr, new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil))
	return a
}

func transferCall(token, to felt.Address, amount *big.Int) call {
	return call{token, "transfer", append([]felt.Felt{to}, u256(amount)...)}
}

// TestInvokeOutcomes runs INVOKE v3 transactions through the account and
// checks the receipt, nonce, fee and state of each outcome.
func TestInvokeOutcomes(t *testing.T) {
	big1k := big.NewInt(1000)
	huge := new(big.Int).Exp(big.NewInt(10), big.NewInt(30), nil)
	cases := []struct {
		name   string
		build  func(e *env, a account) *starknet.InvokeV3
		err    error  // rejection (state unchanged)
		revert string // substring of the revert reason
		check  func(t *testing.T, e *env, a account, r *starknet.Receipt)
	}{
		{name: "transfer", build: func(e *env, a account) *starknet.InvokeV3 {
			return e.invoke(a, 0, transferCall(e.token, fu(0xb0b), big1k))
		}, check: func(t *testing.T, e *env, a account, r *starknet.Receipt) {
			e.expectBalance(fu(0xb0b), big1k)
			if len(r.Events) != 2 || !eventEq(r.Events[0], starknet.Event{FromAddress: e.token,
				Keys: []felt.Felt{crypto.Selector("Transfer"), a.addr, fu(0xb0b)}, Data: u256(big1k)}) {
				t.Fatalf("events %+v", r.Events)
			}
		}},
		{name: "multicall fib factorial transfer", build: func(e *env, a account) *starknet.InvokeV3 {
			return e.invoke(a, 0, call{e.demo, "fib", []felt.Felt{fu(90)}}, call{e.demo, "factorial", []felt.Felt{fu(20)}},
				transferCall(e.token, fu(0xcafe), big.NewInt(5)), transferCall(e.token, fu(0xcafe), big.NewInt(6)))
		}, check: func(t *testing.T, e *env, a account, r *starknet.Receipt) {
			e.expectBalance(fu(0xcafe), big.NewInt(11))
			if len(r.Events) != 3 {
				t.Fatalf("%d events, want 2 transfers and the fee", len(r.Events))
			}
		}},
		{name: "empty multicall", build: func(e *env, a account) *starknet.InvokeV3 { return e.invoke(a, 0) }},
		{name: "bad signature", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := e.invoke(a, 0, transferCall(e.token, fu(0xb0b), big1k))
			tx.Signature[1].Add(&tx.Signature[1], &felt.One)
			return tx
		}, err: starknet.ErrValidationFailure},
		{name: "signature by another key", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := e.invoke(a, 0, transferCall(e.token, fu(0xb0b), big1k))
			tx.Signature = e.sign(newAccount(e.t, e.acc, 99), tx)
			return tx
		}, err: starknet.ErrValidationFailure},
		{name: "signature of r zero", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := e.invoke(a, 0)
			tx.Signature[0] = felt.Zero
			return tx
		}, err: starknet.ErrValidationFailure},
		{name: "signature not on curve", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := e.invoke(a, 0)
			tx.Signature[0] = fu(4) // x = 4 is not on the curve
			return tx
		}, err: starknet.ErrValidationFailure},
		{name: "signature too short", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := e.invoke(a, 0)
			tx.Signature = tx.Signature[:1]
			return tx
		}, err: starknet.ErrValidationFailure},
		{name: "signature too long", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := e.invoke(a, 0)
			tx.Signature = append(tx.Signature, felt.One)
			return tx
		}, err: starknet.ErrValidationFailure},
		{name: "wrong nonce", build: func(e *env, a account) *starknet.InvokeV3 {
			return e.invoke(a, 1, transferCall(e.token, fu(0xb0b), big1k))
		}, err: starknet.ErrInvalidNonce},
		{name: "transfer more than balance", build: func(e *env, a account) *starknet.InvokeV3 {
			return e.invoke(a, 0, transferCall(e.token, fu(0xb0b), huge))
		}, revert: "u256_sub Overflow"},
		{name: "second call fails, first rolled back", build: func(e *env, a account) *starknet.InvokeV3 {
			return e.invoke(a, 0, transferCall(e.token, fu(0xb0b), big1k), transferCall(e.token, felt.Zero, big1k))
		}, revert: "ERC20: transfer to 0", check: func(t *testing.T, e *env, a account, r *starknet.Receipt) {
			e.expectBalance(fu(0xb0b), new(big.Int))
		}},
		{name: "amount word not u128", build: func(e *env, a account) *starknet.InvokeV3 {
			return e.invoke(a, 0, call{e.token, "transfer", []felt.Felt{fu(0xb0b), felt.FromBigInt(new(big.Int).Lsh(big.NewInt(1), 128)), felt.Zero}})
		}, revert: "Failed to deserialize param"},
		{name: "call to undeployed contract", build: func(e *env, a account) *starknet.InvokeV3 {
			return e.invoke(a, 0, call{fu(0xdead), "transfer", nil})
		}, revert: "is not deployed"},
		{name: "demo n too large", build: func(e *env, a account) *starknet.InvokeV3 {
			return e.invoke(a, 0, call{e.demo, "fib", []felt.Felt{fu(1000001)}})
		}, revert: "n is too large"},
		{name: "calls claim more data than sent", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := &starknet.InvokeV3{V3Fields: starknet.V3Fields{ResourceBounds: e.bounds()}, Sender: a.addr,
				Calldata: []felt.Felt{fu(1), e.demo, crypto.Selector("fib"), fu(5), fu(1)}}
			tx.Signature = e.sign(a, tx)
			return tx
		}, revert: "Account: invalid calls"},
		{name: "more calls than data", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := &starknet.InvokeV3{V3Fields: starknet.V3Fields{ResourceBounds: e.bounds()}, Sender: a.addr,
				Calldata: append([]felt.Felt{fu(2)}, multicall(call{e.demo, "fib", []felt.Felt{fu(3)}})[1:]...)}
			tx.Signature = e.sign(a, tx)
			return tx
		}, revert: "Account: invalid calls"},
		{name: "trailing calldata", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := &starknet.InvokeV3{V3Fields: starknet.V3Fields{ResourceBounds: e.bounds()}, Sender: a.addr,
				Calldata: append(multicall(call{e.demo, "fib", []felt.Felt{fu(3)}}), fu(7))}
			tx.Signature = e.sign(a, tx)
			return tx
		}, revert: "Account: invalid calls"},
		{name: "negative data length", build: func(e *env, a account) *starknet.InvokeV3 {
			tx := &starknet.InvokeV3{V3Fields: starknet.V3Fields{ResourceBounds: e.bounds()}, Sender: a.addr,
				Calldata: []felt.Felt{fu(1), e.demo, crypto.Selector("fib"), felt.FromInt64(-1)}}
			tx.Signature = e.sign(a, tx)
			return tx
		}, revert: "Account: invalid calls"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.t = t
			a := e.funded(7)
			before, err := starknet.Balance(e.st, e.token, a.addr)
			must(t, err)
			tx := c.build(e, a)
			r, err := e.ex.Execute(e.st, e.bc, tx)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("error %v, want %v", err, c.err)
				}
				if n, _ := e.st.NonceAt(a.addr); !n.IsZero() {
					t.Fatal("rejected transaction changed the nonce")
				}
				e.expectBalance(a.addr, before)
				return
			}
			if err != nil {
				t.Fatalf("execute: %v", err)
			}
			if c.revert == "" && r.ExecutionStatus != starknet.StatusSucceeded {
				t.Fatalf("status %s: %s", r.ExecutionStatus, r.RevertReason)
			}
			if c.revert != "" && (r.ExecutionStatus != starknet.StatusReverted || !strings.Contains(r.RevertReason, c.revert)) {
				t.Fatalf("status %s reason %q, want a revert with %q", r.ExecutionStatus, r.RevertReason, c.revert)
			}
			if n, _ := e.st.NonceAt(a.addr); n != felt.One {
				t.Fatalf("nonce %s, want 1", n)
			}
			fee := r.ActualFee.Amount.BigInt()
			if fee.Sign() <= 0 {
				t.Fatal("no fee charged")
			}
			spent := new(big.Int).Sub(before, fee)
			if r.ExecutionStatus == starknet.StatusSucceeded {
				for _, ev := range r.Events[:len(r.Events)-1] {
					if ev.Keys[0] == crypto.Selector("Transfer") && ev.Keys[1] == a.addr {
						spent.Sub(spent, new(big.Int).Add(ev.Data[0].BigInt(), new(big.Int).Lsh(ev.Data[1].BigInt(), 128)))
					}
				}
			} else if len(r.Events) != 1 {
				t.Fatalf("reverted receipt has %d events, want only the fee transfer", len(r.Events))
			}
			e.expectBalance(a.addr, spent)
			if c.check != nil {
				c.check(t, e, a, r)
			}
		})
	}
}

// TestExecuteReturnsResults: __execute__ returns Array<Span<felt252>>, the
// serialized results of each call in order.
func TestExecuteReturnsResults(t *testing.T) {
	e := newEnv(t)
	a := e.funded(8)
	cd := multicall(call{e.demo, "fib", []felt.Felt{fu(10)}}, call{e.token, "balance_of", []felt.Felt{fu(0x77)}}, call{e.demo, "factorial", []felt.Felt{fu(5)}})
	ret, err := e.ex.Call(e.st, e.bc, a.addr, crypto.Selector("__execute__"), cd)
	must(t, err)
	want := []felt.Felt{fu(3), fu(1), fu(55), fu(2), fu(0), fu(0), fu(1), fu(120)}
	if len(ret) != len(want) {
		t.Fatalf("results %v, want %v", ret, want)
	}
	for i := range want {
		if ret[i] != want[i] {
			t.Fatalf("results %v, want %v", ret, want)
		}
	}
}

// TestAccountViews covers get_public_key, supports_interface,
// is_valid_signature and the validation entry points' input checks.
func TestAccountViews(t *testing.T) {
	e := newEnv(t)
	a := e.funded(9)
	hash := fu(0xabcdef)
	r, s, err := crypto.Sign(a.priv, hash)
	must(t, err)
	src6 := felt.MustHex("0x2ceccef7f994940b3962a6c67e0ba4fcd37df7d131417c604f91e03caecc1cd")
	src5 := felt.MustHex("0x3f918d17e5ee77373b56385708f855659a07f75997f365cf87748628532a055")
	cases := []struct {
		entry    string
		calldata []felt.Felt
		want     []felt.Felt
		reason   string
	}{
		{"get_public_key", nil, []felt.Felt{a.pub}, ""},
		{"get_public_key", []felt.Felt{fu(1)}, nil, "Failed to deserialize param"},
		{"supports_interface", []felt.Felt{src6}, []felt.Felt{fu(1)}, ""},
		{"supports_interface", []felt.Felt{src5}, []felt.Felt{fu(1)}, ""},
		{"supports_interface", []felt.Felt{fu(0x01ffc9a7)}, []felt.Felt{fu(0)}, ""},
		{"supports_interface", nil, nil, "Failed to deserialize param"},
		{"is_valid_signature", []felt.Felt{hash, fu(2), r, s}, []felt.Felt{starknet.ShortString("VALID")}, ""},
		{"is_valid_signature", []felt.Felt{fu(0xabcdee), fu(2), r, s}, []felt.Felt{fu(0)}, ""},
		{"is_valid_signature", []felt.Felt{hash, fu(2), s, r}, []felt.Felt{fu(0)}, ""},
		{"is_valid_signature", []felt.Felt{hash, fu(1), r}, []felt.Felt{fu(0)}, ""},
		{"is_valid_signature", []felt.Felt{hash, fu(3), r, s}, nil, "Failed to deserialize param"},
		{"is_valid_signature", []felt.Felt{hash}, nil, "Failed to deserialize param"},
		{"__validate__", nil, nil, "Account: invalid sig length"},
		{"__validate_declare__", nil, nil, "Failed to deserialize param"},
		{"__validate_deploy__", []felt.Felt{fu(1)}, nil, "Failed to deserialize param"},
		{"__execute__", nil, nil, "Account: invalid calls"},
	}
	for _, c := range cases {
		ret, err := e.ex.Call(e.st, e.bc, a.addr, crypto.Selector(c.entry), c.calldata)
		if c.reason != "" {
			var ce *starknet.ContractError
			if !errors.As(err, &ce) || !strings.Contains(ce.RevertReason, c.reason) {
				t.Fatalf("%s(%v): %v, want a panic with %q", c.entry, c.calldata, err, c.reason)
			}
			continue
		}
		if err != nil || len(ret) != len(c.want) {
			t.Fatalf("%s(%v) = %v, %v; want %v", c.entry, c.calldata, ret, err, c.want)
		}
		for i := range ret {
			if ret[i] != c.want[i] {
				t.Fatalf("%s(%v) = %v; want %v", c.entry, c.calldata, ret, c.want)
			}
		}
	}
}

// TestDeclareValidatedByAccount: DECLARE runs __validate_declare__.
func TestDeclareValidatedByAccount(t *testing.T) {
	e := newEnv(t)
	a := e.funded(10)
	b, err := ClassJSON(DemoName)
	must(t, err)
	class, err := starknet.ParseCASM(b)
	must(t, err)
	class.CompilerVersion = "cairn-test-copy" // a new class hash
	tx := &starknet.DeclareV3{V3Fields: starknet.V3Fields{ResourceBounds: e.bounds()}, Sender: a.addr,
		ClassHash: class.Hash(), CompiledClassHash: class.CompiledClassHash(), Class: class}
	tx.Signature = e.sign(newAccount(t, e.acc, 11), tx)
	if _, err := e.ex.Execute(e.st, e.bc, tx); !errors.Is(err, starknet.ErrValidationFailure) {
		t.Fatalf("declare signed by another key: %v", err)
	}
	tx.Signature = e.sign(a, tx)
	r, err := e.ex.Execute(e.st, e.bc, tx)
	if err != nil || r.ExecutionStatus != starknet.StatusSucceeded {
		t.Fatalf("declare: %v %+v", err, r)
	}
	if ok, _ := starknet.IsDeclared(e.st, class.Hash()); !ok {
		t.Fatal("class not declared")
	}
}

// TestDeployAccountBadSignature: DEPLOY_ACCOUNT with a wrong signature is
// rejected and deploys nothing.
func TestDeployAccountBadSignature(t *testing.T) {
	e := newEnv(t)
	a := newAccount(t, e.acc, 12)
	e.fund(a.addr, big.NewInt(1e18))
	tx := &starknet.DeployAccountV3{V3Fields: starknet.V3Fields{ResourceBounds: e.bounds()}, ClassHash: e.acc,
		ContractAddressSalt: a.pub, ConstructorCalldata: []felt.Felt{a.pub}}
	tx.Signature = e.sign(newAccount(t, e.acc, 13), tx)
	if _, err := e.ex.Execute(e.st, e.bc, tx); !errors.Is(err, starknet.ErrValidationFailure) {
		t.Fatalf("deploy with a foreign signature: %v", err)
	}
	if ch, _ := e.st.ClassHashAt(a.addr); !ch.IsZero() {
		t.Fatal("rejected deploy left a contract")
	}
	tx.Signature = e.sign(a, tx)
	r, err := e.ex.Execute(e.st, e.bc, tx)
	if err != nil || r.ExecutionStatus != starknet.StatusSucceeded {
		t.Fatalf("deploy: %v %+v", err, r)
	}
}
