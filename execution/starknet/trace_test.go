package starknet

import (
	"encoding/json"
	"testing"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// tracedVsPlain executes tx on two identical fixtures, traced and not, and
// checks the receipts and state diffs are equal; it returns the traced
// run's receipt, trace, diff and the pre-state.
func tracedVsPlain(t *testing.T, build func(fx *fixture) Transaction) (*Receipt, *TxTrace, *StateDiff, *fixture) {
	t.Helper()
	plain, traced := newFixture(t), newFixture(t)
	c1, c2 := NewCachedState(plain.st), NewCachedState(traced.st)
	r1, err := plain.ex.Execute(c1, plain.bc, build(plain))
	if err != nil {
		t.Fatal(err)
	}
	r2, tr, err := traced.ex.ExecuteTraced(c2, traced.bc, build(traced))
	if err != nil {
		t.Fatal(err)
	}
	j1, _ := json.Marshal(r1)
	j2, _ := json.Marshal(r2)
	if string(j1) != string(j2) {
		t.Fatalf("receipts differ:\nplain  %s\ntraced %s", j1, j2)
	}
	d1, err := c1.Diff()
	if err != nil {
		t.Fatal(err)
	}
	d2, err := c2.Diff()
	if err != nil {
		t.Fatal(err)
	}
	if j1, j2 := mustJSON(t, d1), mustJSON(t, d2); j1 != j2 {
		t.Fatalf("diffs differ:\nplain  %s\ntraced %s", j1, j2)
	}
	if tr.TransactionHash != r2.TransactionHash {
		t.Fatalf("trace hash %s", tr.TransactionHash.Hex())
	}
	return r2, tr, d2, traced
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkStorageAgainstDiff replays the trace's effective storage accesses
// over the pre-state: every read must see the value the replay holds, and
// the final changed words must be exactly the diff's storage entries.
func checkStorageAgainstDiff(t *testing.T, tr *TxTrace, d *StateDiff, pre StateReader) {
	t.Helper()
	reads, writes := tr.StorageAccesses()
	if len(writes) == 0 {
		t.Fatal("trace recorded no storage writes")
	}
	replay := NewCachedState(pre)
	// Reads are checked against the replay up to that point: interleave by
	// re-walking in call order (reads and writes of each call are ordered).
	var walk func(c *CallTrace) bool
	walk = func(c *CallTrace) bool {
		if c == nil || c.RolledBack {
			return true
		}
		for _, s := range c.Syscalls {
			switch s.Name {
			case "StorageRead":
				if v, _ := replay.StorageAt(c.Contract, s.Key); v != s.Value {
					t.Errorf("read %s/%s = %s, replay has %s", c.Contract.Hex(), s.Key.Hex(), s.Value.Hex(), v.Hex())
					return false
				}
			case "StorageWrite":
				must(t, replay.SetStorage(c.Contract, s.Key, s.Value))
			}
			if !walk(s.Call) {
				return false
			}
		}
		return true
	}
	for _, c := range tr.Calls {
		walk(c)
	}
	if tr.Fee != nil {
		for _, r := range tr.Fee.Reads[:2] {
			if v, _ := replay.StorageAt(r.Contract, r.Key); v != r.Value {
				t.Errorf("fee read %s = %s, replay has %s", r.Key.Hex(), r.Value.Hex(), v.Hex())
			}
		}
		for _, w := range tr.Fee.Writes {
			must(t, replay.SetStorage(w.Contract, w.Key, w.Value))
		}
	}
	got, err := replay.Diff()
	if err != nil {
		t.Fatal(err)
	}
	if a, b := mustJSON(t, got.StorageDiffs), mustJSON(t, d.StorageDiffs); a != b {
		t.Fatalf("storage replayed from the trace:\n%s\nstate diff:\n%s", a, b)
	}
	if len(reads) == 0 {
		t.Fatal("trace recorded no storage reads")
	}
}

func TestTraceMatchesExecution(t *testing.T) {
	for _, tc := range []struct {
		name     string
		build    func(fx *fixture) Transaction
		reverted bool
	}{
		{"transfers", func(fx *fixture) Transaction {
			return fx.invoke(0, fx.transfer(f(0xb0b), 500), fx.transfer(f(0xca7), 7))
		}, false},
		{"reverted", func(fx *fixture) Transaction {
			return fx.invoke(0, fx.transfer(f(0xb0b), 5), []felt.Felt{fx.misc, selFail})
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, tr, d, fx := tracedVsPlain(t, tc.build)
			if (r.ExecutionStatus == StatusReverted) != tc.reverted {
				t.Fatalf("status %s %s", r.ExecutionStatus, r.RevertReason)
			}
			// __validate__ then __execute__, each with a run of the account.
			if len(tr.Calls) != 2 || tr.Calls[0].Selector != selValidate || tr.Calls[1].Selector != selExecute {
				t.Fatalf("top-level calls %+v", tr.Calls)
			}
			if tr.Calls[1].RolledBack != tc.reverted || tr.Calls[1].Failed != tc.reverted {
				t.Fatalf("execute rolled back %v failed %v", tr.Calls[1].RolledBack, tr.Calls[1].Failed)
			}
			var steps uint64
			var walk func(c *CallTrace)
			walk = func(c *CallTrace) {
				steps += c.Steps
				for _, s := range c.Syscalls {
					if s.Call != nil {
						walk(s.Call)
					}
				}
			}
			for _, c := range tr.Calls {
				walk(c)
			}
			if steps != r.CairoSteps {
				t.Fatalf("trace steps %d, receipt %d", steps, r.CairoSteps)
			}
			if tr.Fee == nil || tr.Fee.Amount != r.ActualFee.Amount || tr.Fee.Payer != fx.account {
				t.Fatalf("fee trace %+v", tr.Fee)
			}
			checkStorageAgainstDiff(t, tr, d, fx.st)
		})
	}
}

// TestTraceVMRun: a traced call on the Cairo VM keeps the run, whose
// relocated trace has one entry per step, and records the syscall I/O.
func TestTraceVMRun(t *testing.T) {
	ex, st, bc, addr := hashFixture(t)
	sc := assembleClass(t, storageContract)
	saddr := f(0x4242)
	must(t, st.DeclareClass(sc.Hash(), sc.CompiledClassHash(), sc))
	must(t, st.SetClassHashAt(saddr, sc.Hash()))
	x := ex.newTx(st, &bc, nil)
	x.trace = &TxTrace{}
	x.maxSteps = bc.Constants.MaxExecuteSteps
	for _, c := range []struct {
		addr felt.Address
		sel  string
		cd   []felt.Felt
	}{{saddr, "store", []felt.Felt{f(5), f(99)}}, {saddr, "load", []felt.Felt{f(5)}}, {addr, "keccak", keccakPad(nil)}} {
		if _, err := x.call(felt.Zero, c.addr, felt.Zero, callTypeCall, EntryPointExternal, crypto.Selector(c.sel), c.cd, 0); err != nil {
			t.Fatal(err)
		}
	}
	if len(x.trace.Calls) != 3 {
		t.Fatalf("%d calls traced", len(x.trace.Calls))
	}
	for i, c := range x.trace.Calls {
		if c.Run == nil {
			t.Fatalf("call %d: no VM run", i)
		}
		rl, err := c.Run.Relocate()
		if err != nil {
			t.Fatal(err)
		}
		if uint64(len(rl.Trace)) != c.Steps || c.Steps == 0 {
			t.Fatalf("call %d: %d trace entries, %d steps", i, len(rl.Trace), c.Steps)
		}
		if len(c.Syscalls) != 1 {
			t.Fatalf("call %d: syscalls %+v", i, c.Syscalls)
		}
	}
	w, r, k := x.trace.Calls[0].Syscalls[0], x.trace.Calls[1].Syscalls[0], x.trace.Calls[2].Syscalls[0]
	if w.Name != "StorageWrite" || w.Key != f(5) || w.Value != f(99) {
		t.Fatalf("write %+v", w)
	}
	if r.Name != "StorageRead" || r.Key != f(5) || r.Value != f(99) {
		t.Fatalf("read %+v", r)
	}
	want := crypto.Keccak256(nil)
	if k.Name != "Keccak" || len(k.Output) != 2 || string(u256LE(k.Output[0], k.Output[1])) != string(want[:]) {
		t.Fatalf("keccak %+v", k)
	}
}

func TestExecuteBlockTraced(t *testing.T) {
	plain, traced := newFixture(t), newFixture(t)
	txs := func(fx *fixture) []Transaction {
		return []Transaction{fx.invoke(0, fx.transfer(f(0xb0b), 1)), fx.invoke(5, fx.transfer(f(0xb0b), 1))}
	}
	r1, err := plain.ex.ExecuteBlock(plain.st, plain.bc, txs(plain))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := traced.ex.ExecuteBlockTraced(traced.st, traced.bc, txs(traced))
	if err != nil {
		t.Fatal(err)
	}
	if r1.Traces != nil || len(r2.Traces) != 2 || r2.Traces[0] == nil || r2.Traces[1] != nil || r2.Errors[1] == nil {
		t.Fatalf("traces %v errors %v", r2.Traces, r2.Errors)
	}
	if a, b := mustJSON(t, r1.Receipts), mustJSON(t, r2.Receipts); a != b {
		t.Fatalf("receipts differ:\n%s\n%s", a, b)
	}
	if a, b := mustJSON(t, r1.StateDiff), mustJSON(t, r2.StateDiff); a != b {
		t.Fatalf("diffs differ:\n%s\n%s", a, b)
	}
}
