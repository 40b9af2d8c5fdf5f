package cairo

import "github.com/cairnchain/cairn/execution/felt"

// dictTracker is the hint-side state of one Felt252Dict: its current
// values by key, and the segment holding its access log.
type dictTracker struct {
	base    Relocatable
	data    map[felt.Felt]Value
	deflt   Value
	current Relocatable
}

// dictManager tracks the dictionaries created by CASM hints, indexed by
// their segment index.
type dictManager struct {
	bySeg map[int]*dictTracker
	order []*dictTracker
}

func (vm *VM) dictMgr() *dictManager {
	if vm.dicts == nil {
		vm.dicts = &dictManager{bySeg: map[int]*dictTracker{}}
	}
	return vm.dicts
}
