package starknet

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

func f(v uint64) felt.Felt { return felt.FromUint64(v) }

func TestCachedStateDiffAndRevert(t *testing.T) {
	base := NewMemState()
	must(t, base.SetClassHashAt(f(10), f(100)))
	must(t, base.SetStorage(f(10), f(1), f(7)))
	must(t, base.DeclareClass(f(100), f(1000), &Class{Hints: json.RawMessage("[]")}))

	c := NewCachedState(base)
	must(t, c.SetStorage(f(10), f(1), f(7))) // unchanged value: not in diff
	must(t, c.SetStorage(f(20), f(3), f(9))) // new contract's storage
	must(t, c.SetStorage(f(10), f(2), f(8))) // new slot
	must(t, c.SetClassHashAt(f(20), f(100))) // deploy
	must(t, c.SetClassHashAt(f(10), f(200))) // replace
	must(t, c.SetNonce(f(10), f(1)))         // nonce
	must(t, c.DeclareClass(f(200), f(2000), &Class{Hints: json.RawMessage("[]")}))
	must(t, c.DeclareClass(f(100), f(1000), nil)) // already declared in parent: not in diff

	mark := c.Snapshot()
	must(t, c.SetStorage(f(10), f(2), f(99)))
	must(t, c.SetStorage(f(30), f(1), f(1)))
	must(t, c.SetNonce(f(10), f(5)))
	must(t, c.SetClassHashAt(f(40), f(100)))
	if v, _ := c.StorageAt(f(10), f(2)); v != f(99) {
		t.Fatalf("read after write: %s", v.Hex())
	}
	c.RevertTo(mark)
	if v, _ := c.StorageAt(f(10), f(2)); v != f(8) {
		t.Fatalf("storage after revert: %s, want 8", v.Hex())
	}
	if v, _ := c.StorageAt(f(30), f(1)); !v.IsZero() {
		t.Fatalf("new slot after revert: %s, want 0", v.Hex())
	}

	d, err := c.Diff()
	if err != nil {
		t.Fatal(err)
	}
	want := &StateDiff{
		StorageDiffs: []ContractStorageDiff{
			{Address: f(10), StorageEntries: []StorageEntry{{Key: f(2), Value: f(8)}}},
			{Address: f(20), StorageEntries: []StorageEntry{{Key: f(3), Value: f(9)}}},
		},
		DeprecatedDeclaredClasses: []felt.ClassHash{},
		DeclaredClasses:           []DeclaredClass{{ClassHash: f(200), CompiledClassHash: f(2000)}},
		DeployedContracts:         []DeployedContract{{Address: f(20), ClassHash: f(100)}},
		ReplacedClasses:           []ReplacedClass{{ContractAddress: f(10), ClassHash: f(200)}},
		Nonces:                    []NonceUpdate{{ContractAddress: f(10), Nonce: f(1)}},
	}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("diff:\n got %+v\nwant %+v", d, want)
	}

	must(t, c.Commit(base))
	if v, _ := base.StorageAt(f(20), f(3)); v != f(9) {
		t.Fatalf("committed storage %s", v.Hex())
	}
	if v, _ := base.ClassHashAt(f(10)); v != f(200) {
		t.Fatalf("committed class hash %s", v.Hex())
	}
	if v, _ := base.CompiledClassHash(f(200)); v != f(2000) {
		t.Fatalf("committed compiled class hash %s", v.Hex())
	}
	if d2, _ := NewCachedState(base).Diff(); !d2.IsEmpty() {
		t.Fatalf("fresh cache has a diff: %+v", d2)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
