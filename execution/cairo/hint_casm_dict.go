package cairo

import (
	"fmt"
	"slices"

	"github.com/cairnchain/cairn/execution/felt"
)

// Felt252Dict hints: dictionaries live in segments of the segment arena;
// each dictionary's current values are tracked outside memory (cairo-lang's
// DictManager) so that entry hints can supply the previous value.

// dictAccessSize is DictAccess.SIZE: key, previous value, new value.
const dictAccessSize = 3

// compileAllocFelt252Dict allocates a dictionary segment and records it in
// the segment arena: index = [arena - 2]; [[arena - 3] + 3 * index] = start.
func compileAllocFelt252Dict(a hintArgs) (func(*VM) error, error) {
	arenaOp, err := a.op("segment_arena_ptr")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		arena, err := arenaOp.rel(vm)
		if err != nil {
			return fmt.Errorf("segment arena pointer: %w", err)
		}
		if arena.Offset < 3 {
			return fmt.Errorf("%w: segment arena pointer %s has no header", ErrHint, arena)
		}
		nf, err := vm.Mem.ReadFelt(Relocatable{arena.Segment, arena.Offset - 2})
		if err != nil {
			return fmt.Errorf("number of dictionaries: %w", err)
		}
		index, ok := feltToInt(&nf)
		if !ok || index < 0 {
			return fmt.Errorf("%w: dictionary count %s", ErrHint, nf.Hex())
		}
		infos, err := vm.Mem.ReadRel(Relocatable{arena.Segment, arena.Offset - 3})
		if err != nil {
			return fmt.Errorf("segment arena infos: %w", err)
		}
		st := vm.casm()
		start := vm.Mem.AddSegment()
		st.dicts[start.Segment] = &dictTracker{data: map[felt.Felt]Value{}}
		st.arenaIndex[start.Segment] = index
		return vm.Mem.WriteRel(Relocatable{infos.Segment, infos.Offset + dictAccessSize*index}, start)
	}, nil
}

// tracker returns the dictionary whose segment dictPtr points into.
func (st *casmState) tracker(dictPtr Relocatable) (*dictTracker, error) {
	t, ok := st.dicts[dictPtr.Segment]
	if !ok {
		return nil, fmt.Errorf("%w: %s does not point to a known dictionary", ErrHint, dictPtr)
	}
	return t, nil
}

// get returns the dictionary's value for key (0 when never written).
func (t *dictTracker) get(key felt.Felt) Value {
	if v, ok := t.data[key]; ok {
		return v
	}
	return FeltValue(felt.Zero)
}

// dictPtrAndKey evaluates a dict pointer and a felt key operand.
func dictPtrAndKey(vm *VM, dp, key *ResOperand) (*dictTracker, Relocatable, felt.Felt, error) {
	p, err := dp.rel(vm)
	if err != nil {
		return nil, p, felt.Felt{}, fmt.Errorf("dict pointer: %w", err)
	}
	t, err := vm.casm().tracker(p)
	if err != nil {
		return nil, p, felt.Felt{}, err
	}
	k, err := key.felt(vm)
	if err != nil {
		return nil, p, k, fmt.Errorf("dict key: %w", err)
	}
	return t, p, k, nil
}

// compileDictEntryInit: [dict_ptr + 1] = dict[key] (the access's previous value).
func compileDictEntryInit(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("dict_ptr", "key")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		t, p, k, err := dictPtrAndKey(vm, ops[0], ops[1])
		if err != nil {
			return err
		}
		return vm.Mem.Write(Relocatable{p.Segment, p.Offset + 1}, t.get(k))
	}, nil
}

// compileDictEntryUpdate: dict[[dict_ptr - 3]] = value.
func compileDictEntryUpdate(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("dict_ptr", "value")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		p, err := ops[0].rel(vm)
		if err != nil {
			return fmt.Errorf("dict pointer: %w", err)
		}
		t, err := vm.casm().tracker(p)
		if err != nil {
			return err
		}
		if p.Offset < dictAccessSize {
			return fmt.Errorf("%w: dict pointer %s has no previous access", ErrHint, p)
		}
		k, err := vm.Mem.ReadFelt(Relocatable{p.Segment, p.Offset - dictAccessSize})
		if err != nil {
			return fmt.Errorf("dict key: %w", err)
		}
		v, err := ops[1].get(vm)
		if err != nil {
			return fmt.Errorf("dict value: %w", err)
		}
		t.data[k] = v
		return nil
	}, nil
}

// compileDictRead (deprecated Felt252DictRead): value_dst = dict[key].
func compileDictRead(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("dict_ptr", "key")
	if err != nil {
		return nil, err
	}
	dst, err := a.cell("value_dst")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		t, _, k, err := dictPtrAndKey(vm, ops[0], ops[1])
		if err != nil {
			return err
		}
		return writeCell(vm, dst, t.get(k))
	}, nil
}

// compileDictWrite (deprecated Felt252DictWrite): [dict_ptr + 1] = dict[key];
// dict[key] = value.
func compileDictWrite(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("dict_ptr", "key", "value")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		t, p, k, err := dictPtrAndKey(vm, ops[0], ops[1])
		if err != nil {
			return err
		}
		v, err := ops[2].get(vm)
		if err != nil {
			return fmt.Errorf("dict value: %w", err)
		}
		if err := vm.Mem.Write(Relocatable{p.Segment, p.Offset + 1}, t.get(k)); err != nil {
			return err
		}
		t.data[k] = v
		return nil
	}, nil
}

// compileGetSegmentArenaIndex: dict_index = the arena index of the
// dictionary dict_end_ptr points into.
func compileGetSegmentArenaIndex(a hintArgs) (func(*VM) error, error) {
	end, err := a.op("dict_end_ptr")
	if err != nil {
		return nil, err
	}
	dst, err := a.cell("dict_index")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		p, err := end.rel(vm)
		if err != nil {
			return fmt.Errorf("dict end pointer: %w", err)
		}
		idx, ok := vm.casm().arenaIndex[p.Segment]
		if !ok {
			return fmt.Errorf("%w: %s does not point to a known dictionary", ErrHint, p)
		}
		return writeCell(vm, dst, IntValue(int64(idx)))
	}, nil
}

// compileInitSquashData groups the dict accesses [dict_accesses, +3*n) by
// key; big_keys = 1 if the largest key is >= 2^128; first_key = the
// smallest key, which becomes the current key.
func compileInitSquashData(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("dict_accesses", "ptr_diff", "n_accesses")
	if err != nil {
		return nil, err
	}
	out, err := a.cells("big_keys", "first_key")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		addr, err := ops[0].rel(vm)
		if err != nil {
			return fmt.Errorf("dict accesses: %w", err)
		}
		diff, err := intOperand(vm, ops[1])
		if err != nil {
			return fmt.Errorf("ptr_diff: %w", err)
		}
		if diff%dictAccessSize != 0 {
			return fmt.Errorf("%w: accesses array size %d is not divisible by DictAccess.SIZE", ErrHint, diff)
		}
		n, err := intOperand(vm, ops[2])
		if err != nil || n < 0 {
			return fmt.Errorf("%w: n_accesses: %v", ErrHint, err)
		}
		sq := squashState{accessIndices: map[felt.Felt][]int{}}
		for i := 0; i < n; i++ {
			k, err := vm.Mem.ReadFelt(Relocatable{addr.Segment, addr.Offset + dictAccessSize*i})
			if err != nil {
				return fmt.Errorf("access %d key: %w", i, err)
			}
			if _, seen := sq.accessIndices[k]; !seen {
				sq.keys = append(sq.keys, k)
			}
			sq.accessIndices[k] = append(sq.accessIndices[k], i)
		}
		if len(sq.keys) == 0 {
			return fmt.Errorf("%w: InitSquashData with no accesses", ErrHint)
		}
		slices.SortFunc(sq.keys, func(x, y felt.Felt) int { return y.Cmp(&x) }) // descending
		big := bitLen(&sq.keys[0]) > 128
		sq.key = sq.keys[len(sq.keys)-1]
		sq.keys = sq.keys[:len(sq.keys)-1]
		vm.casm().squash = sq
		if err := writeCell(vm, out[0], FeltValue(boolFelt(big))); err != nil {
			return err
		}
		return writeCell(vm, out[1], FeltValue(sq.key))
	}, nil
}

// compileGetCurrentAccessIndex starts the current key's accesses:
// [range_check_ptr] = its first access index.
func compileGetCurrentAccessIndex(a hintArgs) (func(*VM) error, error) {
	rc, err := a.op("range_check_ptr")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		p, err := rc.rel(vm)
		if err != nil {
			return fmt.Errorf("range check pointer: %w", err)
		}
		sq := &vm.casm().squash
		idx := sq.accessIndices[sq.key]
		if len(idx) == 0 {
			return fmt.Errorf("%w: no accesses for key %s", ErrHint, sq.key.Hex())
		}
		sq.current = slices.Clone(idx)
		slices.Reverse(sq.current) // descending: pop from the end
		sq.currentIndex = sq.current[len(sq.current)-1]
		sq.current = sq.current[:len(sq.current)-1]
		return vm.Mem.Write(p, IntValue(int64(sq.currentIndex)))
	}, nil
}

// compileSquashFlag writes 1 (or 0 with invert) when the current key has
// accesses left.
func compileSquashFlag(a hintArgs, key string, whenLeft int64) (func(*VM) error, error) {
	dst, err := a.cell(key)
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		v := 1 - whenLeft
		if len(vm.casm().squash.current) > 0 {
			v = whenLeft
		}
		return writeCell(vm, dst, IntValue(v))
	}, nil
}

// compileShouldSkipSquashLoop: should_skip_loop = 0 if accesses are left else 1.
func compileShouldSkipSquashLoop(a hintArgs) (func(*VM) error, error) {
	return compileSquashFlag(a, "should_skip_loop", 0)
}

// compileShouldContinueSquashLoop: should_continue = 1 if accesses are left else 0.
func compileShouldContinueSquashLoop(a hintArgs) (func(*VM) error, error) {
	return compileSquashFlag(a, "should_continue", 1)
}

// compileGetCurrentAccessDelta moves to the key's next access:
// index_delta_minus1 = next - current - 1.
func compileGetCurrentAccessDelta(a hintArgs) (func(*VM) error, error) {
	dst, err := a.cell("index_delta_minus1")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		sq := &vm.casm().squash
		if len(sq.current) == 0 {
			return fmt.Errorf("%w: no access index left for key %s", ErrHint, sq.key.Hex())
		}
		next := sq.current[len(sq.current)-1]
		sq.current = sq.current[:len(sq.current)-1]
		delta := next - sq.currentIndex - 1
		sq.currentIndex = next
		return writeCell(vm, dst, IntValue(int64(delta)))
	}, nil
}

// compileGetNextDictKey: next_key = the next (larger) key, now current.
func compileGetNextDictKey(a hintArgs) (func(*VM) error, error) {
	dst, err := a.cell("next_key")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		sq := &vm.casm().squash
		if len(sq.keys) == 0 {
			return fmt.Errorf("%w: no keys left but remaining_accesses > 0", ErrHint)
		}
		sq.key = sq.keys[len(sq.keys)-1]
		sq.keys = sq.keys[:len(sq.keys)-1]
		return writeCell(vm, dst, FeltValue(sq.key))
	}, nil
}

// compileAssertCurrentAccessIndicesEmpty (deprecated) checks that the
// current key has no accesses left.
func compileAssertCurrentAccessIndicesEmpty(hintArgs) (func(*VM) error, error) {
	return func(vm *VM) error {
		if n := len(vm.casm().squash.current); n != 0 {
			return fmt.Errorf("%w: %d access indices left", ErrHint, n)
		}
		return nil
	}, nil
}

// compileAssertAllAccessesUsed (deprecated): n_used_accesses equals the
// current key's number of accesses.
func compileAssertAllAccessesUsed(a hintArgs) (func(*VM) error, error) {
	c, err := a.cell("n_used_accesses")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		addr, err := c.addr(vm)
		if err != nil {
			return err
		}
		n, err := vm.Mem.ReadFelt(addr)
		if err != nil {
			return err
		}
		sq := &vm.casm().squash
		want := felt.FromUint64(uint64(len(sq.accessIndices[sq.key])))
		if !n.Equal(&want) {
			return fmt.Errorf("%w: %s accesses used, key %s has %s", ErrHint, n.Text(10), sq.key.Hex(), want.Text(10))
		}
		return nil
	}, nil
}

// compileAssertAllKeysUsed (deprecated) checks that no key is left.
func compileAssertAllKeysUsed(hintArgs) (func(*VM) error, error) {
	return func(vm *VM) error {
		if n := len(vm.casm().squash.keys); n != 0 {
			return fmt.Errorf("%w: %d keys left", ErrHint, n)
		}
		return nil
	}, nil
}

// intOperand evaluates an operand as a small signed integer.
func intOperand(vm *VM, o *ResOperand) (int, error) {
	f, err := o.felt(vm)
	if err != nil {
		return 0, err
	}
	n, ok := feltToInt(&f)
	if !ok {
		return 0, fmt.Errorf("%w: %s is not a small integer", ErrHint, f.Hex())
	}
	return n, nil
}
