package starknet

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// TestResourcesFormula checks l2_gas and l1_gas against the documented
// formula with hand-picked usage.
func TestResourcesFormula(t *testing.T) {
	fx := newFixture(t)
	tx := &InvokeV3{V3Fields: V3Fields{Signature: []felt.Felt{f(1), f(2)}}, Sender: fx.account, Calldata: []felt.Felt{f(1), f(2), f(3)}}
	x := fx.ex.newTx(fx.st, &fx.bc, tx)
	x.steps, x.syscallGas = 10, 7
	x.builtins = map[string]uint64{"pedersen": 2, "range_check": 3, "segment_arena": 5}
	x.events = []Event{{Keys: []felt.Felt{f(1)}, Data: []felt.Felt{f(2), f(3)}}}
	x.messages = []MessageToL1{{Payload: []felt.Felt{f(1), f(2)}}}
	r, err := x.resources()
	if err != nil {
		t.Fatal(err)
	}
	// 10 steps·100 + 2·4050 + 3·70 + 7 + (2 sig + 3 calldata + 1 key·2 + 2 data)·5120
	if want := uint64(1000 + 8100 + 210 + 7 + 9*5120); r.L2Gas != want {
		t.Fatalf("l2 gas %d, want %d", r.L2Gas, want)
	}
	if want := uint64(20_000 + 2); r.L1Gas != want {
		t.Fatalf("l1 gas %d, want %d", r.L1Gas, want)
	}
	// Empty diff: only the fee word (token modified 2 + word 2) = 4 felts·32.
	if r.L1DataGas != 4*32 {
		t.Fatalf("l1 data gas %d", r.L1DataGas)
	}
}

func TestFeeBoundsAndPrices(t *testing.T) {
	type outcome struct {
		err    error
		status ExecutionStatus
		reason string
	}
	cases := []struct {
		name   string
		mod    func(fx *fixture, tx *InvokeV3)
		want   outcome
		feeFor func(fx *fixture, r *Receipt, tx *InvokeV3) *big.Int // expected fee
	}{
		{"zero prices", func(fx *fixture, tx *InvokeV3) {
			fx.bc.GasPrices = GasPrices{}
			tx.ResourceBounds.L1Gas.MaxPricePerUnit, tx.ResourceBounds.L1DataGas.MaxPricePerUnit, tx.ResourceBounds.L2Gas.MaxPricePerUnit = felt.Zero, felt.Zero, felt.Zero
		}, outcome{status: StatusSucceeded}, func(*fixture, *Receipt, *InvokeV3) *big.Int { return new(big.Int) }},
		{"tip", func(fx *fixture, tx *InvokeV3) { tx.Tip = 3 }, outcome{status: StatusSucceeded},
			func(fx *fixture, r *Receipt, tx *InvokeV3) *big.Int {
				res := r.ExecutionResources
				return big.NewInt(int64(res.L2Gas*(2+3) + res.L1DataGas*1))
			}},
		{"price above block price", func(fx *fixture, tx *InvokeV3) { tx.ResourceBounds.L2Gas.MaxPricePerUnit = f(50) },
			outcome{status: StatusSucceeded}, func(fx *fixture, r *Receipt, tx *InvokeV3) *big.Int {
				// Charged at the block's price, not the bound's.
				res := r.ExecutionResources
				return big.NewInt(int64(res.L2Gas*2 + res.L1DataGas*1))
			}},
		{"l1 data gas price below block", func(fx *fixture, tx *InvokeV3) { fx.bc.GasPrices.L1DataGasFri = f(2) },
			outcome{err: ErrInsufficientResources}, nil},
		{"l2 gas exhausted during execute", func(fx *fixture, tx *InvokeV3) {
			tx.ResourceBounds.L2Gas.MaxAmount = 2*nativeSteps*fx.bc.Constants.L2GasPerStep + 10
		}, outcome{status: StatusReverted, reason: "Insufficient max L2Gas"}, boundedFee},
		{"l2 gas above bound after execute", func(fx *fixture, tx *InvokeV3) {
			// Steps fit, calldata and event gas do not.
			tx.ResourceBounds.L2Gas.MaxAmount = 3*nativeSteps*fx.bc.Constants.L2GasPerStep + 10
		}, outcome{status: StatusReverted, reason: "Insufficient max L2Gas: max amount 15010"}, boundedFee},
		{"l1 data gas above bound", func(fx *fixture, tx *InvokeV3) { tx.ResourceBounds.L1DataGas.MaxAmount = 100 },
			outcome{status: StatusReverted, reason: "Insufficient max L1DataGas: max amount 100, actual used 256."}, boundedFee},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t)
			tx := fx.invoke(0, fx.transfer(f(0xb0b), 10))
			c.mod(fx, tx)
			fx.sign(tx, &tx.V3Fields)
			r, err := fx.ex.Execute(fx.st, fx.bc, tx)
			if c.want.err != nil {
				if !errors.Is(err, c.want.err) {
					t.Fatalf("got %v, want %v", err, c.want.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.ExecutionStatus != c.want.status || !strings.Contains(r.RevertReason, c.want.reason) {
				t.Fatalf("status %s reason %q, want %s %q", r.ExecutionStatus, r.RevertReason, c.want.status, c.want.reason)
			}
			fee := c.feeFor(fx, r, tx)
			if got := r.ActualFee.Amount.BigInt(); got.Cmp(fee) != 0 {
				t.Fatalf("fee %s, want %s (resources %+v)", got, fee, r.ExecutionResources)
			}
			if fee.Cmp(tx.ResourceBounds.MaxFee(tx.Tip)) > 0 {
				t.Fatalf("fee %s above the max fee", fee)
			}
			if got := fx.balance(fx.bc.SequencerAddress); big.NewInt(got).Cmp(fee) != 0 {
				t.Fatalf("sequencer got %d", got)
			}
			wantRecipient := int64(10)
			if r.ExecutionStatus == StatusReverted {
				wantRecipient = 0
			}
			if got := fx.balance(f(0xb0b)); got != wantRecipient {
				t.Fatalf("recipient balance %d", got)
			}
		})
	}
}

// boundedFee is the fee of a transaction reverted for its bounds: what it
// used, each resource capped at its max amount, at the block's prices.
func boundedFee(fx *fixture, r *Receipt, tx *InvokeV3) *big.Int {
	b, res := tx.ResourceBounds, r.ExecutionResources
	if res.L2Gas > b.L2Gas.MaxAmount || res.L1DataGas > b.L1DataGas.MaxAmount || res.L1Gas > b.L1Gas.MaxAmount {
		return big.NewInt(-1) // never matches: the receipt exceeds the bounds
	}
	return big.NewInt(int64(res.L2Gas*2 + res.L1DataGas*1 + res.L1Gas*3))
}

func TestResourceBoundsRejectDeployAccount(t *testing.T) {
	fx := newFixture(t)
	// The new account's key is the fixture's, so its signature validates.
	da := &DeployAccountV3{V3Fields: V3Fields{ResourceBounds: bounds()}, ClassHash: fx.accClass, ContractAddressSalt: f(9),
		ConstructorCalldata: []felt.Felt{crypto.GetPublicKey(fx.priv)}}
	da.ResourceBounds.L1DataGas.MaxAmount = 10
	fx.sign(da, &da.V3Fields)
	must(t, SetBalance(fx.st, fx.token, da.SenderAddress(), big.NewInt(initialBalance)))
	if _, err := fx.ex.Execute(fx.st, fx.bc, da); !errors.Is(err, ErrInsufficientResources) {
		t.Fatalf("deploy account over its l1 data gas bound: %v", err)
	}
	if ch, _ := fx.st.ClassHashAt(da.SenderAddress()); !ch.IsZero() {
		t.Fatal("rejected deploy account left a contract")
	}
}
