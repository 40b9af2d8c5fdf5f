package contracts

import (
	"errors"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// feltsFromBytes cuts b into felts of up to 4 bytes (small values hit the
// interesting lengths and counts), with a 0xff byte meaning "a huge felt".
func feltsFromBytes(b []byte, e *env) []felt.Felt {
	var out []felt.Felt
	for len(b) > 0 && len(out) < 64 {
		switch b[0] {
		case 0xff:
			out = append(out, felt.FromInt64(-int64(len(b))))
			b = b[1:]
		case 0xfe:
			out = append(out, e.token)
			b = b[1:]
		case 0xfd:
			out = append(out, e.demo)
			b = b[1:]
		default:
			n := min(len(b), 2)
			v := uint64(0)
			for _, c := range b[:n] {
				v = v<<8 | uint64(c)
			}
			out = append(out, felt.FromUint64(v))
			b = b[n:]
		}
	}
	return out
}

// noVMFailure fails unless err is nil or a contract panic: malformed input
// must never crash the VM (a VM error's text names the cairo package).
func noVMFailure(t *testing.T, what string, err error) {
	if err == nil {
		return
	}
	var ce *starknet.ContractError
	if !errors.As(err, &ce) {
		t.Fatalf("%s: %v", what, err)
	}
	if strings.Contains(ce.RevertReason, "cairo:") || strings.Contains(ce.RevertReason, " at pc ") {
		t.Fatalf("%s: VM failure instead of a panic: %s", what, ce.RevertReason)
	}
}

var fuzzEntries = []struct {
	contract int // 0 account, 1 token, 2 demo
	name     string
}{
	{0, "__execute__"}, {0, "__validate__"}, {0, "__validate_deploy__"}, {0, "__validate_declare__"},
	{0, "is_valid_signature"}, {0, "supports_interface"}, {0, "get_public_key"},
	{1, "transfer"}, {1, "transfer_from"}, {1, "approve"}, {1, "balance_of"}, {1, "allowance"}, {1, "total_supply"}, {1, "name"},
	{2, "fib"}, {2, "factorial"},
}

// FuzzEntryPoints calls every entry point of Cairn's contracts with
// arbitrary calldata: the result is a value or a clean panic, never a VM error.
func FuzzEntryPoints(f *testing.F) {
	f.Add(uint8(0), []byte{0, 1, 0xfd, 0, 0, 0x10, 0x5b, 0, 1, 0, 5})
	f.Add(uint8(0), []byte{0, 2, 0xfe, 0, 1, 0xff, 0, 3})
	f.Add(uint8(4), []byte{0, 9, 0, 2, 0, 1})
	f.Add(uint8(7), []byte{0, 1, 0xff, 0, 0})
	f.Add(uint8(14), []byte{0xff})
	f.Add(uint8(14), []byte{0, 20})
	e := newEnv(f)
	a := e.funded(60)
	addrs := []felt.Address{a.addr, e.token, e.demo}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		ep := fuzzEntries[int(which)%len(fuzzEntries)]
		cd := feltsFromBytes(data, e)
		_, err := e.ex.Call(e.st, e.bc, addrs[ep.contract], crypto.Selector(ep.name), cd)
		noVMFailure(t, ep.name, err)
	})
}
