package cairo

// SyscallHandler executes Starknet system calls for CASM code. The execution
// layer implements it: on a SystemCall hint the VM passes the syscall pointer
// (the address of the request: selector, gas, arguments), and the handler
// reads the request and writes the response through vm.Mem, allocating
// segments with vm.Mem.AddSegment as needed.
type SyscallHandler interface {
	Syscall(vm *VM, syscallPtr Relocatable) error
}
