package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cairnchain/cairn/node"
)

func init() {
	register("devnet", "run a one-validator devnet in this process", func(ctx context.Context, args []string) error {
		c := node.DefaultTestnetConfig()
		c.Validators = 1
		fs := flag.NewFlagSet("devnet", flag.ContinueOnError)
		fs.StringVar(&c.OutputDir, "dir", "devnet", "devnet directory (created on first run, reused after)")
		fs.StringVar(&c.Genesis, "genesis", "", "Starknet genesis JSON; empty: the built-in devnet genesis")
		fs.IntVar(&c.BasePort, "base-port", 26700, "p2p base, +1 cometbft rpc, +2 starknet rpc, +3 metrics")
		fs.DurationVar(&c.TimeoutCommit, "block-time", 500*time.Millisecond, "consensus timeout_commit")
		fs.DurationVar(&c.EmptyBlocksInterval, "empty-blocks-interval", 5*time.Second, "create_empty_blocks_interval")
		if err := fs.Parse(args); err != nil {
			return err
		}
		home := filepath.Join(c.OutputDir, "node0")
		if _, err := os.Stat(home); errors.Is(err, os.ErrNotExist) {
			if _, err := node.WriteTestnet(c); err != nil {
				return err
			}
		}
		accs, err := node.ReadAccounts(filepath.Join(c.OutputDir, node.AccountsFile))
		if err != nil {
			return err
		}
		cfg, err := node.LoadConfig(home)
		if err != nil {
			return err
		}
		log, err := newLogger(cfg.Log)
		if err != nil {
			return err
		}
		fmt.Printf("devnet %s: Starknet RPC http://%s, chain id %s, fee token %s\n", c.OutputDir, cfg.RPC.ListenAddress, accs.ChainID, accs.FeeToken.Hex())
		for i, a := range accs.Accounts {
			fmt.Printf("  #%d %s  private key %s\n", i, a.Address.Hex(), a.PrivateKey.Hex())
		}
		n, err := node.New(cfg, log)
		if err != nil {
			return err
		}
		return n.Run(ctx)
	})
}
