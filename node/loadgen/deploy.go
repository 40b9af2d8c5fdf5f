package loadgen

import (
	"context"
	"fmt"
	"time"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node"
	"github.com/cairnchain/cairn/node/rpc/client"
	"github.com/cairnchain/cairn/node/rpc/wire"
)

// deployFunding is what a new account receives: above the maximal fee of
// its DEPLOY_ACCOUNT under bounds().
var deployFunding = felt.FromUint64(100_000_000_000_000)

// deploy creates a fresh key (derived from the sender and a counter),
// funds its counterfactual account address from s, waits for the funding
// to commit (funded is called then), and submits the DEPLOY_ACCOUNT,
// returning its hash.
func deploy(ctx context.Context, c *client.Client, chainID felt.Felt, cfg *Config, s *sender, funded func()) (felt.Felt, error) {
	funder := cfg.Accounts.Accounts[s.index].Address
	class, err := c.ClassHashAt(ctx, wire.Latest(), funder)
	if err != nil {
		return felt.Zero, fmt.Errorf("account class: %w", err)
	}
	s.deploys++
	seed := crypto.PoseidonMany(starknet.ShortString("cairn-client-deploy"), s.priv.Felt(), felt.FromUint64(s.deploys))
	priv, err := crypto.PrivateKeyFromFelt(seed)
	if err != nil {
		return felt.Zero, fmt.Errorf("derive key: %w", err)
	}
	pub := crypto.GetPublicKey(priv)
	tx := &starknet.DeployAccountV3{
		V3Fields:            starknet.V3Fields{Nonce: felt.Zero, ResourceBounds: bounds(cfg.MaxL2Gas)},
		ClassHash:           class,
		ContractAddressSalt: pub,
		ConstructorCalldata: []felt.Felt{pub},
	}
	addr := tx.SenderAddress()

	fund, err := invoke(ctx, c, chainID, cfg, s, transferCall(cfg.Accounts.FeeToken, addr, deployFunding))
	if err != nil {
		return felt.Zero, fmt.Errorf("fund %s: %w", addr.Hex(), err)
	}
	if err := waitReceipt(ctx, c, fund, cfg.ReceiptTimeout, cfg.PollInterval); err != nil {
		return felt.Zero, fmt.Errorf("fund %s: %w", addr.Hex(), err)
	}
	funded()

	hash := tx.Hash(chainID)
	r, sig, err := crypto.Sign(priv, hash)
	if err != nil {
		return felt.Zero, fmt.Errorf("sign deploy: %w", err)
	}
	tx.Signature = []felt.Felt{r, sig}
	w, err := node.TxToWire(tx, hash)
	if err != nil {
		return felt.Zero, err
	}
	w.TransactionHash = nil
	res, err := c.AddDeployAccount(ctx, w)
	if err != nil {
		return felt.Zero, err
	}
	if res.TransactionHash != hash || res.ContractAddress != addr {
		return felt.Zero, fmt.Errorf("node returned %s at %s, signed %s at %s", res.TransactionHash.Hex(), res.ContractAddress.Hex(), hash.Hex(), addr.Hex())
	}
	return hash, nil
}

func waitReceipt(ctx context.Context, c *client.Client, h felt.Felt, timeout, poll time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		r, err := c.Receipt(ctx, h)
		if err == nil {
			if r.ExecutionStatus == wire.ExecReverted {
				return fmt.Errorf("reverted: %s", r.RevertReason)
			}
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no receipt for %s after %v: %w", h.Hex(), timeout, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}
