package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"

	"github.com/cairnchain/cairn/execution/contracts"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

func init() {
	register("keys", "STARK keys: new (random keypair) or show --private-key KEY", runKeys)
}

func runKeys(_ context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: cairn keys new | cairn keys show --private-key KEY")
	}
	fs := flag.NewFlagSet("keys "+args[0], flag.ContinueOnError)
	key := fs.String("private-key", "", "the private key (hex), for show")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("keys %s: unexpected arguments %v", args[0], fs.Args())
	}
	var priv crypto.PrivateKey
	switch args[0] {
	case "new":
		if *key != "" {
			return errors.New("keys new: --private-key is for show")
		}
		var err error
		if priv, err = randomPrivateKey(rand.Reader); err != nil {
			return fmt.Errorf("keys new: %w", err)
		}
	case "show":
		if *key == "" {
			return errors.New("keys show: --private-key is required")
		}
		var err error
		if priv, err = parsePrivateKey(*key); err != nil {
			return fmt.Errorf("keys show: %w", err)
		}
	default:
		return fmt.Errorf("keys: unknown action %q (want new or show)", args[0])
	}
	info, err := describeKey(priv)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(os.Stdout, info)
	return err
}

// randomPrivateKey draws a key uniformly in [1, curve order).
func randomPrivateKey(r io.Reader) (crypto.PrivateKey, error) {
	limit := new(big.Int).Sub(crypto.CurveOrder(), big.NewInt(1))
	d, err := rand.Int(r, limit)
	if err != nil {
		return crypto.PrivateKey{}, err
	}
	return crypto.PrivateKeyFromFelt(felt.FromBigInt(d.Add(d, big.NewInt(1))))
}

// describeKey prints the keypair and the address Cairn's account class
// gets when deployed with DEPLOY_ACCOUNT (deployer 0, salt = public key,
// constructor calldata [public key]), as the devnet genesis derives it.
func describeKey(priv crypto.PrivateKey) (string, error) {
	pub := crypto.GetPublicKey(priv)
	classHash, err := contracts.ClassHash(contracts.AccountName)
	if err != nil {
		return "", fmt.Errorf("account class: %w", err)
	}
	addr := starknet.ContractAddress(felt.Zero, pub, classHash, []felt.Felt{pub})
	d := priv.Felt()
	return fmt.Sprintf("private_key: %s\npublic_key: %s\naccount_class_hash: %s\naccount_address: %s\n",
		d.Hex(), pub.Hex(), classHash.Hex(), addr.Hex()), nil
}
