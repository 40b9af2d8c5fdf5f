package rpc

import (
	"testing"

	"github.com/cairnchain/cairn/internal/jsref"
)

// TestStarknetJS points starknet.js's RpcProvider (the pinned 10.8.0) at the
// server and checks what it reads: chain id, spec version, a block and a nonce.
func TestStarknetJS(t *testing.T) {
	_, _, ts := newTestServer(t, Config{})
	var out struct {
		ChainID     string
		SpecVersion string
		BlockNumber uint64
		BlockHash   string
		TxCount     int
		Nonce       string
		Receipt     string
	}
	jsref.MustRun(t, jsref.ReadStdin+`
import { RpcProvider } from 'starknet';
const p = new RpcProvider({ nodeUrl: input.url });
const block = await p.getBlock(1);
const receipt = await p.getTransactionReceipt('0x11');
console.log(JSON.stringify({
  ChainID: await p.getChainId(),
  SpecVersion: await p.getSpecVersion(),
  BlockNumber: block.block_number,
  BlockHash: block.block_hash,
  TxCount: block.transactions.length,
  Nonce: await p.getNonceForAddress(input.account, 'latest'),
  Receipt: receipt.execution_status,
}));
`, map[string]any{"url": ts.URL + "/rpc/v0_10", "account": testAccount.Hex()}, &out)
	if out.ChainID != testChainID.Hex() {
		t.Errorf("chain id %s, want %s", out.ChainID, testChainID.Hex())
	}
	if out.SpecVersion != SpecVersion {
		t.Errorf("spec version %s", out.SpecVersion)
	}
	if out.BlockNumber != 1 || out.BlockHash != "0xb10c01" || out.TxCount != 2 {
		t.Errorf("block %+v", out)
	}
	if out.Nonce != "0x4" {
		t.Errorf("nonce %s", out.Nonce)
	}
	if out.Receipt != "SUCCEEDED" {
		t.Errorf("receipt status %s", out.Receipt)
	}
}
