package starknet

import (
	"errors"
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// TestEstimateSkipValidate: unsigned estimates (what starknet.js sends with
// SKIP_VALIDATE) fail the account's validation unless SkipValidate is set;
// with it, INVOKE and DEPLOY_ACCOUNT are estimated without running the
// validation entry point, and the state is untouched.
func TestEstimateSkipValidate(t *testing.T) {
	fx := newFixture(t)
	unsigned := fx.invoke(0, fx.transfer(f(0xb0b), 5))
	unsigned.ResourceBounds, unsigned.Query, unsigned.Signature = ResourceBounds{}, true, nil
	if _, err := fx.ex.EstimateFee(fx.st, fx.bc, []Transaction{unsigned}); !errors.Is(err, ErrValidationFailure) {
		t.Fatalf("unsigned estimate without SkipValidate: %v", err)
	}
	skipped, err := fx.ex.EstimateFeeWith(fx.st, fx.bc, []Transaction{unsigned}, EstimateOptions{SkipValidate: true})
	if err != nil {
		t.Fatalf("unsigned estimate with SkipValidate: %v", err)
	}
	signed := *unsigned
	fx.sign(&signed, &signed.V3Fields)
	full, err := fx.ex.EstimateFee(fx.st, fx.bc, []Transaction{&signed})
	if err != nil {
		t.Fatal(err)
	}
	// Without the validation run (and the signature's data gas) it is cheaper.
	if skipped[0].L2GasConsumed == 0 || skipped[0].L2GasConsumed >= full[0].L2GasConsumed {
		t.Fatalf("skip-validate L2 gas %d, full %d", skipped[0].L2GasConsumed, full[0].L2GasConsumed)
	}
	if n, _ := fx.st.NonceAt(fx.account); !n.IsZero() {
		t.Fatalf("estimate changed the nonce to %s", n.Hex())
	}

	priv2, _ := crypto.PrivateKeyFromFelt(f(0xabc))
	pub2 := crypto.GetPublicKey(priv2)
	da := &DeployAccountV3{V3Fields: V3Fields{Query: true}, ClassHash: fx.accClass, ContractAddressSalt: f(7), ConstructorCalldata: []felt.Felt{pub2}}
	addr := da.SenderAddress()
	must(t, SetBalance(fx.st, fx.token, addr, big.NewInt(initialBalance)))
	if _, err := fx.ex.EstimateFee(fx.st, fx.bc, []Transaction{da}); !errors.Is(err, ErrValidationFailure) {
		t.Fatalf("unsigned deploy estimate without SkipValidate: %v", err)
	}
	est, err := fx.ex.EstimateFeeWith(fx.st, fx.bc, []Transaction{da}, EstimateOptions{SkipValidate: true})
	if err != nil {
		t.Fatalf("unsigned deploy estimate with SkipValidate: %v", err)
	}
	if est[0].OverallFee.IsZero() {
		t.Fatal("deploy estimate charged nothing")
	}
	if ch, _ := fx.st.ClassHashAt(addr); !ch.IsZero() {
		t.Fatal("estimate deployed the account")
	}
}
