package starknet

import (
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/internal/jsref"
)

// TestStarknetJSSignedInvokeAccepted: starknet.js computes the INVOKE v3
// hash and signs it with ec.starkCurve.sign; Cairn computes the same hash
// and the account's validation accepts the signature.
func TestStarknetJSSignedInvokeAccepted(t *testing.T) {
	fx := newFixture(t)
	tx := fx.invoke(0, fx.transfer(f(0xb0b), 5))
	tx.Signature = nil
	in := jsCommon(&tx.V3Fields, fx.bc.ChainID)
	in["sender"], in["calldata"], in["priv"] = tx.Sender.Hex(), hexes(tx.Calldata), hexes([]felt.Felt{fx.priv.Felt()})[0]
	var out struct{ Hash, R, S string }
	jsref.MustRun(t, jsref.ReadStdin+`
import { hash, ec } from 'starknet';
const t = input;
const rb = (b) => ({
  l1_gas: { max_amount: BigInt(b.l1.a), max_price_per_unit: BigInt(b.l1.p) },
  l1_data_gas: { max_amount: BigInt(b.l1d.a), max_price_per_unit: BigInt(b.l1d.p) },
  l2_gas: { max_amount: BigInt(b.l2.a), max_price_per_unit: BigInt(b.l2.p) },
});
const h = hash.calculateInvokeTransactionHash({ version: '0x3', chainId: t.chain, nonce: t.nonce,
  nonceDataAvailabilityMode: t.nda, feeDataAvailabilityMode: t.fda, resourceBounds: rb(t.bounds),
  tip: BigInt(t.tip), paymasterData: t.pm, senderAddress: t.sender, compiledCalldata: t.calldata,
  accountDeploymentData: [] });
const sig = ec.starkCurve.sign(h, t.priv);
console.log(JSON.stringify({ Hash: h, R: '0x' + sig.r.toString(16), S: '0x' + sig.s.toString(16) }));
`, in, &out)
	if got := tx.Hash(fx.bc.ChainID); mustHex(t, out.Hash) != got {
		t.Fatalf("hash %s, starknet.js %s", got.Hex(), out.Hash)
	}
	tx.Signature = []felt.Felt{mustHex(t, out.R), mustHex(t, out.S)}
	if err := fx.ex.Validate(fx.st, fx.bc, tx); err != nil {
		t.Fatalf("starknet.js signature rejected: %v", err)
	}
	r, err := fx.ex.Execute(fx.st, fx.bc, tx)
	if err != nil || r.ExecutionStatus != StatusSucceeded {
		t.Fatalf("execute: %v %+v", err, r)
	}
}
