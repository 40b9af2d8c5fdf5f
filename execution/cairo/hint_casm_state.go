package cairo

import "github.com/cairnchain/cairn/execution/felt"

// casmState is the hint state that cairo-lang keeps in Python globals for
// CASM hints: the dictionary manager, the squash_dict bookkeeping, the
// assert_le arc choice and the constant-size allocation segment.
type casmState struct {
	// dicts maps a dictionary's segment index to its tracker.
	dicts map[int]*dictTracker
	// arenaIndex maps a dictionary's segment index to its index in the
	// segment arena (__segment_index_to_arena_index).
	arenaIndex map[int]int

	squash squashState

	// excluded is the arc AssertLeFindSmallArcs left out (0, 1 or 2).
	excluded int

	boxed   Relocatable
	boxedOK bool

	// ecSeed counts RandomEcPoint calls (the deterministic sampling seed).
	ecSeed uint64
}

// dictTracker is one Felt252Dict: the current value of each key (absent
// keys read as 0).
type dictTracker struct {
	data map[felt.Felt]Value
}

// squashState is squash_dict's bookkeeping: the access indices of each key,
// the keys still to process (descending, popped from the end), the current
// key and its remaining access indices (descending, popped from the end).
type squashState struct {
	accessIndices map[felt.Felt][]int
	keys          []felt.Felt
	key           felt.Felt
	current       []int
	currentIndex  int
}

// casm returns the VM's CASM hint state, creating it on first use.
func (vm *VM) casm() *casmState {
	if vm.casmSt == nil {
		vm.casmSt = &casmState{dicts: map[int]*dictTracker{}, arenaIndex: map[int]int{}}
	}
	return vm.casmSt
}
