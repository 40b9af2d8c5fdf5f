package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node"
	"github.com/cairnchain/cairn/node/loadgen"
)

func init() {
	register("client", "send signed transactions to nodes and report latency", func(ctx context.Context, args []string) error {
		cfg := loadgen.DefaultConfig()
		fs := flag.NewFlagSet("client", flag.ContinueOnError)
		accounts := fs.String("accounts", "localnet/accounts.json", "accounts file written by `cairn testnet`")
		urls := fs.String("rpc", "http://127.0.0.1:26602", "comma-separated Starknet RPC URLs (transactions rotate over them)")
		list := fs.Bool("list", false, "print the prefunded accounts and exit")
		mix := fs.String("mix", "transfer", "transaction mix, e.g. transfer:3,fib:1,factorial:1,deploy:1")
		demo := fs.String("demo", "", "demo contract address for fib/factorial (default: the genesis contract at the devnet demo address)")
		requireCommitted := fs.Bool("require-committed", false, "exit non-zero unless at least one transaction committed and none failed")
		fs.Float64Var(&cfg.Rate, "rate", cfg.Rate, "transactions per second")
		fs.DurationVar(&cfg.Duration, "duration", cfg.Duration, "how long to send")
		fs.Uint64Var(&cfg.Arg, "n", cfg.Arg, "argument of fib/factorial")
		fs.DurationVar(&cfg.ReceiptTimeout, "receipt-timeout", cfg.ReceiptTimeout, "how long to wait for receipts after sending")
		fs.Uint64Var(&cfg.MaxL2Gas, "max-l2-gas", cfg.MaxL2Gas, "L2 gas bound of each transaction")
		if err := fs.Parse(args); err != nil {
			return err
		}
		accs, err := node.ReadAccounts(*accounts)
		if err != nil {
			return err
		}
		if *list {
			fmt.Printf("chain id %s, fee token %s\nprefunded accounts:\n", accs.ChainID, accs.FeeToken.Hex())
			for i, a := range accs.Accounts {
				fmt.Printf("  #%d address %s\n     private key %s\n     public key  %s\n", i, a.Address.Hex(), a.PrivateKey.Hex(), a.PublicKey.Hex())
			}
			return nil
		}
		cfg.Accounts = accs
		cfg.URLs = strings.Split(*urls, ",")
		if cfg.Mix, err = loadgen.ParseMix(*mix); err != nil {
			return err
		}
		if *demo != "" {
			if cfg.Demo, err = felt.FromHex(*demo); err != nil {
				return fmt.Errorf("--demo: %w", err)
			}
		} else {
			for _, c := range accs.Contracts {
				if c.Address == node.DevnetDemo {
					cfg.Demo = c.Address
				}
			}
		}
		rep, err := loadgen.Run(ctx, cfg, os.Stderr)
		if err != nil {
			return err
		}
		fmt.Println(rep)
		if *requireCommitted && (rep.Committed == 0 || rep.Failed > 0) {
			return errors.New("load run did not commit every transaction")
		}
		return nil
	})
}
