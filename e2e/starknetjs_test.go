package e2e

import (
	"context"
	_ "embed"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/internal/jsref"
	"github.com/cairnchain/cairn/node/rpc"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// flowScript is the starknet.js side of TestStarknetJSFlow.
//
//go:embed testdata/flow.mjs
var flowScript string

// jsFlow is what testdata/flow.mjs prints.
type jsFlow struct {
	ChainID     string `json:"chainId"`
	SpecVersion string `json:"specVersion"`
	LatestBlock struct {
		Number     uint64 `json:"number"`
		Hash       string `json:"hash"`
		ParentHash string `json:"parentHash"`
		Status     string `json:"status"`
	} `json:"latestBlock"`
	FunderNonce string `json:"funderNonce"`
	NewAccount  struct {
		PublicKey string `json:"publicKey"`
		Address   string `json:"address"`
	} `json:"newAccount"`
	Estimate struct {
		OverallFee string `json:"overallFee"`
		Unit       string `json:"unit"`
		L2GasMax   string `json:"l2GasMax"`
	} `json:"estimate"`
	Fund struct {
		Hash     string `json:"hash"`
		Status   string `json:"status"`
		Finality string `json:"finality"`
	} `json:"fund"`
	DeployEstimate struct {
		OverallFee string `json:"overallFee"`
		Unit       string `json:"unit"`
	} `json:"deployEstimate"`
	Deploy struct {
		Hash            string `json:"hash"`
		ContractAddress string `json:"contractAddress"`
		Status          string `json:"status"`
		Finality        string `json:"finality"`
		Type            string `json:"type"`
		ActualFee       string `json:"actualFee"`
	} `json:"deploy"`
	Invoke struct {
		Hash         string `json:"hash"`
		WaitedStatus string `json:"waitedStatus"`
		Status       string `json:"status"`
		Finality     string `json:"finality"`
		Type         string `json:"type"`
		BlockNumber  uint64 `json:"blockNumber"`
		ActualFee    struct {
			Amount string `json:"amount"`
			Unit   string `json:"unit"`
		} `json:"actualFee"`
		Events        int `json:"events"`
		TransferEvent *struct {
			From string   `json:"from"`
			Keys []string `json:"keys"`
			Data []string `json:"data"`
		} `json:"transferEvent"`
	} `json:"invoke"`
	NewAccountNonce  string   `json:"newAccountNonce"`
	RecipientBalance []string `json:"recipientBalance"`
}

// hexFelt parses a hex string the script printed.
func hexFelt(t *testing.T, s string) felt.Felt {
	t.Helper()
	f, err := felt.FromHex(s)
	require.NoError(t, err, "felt %q", s)
	return f
}

// hexBig parses a hex string the script printed as a non-negative integer.
func hexBig(t *testing.T, s string) *big.Int {
	t.Helper()
	f := hexFelt(t, s)
	return f.BigInt()
}

// hexFelts parses a list of hex strings.
func hexFelts(t *testing.T, xs []string) []felt.Felt {
	t.Helper()
	out := make([]felt.Felt, len(xs))
	for i, x := range xs {
		out[i] = hexFelt(t, x)
	}
	return out
}

// TestStarknetJSFlow drives a real four-validator devnet with starknet.js
// 10.8 (tools/js) over the Starknet JSON-RPC: chain id, spec version, latest
// block, nonce, fee estimate, an ERC-20 transfer funding a new address,
// DEPLOY_ACCOUNT v3 of Cairn's account class there (Account.deployAccount),
// an INVOKE v3 ERC-20 transfer from it (Account.execute, waitForTransaction),
// the receipt's Transfer event and balance_of through callContract. Every
// result is checked here against Go's own computation and against what the
// other validators serve.
func TestStarknetJSFlow(t *testing.T) {
	n := startNetwork(t, 4, "")
	n.waitHeight(1, 90*time.Second)
	accs := n.accounts()
	g, err := genesis.Load(filepath.Join(n.dir, "net", "genesis", "genesis.json"))
	require.NoError(t, err)
	accountClass := g.Accounts.ClassHash
	funder := accs.Accounts[0]

	newKey := felt.FromUint64(0xe2e0_5eed_c0ffee)
	priv, err := crypto.PrivateKeyFromFelt(newKey)
	require.NoError(t, err)
	pub := crypto.GetPublicKey(priv)
	newAddr := (&starknet.DeployAccountV3{ClassHash: accountClass, ContractAddressSalt: pub,
		ConstructorCalldata: []felt.Felt{pub}}).SenderAddress()
	recipient := felt.FromUint64(0xe2e_b0b)
	fundAmount := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil) // 1000 STRK
	transferAmount := big.NewInt(123_456_789)

	entry := n.vals[1]
	in := map[string]any{
		"url": entry.rpcURL + "/rpc/v0_10", "feeToken": accs.FeeToken.Hex(), "accountClassHash": accountClass.Hex(),
		"funder":        map[string]string{"address": funder.Address.Hex(), "privateKey": funder.PrivateKey.Hex()},
		"newPrivateKey": newKey.Hex(), "fundAmount": fundAmount.String(), "transferAmount": transferAmount.String(),
		"recipient": recipient.Hex(),
	}
	start := time.Now()
	var out jsFlow
	jsref.MustRun(t, flowScript, in, &out)
	t.Logf("starknet.js flow took %s", time.Since(start).Round(time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// Reads.
	require.Equal(t, starknet.ShortString(accs.ChainID), hexFelt(t, out.ChainID), "chain id")
	require.Equal(t, rpc.SpecVersion, out.SpecVersion)
	require.Equal(t, wire.TxAcceptedOnL2, out.LatestBlock.Status)
	require.GreaterOrEqual(t, out.LatestBlock.Number, uint64(1))
	other := n.vals[2].client()
	b, err := other.BlockWithTxHashes(ctx, wire.ByNumber(out.LatestBlock.Number))
	require.NoError(t, err)
	require.Equal(t, b.BlockHash, hexFelt(t, out.LatestBlock.Hash), "latest block hash as another validator serves it")
	require.Equal(t, b.ParentHash, hexFelt(t, out.LatestBlock.ParentHash))
	require.Equal(t, felt.Zero, hexFelt(t, out.FunderNonce), "fresh prefunded account nonce")

	// Fee estimate and funding.
	require.Equal(t, wire.UnitFri, out.Estimate.Unit)
	require.Positive(t, hexBig(t, out.Estimate.OverallFee).Sign(), "estimated fee")
	require.Positive(t, hexBig(t, out.Estimate.L2GasMax).Sign(), "l2 gas bound from the estimate")
	require.Equal(t, wire.ExecSucceeded, out.Fund.Status)
	require.Equal(t, wire.TxAcceptedOnL2, out.Fund.Finality)

	// DEPLOY_ACCOUNT: the address Go derives, Cairn's account class there.
	require.Equal(t, pub, hexFelt(t, out.NewAccount.PublicKey))
	require.Equal(t, newAddr, hexFelt(t, out.NewAccount.Address), "starknet.js and Go derive the same address")
	require.Equal(t, wire.UnitFri, out.DeployEstimate.Unit)
	require.Positive(t, hexBig(t, out.DeployEstimate.OverallFee).Sign())
	require.Equal(t, newAddr, hexFelt(t, out.Deploy.ContractAddress))
	require.Equal(t, wire.ExecSucceeded, out.Deploy.Status)
	require.Equal(t, wire.TxDeployAccount, out.Deploy.Type)
	require.Equal(t, wire.TxAcceptedOnL2, out.Deploy.Finality)

	// INVOKE: receipt and Transfer event.
	inv := out.Invoke
	require.Equal(t, wire.ExecSucceeded, inv.WaitedStatus)
	require.Equal(t, wire.ExecSucceeded, inv.Status)
	require.Equal(t, wire.TxInvoke, inv.Type)
	require.Equal(t, wire.TxAcceptedOnL2, inv.Finality)
	require.Equal(t, wire.UnitFri, inv.ActualFee.Unit)
	require.Equal(t, 2, inv.Events, "the transfer and the fee transfer")
	require.NotNil(t, inv.TransferEvent, "no Transfer(new account → recipient) event in the receipt")
	require.Equal(t, accs.FeeToken, hexFelt(t, inv.TransferEvent.From))
	require.Equal(t, []felt.Felt{crypto.Selector("Transfer"), newAddr, recipient}, hexFelts(t, inv.TransferEvent.Keys))
	require.Equal(t, []felt.Felt{felt.FromBigInt(transferAmount), felt.Zero}, hexFelts(t, inv.TransferEvent.Data))
	require.Equal(t, felt.FromUint64(2), hexFelt(t, out.NewAccountNonce), "deploy + one invoke")

	// callContract balance_of(recipient): the moved amount (u256 low, high).
	require.Equal(t, []felt.Felt{felt.FromBigInt(transferAmount), felt.Zero}, hexFelts(t, out.RecipientBalance))

	// Every validator holds the same result at the invoke's block.
	n.waitHeight(int64(inv.BlockNumber), 30*time.Second)
	invokeFee := hexBig(t, inv.ActualFee.Amount)
	deployFee := hexBig(t, out.Deploy.ActualFee)
	left := new(big.Int).Sub(fundAmount, deployFee)
	left.Sub(left, invokeFee).Sub(left, transferAmount)
	at := wire.ByNumber(inv.BlockNumber)
	for _, v := range n.vals {
		c := v.client()
		r, err := c.Receipt(ctx, hexFelt(t, inv.Hash))
		require.NoError(t, err, "%s receipt", v.name)
		require.Equal(t, wire.ExecSucceeded, r.ExecutionStatus, v.name)
		ch, err := c.ClassHashAt(ctx, at, newAddr)
		require.NoError(t, err, v.name)
		require.Equal(t, accountClass, ch, "%s class of the new account", v.name)
		bal, err := c.StorageAt(ctx, accs.FeeToken, starknet.BalanceKey(recipient), at)
		require.NoError(t, err, v.name)
		require.Equal(t, felt.FromBigInt(transferAmount), bal, "%s recipient balance", v.name)
		bal, err = c.StorageAt(ctx, accs.FeeToken, starknet.BalanceKey(newAddr), at)
		require.NoError(t, err, v.name)
		require.Equal(t, felt.FromBigInt(left), bal, "%s new account balance = fund − deploy fee − invoke fee − amount", v.name)
	}
}
