package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/cairnchain/cairn/node"
)

func init() {
	register("testnet", "write configs for a local N-validator testnet", func(ctx context.Context, args []string) error {
		c := node.DefaultTestnetConfig()
		fs := flag.NewFlagSet("testnet", flag.ContinueOnError)
		fs.IntVar(&c.Validators, "validators", c.Validators, "number of validators")
		fs.StringVar(&c.OutputDir, "output", c.OutputDir, "output directory (node0 … nodeN-1 inside)")
		fs.StringVar(&c.Genesis, "genesis", c.Genesis, "Starknet genesis JSON (execution/genesis format); empty: the built-in devnet genesis")
		fs.StringVar(&c.ChainID, "chain-id", c.ChainID, "CometBFT chain id")
		fs.StringVar(&c.Host, "host", c.Host, "listen/dial host")
		fs.IntVar(&c.BasePort, "base-port", c.BasePort, "node i uses base+10i (p2p), +1 (cometbft rpc), +2 (starknet rpc), +3 (metrics)")
		fs.DurationVar(&c.TimeoutCommit, "timeout-commit", c.TimeoutCommit, "consensus timeout_commit")
		fs.DurationVar(&c.EmptyBlocksInterval, "empty-blocks-interval", c.EmptyBlocksInterval, "create_empty_blocks_interval (0: every round)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		nodes, err := node.WriteTestnet(c)
		if err != nil {
			return err
		}
		for _, n := range nodes {
			fmt.Printf("%s home=%s p2p=%s cometbft_rpc=http://%s starknet_rpc=http://%s metrics=http://%s/metrics\n",
				n.Name, n.Home, n.P2P, n.CometRPC, n.StarknetRPC, n.Metrics)
		}
		return nil
	})
}
