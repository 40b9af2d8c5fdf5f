package contracts

import (
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/internal/jsref"
)

// jsSignScript builds, hashes and signs with starknet.js 10.8: a
// DEPLOY_ACCOUNT v3 of Cairn's account and an INVOKE v3 whose calldata is
// the account multicall of an ERC-20 transfer and a fib call, compiled by
// CallData.compile / transaction.getExecuteCalldata(calls, '1').
const jsSignScript = jsref.ReadStdin + `
import { hash, ec, CallData, cairo, transaction } from 'starknet';
const t = input;
const rb = {
  l1_gas: { max_amount: BigInt(t.l1a), max_price_per_unit: BigInt(t.l1p) },
  l1_data_gas: { max_amount: BigInt(t.l1da), max_price_per_unit: BigInt(t.l1dp) },
  l2_gas: { max_amount: BigInt(t.l2a), max_price_per_unit: BigInt(t.l2p) },
};
const common = { version: '0x3', chainId: t.chain, nonceDataAvailabilityMode: 0, feeDataAvailabilityMode: 0,
  resourceBounds: rb, tip: 0n, paymasterData: [] };
const pub = ec.starkCurve.getStarkKey(t.priv);
const ctor = CallData.compile({ public_key: pub });
const addr = hash.calculateContractAddressFromHash(pub, t.classHash, ctor, 0);
const dh = hash.calculateDeployAccountTransactionHash({ ...common, nonce: 0, contractAddress: addr,
  classHash: t.classHash, compiledConstructorCalldata: ctor, salt: pub });
const ds = ec.starkCurve.sign(dh, t.priv);
const calls = [
  { contractAddress: t.token, entrypoint: 'transfer', calldata: CallData.compile({ recipient: t.to, amount: cairo.uint256(t.amount) }) },
  { contractAddress: t.demo, entrypoint: 'fib', calldata: CallData.compile({ n: 20 }) },
];
const calldata = transaction.getExecuteCalldata(calls, '1');
const ih = hash.calculateInvokeTransactionHash({ ...common, nonce: 1, senderAddress: addr,
  compiledCalldata: calldata, accountDeploymentData: [] });
const is = ec.starkCurve.sign(ih, t.priv);
const hex = (x) => '0x' + BigInt(x).toString(16);
console.log(JSON.stringify({ pub: hex(pub), addr: hex(addr), deployHash: hex(dh), deploySig: [hex(ds.r), hex(ds.s)],
  calldata: calldata.map(hex), invokeHash: hex(ih), invokeSig: [hex(is.r), hex(is.s)] }));
`

type jsSigned struct {
	Pub, Addr, DeployHash, InvokeHash string
	DeploySig, Calldata, InvokeSig    []string
}

func feltsOf(t *testing.T, xs []string) []felt.Felt {
	out := make([]felt.Felt, len(xs))
	for i, x := range xs {
		f, err := felt.FromHex(x)
		must(t, err)
		out[i] = f
	}
	return out
}

func hexOf(t *testing.T, x string) felt.Felt {
	f, err := felt.FromHex(x)
	must(t, err)
	return f
}

// TestStarknetJSDeployAndTransfer: starknet.js deploys a Cairn account
// (DEPLOY_ACCOUNT v3) and sends a multicall INVOKE v3 (ERC-20 transfer +
// fib), both signed by starknet.js; the real executor on the Cairo VM runs
// the account, token and demo contracts from assembly.
func TestStarknetJSDeployAndTransfer(t *testing.T) {
	e := newEnv(t)
	priv := felt.FromUint64(0x1234567890abcdef)
	to := fu(0xb0b)
	amount := new(big.Int).Lsh(big.NewInt(3), 128) // exercises the high word
	amount.Add(amount, big.NewInt(77))
	b := e.bounds()
	in := map[string]any{
		"chain": chainID.Hex(), "priv": priv.Hex(), "classHash": e.acc.Hex(), "token": e.token.Hex(), "demo": e.demo.Hex(),
		"to": to.Hex(), "amount": amount.String(),
		"l1a": b.L1Gas.MaxAmount, "l1p": b.L1Gas.MaxPricePerUnit.Text(10), "l1da": b.L1DataGas.MaxAmount,
		"l1dp": b.L1DataGas.MaxPricePerUnit.Text(10), "l2a": b.L2Gas.MaxAmount, "l2p": b.L2Gas.MaxPricePerUnit.Text(10),
	}
	var js jsSigned
	jsref.MustRun(t, jsSignScript, in, &js)

	pk, err := crypto.PrivateKeyFromFelt(priv)
	must(t, err)
	pub := crypto.GetPublicKey(pk)
	deploy := &starknet.DeployAccountV3{V3Fields: starknet.V3Fields{ResourceBounds: b, Signature: feltsOf(t, js.DeploySig)},
		ClassHash: e.acc, ContractAddressSalt: pub, ConstructorCalldata: []felt.Felt{pub}}
	addr := deploy.SenderAddress()
	if addr != hexOf(t, js.Addr) || pub != hexOf(t, js.Pub) || deploy.Hash(chainID) != hexOf(t, js.DeployHash) {
		t.Fatalf("deploy: address/key/hash differ from starknet.js")
	}
	balance := new(big.Int).Lsh(big.NewInt(1), 130)
	e.fund(addr, balance)

	rcpt, err := e.ex.Execute(e.st, e.bc, deploy)
	if err != nil || rcpt.ExecutionStatus != starknet.StatusSucceeded {
		t.Fatalf("deploy account: %v %+v", err, rcpt)
	}
	if ch, _ := e.st.ClassHashAt(addr); ch != e.acc {
		t.Fatalf("account class at %s is %s", addr, ch)
	}
	if got, _ := e.st.StorageAt(addr, PublicKeyKey); got != pub {
		t.Fatalf("constructor stored public key %s", got)
	}
	deployFee := rcpt.ActualFee.Amount.BigInt()
	if deployFee.Sign() <= 0 {
		t.Fatal("deploy charged no fee")
	}

	invoke := &starknet.InvokeV3{V3Fields: starknet.V3Fields{Nonce: felt.One, ResourceBounds: b, Signature: feltsOf(t, js.InvokeSig)},
		Sender: addr, Calldata: feltsOf(t, js.Calldata)}
	if invoke.Hash(chainID) != hexOf(t, js.InvokeHash) {
		t.Fatal("invoke hash differs from starknet.js")
	}
	must(t, e.ex.Validate(e.st, e.bc, invoke))
	rcpt, err = e.ex.Execute(e.st, e.bc, invoke)
	if err != nil || rcpt.ExecutionStatus != starknet.StatusSucceeded {
		t.Fatalf("invoke: %v %+v", err, rcpt)
	}
	fee := rcpt.ActualFee.Amount.BigInt()
	lo, hi := starknet.U256Split(amount)
	transfer := starknet.Event{FromAddress: e.token, Keys: []felt.Felt{crypto.Selector("Transfer"), addr, to}, Data: []felt.Felt{lo, hi}}
	if len(rcpt.Events) != 2 || !eventEq(rcpt.Events[0], transfer) {
		t.Fatalf("events %+v, want the transfer then the fee transfer", rcpt.Events)
	}
	if n, _ := e.st.NonceAt(addr); n != fu(2) {
		t.Fatalf("nonce %s, want 2", n)
	}
	want := new(big.Int).Sub(balance, deployFee)
	want.Sub(want, fee).Sub(want, amount)
	e.expectBalance(addr, want)
	e.expectBalance(to, amount)
	e.expectBalance(seqAddr, new(big.Int).Add(deployFee, fee))
}

func eventEq(a, b starknet.Event) bool {
	if a.FromAddress != b.FromAddress || len(a.Keys) != len(b.Keys) || len(a.Data) != len(b.Data) {
		return false
	}
	for i := range a.Keys {
		if a.Keys[i] != b.Keys[i] {
			return false
		}
	}
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			return false
		}
	}
	return true
}

// expectBalance checks addr's balance both in storage and through the
// token's balance_of entry point.
func (e *env) expectBalance(addr felt.Address, want *big.Int) {
	e.t.Helper()
	got, err := starknet.Balance(e.st, e.token, addr)
	must(e.t, err)
	if got.Cmp(want) != 0 {
		e.t.Fatalf("balance of %s = %s, want %s", addr, got, want)
	}
	ret, err := e.ex.Call(e.st, e.bc, e.token, crypto.Selector("balanceOf"), []felt.Felt{addr})
	must(e.t, err)
	lo, hi := starknet.U256Split(want)
	if len(ret) != 2 || ret[0] != lo || ret[1] != hi {
		e.t.Fatalf("balanceOf(%s) = %v, want %s", addr, ret, want)
	}
}
