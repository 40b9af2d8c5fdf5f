package contracts

import (
	"embed"
	"fmt"
	"sync"

	"github.com/cairnchain/cairn/execution/cairo/asm"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

//go:embed asm/*.cairo-asm
var sources embed.FS

// Contract names (file names under asm/ without the .cairo-asm suffix).
const (
	AccountName = "account"
	ERC20Name   = "erc20"
	DemoName    = "demo"
	// libName is the shared helper library prepended to the account and
	// the ERC-20 (not a contract by itself).
	libName = "lib"
)

// Names lists Cairn's contract classes.
func Names() []string { return []string{AccountName, ERC20Name, DemoName} }

// usesLib reports whether the named contract is assembled after lib.cairo-asm.
func usesLib(name string) bool { return name == AccountName || name == ERC20Name }

// Source returns the assembly text of the named contract as assembled:
// the library first where the contract uses it.
func Source(name string) ([]byte, error) {
	known := false
	for _, n := range Names() {
		known = known || n == name
	}
	if !known {
		return nil, fmt.Errorf("%w: %q", ErrUnknownContract, name)
	}
	src, err := sources.ReadFile("asm/" + name + ".cairo-asm")
	if err != nil {
		return nil, fmt.Errorf("contract %q: %w", name, err)
	}
	if !usesLib(name) {
		return src, nil
	}
	lib, err := sources.ReadFile("asm/" + libName + ".cairo-asm")
	if err != nil {
		return nil, fmt.Errorf("contract library: %w", err)
	}
	return append(append(lib, '\n'), src...), nil
}

func assemble(name string) (*asm.Unit, error) {
	src, err := Source(name)
	if err != nil {
		return nil, err
	}
	u, err := asm.Assemble(src, name+".cairo-asm")
	if err != nil {
		return nil, fmt.Errorf("assemble %s: %w", name, err)
	}
	return u, nil
}

// ClassJSON assembles the named contract into CASM contract class JSON.
func ClassJSON(name string) ([]byte, error) {
	u, err := assemble(name)
	if err != nil {
		return nil, err
	}
	b, err := u.ClassJSON()
	if err != nil {
		return nil, fmt.Errorf("class json %s: %w", name, err)
	}
	return b, nil
}

type parsed struct {
	once  sync.Once
	class *starknet.Class
	err   error
}

var cache = map[string]*parsed{AccountName: {}, ERC20Name: {}, DemoName: {}}

// Class returns the named contract's parsed class (assembled once; the
// returned class is shared and must not be modified).
func Class(name string) (*starknet.Class, error) {
	p, ok := cache[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownContract, name)
	}
	p.once.Do(func() {
		b, err := ClassJSON(name)
		if err != nil {
			p.err = err
			return
		}
		p.class, p.err = starknet.ParseCASM(b)
		if p.err != nil {
			p.err = fmt.Errorf("parse %s: %w", name, p.err)
		}
	})
	return p.class, p.err
}

// ClassHash returns the named contract's Cairn class hash.
func ClassHash(name string) (felt.ClassHash, error) {
	c, err := Class(name)
	if err != nil {
		return felt.ClassHash{}, err
	}
	return c.Hash(), nil
}

// Account, ERC20 and Demo return Cairn's classes.
func Account() (*starknet.Class, error) { return Class(AccountName) }

// ERC20 returns the fee token class.
func ERC20() (*starknet.Class, error) { return Class(ERC20Name) }

// Demo returns the fib/factorial demo class.
func Demo() (*starknet.Class, error) { return Class(DemoName) }
