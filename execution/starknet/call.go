package starknet

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/felt"
)

// entryPointRunner executes one entry point of a class for a call frame;
// contract code reaches state and other contracts through the frame's
// syscall methods. The VM-backed runner executes CASM.
type entryPointRunner interface {
	run(f *callFrame, class *Class, ep *EntryPoint, calldata []felt.Felt) (runOutcome, error)
}

// runOutcome is what an entry point run produced. Failed means the code
// panicked with Retdata as the panic data; an error from run is a VM
// failure (invalid execution, step limit) and also fails the call.
type runOutcome struct {
	Retdata []felt.Felt
	Failed  bool
	Steps   uint64
	// Builtins counts builtin instances used, by name.
	Builtins map[string]uint64
	// Run is the VM run when tracing.
	Run *cairo.Runner
}

// callType distinguishes a call (own storage) from a library call (the
// caller's storage with another class's code).
type callType uint8

const (
	callTypeCall callType = iota
	callTypeDelegate
)

// callFrame is one executing entry point.
type callFrame struct {
	x         *txExec
	caller    felt.Address
	contract  felt.Address // storage context and get_contract_address
	classHash felt.ClassHash
	selector  felt.Felt
	kind      EntryPointKind
	depth     int
	// trace records the run's syscalls when the transaction is traced.
	trace *CallTrace
}

// call executes an entry point: a call to contract (classHash zero: the
// contract's class) or, with callTypeDelegate, classHash's code in the
// caller's context. A failure rolls back the call's state changes, events
// and messages and returns a *ContractError.
func (x *txExec) call(caller, contract felt.Address, classHash felt.ClassHash, ct callType, kind EntryPointKind,
	selector felt.Felt, calldata []felt.Felt, depth int) ([]felt.Felt, error) {
	x.lastCall = nil
	if depth > x.bc.Constants.MaxCallDepth {
		return nil, &ContractError{RevertReason: "Entry point failed: max call depth exceeded"}
	}
	if ct == callTypeCall {
		ch, err := x.st.ClassHashAt(contract)
		if err != nil {
			return nil, fmt.Errorf("class hash at %s: %w", contract.Hex(), err)
		}
		if ch.IsZero() {
			return nil, fmt.Errorf("%w: %w", &ContractError{RevertReason: fmt.Sprintf("Requested contract address %s is not deployed.", contract.Hex())}, ErrContractNotFound)
		}
		classHash = ch
	}
	class, err := x.st.Class(classHash)
	if err != nil {
		if errors.Is(err, ErrClassHashNotFound) {
			return nil, fmt.Errorf("%w: %w", &ContractError{RevertReason: fmt.Sprintf("Class with hash %s is not declared.", classHash.Hex())}, ErrClassHashNotFound)
		}
		return nil, err
	}
	ep, err := class.EntryPoint(kind, selector)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", &ContractError{RevertReason: fmt.Sprintf("Entry point %s not found in contract %s.", selector.Hex(), contract.Hex())}, ErrEntryPointNotFound)
	}
	f := &callFrame{x: x, caller: caller, contract: contract, classHash: classHash, selector: selector, kind: kind, depth: depth}
	x.traceCall(f, ct == callTypeDelegate, calldata)
	mark, nEvents, nMsgs := x.st.Snapshot(), len(x.events), len(x.messages)
	out, runErr := x.runner.run(f, class, ep, calldata)
	x.steps += out.Steps
	x.addBuiltins(out.Builtins)
	if x.steps > x.maxSteps {
		runErr = fmt.Errorf("%w: %d steps exceed the limit of %d", ErrOutOfResources, x.steps, x.maxSteps)
	}
	x.lastCall = f.trace
	if f.trace != nil {
		f.trace.Steps, f.trace.Builtins, f.trace.Run, f.trace.Retdata = out.Steps, out.Builtins, out.Run, out.Retdata
	}
	if runErr == nil && !out.Failed {
		return out.Retdata, nil
	}
	x.st.RevertTo(mark)
	x.events, x.messages = x.events[:nEvents], x.messages[:nMsgs]
	reason := decodeRevertData(out.Retdata)
	if runErr != nil {
		// Fatal backend errors propagate; everything else is a call failure.
		if errors.Is(runErr, ErrUnexpected) {
			return nil, runErr
		}
		reason = runErr.Error()
	}
	ce := &ContractError{RevertReason: fmt.Sprintf("Error in contract %s, selector %s: %s", contract.Hex(), selector.Hex(), reason)}
	if f.trace != nil {
		f.trace.Failed, f.trace.RolledBack, f.trace.RevertReason = true, true, ce.RevertReason
	}
	if errors.Is(runErr, ErrOutOfResources) {
		return nil, fmt.Errorf("%w: %w", ce, ErrOutOfResources)
	}
	return nil, ce
}

// decodeRevertData renders panic data: when every felt is a printable
// short string (e.g. a nested call's reason) the concatenated text, else
// each felt in hex with its text where printable, as Starknet does.
func decodeRevertData(data []felt.Felt) string {
	texts := make([]string, len(data))
	allText := len(data) > 0
	for i := range data {
		b := data[i].Bytes()
		texts[i] = strings.TrimLeft(string(b[:]), "\x00")
		if texts[i] == "" || !isPrintable(texts[i]) {
			allText, texts[i] = false, ""
		}
	}
	if allText {
		return strings.Join(texts, "")
	}
	parts := make([]string, len(data))
	for i := range data {
		parts[i] = data[i].Hex()
		if texts[i] != "" {
			parts[i] = fmt.Sprintf("%s ('%s')", data[i].Hex(), texts[i])
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func isPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
