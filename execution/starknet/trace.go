package starknet

import (
	"fmt"
	"slices"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/felt"
)

// TxTrace is what a traced execution of one transaction recorded for the
// prover: every entry point run in order, with its VM run and syscall I/O,
// and the fee transfer the executor wrote directly.
type TxTrace struct {
	TransactionHash felt.TxHash
	// Calls are the top-level runs in execution order: __validate__ /
	// __validate_declare__, __execute__, or for DEPLOY_ACCOUNT the
	// constructor then __validate_deploy__. Nested calls hang off the
	// syscalls that made them.
	Calls []*CallTrace
	// Fee is the fee transfer's storage I/O (nil when no fee was charged).
	Fee *FeeTrace
}

// CallTrace is one entry point run.
type CallTrace struct {
	Caller    felt.Address
	Contract  felt.Address // storage context
	ClassHash felt.ClassHash
	Selector  felt.Felt
	Kind      EntryPointKind
	// Delegate is set for a library call (Contract's storage, ClassHash's code).
	Delegate bool
	Calldata []felt.Felt
	Retdata  []felt.Felt
	Steps    uint64
	// Builtins counts the builtin instances the run used, by builtin name.
	Builtins map[string]uint64
	// Syscalls are the run's system calls in order.
	Syscalls []*SyscallTrace
	// RolledBack is set when the call's state changes, events and messages
	// were discarded: the call failed, or its transaction was reverted for
	// exceeding its resource bounds (a call under a rolled-back call is
	// rolled back too, without its own flag).
	RolledBack bool
	// Failed is set when the call itself failed, RevertReason says why.
	Failed       bool
	RevertReason string
	// Run is the VM run (trace on): cairo.Runner.Relocate gives its trace
	// and memory in cairo-lang's layout. Nil where no VM ran (the run
	// failed before finishing, or a test runner).
	Run *cairo.Runner
}

// SyscallTrace is one system call's I/O. Which fields are set depends on
// Name (the syscall's selector as text):
//
//	StorageRead        Key, Value (the value read)
//	StorageWrite       Key, Value (the value written)
//	CallContract       Address (callee), Call
//	LibraryCall        ClassHash, Call
//	Deploy             Address (deployed), ClassHash, Call (constructor; nil without one)
//	EmitEvent          Event
//	SendMessageToL1    Message
//	GetClassHashAt     Address, ClassHash (result)
//	ReplaceClass       ClassHash
//	GetBlockHash       Key (block number), Value (hash)
//	Keccak, Sha256ProcessBlock   Input, Output
//
// Failed is set when the syscall reported a failure to the contract;
// Output then holds the revert data.
type SyscallTrace struct {
	Name      string
	Key       felt.Felt
	Value     felt.Felt
	Address   felt.Address
	ClassHash felt.ClassHash
	Call      *CallTrace
	Event     *Event
	Message   *MessageToL1
	Input     []felt.Felt
	Output    []felt.Felt
	Failed    bool
}

// FeeTrace is the fee transfer in the fee token's storage.
type FeeTrace struct {
	Token, Payer, Sequencer felt.Address
	Amount                  felt.Felt
	// Reads and Writes are the balance words read and written, in order.
	Reads, Writes []StorageAccess
}

// StorageAccess is one storage word of a contract.
type StorageAccess struct {
	Contract   felt.Address
	Key, Value felt.Felt
}

// ExecuteTraced is Execute with tracing: it also returns the transaction's
// trace (VM traces on, so it is slower and holds every run's memory).
func (e *Executor) ExecuteTraced(st State, bc BlockContext, tx Transaction) (*Receipt, *TxTrace, error) {
	if err := bc.Validate(); err != nil {
		return nil, nil, err
	}
	x := e.newTx(st, &bc, tx)
	x.trace = &TxTrace{TransactionHash: x.txHash}
	rcpt, err := x.execute()
	if err != nil {
		return nil, nil, err
	}
	if err := x.st.Commit(st); err != nil {
		return nil, nil, fmt.Errorf("%w: commit tx %s: %w", ErrUnexpected, x.txHash.Hex(), err)
	}
	return rcpt, x.trace, nil
}

// traceCall starts the trace of frame f's run when tracing: a top-level
// run (depth 0) is appended to the transaction's calls, a nested one is
// linked by the syscall that made it.
func (x *txExec) traceCall(f *callFrame, delegate bool, calldata []felt.Felt) {
	if x.trace == nil {
		return
	}
	f.trace = &CallTrace{Caller: f.caller, Contract: f.contract, ClassHash: f.classHash, Selector: f.selector,
		Kind: f.kind, Delegate: delegate, Calldata: slices.Clone(calldata)}
	if f.depth == 0 {
		x.trace.Calls = append(x.trace.Calls, f.trace)
	}
}

// addBuiltins adds a run's builtin usage to the transaction's.
func (x *txExec) addBuiltins(b map[string]uint64) {
	for name, n := range b {
		if x.builtins == nil {
			x.builtins = map[string]uint64{}
		}
		x.builtins[name] += n
	}
}

// record appends a syscall record to the frame's trace (if tracing).
func (f *callFrame) record(s *SyscallTrace) {
	if f.trace != nil {
		f.trace.Syscalls = append(f.trace.Syscalls, s)
	}
}

// result records a syscall's outcome (revert data when failed) and passes
// it through.
func (s *SyscallTrace) result(ret []felt.Felt, failed bool, err error) ([]felt.Felt, bool, error) {
	s.Failed = failed
	if failed {
		s.Output = ret
	}
	return ret, failed, err
}

// StorageAccesses returns the storage reads and writes of t's calls that
// took effect (calls not rolled back), then the fee transfer's, in order.
// Applying the writes in order gives the transaction's storage diff.
func (t *TxTrace) StorageAccesses() (reads, writes []StorageAccess) {
	var walk func(c *CallTrace)
	walk = func(c *CallTrace) {
		if c == nil || c.RolledBack {
			return
		}
		for _, s := range c.Syscalls {
			switch s.Name {
			case "StorageRead":
				reads = append(reads, StorageAccess{Contract: c.Contract, Key: s.Key, Value: s.Value})
			case "StorageWrite":
				writes = append(writes, StorageAccess{Contract: c.Contract, Key: s.Key, Value: s.Value})
			}
			walk(s.Call)
		}
	}
	for _, c := range t.Calls {
		walk(c)
	}
	if t.Fee != nil {
		reads = append(reads, t.Fee.Reads...)
		writes = append(writes, t.Fee.Writes...)
	}
	return reads, writes
}
