package starknet

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/felt"
)

// Cairo 1 syscall selectors (short strings of the syscall names).
var (
	sysStorageRead        = ShortString("StorageRead")
	sysStorageWrite       = ShortString("StorageWrite")
	sysCallContract       = ShortString("CallContract")
	sysLibraryCall        = ShortString("LibraryCall")
	sysDeploy             = ShortString("Deploy")
	sysEmitEvent          = ShortString("EmitEvent")
	sysGetExecutionInfo   = ShortString("GetExecutionInfo")
	sysGetBlockHash       = ShortString("GetBlockHash")
	sysGetClassHashAt     = ShortString("GetClassHashAt")
	sysReplaceClass       = ShortString("ReplaceClass")
	sysSendMessageToL1    = ShortString("SendMessageToL1")
	sysKeccak             = ShortString("Keccak")
	sysSha256ProcessBlock = ShortString("Sha256ProcessBlock")
)

// vmSyscalls adapts a call frame to the VM's SyscallHandler: it reads the
// request at the syscall pointer ([selector, gas, args…]), charges gas and
// writes the response right after the request ([gas, 0, results…] on
// success, [gas, 1, revert_data_start, revert_data_end] on failure), as
// Starknet's Cairo 1 syscall ABI lays them out.
type vmSyscalls struct{ f *callFrame }

var _ cairo.SyscallHandler = vmSyscalls{}

// sysReq reads request words through the VM's memory.
type sysReq struct {
	vm  *cairo.VM
	ptr cairo.Relocatable
	n   int // words read so far, the response goes after them
	err error
}

func (r *sysReq) at(i int) cairo.Relocatable {
	a, err := r.ptr.Add(i)
	if err != nil && r.err == nil {
		r.err = err
	}
	return a
}

func (r *sysReq) felt() felt.Felt {
	v, err := r.vm.Mem.ReadFelt(r.at(r.n))
	if err != nil && r.err == nil {
		r.err = err
	}
	r.n++
	return v
}

// span reads a (start, end) pointer pair and the felts between them.
func (r *sysReq) span() []felt.Felt {
	start, err1 := r.vm.Mem.ReadRel(r.at(r.n))
	end, err2 := r.vm.Mem.ReadRel(r.at(r.n + 1))
	r.n += 2
	if r.err != nil {
		return nil
	}
	if err1 != nil || err2 != nil || start.Segment != end.Segment || end.Offset < start.Offset {
		r.err = fmt.Errorf("syscall: invalid span at %s", r.at(r.n-2))
		return nil
	}
	fs, err := r.vm.Mem.ReadFelts(start, end.Offset-start.Offset)
	if err != nil {
		r.err = err
	}
	return fs
}

// respond writes gas, the failure flag and the values after the request.
func (r *sysReq) respond(gas uint64, failed bool, vals ...cairo.Value) error {
	flag := int64(0)
	if failed {
		flag = 1
	}
	out := append([]cairo.Value{cairo.FeltValue(felt.FromUint64(gas)), cairo.IntValue(flag)}, vals...)
	_, err := r.vm.Mem.WriteValues(r.at(r.n), out)
	return err
}

// segment writes fs into a new segment and returns (start, end).
func (r *sysReq) segment(fs []felt.Felt) ([]cairo.Value, error) {
	start := r.vm.Mem.AddSegment()
	end, err := r.vm.Mem.WriteFelts(start, fs)
	if err != nil {
		return nil, err
	}
	return []cairo.Value{cairo.RelValue(start), cairo.RelValue(end)}, nil
}

// fail responds with failure and revert data.
func (r *sysReq) fail(gas uint64, data []felt.Felt) error {
	span, err := r.segment(data)
	if err != nil {
		return err
	}
	return r.respond(gas, true, span...)
}

// Syscall implements cairo.SyscallHandler.
func (h vmSyscalls) Syscall(vm *cairo.VM, ptr cairo.Relocatable) error {
	r := &sysReq{vm: vm, ptr: ptr}
	sel := r.felt()
	gasF := r.felt()
	if r.err != nil {
		return fmt.Errorf("syscall request at %s: %w", ptr, r.err)
	}
	gas := gasF.Uint64()
	if !gasF.IsUint64() {
		gas = ^uint64(0)
	}
	f, c := h.f, &h.f.x.bc.Constants
	cost := c.SyscallBaseGas
	switch sel {
	case sysStorageRead, sysStorageWrite:
		cost += c.StorageGas
	case sysCallContract, sysLibraryCall:
		cost += c.CallGas
	case sysDeploy:
		cost += c.DeployGas
	case sysEmitEvent, sysSendMessageToL1:
		cost += c.EventGas
	case sysKeccak:
		cost += c.KeccakGas
	case sysSha256ProcessBlock:
		cost += c.Sha256ProcessBlockGas
	}
	if gas < cost {
		return r.fail(gas, []felt.Felt{ShortString("Syscall out of gas")})
	}
	gas -= cost
	f.x.syscallGas += cost
	res, failData, err := h.dispatch(r, sel, &gas)
	if err != nil {
		return err
	}
	if r.err != nil {
		return fmt.Errorf("syscall %s at %s: %w", decodeRevertData([]felt.Felt{sel}), ptr, r.err)
	}
	if failData != nil {
		return r.fail(gas, failData)
	}
	return r.respond(gas, false, res...)
}

func felts(fs ...felt.Felt) []cairo.Value {
	out := make([]cairo.Value, len(fs))
	for i := range fs {
		out[i] = cairo.FeltValue(fs[i])
	}
	return out
}

// dispatch reads the arguments and runs the syscall. It returns the
// success values, or revert data for a failure; an error is fatal.
// Syscalls with variable cost take it from *gas.
func (h vmSyscalls) dispatch(r *sysReq, sel felt.Felt, gas *uint64) ([]cairo.Value, []felt.Felt, error) {
	f := h.f
	switch sel {
	case sysKeccak:
		return h.keccak(r, gas)
	case sysSha256ProcessBlock:
		return h.sha256ProcessBlock(r)
	case sysStorageRead:
		domain, key := r.felt(), r.felt()
		if r.err != nil || !domain.IsZero() {
			return nil, []felt.Felt{ShortString("Unsupported address domain")}, nil
		}
		v, err := f.storageRead(key)
		return felts(v), nil, err
	case sysStorageWrite:
		domain, key, val := r.felt(), r.felt(), r.felt()
		if r.err != nil || !domain.IsZero() {
			return nil, []felt.Felt{ShortString("Unsupported address domain")}, nil
		}
		return nil, nil, f.storageWrite(key, val)
	case sysCallContract, sysLibraryCall:
		target, selector, cd := r.felt(), r.felt(), r.span()
		if r.err != nil {
			return nil, nil, nil
		}
		call := f.callContract
		if sel == sysLibraryCall {
			call = f.libraryCall
		}
		ret, failed, err := call(target, selector, cd)
		if err != nil || failed {
			return nil, ret, err
		}
		span, err := r.segment(ret)
		return span, nil, err
	case sysDeploy:
		classHash, salt, cd, fromZero := r.felt(), r.felt(), r.span(), r.felt()
		if r.err != nil {
			return nil, nil, nil
		}
		addr, ret, failed, err := f.deploy(classHash, salt, cd, !fromZero.IsZero())
		if err != nil || failed {
			return nil, ret, err
		}
		span, err := r.segment(ret)
		return append(felts(addr), span...), nil, err
	case sysEmitEvent:
		keys, data := r.span(), r.span()
		if r.err == nil {
			f.emitEvent(keys, data)
		}
		return nil, nil, nil
	case sysSendMessageToL1:
		to, payload := r.felt(), r.span()
		if r.err == nil {
			f.sendMessageToL1(to, payload)
		}
		return nil, nil, nil
	case sysGetClassHashAt:
		addr := r.felt()
		ch, err := f.getClassHashAt(addr)
		return felts(ch), nil, err
	case sysReplaceClass:
		ch := r.felt()
		if r.err != nil {
			return nil, nil, nil
		}
		data, failed, err := f.replaceClass(ch)
		if failed {
			return nil, data, err
		}
		return nil, nil, err
	case sysGetBlockHash:
		n := r.felt()
		if !n.IsUint64() {
			return nil, []felt.Felt{ShortString("Block number out of range")}, nil
		}
		ret, failed := f.getBlockHash(n.Uint64())
		if failed {
			return nil, ret, nil
		}
		return felts(ret...), nil, nil
	case sysGetExecutionInfo:
		ptr, err := writeExecutionInfo(r.vm, f.executionInfo())
		return []cairo.Value{cairo.RelValue(ptr)}, nil, err
	}
	return nil, []felt.Felt{ShortString("Unknown syscall")}, nil
}
