package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cairnchain/cairn/execution/contracts"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// fakeNode answers the JSON-RPC methods cairn declare uses and checks the
// declare it receives independently: it rebuilds the transaction from the
// wire JSON, recomputes its hash and verifies the signature with the
// account's public key.
type fakeNode struct {
	t       *testing.T
	chainID felt.Felt
	pub     felt.Felt
	nonce   felt.Felt

	mu       sync.Mutex
	declared *starknet.DeclareV3
	polls    int
}

type rpcReq struct {
	ID     json.RawMessage   `json:"id"`
	Method string            `json:"method"`
	Params []json.RawMessage `json:"params"`
}

func (n *fakeNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req rpcReq
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	result, rpcErr := n.handle(req)
	resp := map[string]any{"jsonrpc": "2.0", "id": req.ID}
	if rpcErr != nil {
		resp["error"] = rpcErr
	} else {
		resp["result"] = result
	}
	_ = json.NewEncoder(w).Encode(resp)
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// txFromWire rebuilds a DECLARE v3 from its broadcast JSON.
func (n *fakeNode) txFromWire(raw json.RawMessage) (*starknet.DeclareV3, error) {
	var m struct {
		Type, Version     string
		SenderAddress     felt.Felt                  `json:"sender_address"`
		CompiledClassHash felt.Felt                  `json:"compiled_class_hash"`
		Signature         []felt.Felt                `json:"signature"`
		Nonce             felt.Felt                  `json:"nonce"`
		ResourceBounds    wire.ResourceBoundsMapping `json:"resource_bounds"`
		Tip               wire.U64                   `json:"tip"`
		ContractClass     json.RawMessage            `json:"contract_class"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	if m.Type != "DECLARE" {
		return nil, fmt.Errorf("type %s", m.Type)
	}
	class, err := starknet.ParseCASM(m.ContractClass)
	if err != nil {
		return nil, err
	}
	rb := m.ResourceBounds
	tx := &starknet.DeclareV3{V3Fields: starknet.V3Fields{Signature: m.Signature, Nonce: m.Nonce, Tip: uint64(m.Tip),
		Query: m.Version == wire.QueryVersion3,
		ResourceBounds: starknet.ResourceBounds{
			L1Gas:     starknet.ResourceBound{MaxAmount: uint64(rb.L1Gas.MaxAmount), MaxPricePerUnit: rb.L1Gas.MaxPricePerUnit},
			L1DataGas: starknet.ResourceBound{MaxAmount: uint64(rb.L1DataGas.MaxAmount), MaxPricePerUnit: rb.L1DataGas.MaxPricePerUnit},
			L2Gas:     starknet.ResourceBound{MaxAmount: uint64(rb.L2Gas.MaxAmount), MaxPricePerUnit: rb.L2Gas.MaxPricePerUnit},
		}},
		Sender: m.SenderAddress, ClassHash: class.Hash(), CompiledClassHash: m.CompiledClassHash, Class: class}
	if len(tx.Signature) != 2 || !crypto.Verify(n.pub, tx.Hash(n.chainID), tx.Signature[0], tx.Signature[1]) {
		return nil, fmt.Errorf("bad signature %v", tx.Signature)
	}
	if tx.Nonce != n.nonce {
		return nil, fmt.Errorf("nonce %s", tx.Nonce.Hex())
	}
	return tx, nil
}

func (n *fakeNode) handle(req rpcReq) (any, *rpcError) {
	n.mu.Lock()
	defer n.mu.Unlock()
	switch req.Method {
	case "starknet_chainId":
		return n.chainID, nil
	case "starknet_getNonce":
		return n.nonce, nil
	case "starknet_estimateFee":
		var txs []json.RawMessage
		if err := json.Unmarshal(req.Params[0], &txs); err != nil || len(txs) != 1 {
			return nil, &rpcError{Code: -32602, Message: "bad params"}
		}
		tx, err := n.txFromWire(txs[0])
		if err != nil || !tx.Query {
			n.t.Errorf("estimate: %v (query %v)", err, tx != nil && tx.Query)
			return nil, &rpcError{Code: 55, Message: "Account validation failed"}
		}
		return []wire.FeeEstimate{{L1GasConsumed: 0, L1GasPrice: felt.FromUint64(3), L2GasConsumed: 1000, L2GasPrice: felt.FromUint64(10),
			L1DataGasConsumed: 200, L1DataGasPrice: felt.FromUint64(1), OverallFee: felt.FromUint64(10200), Unit: "FRI"}}, nil
	case "starknet_addDeclareTransaction":
		tx, err := n.txFromWire(req.Params[0])
		if err != nil || tx.Query {
			n.t.Errorf("add declare: %v", err)
			return nil, &rpcError{Code: 55, Message: "Account validation failed"}
		}
		n.declared = tx
		return wire.AddDeclareResult{TransactionHash: tx.Hash(n.chainID), ClassHash: tx.ClassHash}, nil
	case "starknet_getTransactionReceipt":
		n.polls++
		if n.polls < 2 || n.declared == nil {
			return nil, &rpcError{Code: 29, Message: "Transaction hash not found"}
		}
		return wire.Receipt{Type: "DECLARE", TransactionHash: n.declared.Hash(n.chainID), ExecutionStatus: "SUCCEEDED",
			FinalityStatus: "ACCEPTED_ON_L2", ActualFee: wire.FeePayment{Amount: felt.FromUint64(7), Unit: "FRI"}}, nil
	}
	return nil, &rpcError{Code: -32601, Message: "Method not found"}
}

func TestDeclareAgainstFakeNode(t *testing.T) {
	priv, err := crypto.PrivateKeyFromFelt(felt.FromUint64(0xabcdef))
	if err != nil {
		t.Fatal(err)
	}
	node := &fakeNode{t: t, chainID: starknet.ShortString("CAIRN_TEST"), pub: crypto.GetPublicKey(priv), nonce: felt.FromUint64(4)}
	srv := httptest.NewServer(node)
	defer srv.Close()
	classJSON, err := contracts.ClassJSON(contracts.DemoName)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "demo.json")
	if err := os.WriteFile(path, classJSON, 0o600); err != nil {
		t.Fatal(err)
	}
	d := priv.Felt()
	res, err := declare(t.Context(), declareFlags{rpc: srv.URL, account: "0x1234", key: d.Hex(), class: path, feeMultiplier: 1.5, wait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	want, err := contracts.ClassHash(contracts.DemoName)
	if err != nil {
		t.Fatal(err)
	}
	if res.classHash != want || res.receipt == nil || res.receipt.ExecutionStatus != "SUCCEEDED" {
		t.Fatalf("result %+v", res)
	}
	got := node.declared
	if got == nil || got.Sender != felt.FromUint64(0x1234) || got.ClassHash != want {
		t.Fatalf("declared %+v", got)
	}
	// Bounds are the estimate × 1.5, prices included.
	rb := got.ResourceBounds
	if rb.L2Gas.MaxAmount != 1500 || rb.L2Gas.MaxPricePerUnit != felt.FromUint64(15) || rb.L1DataGas.MaxAmount != 300 || rb.L1Gas.MaxPricePerUnit != felt.FromUint64(4) {
		t.Fatalf("bounds %+v", rb)
	}
}
