package air

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// builtinOrder is cairo-lang's canonical builtin order: the order of the
// builtin pointers on main's initial and final stack.
var builtinOrder = []string{
	SegOutput, SegPedersen, SegRangeCheck, SegECDSA, SegBitwise, SegECOp,
	"keccak", SegPoseidon, "range_check96", "add_mod", "mul_mod",
}

// checkBuiltinStack checks, from the public input alone, that the builtin
// pointers the program received and returned are the builtin segments'
// bounds, so that what the AIR proves about a segment is what the program
// used as that builtin.
//
// Proof mode places main's arguments, one pointer per builtin the program
// includes, at execution.begin_addr + 2 … (the initial stack), and main
// returns the stop pointers in the same order in the last cells of the
// execution segment, [execution.stop_ptr − k, execution.stop_ptr) (the final
// stack); both are public memory. The layout's other builtins have segments
// but no stack entries. So the initial stack is the run of public cells from
// execution.begin_addr + 2 (at most one per builtin segment), its length k
// is the number of included builtins, and its entries must match, in
// canonical order, a subsequence of the builtin segments with initial value
// = begin_addr and final value = stop_ptr; a segment that no entry matches
// must be empty. (Segments are matched greedily: an entry fits the first
// segment with the same bounds; two segments with the same bounds are both
// empty or overlap.) Public inputs without a final stack, as written before
// Cairn's VM published it, are rejected.
func (pi *PublicInput) checkBuiltinStack() error {
	_, err := pi.stackBuiltins()
	return err
}

// Builtins returns the builtins the program includes, in canonical order:
// the segments bound to main's initial and final stack by the statement.
// The statement cannot say how many builtins the program declares (that is
// in the program, not its bytecode), so a verifier that knows the program
// compares this list with the program's builtins (`cairn verify --program`):
// a prover that left a builtin pointer out of public memory would otherwise
// let the program use an unconstrained pointer for it.
func (pi *PublicInput) Builtins() ([]string, error) { return pi.stackBuiltins() }

// stackBuiltins matches the initial and final stack against the builtin
// segments and returns the matched segment names.
func (pi *PublicInput) stackBuiltins() ([]string, error) {
	public := make(map[uint64]felt.Felt, len(pi.PublicMemory))
	for i, e := range pi.PublicMemory {
		if v, ok := public[e.Address]; ok && v != e.Value {
			return nil, fmt.Errorf("%w: public memory entry %d: address %d listed with two values", ErrBadPublicInput, i, e.Address)
		}
		public[e.Address] = e.Value
	}
	var segs []string
	for _, name := range builtinOrder {
		if _, ok := pi.MemorySegments[name]; ok {
			segs = append(segs, name)
		}
	}
	exec := pi.MemorySegments[SegExecution]
	initial := exec.BeginAddr + execPrefix
	k := uint64(0)
	for k < uint64(len(segs)) {
		if _, ok := public[initial+k]; !ok {
			break
		}
		k++
	}
	if exec.StopPtr < initial+2*k {
		return nil, fmt.Errorf("%w: final stack of %d cells before execution stop %d overlaps the initial stack at %d", ErrBadPublicInput, k, exec.StopPtr, initial)
	}
	final := exec.StopPtr - k
	for j := range k {
		if _, ok := public[final+j]; !ok {
			return nil, fmt.Errorf("%w: final stack cell %d (builtin pointer %d of %d) is not public memory", ErrBadPublicInput, final+j, j+1, k)
		}
	}
	j := uint64(0)
	var matched []string
	for _, name := range segs {
		s := pi.MemorySegments[name]
		if j < k {
			begin, stop := felt.FromUint64(s.BeginAddr), felt.FromUint64(s.StopPtr)
			if public[initial+j] == begin && public[final+j] == stop {
				j++
				matched = append(matched, name)
				continue
			}
		}
		if s.StopPtr != s.BeginAddr {
			return nil, fmt.Errorf("%w: segment %q [%d, %d) is used but its begin_addr and stop_ptr are not the matching initial and final stack entries", ErrBadPublicInput, name, s.BeginAddr, s.StopPtr)
		}
	}
	if j < k {
		return nil, fmt.Errorf("%w: initial stack cell %d holds %s, no builtin segment's begin_addr (with the final stack's stop_ptr) in canonical order", ErrBadPublicInput, initial+j, public[initial+j])
	}
	return matched, nil
}
