package starknet

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

type fixture struct {
	t        *testing.T
	ex       *Executor
	st       *MemState
	bc       BlockContext
	priv     crypto.PrivateKey
	account  felt.Address
	token    felt.Address
	misc     felt.Address
	accClass felt.ClassHash
}

var (
	accountClass = nativeClass("native-account", true, selValidate, selExecute, selValidateDeploy, selValidateDecl, selGetPublicKey)
	erc20Class   = nativeClass("native-erc20", false, selTransfer, selBalanceOf)
	miscClass    = nativeClass("native-misc", false, selFail, selDeployChild)
)

const initialBalance = 1_000_000_000

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ex, err := NewExecutor(DefaultConfig(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	ex.runner = nativeRunner{}
	priv, err := crypto.PrivateKeyFromFelt(felt.FromUint64(0xc0ffee))
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{t: t, ex: ex, st: NewMemState(), priv: priv, token: f(0x1000), misc: f(0x2000)}
	for _, c := range []*Class{accountClass, erc20Class, miscClass} {
		must(t, fx.st.DeclareClass(c.Hash(), c.CompiledClassHash(), c))
	}
	fx.accClass = accountClass.Hash()
	fx.account = ContractAddress(felt.Zero, f(1), fx.accClass, []felt.Felt{crypto.GetPublicKey(priv)})
	must(t, fx.st.SetClassHashAt(fx.account, fx.accClass))
	must(t, fx.st.SetStorage(fx.account, publicKeyVar, crypto.GetPublicKey(priv)))
	must(t, fx.st.SetClassHashAt(fx.token, erc20Class.Hash()))
	must(t, fx.st.SetClassHashAt(fx.misc, miscClass.Hash()))
	must(t, SetBalance(fx.st, fx.token, fx.account, big.NewInt(initialBalance)))
	fx.bc = BlockContext{
		Number: 20, Timestamp: 1_700_000_000, SequencerAddress: f(0x5e9), ChainID: ShortString("CAIRN_TEST"),
		GasPrices:       GasPrices{L1GasFri: f(3), L1DataGasFri: f(1), L2GasFri: f(2), L1GasWei: f(1), L1DataGasWei: f(1), L2GasWei: f(1)},
		FeeTokenAddress: fx.token, Constants: DefaultVersionedConstants(),
	}
	return fx
}

func bounds() ResourceBounds {
	return ResourceBounds{
		L1Gas:     ResourceBound{MaxAmount: 1000, MaxPricePerUnit: f(3)},
		L1DataGas: ResourceBound{MaxAmount: 1000, MaxPricePerUnit: f(1)},
		L2Gas:     ResourceBound{MaxAmount: 10_000_000, MaxPricePerUnit: f(2)},
	}
}

func (fx *fixture) sign(tx Transaction, v3 *V3Fields) {
	r, s, err := crypto.Sign(fx.priv, tx.Hash(fx.bc.ChainID))
	if err != nil {
		fx.t.Fatal(err)
	}
	v3.Signature = []felt.Felt{r, s}
}

// invoke builds a signed INVOKE v3 of a multicall.
func (fx *fixture) invoke(nonce uint64, calls ...[]felt.Felt) *InvokeV3 {
	cd := []felt.Felt{f(uint64(len(calls)))}
	for _, c := range calls {
		cd = append(cd, c[0], c[1], f(uint64(len(c)-2)))
		cd = append(cd, c[2:]...)
	}
	tx := &InvokeV3{V3Fields: V3Fields{Nonce: f(nonce), ResourceBounds: bounds()}, Sender: fx.account, Calldata: cd}
	fx.sign(tx, &tx.V3Fields)
	return tx
}

func (fx *fixture) transfer(to felt.Address, amount uint64) []felt.Felt {
	return []felt.Felt{fx.token, selTransfer, to, f(amount), felt.Zero}
}

func (fx *fixture) balance(addr felt.Address) int64 {
	b, err := Balance(fx.st, fx.token, addr)
	if err != nil {
		fx.t.Fatal(err)
	}
	return b.Int64()
}

func TestInvokeTransfer(t *testing.T) {
	fx := newFixture(t)
	tx := fx.invoke(0, fx.transfer(f(0xb0b), 500))
	r, err := fx.ex.Execute(fx.st, fx.bc, tx)
	if err != nil {
		t.Fatal(err)
	}
	if r.ExecutionStatus != StatusSucceeded || r.TransactionHash != tx.Hash(fx.bc.ChainID) {
		t.Fatalf("receipt %+v", r)
	}
	// validate + execute + transfer = 3 runs (native runs charge no
	// syscall gas); data felts: calldata, signature, the Transfer event's
	// 3 keys (×2) and 2 data.
	c := fx.bc.Constants
	wantL2 := 3*nativeSteps*c.L2GasPerStep + uint64(len(tx.Calldata)+2+3*2+2)*c.L2GasPerCalldataFelt
	// State diff: token and account modified (2×2), sender and recipient
	// low balance words (2×2; the fee word is the sender's).
	if want := uint64(8) * c.L1DataGasPerDiffFelt; r.ExecutionResources.L1DataGas != want {
		t.Fatalf("l1 data gas %d, want %d", r.ExecutionResources.L1DataGas, want)
	}
	if r.ExecutionResources.L2Gas != wantL2 {
		t.Fatalf("l2 gas %d, want %d", r.ExecutionResources.L2Gas, wantL2)
	}
	// Diff: token storage (2 addresses × lo, hi... only changed words) + nonce.
	wantFee := int64(wantL2)*2 + int64(r.ExecutionResources.L1DataGas)*1
	if r.ActualFee.Amount != f(uint64(wantFee)) || r.ActualFee.Unit != "FRI" {
		t.Fatalf("fee %s, want %d", r.ActualFee.Amount.Text(10), wantFee)
	}
	if got := fx.balance(f(0xb0b)); got != 500 {
		t.Fatalf("recipient balance %d", got)
	}
	if got := fx.balance(fx.account); got != initialBalance-500-wantFee {
		t.Fatalf("sender balance %d", got)
	}
	if got := fx.balance(fx.bc.SequencerAddress); got != wantFee {
		t.Fatalf("sequencer balance %d", got)
	}
	if n, _ := fx.st.NonceAt(fx.account); n != f(1) {
		t.Fatalf("nonce %s", n.Hex())
	}
	if len(r.Events) != 2 || r.Events[0].Keys[2] != f(0xb0b) || r.Events[1].Keys[2] != fx.bc.SequencerAddress {
		t.Fatalf("events %+v", r.Events)
	}
}

func TestInvokeRejections(t *testing.T) {
	cases := []struct {
		name string
		mod  func(fx *fixture, tx *InvokeV3)
		want error
	}{
		{"bad signature", func(fx *fixture, tx *InvokeV3) { tx.Signature[1] = f(12345) }, ErrValidationFailure},
		{"wrong nonce", func(fx *fixture, tx *InvokeV3) { tx.Nonce = f(1); fx.sign(tx, &tx.V3Fields) }, ErrInvalidNonce},
		{"price below block", func(fx *fixture, tx *InvokeV3) {
			tx.ResourceBounds.L2Gas.MaxPricePerUnit = f(1)
			fx.sign(tx, &tx.V3Fields)
		}, ErrInsufficientResources},
		{"insufficient balance", func(fx *fixture, tx *InvokeV3) {
			tx.ResourceBounds.L2Gas.MaxAmount = initialBalance
			fx.sign(tx, &tx.V3Fields)
		}, ErrInsufficientBalance},
		{"validate out of steps", func(fx *fixture, tx *InvokeV3) {
			tx.ResourceBounds.L2Gas.MaxAmount = nativeSteps*fx.bc.Constants.L2GasPerStep - 1
			fx.sign(tx, &tx.V3Fields)
		}, ErrValidationFailure},
		{"query version", func(fx *fixture, tx *InvokeV3) { tx.Query = true; fx.sign(tx, &tx.V3Fields) }, ErrUnsupportedTxVersion},
		{"unknown sender", func(fx *fixture, tx *InvokeV3) {
			tx.Sender = f(0xdead)
			fx.sign(tx, &tx.V3Fields)
			must(fx.t, SetBalance(fx.st, fx.token, f(0xdead), big.NewInt(initialBalance)))
		}, ErrValidationFailure},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t)
			tx := fx.invoke(0, fx.transfer(f(0xb0b), 1))
			c.mod(fx, tx)
			before := snapshotJSON(t, fx.st)
			if err := fx.ex.Validate(fx.st, fx.bc, tx); !errors.Is(err, c.want) {
				t.Fatalf("Validate: got %v, want %v", err, c.want)
			}
			if _, err := fx.ex.Execute(fx.st, fx.bc, tx); !errors.Is(err, c.want) {
				t.Fatalf("Execute: got %v, want %v", err, c.want)
			}
			if after := snapshotJSON(t, fx.st); after != before {
				t.Fatal("rejected transaction changed the state")
			}
		})
	}
	fx := newFixture(t)
	if _, err := fx.ex.Execute(fx.st, fx.bc, &InvokeV1{Sender: fx.account}); !errors.Is(err, ErrUnsupportedTxVersion) {
		t.Fatalf("InvokeV1: got %v", err)
	}
}

// snapshotJSON renders the MemState's content deterministically.
func snapshotJSON(t *testing.T, st *MemState) string {
	c := NewCachedState(NewMemState())
	for k, v := range st.storage {
		must(t, c.SetStorage(k.addr, k.key, v))
	}
	for a, v := range st.nonces {
		must(t, c.SetNonce(a, v))
	}
	for a, v := range st.classHashes {
		must(t, c.SetClassHashAt(a, v))
	}
	d, err := c.Diff()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(d)
	return string(b)
}

func TestInvokeReverted(t *testing.T) {
	cases := []struct {
		name   string
		calls  func(fx *fixture) [][]felt.Felt
		reason string
	}{
		{"transfer too much", func(fx *fixture) [][]felt.Felt {
			return [][]felt.Felt{fx.transfer(f(0xb0b), 10), fx.transfer(f(0xb0b), initialBalance*2)}
		}, "u256_sub Overflow"},
		{"undeployed contract", func(fx *fixture) [][]felt.Felt { return [][]felt.Felt{{f(0x777), selTransfer}} }, "is not deployed"},
		{"unknown selector", func(fx *fixture) [][]felt.Felt { return [][]felt.Felt{{fx.token, selFail}} }, "not found in contract"},
		{"inner panic", func(fx *fixture) [][]felt.Felt { return [][]felt.Felt{{fx.misc, selFail}} }, "boom"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t)
			tx := fx.invoke(0, c.calls(fx)...)
			r, err := fx.ex.Execute(fx.st, fx.bc, tx)
			if err != nil {
				t.Fatal(err)
			}
			if r.ExecutionStatus != StatusReverted || !strings.Contains(r.RevertReason, c.reason) {
				t.Fatalf("status %s reason %q, want reverted with %q", r.ExecutionStatus, r.RevertReason, c.reason)
			}
			if n, _ := fx.st.NonceAt(fx.account); n != f(1) {
				t.Fatalf("nonce %s after revert", n.Hex())
			}
			fee := r.ActualFee.Amount.BigInt().Int64()
			if fee == 0 || fx.balance(fx.account) != initialBalance-fee || fx.balance(f(0xb0b)) != 0 {
				t.Fatalf("fee %d, balances %d / %d", fee, fx.balance(fx.account), fx.balance(f(0xb0b)))
			}
			if v, _ := fx.st.StorageAt(fx.misc, felt.One); !v.IsZero() {
				t.Fatal("failed call's storage write survived")
			}
			if len(r.Events) != 1 || r.Events[0].FromAddress != fx.token {
				t.Fatalf("events of a reverted tx: %+v (want only the fee transfer)", r.Events)
			}
		})
	}
	// Execution exceeding the L2 gas bound (validation fits): reverted, bounded fee.
	fx := newFixture(t)
	tx := fx.invoke(0, fx.transfer(f(0xb0b), 1))
	tx.ResourceBounds.L2Gas.MaxAmount = 2*nativeSteps*fx.bc.Constants.L2GasPerStep + 10
	fx.sign(tx, &tx.V3Fields)
	r, err := fx.ex.Execute(fx.st, fx.bc, tx)
	if err != nil {
		t.Fatal(err)
	}
	if r.ExecutionStatus != StatusReverted || fx.balance(f(0xb0b)) != 0 {
		t.Fatalf("out of gas: status %s reason %q", r.ExecutionStatus, r.RevertReason)
	}
}

func TestDeployAccountAndDeclare(t *testing.T) {
	fx := newFixture(t)
	priv2, _ := crypto.PrivateKeyFromFelt(f(0xabc))
	pub2 := crypto.GetPublicKey(priv2)
	da := &DeployAccountV3{V3Fields: V3Fields{ResourceBounds: bounds()}, ClassHash: fx.accClass, ContractAddressSalt: f(7), ConstructorCalldata: []felt.Felt{pub2}}
	addr := da.SenderAddress()
	must(t, SetBalance(fx.st, fx.token, addr, big.NewInt(initialBalance)))
	// Signed by the wrong key: rejected, nothing deployed.
	fx.sign(da, &da.V3Fields)
	if _, err := fx.ex.Execute(fx.st, fx.bc, da); !errors.Is(err, ErrValidationFailure) {
		t.Fatalf("wrong key: %v", err)
	}
	if ch, _ := fx.st.ClassHashAt(addr); !ch.IsZero() {
		t.Fatal("rejected deploy left a contract")
	}
	r1, s1, _ := crypto.Sign(priv2, da.Hash(fx.bc.ChainID))
	da.Signature = []felt.Felt{r1, s1}
	r, err := fx.ex.Execute(fx.st, fx.bc, da)
	if err != nil {
		t.Fatal(err)
	}
	if r.ContractAddress == nil || *r.ContractAddress != addr || r.ExecutionStatus != StatusSucceeded {
		t.Fatalf("receipt %+v", r)
	}
	if ch, _ := fx.st.ClassHashAt(addr); ch != fx.accClass {
		t.Fatal("account not deployed")
	}
	if pk, _ := fx.st.StorageAt(addr, publicKeyVar); pk != pub2 {
		t.Fatal("constructor did not store the key")
	}
	if _, err := fx.ex.Execute(fx.st, fx.bc, da); !errors.Is(err, ErrInvalidNonce) {
		t.Fatalf("replay: %v", err)
	}

	newClass := nativeClass("native-other", false, f(42))
	decl := &DeclareV3{V3Fields: V3Fields{ResourceBounds: bounds()}, Sender: fx.account, ClassHash: newClass.Hash(), CompiledClassHash: newClass.CompiledClassHash(), Class: newClass}
	fx.sign(decl, &decl.V3Fields)
	bad := *decl
	bad.CompiledClassHash = f(1)
	fx.sign(&bad, &bad.V3Fields)
	if _, err := fx.ex.Execute(fx.st, fx.bc, &bad); !errors.Is(err, ErrCompiledClassHashMismatch) {
		t.Fatalf("mismatch: %v", err)
	}
	if _, err := fx.ex.Execute(fx.st, fx.bc, decl); err != nil {
		t.Fatal(err)
	}
	if c, err := fx.st.Class(newClass.Hash()); err != nil || c != newClass {
		t.Fatalf("class not declared: %v", err)
	}
	again := *decl
	again.Nonce = f(1)
	fx.sign(&again, &again.V3Fields)
	if _, err := fx.ex.Execute(fx.st, fx.bc, &again); !errors.Is(err, ErrClassAlreadyDeclared) {
		t.Fatalf("redeclare: %v", err)
	}
}

func TestCallAndEstimate(t *testing.T) {
	fx := newFixture(t)
	ret, err := fx.ex.Call(fx.st, fx.bc, fx.token, selBalanceOf, []felt.Felt{fx.account})
	if err != nil || len(ret) != 2 || ret[0] != f(initialBalance) {
		t.Fatalf("balance_of: %v %v", ret, err)
	}
	if _, err := fx.ex.Call(fx.st, fx.bc, f(0x999), selBalanceOf, nil); !errors.Is(err, ErrContractNotFound) {
		t.Fatalf("undeployed: %v", err)
	}
	var ce *ContractError
	if _, err := fx.ex.Call(fx.st, fx.bc, fx.misc, selFail, nil); !errors.As(err, &ce) || !strings.Contains(ce.RevertReason, "boom") {
		t.Fatalf("failing call: %v", err)
	}
	tx := fx.invoke(0, fx.transfer(f(0xb0b), 5))
	tx.ResourceBounds = ResourceBounds{}
	tx.Query = true
	fx.sign(tx, &tx.V3Fields)
	est, err := fx.ex.EstimateFee(fx.st, fx.bc, []Transaction{tx})
	if err != nil {
		t.Fatal(err)
	}
	real := fx.invoke(0, fx.transfer(f(0xb0b), 5))
	r, err := fx.ex.Execute(fx.st, fx.bc, real)
	if err != nil {
		t.Fatal(err)
	}
	if est[0].OverallFee != r.ActualFee.Amount || est[0].L2GasConsumed != r.ExecutionResources.L2Gas {
		t.Fatalf("estimate %+v, actual %+v", est[0], r)
	}
}

func TestExecuteBlockDeterministic(t *testing.T) {
	run := func() string {
		fx := newFixture(t)
		txs := []Transaction{
			fx.invoke(0, fx.transfer(f(0xb0b), 5), fx.transfer(f(0xca7), 6)),
			fx.invoke(1, []felt.Felt{fx.misc, selFail}),
			fx.invoke(5, fx.transfer(f(0xb0b), 1)), // bad nonce: rejected
			fx.invoke(2, []felt.Felt{fx.misc, selDeployChild, fx.accClass, f(3), f(99)}),
		}
		res, err := fx.ex.ExecuteBlock(fx.st, fx.bc, txs)
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(res.Errors[2], ErrInvalidNonce) || res.Receipts[2] != nil {
			t.Fatalf("tx 2: %v", res.Errors[2])
		}
		if res.Receipts[3].ExecutionStatus != StatusSucceeded || len(res.StateDiff.DeployedContracts) != 1 {
			t.Fatalf("deploy via syscall: %+v diff %+v", res.Receipts[3], res.StateDiff.DeployedContracts)
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		return string(b) + snapshotJSON(t, fx.st)
	}
	a, b := run(), run()
	if a != b {
		t.Fatal("same block twice gave different results")
	}
}
