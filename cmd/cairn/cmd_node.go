package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/node"
)

func init() {
	register("node", "run a validator (CometBFT + Starknet RPC)", func(ctx context.Context, args []string) error {
		fs := flag.NewFlagSet("node", flag.ContinueOnError)
		home := fs.String("home", "", "node home directory (from `cairn testnet`)")
		rpcAddr := fs.String("rpc", "", "Starknet RPC listen address (overrides config)")
		level := fs.String("log-level", "", "log level (overrides config)")
		format := fs.String("log-format", "", "json or console (overrides config)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if *home == "" {
			return fmt.Errorf("--home is required")
		}
		cfg, err := node.LoadConfig(*home)
		if err != nil {
			return err
		}
		if *rpcAddr != "" {
			cfg.RPC.ListenAddress = *rpcAddr
		}
		if *level != "" {
			cfg.Log.Level = *level
		}
		if *format != "" {
			cfg.Log.Format = *format
		}
		if err := cfg.Validate(); err != nil {
			return err
		}
		log, err := newLogger(cfg.Log)
		if err != nil {
			return err
		}
		n, err := node.New(cfg, log)
		if err != nil {
			return err
		}
		return n.Run(ctx)
	})
}

// newLogger builds the process logger from the log config.
func newLogger(c node.LogConfig) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(c.Level)
	if err != nil {
		return zerolog.Logger{}, fmt.Errorf("log level: %w", err)
	}
	var l zerolog.Logger
	if c.Format == "console" {
		l = zerolog.New(zerolog.ConsoleWriter{Out: os.Stderr})
	} else {
		l = zerolog.New(os.Stderr)
	}
	return l.Level(lvl).With().Timestamp().Logger(), nil
}
