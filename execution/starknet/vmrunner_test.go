package starknet

import (
	"errors"
	"testing"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/execution/cairo/asm"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// storageContract is a CASM contract in Cairo assembly with two entry
// points using the StorageWrite / StorageRead syscalls:
// store(key, value) and load(key) -> value.
const storageContract = `
const SW = 0
const SR = 0
%entrypoint external store
    [ap + 0] = SW, ap++
    [ap + -1] = [[fp + -5] + 0]
    [fp + -6] = [[fp + -5] + 1]
    [ap + 0] = 0, ap++
    [ap + -1] = [[fp + -5] + 2]
    [ap + 0] = [[fp + -4] + 0], ap++
    [ap + -1] = [[fp + -5] + 3]
    [ap + 0] = [[fp + -4] + 1], ap++
    [ap + -1] = [[fp + -5] + 4]
    %{ SystemCall { system: [fp + -5] } %}
    [ap + 0] = [[fp + -5] + 5], ap++
    [ap + 0] = [fp + -5] + 7, ap++
    [ap + 0] = [[fp + -5] + 6], ap++
    [ap + 0] = [fp + -3], ap++
    [ap + 0] = [fp + -3], ap++
    ret
%entrypoint external load
    [ap + 0] = SR, ap++
    [ap + -1] = [[fp + -5] + 0]
    [fp + -6] = [[fp + -5] + 1]
    [ap + 0] = 0, ap++
    [ap + -1] = [[fp + -5] + 2]
    [ap + 0] = [[fp + -4] + 0], ap++
    [ap + -1] = [[fp + -5] + 3]
    %{ SystemCall { system: [fp + -5] } %}
    [ap + 0] = [[fp + -5] + 4], ap++
    [ap + 0] = [fp + -5] + 7, ap++
    [ap + 0] = [[fp + -5] + 5], ap++
    [ap + 0] = [fp + -5] + 6, ap++
    [ap + 0] = [fp + -5] + 7, ap++
    ret
`

func assembleClass(t *testing.T, src string) *Class {
	t.Helper()
	sw, sr := ShortString("StorageWrite"), ShortString("StorageRead")
	u, err := asm.Assemble([]byte(src), "storage.cairo-asm", asm.WithConst("SW", sw.BigInt()), asm.WithConst("SR", sr.BigInt()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := u.ClassJSON()
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCASM(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestVMStorageSyscalls runs assembled CASM on the Cairo VM through the
// syscall adapter: load reads state, store writes into the call's cache.
func TestVMStorageSyscalls(t *testing.T) {
	ex, err := NewExecutor(DefaultConfig(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	c := assembleClass(t, storageContract)
	st := NewMemState()
	addr := f(0x4242)
	must(t, st.DeclareClass(c.Hash(), c.CompiledClassHash(), c))
	must(t, st.SetClassHashAt(addr, c.Hash()))
	must(t, st.SetStorage(addr, f(5), f(77)))
	bc := BlockContext{ChainID: ShortString("CAIRN_TEST"), Constants: DefaultVersionedConstants()}

	ret, err := ex.Call(st, bc, addr, crypto.Selector("load"), []felt.Felt{f(5)})
	if err != nil || len(ret) != 1 || ret[0] != f(77) {
		t.Fatalf("load: %v %v", ret, err)
	}
	x := ex.newTx(st, &bc, nil)
	x.maxSteps = 1000
	if _, err := x.call(felt.Zero, addr, felt.Zero, callTypeCall, EntryPointExternal, crypto.Selector("store"), []felt.Felt{f(5), f(99)}, 0); err != nil {
		t.Fatal(err)
	}
	if v, _ := x.st.StorageAt(addr, f(5)); v != f(99) {
		t.Fatalf("store wrote %s", v.Hex())
	}
	if x.steps == 0 || x.syscallGas != bc.Constants.SyscallBaseGas+bc.Constants.StorageGas {
		t.Fatalf("steps %d syscall gas %d", x.steps, x.syscallGas)
	}
	// Missing calldata: the VM fails reading [[fp-4]+0]; the call fails cleanly.
	_, err = ex.Call(st, bc, addr, crypto.Selector("load"), nil)
	var ce *ContractError
	if !errors.As(err, &ce) {
		t.Fatalf("load without calldata: %v", err)
	}
	// Step limit.
	x = ex.newTx(st, &bc, nil)
	x.maxSteps = 3
	if _, err := x.call(felt.Zero, addr, felt.Zero, callTypeCall, EntryPointExternal, crypto.Selector("load"), []felt.Felt{f(5)}, 0); !errors.Is(err, ErrOutOfResources) {
		t.Fatalf("step limit: %v", err)
	}
}
