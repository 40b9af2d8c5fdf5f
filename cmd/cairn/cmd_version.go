package main

import (
	"context"
	"fmt"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func init() {
	register("version", "print the cairn version", func(ctx context.Context, args []string) error {
		fmt.Println("cairn", version)
		return nil
	})
}
