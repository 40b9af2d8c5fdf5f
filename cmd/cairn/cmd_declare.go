package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"time"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/rpc/client"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

func init() {
	register("declare", "declare a CASM contract class through a node's RPC, signed by an account", runDeclare)
}

// declareFlags are cairn declare's options.
type declareFlags struct {
	rpc, account, key, class string
	feeMultiplier            float64
	wait                     time.Duration
}

func runDeclare(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("declare", flag.ContinueOnError)
	var o declareFlags
	fs.StringVar(&o.rpc, "rpc", "http://localhost:9545/rpc/v0_10", "the node's JSON-RPC URL")
	fs.StringVar(&o.account, "account", "", "the declaring account's address (hex)")
	fs.StringVar(&o.key, "private-key", "", "the account's STARK private key (hex)")
	fs.StringVar(&o.class, "class", "", "CASM class JSON (Scarb's .compiled_contract_class.json or `cairn asm --class` output)")
	fs.Float64Var(&o.feeMultiplier, "fee-multiplier", 1.5, "resource bounds = estimated amounts and prices × this factor (≥ 1)")
	fs.DurationVar(&o.wait, "wait", 60*time.Second, "how long to wait for the receipt (0: do not wait)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: cairn declare --rpc URL --account ADDR --private-key KEY --class FILE.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.account == "" || o.key == "" || o.class == "" || fs.NArg() != 0 {
		fs.Usage()
		return errors.New("declare: --account, --private-key and --class are required")
	}
	if o.feeMultiplier < 1 {
		return fmt.Errorf("declare: --fee-multiplier %v below 1", o.feeMultiplier)
	}
	res, err := declare(ctx, o)
	if err != nil {
		return err
	}
	fmt.Printf("class_hash: %s\ncompiled_class_hash: %s\ntransaction_hash: %s\n", res.classHash.Hex(), res.compiledClassHash.Hex(), res.txHash.Hex())
	if res.receipt != nil {
		fmt.Printf("execution_status: %s\nactual_fee: %s %s\n", res.receipt.ExecutionStatus, res.receipt.ActualFee.Amount.Text(10), res.receipt.ActualFee.Unit)
	}
	return nil
}

type declareResult struct {
	classHash, compiledClassHash, txHash felt.Felt
	receipt                              *wire.Receipt
}

// declare builds, signs, submits a DECLARE v3 and waits for its receipt.
func declare(ctx context.Context, o declareFlags) (*declareResult, error) {
	account, err := felt.FromHex(o.account)
	if err != nil {
		return nil, fmt.Errorf("declare: --account: %w", err)
	}
	priv, err := parsePrivateKey(o.key)
	if err != nil {
		return nil, fmt.Errorf("declare: --private-key: %w", err)
	}
	raw, err := os.ReadFile(o.class)
	if err != nil {
		return nil, fmt.Errorf("declare: %w", err)
	}
	class, err := starknet.ParseCASM(raw)
	if err != nil {
		return nil, fmt.Errorf("declare: class %s: %w", o.class, err)
	}
	c := client.New(o.rpc, client.Options{Retries: 2})
	chainID, err := c.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("declare: chain id: %w", err)
	}
	nonce, err := c.Nonce(ctx, wire.PreConfirmed(), account)
	if err != nil {
		return nil, fmt.Errorf("declare: nonce of %s: %w", account.Hex(), err)
	}
	tx := &starknet.DeclareV3{V3Fields: starknet.V3Fields{Nonce: nonce, Query: true}, Sender: account,
		ClassHash: class.Hash(), CompiledClassHash: class.CompiledClassHash(), Class: class}
	// Estimate with the query version, then bound the real transaction.
	if err := signV3(priv, chainID, tx, &tx.V3Fields); err != nil {
		return nil, err
	}
	est, err := c.EstimateFee(ctx, []wire.Txn{declareTxn(tx, raw)}, []string{}, wire.PreConfirmed())
	if err != nil {
		return nil, fmt.Errorf("declare: estimate fee: %w", err)
	}
	if len(est) != 1 {
		return nil, fmt.Errorf("declare: estimate fee returned %d estimates", len(est))
	}
	tx.Query = false
	tx.ResourceBounds = boundsFromEstimate(est[0], o.feeMultiplier)
	if err := signV3(priv, chainID, tx, &tx.V3Fields); err != nil {
		return nil, err
	}
	added, err := c.AddDeclare(ctx, declareTxn(tx, raw))
	if err != nil {
		return nil, fmt.Errorf("declare: submit: %w", err)
	}
	out := &declareResult{classHash: tx.ClassHash, compiledClassHash: tx.CompiledClassHash, txHash: added.TransactionHash}
	if want := tx.Hash(chainID); added.TransactionHash != want {
		return out, fmt.Errorf("declare: node reports transaction %s, computed %s", added.TransactionHash.Hex(), want.Hex())
	}
	if o.wait == 0 {
		return out, nil
	}
	if out.receipt, err = waitReceipt(ctx, c, added.TransactionHash, o.wait); err != nil {
		return out, fmt.Errorf("declare: %w", err)
	}
	if out.receipt.ExecutionStatus != string(starknet.StatusSucceeded) {
		return out, fmt.Errorf("declare: transaction %s %s: %s", out.txHash.Hex(), out.receipt.ExecutionStatus, out.receipt.RevertReason)
	}
	return out, nil
}

func parsePrivateKey(s string) (crypto.PrivateKey, error) {
	k, err := felt.FromHex(s)
	if err != nil {
		return crypto.PrivateKey{}, err
	}
	return crypto.PrivateKeyFromFelt(k)
}

// signV3 signs tx's hash for chainID into v3.Signature as [r, s], the
// form Cairn's account checks.
func signV3(priv crypto.PrivateKey, chainID felt.Felt, tx starknet.Transaction, v3 *starknet.V3Fields) error {
	r, s, err := crypto.Sign(priv, tx.Hash(chainID))
	if err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	v3.Signature = []felt.Felt{r, s}
	return nil
}

// declareTxn is the BROADCASTED_DECLARE_TXN v3 carrying the CASM class.
func declareTxn(tx *starknet.DeclareV3, class []byte) wire.Txn {
	version := wire.Version3
	if tx.Query {
		version = wire.QueryVersion3
	}
	rb := tx.ResourceBounds
	return wire.Txn{
		Type: wire.TxDeclare, Version: version, SenderAddress: tx.Sender, Signature: tx.Signature, Nonce: tx.Nonce,
		ResourceBounds: &wire.ResourceBoundsMapping{
			L1Gas:     wire.ResourceBounds{MaxAmount: wire.U64(rb.L1Gas.MaxAmount), MaxPricePerUnit: rb.L1Gas.MaxPricePerUnit},
			L1DataGas: wire.ResourceBounds{MaxAmount: wire.U64(rb.L1DataGas.MaxAmount), MaxPricePerUnit: rb.L1DataGas.MaxPricePerUnit},
			L2Gas:     wire.ResourceBounds{MaxAmount: wire.U64(rb.L2Gas.MaxAmount), MaxPricePerUnit: rb.L2Gas.MaxPricePerUnit},
		},
		Tip: wire.U64(tx.Tip), PaymasterData: tx.PaymasterData, AccountDeploymentData: tx.AccountDeploymentData,
		NonceDAMode: wire.DAModeL1, FeeDAMode: wire.DAModeL1,
		ClassHash: tx.ClassHash, CompiledClassHash: tx.CompiledClassHash, ContractClass: class,
	}
}

// boundsFromEstimate scales an estimate's amounts and prices by m.
func boundsFromEstimate(e wire.FeeEstimate, m float64) starknet.ResourceBounds {
	amount := func(v wire.U64) uint64 { return scaleU64(uint64(v), m) }
	price := func(p felt.Felt) felt.Felt {
		v := new(big.Float).Mul(new(big.Float).SetInt(p.BigInt()), big.NewFloat(m))
		i, _ := v.Int(nil)
		if i.Cmp(p.BigInt()) < 0 {
			i = p.BigInt()
		}
		return felt.FromBigInt(i)
	}
	return starknet.ResourceBounds{
		L1Gas:     starknet.ResourceBound{MaxAmount: amount(e.L1GasConsumed), MaxPricePerUnit: price(e.L1GasPrice)},
		L1DataGas: starknet.ResourceBound{MaxAmount: amount(e.L1DataGasConsumed), MaxPricePerUnit: price(e.L1DataGasPrice)},
		L2Gas:     starknet.ResourceBound{MaxAmount: amount(e.L2GasConsumed), MaxPricePerUnit: price(e.L2GasPrice)},
	}
}

func scaleU64(v uint64, m float64) uint64 {
	u, _ := new(big.Float).Mul(new(big.Float).SetUint64(v), big.NewFloat(m)).Uint64() // saturates at 2^64-1
	return max(u, v)
}

// waitReceipt polls for tx's receipt until it appears or wait passes.
func waitReceipt(ctx context.Context, c *client.Client, tx felt.Felt, wait time.Duration) (*wire.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		r, err := c.Receipt(ctx, tx)
		if err == nil {
			return r, nil
		}
		if !errors.Is(err, client.ErrTxnHashNotFound) {
			return nil, fmt.Errorf("receipt of %s: %w", tx.Hex(), err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no receipt for %s after %s: %w", tx.Hex(), wait, ctx.Err())
		case <-tick.C:
		}
	}
}
