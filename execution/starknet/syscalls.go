package starknet

import (
	"errors"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// The syscalls of Starknet's Cairo 1 ABI as Go methods of the calling frame.
// The VM adapter decodes requests, charges gas and encodes responses; these
// methods implement the semantics. A returned revert (non-nil []felt.Felt
// revert data with failed = true) is reported to the calling contract; an
// error is fatal to the transaction (state backend failure).

func (f *callFrame) storageRead(key felt.Felt) (felt.Felt, error) {
	v, err := f.x.st.StorageAt(f.contract, key)
	f.record(&SyscallTrace{Name: "StorageRead", Key: key, Value: v})
	return v, err
}

func (f *callFrame) storageWrite(key, value felt.Felt) error {
	f.record(&SyscallTrace{Name: "StorageWrite", Key: key, Value: value})
	return f.x.st.SetStorage(f.contract, key, value)
}

// callContract calls an external entry point of another contract.
func (f *callFrame) callContract(to, selector felt.Felt, calldata []felt.Felt) ([]felt.Felt, bool, error) {
	ret, err := f.x.call(f.contract, to, felt.Zero, callTypeCall, EntryPointExternal, selector, calldata, f.depth+1)
	s := &SyscallTrace{Name: "CallContract", Address: to, Call: f.x.lastCall}
	f.record(s)
	return s.result(callResult(ret, err))
}

// libraryCall runs classHash's external entry point in this contract's context.
func (f *callFrame) libraryCall(classHash, selector felt.Felt, calldata []felt.Felt) ([]felt.Felt, bool, error) {
	ret, err := f.x.call(f.caller, f.contract, classHash, callTypeDelegate, EntryPointExternal, selector, calldata, f.depth+1)
	s := &SyscallTrace{Name: "LibraryCall", ClassHash: classHash, Call: f.x.lastCall}
	f.record(s)
	return s.result(callResult(ret, err))
}

// callResult splits a call's error into a failure the contract sees (revert
// data: the reason as a short-string-ish felt list) and fatal errors.
func callResult(ret []felt.Felt, err error) ([]felt.Felt, bool, error) {
	if err == nil {
		return ret, false, nil
	}
	var ce *ContractError
	if errors.As(err, &ce) {
		return revertData(ce.RevertReason), true, nil
	}
	return nil, false, err
}

// revertData encodes a reason as short strings of up to 31 bytes.
func revertData(reason string) []felt.Felt {
	var out []felt.Felt
	for len(reason) > 0 {
		n := min(31, len(reason))
		out = append(out, ShortString(reason[:n]))
		reason = reason[n:]
	}
	return out
}

// deploy deploys classHash at the address derived from salt and calldata
// (deployer 0 when fromZero, else this contract) and runs its constructor.
func (f *callFrame) deploy(classHash, salt felt.Felt, calldata []felt.Felt, fromZero bool) (felt.Address, []felt.Felt, bool, error) {
	deployer := f.contract
	if fromZero {
		deployer = felt.Zero
	}
	addr := ContractAddress(deployer, salt, classHash, calldata)
	f.x.lastCall = nil
	ret, err := f.x.deployContract(f.contract, addr, classHash, calldata, f.depth+1)
	s := &SyscallTrace{Name: "Deploy", Address: addr, ClassHash: classHash, Call: f.x.lastCall}
	f.record(s)
	ret, failed, err := s.result(callResult(ret, err))
	return addr, ret, failed, err
}

// deployContract sets the class of addr and runs the constructor (if the
// class has one; then calldata must be empty). Failure undoes the deployment.
func (x *txExec) deployContract(caller, addr felt.Address, classHash felt.ClassHash, calldata []felt.Felt, depth int) ([]felt.Felt, error) {
	cur, err := x.st.ClassHashAt(addr)
	if err != nil {
		return nil, fmt.Errorf("class hash at %s: %w", addr.Hex(), err)
	}
	if !cur.IsZero() {
		return nil, fmt.Errorf("%w: %w", &ContractError{RevertReason: fmt.Sprintf("Requested contract address %s is unavailable for deployment.", addr.Hex())}, ErrContractAddressUnavailable)
	}
	class, err := x.st.Class(classHash)
	if err != nil {
		if errors.Is(err, ErrClassHashNotFound) {
			return nil, fmt.Errorf("%w: %w", &ContractError{RevertReason: fmt.Sprintf("Class with hash %s is not declared.", classHash.Hex())}, ErrClassHashNotFound)
		}
		return nil, err
	}
	mark := x.st.Snapshot()
	if err := x.st.SetClassHashAt(addr, classHash); err != nil {
		return nil, err
	}
	if len(class.EntryPoints.Constructor) == 0 {
		if len(calldata) > 0 {
			x.st.RevertTo(mark)
			return nil, &ContractError{RevertReason: "Cannot pass calldata to a contract with no constructor."}
		}
		return []felt.Felt{}, nil
	}
	ret, err := x.call(caller, addr, felt.Zero, callTypeCall, EntryPointConstructor, class.EntryPoints.Constructor[0].Selector, calldata, depth)
	if err != nil {
		x.st.RevertTo(mark)
		return nil, err
	}
	return ret, nil
}

func (f *callFrame) emitEvent(keys, data []felt.Felt) {
	ev := Event{FromAddress: f.contract, Keys: keys, Data: data}
	f.x.events = append(f.x.events, ev)
	f.record(&SyscallTrace{Name: "EmitEvent", Event: &ev})
}

func (f *callFrame) sendMessageToL1(to felt.Felt, payload []felt.Felt) {
	m := MessageToL1{FromAddress: f.contract, ToAddress: to, Payload: payload}
	f.x.messages = append(f.x.messages, m)
	f.record(&SyscallTrace{Name: "SendMessageToL1", Message: &m})
}

func (f *callFrame) getClassHashAt(addr felt.Address) (felt.ClassHash, error) {
	ch, err := f.x.st.ClassHashAt(addr)
	f.record(&SyscallTrace{Name: "GetClassHashAt", Address: addr, ClassHash: ch})
	return ch, err
}

// replaceClass sets this contract's class; the class must be declared.
func (f *callFrame) replaceClass(classHash felt.ClassHash) ([]felt.Felt, bool, error) {
	ok, err := IsDeclared(f.x.st, classHash)
	if err != nil {
		return nil, false, err
	}
	s := &SyscallTrace{Name: "ReplaceClass", ClassHash: classHash}
	f.record(s)
	if !ok {
		return s.result(revertData("Class with hash "+classHash.Hex()+" is not declared."), true, nil)
	}
	return nil, false, f.x.st.SetClassHashAt(f.contract, classHash)
}

// blockHashWindow: get_block_hash serves blocks at least this many blocks old.
const blockHashWindow = 10

// getBlockHash returns the hash of block n (n ≤ current - 10).
func (f *callFrame) getBlockHash(n uint64) ([]felt.Felt, bool) {
	s := &SyscallTrace{Name: "GetBlockHash", Key: felt.FromUint64(n)}
	f.record(s)
	bc := f.x.bc
	var h felt.Felt
	ok := n+blockHashWindow <= bc.Number && bc.BlockHashes != nil
	if ok {
		h, ok = bc.BlockHashes(n)
	}
	if !ok {
		s.Failed, s.Output = true, revertData("Block number out of range")
		return s.Output, true
	}
	s.Value = h
	return []felt.Felt{h}, false
}

// executionInfo is get_execution_info's data.
type executionInfo struct {
	block    *BlockContext
	tx       Transaction
	txHash   felt.Felt
	caller   felt.Address
	contract felt.Address
	selector felt.Felt
}

func (f *callFrame) executionInfo() executionInfo {
	return executionInfo{block: f.x.bc, tx: f.x.tx, txHash: f.x.txHash, caller: f.caller, contract: f.contract, selector: f.selector}
}
