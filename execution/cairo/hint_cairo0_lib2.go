package cairo

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/cairnchain/cairn/execution/felt"
)

// More whitelisted Cairo 0 hints of cairo-lang's common library:
// assert_le_felt and friends (math.cairo), find_element and
// search_sorted_lower (find_element.cairo), set_add (set.cairo), usort
// (usort.cairo) and the ECDSA signature registration (signature.cairo).

const (
	hintAssertLeFelt    = "import itertools\n\nfrom starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.a)\nassert_integer(ids.b)\na = ids.a % PRIME\nb = ids.b % PRIME\nassert a <= b, f'a = {a} is not less than or equal to b = {b}.'\n\n# Find an arc less than PRIME / 3, and another less than PRIME / 2.\nlengths_and_indices = [(a, 0), (b - a, 1), (PRIME - 1 - b, 2)]\nlengths_and_indices.sort()\nassert lengths_and_indices[0][0] <= PRIME // 3 and lengths_and_indices[1][0] <= PRIME // 2\nexcluded = lengths_and_indices[2][1]\n\nmemory[ids.range_check_ptr + 1], memory[ids.range_check_ptr + 0] = (\n    divmod(lengths_and_indices[0][0], ids.PRIME_OVER_3_HIGH))\nmemory[ids.range_check_ptr + 3], memory[ids.range_check_ptr + 2] = (\n    divmod(lengths_and_indices[1][0], ids.PRIME_OVER_2_HIGH))"
	hintAssertLeFeltV06 = "from starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.a)\nassert_integer(ids.b)\nassert (ids.a % PRIME) <= (ids.b % PRIME), \\\n    f'a = {ids.a % PRIME} is not less than or equal to b = {ids.b % PRIME}.'"
	hintAssertLeFeltV08 = "from starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.a)\nassert_integer(ids.b)\na = ids.a % PRIME\nb = ids.b % PRIME\nassert a <= b, f'a = {a} is not less than or equal to b = {b}.'\n\nids.small_inputs = int(\n    a < range_check_builtin.bound and (b - a) < range_check_builtin.bound)"
	hintAssertLtFelt    = "from starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.a)\nassert_integer(ids.b)\nassert (ids.a % PRIME) < (ids.b % PRIME), \\\n    f'a = {ids.a % PRIME} is not less than b = {ids.b % PRIME}.'"
	hintIsLeFelt        = "memory[ap] = 0 if (ids.a % PRIME) <= (ids.b % PRIME) else 1"
	hintExcluded0       = "memory[ap] = 1 if excluded != 0 else 0"
	hintExcluded1       = "memory[ap] = 1 if excluded != 1 else 0"
	hintExcluded2       = "assert excluded == 2"

	hintFindElement       = "array_ptr = ids.array_ptr\nelm_size = ids.elm_size\nassert isinstance(elm_size, int) and elm_size > 0, \\\n    f'Invalid value for elm_size. Got: {elm_size}.'\nkey = ids.key\n\nif '__find_element_index' in globals():\n    ids.index = __find_element_index\n    found_key = memory[array_ptr + elm_size * __find_element_index]\n    assert found_key == key, \\\n        f'Invalid index found in __find_element_index. index: {__find_element_index}, ' \\\n        f'expected key {key}, found key: {found_key}.'\n    # Delete __find_element_index to make sure it's not used for the next calls.\n    del __find_element_index\nelse:\n    n_elms = ids.n_elms\n    assert isinstance(n_elms, int) and n_elms >= 0, \\\n        f'Invalid value for n_elms. Got: {n_elms}.'\n    if '__find_element_max_size' in globals():\n        assert n_elms <= __find_element_max_size, \\\n            f'find_element() can only be used with n_elms<={__find_element_max_size}. ' \\\n            f'Got: n_elms={n_elms}.'\n\n    for i in range(n_elms):\n        if memory[array_ptr + elm_size * i] == key:\n            ids.index = i\n            break\n    else:\n        raise ValueError(f'Key {key} was not found.')"
	hintSearchSortedLower = "array_ptr = ids.array_ptr\nelm_size = ids.elm_size\nassert isinstance(elm_size, int) and elm_size > 0, \\\n    f'Invalid value for elm_size. Got: {elm_size}.'\n\nn_elms = ids.n_elms\nassert isinstance(n_elms, int) and n_elms >= 0, \\\n    f'Invalid value for n_elms. Got: {n_elms}.'\nif '__find_element_max_size' in globals():\n    assert n_elms <= __find_element_max_size, \\\n        f'find_element() can only be used with n_elms<={__find_element_max_size}. ' \\\n        f'Got: n_elms={n_elms}.'\n\nfor i in range(n_elms):\n    if memory[array_ptr + elm_size * i] >= ids.key:\n        ids.index = i\n        break\nelse:\n    ids.index = n_elms"
	hintSetAdd            = "assert ids.elm_size > 0\nassert ids.set_ptr <= ids.set_end_ptr\nelm_list = memory.get_range(ids.elm_ptr, ids.elm_size)\nfor i in range(0, ids.set_end_ptr - ids.set_ptr, ids.elm_size):\n    if memory.get_range(ids.set_ptr + i, ids.elm_size) == elm_list:\n        ids.index = i // ids.elm_size\n        ids.is_elm_in_set = 1\n        break\nelse:\n    ids.is_elm_in_set = 0"

	hintUsortEnterScope = "vm_enter_scope(dict(__usort_max_size = globals().get('__usort_max_size')))"
	hintUsortBody       = "from collections import defaultdict\n\ninput_ptr = ids.input\ninput_len = int(ids.input_len)\nif __usort_max_size is not None:\n    assert input_len <= __usort_max_size, (\n        f\"usort() can only be used with input_len<={__usort_max_size}. \"\n        f\"Got: input_len={input_len}.\"\n    )\n\npositions_dict = defaultdict(list)\nfor i in range(input_len):\n    val = memory[input_ptr + i]\n    positions_dict[val].append(i)\n\noutput = sorted(positions_dict.keys())\nids.output_len = len(output)\nids.output = segments.gen_arg(output)\nids.multiplicities = segments.gen_arg([len(positions_dict[k]) for k in output])"
	hintUsortVerify     = "last_pos = 0\npositions = positions_dict[ids.value][::-1]"
	hintUsortMultAssert = "assert len(positions) == 0"
	hintUsortMultBody   = "current_pos = positions.pop()\nids.next_item_index = current_pos - last_pos\nlast_pos = current_pos + 1"

	hintVerifyECDSA = "ecdsa_builtin.add_signature(ids.ecdsa_ptr.address_, (ids.signature_r, ids.signature_s))"
)

func init() {
	for code, fn := range map[string]func(c *idsCtx) error{
		hintAssertLeFelt:    assertLeFelt,
		hintAssertLeFeltV06: func(c *idsCtx) error { _, _, err := feltPairLe(c, true); return err },
		hintAssertLeFeltV08: assertLeFeltV08,
		hintAssertLtFelt:    func(c *idsCtx) error { _, _, err := feltPairLe(c, false); return err },
		hintIsLeFelt: func(c *idsCtx) error {
			a, b, err := idsBigs(c, "a", "b")
			if err != nil {
				return err
			}
			return c.vm.Mem.WriteFelt(c.vm.AP, boolFelt(a.Cmp(b) > 0))
		},
		hintExcluded0:         func(c *idsCtx) error { return writeExcludedFlag(c, 0) },
		hintExcluded1:         func(c *idsCtx) error { return writeExcludedFlag(c, 1) },
		hintExcluded2:         assertExcluded2,
		hintFindElement:       findElement,
		hintSearchSortedLower: searchSortedLower,
		hintSetAdd:            setAdd,
		hintUsortEnterScope: func(c *idsCtx) error {
			c.vm.Scopes = append(c.vm.Scopes, map[string]any{})
			return nil
		},
		hintUsortBody:       usortBody,
		hintUsortVerify:     usortVerify,
		hintUsortMultAssert: usortMultiplicityAssert,
		hintUsortMultBody:   usortMultiplicityBody,
		hintVerifyECDSA:     verifyECDSA,
	} {
		cairo0Hints[code] = fn
	}
}

// idsBigs reads ids names as integers in [0, p).
func idsBigs(c *idsCtx, names ...string) (*big.Int, *big.Int, error) {
	x, err := c.felt(names[0])
	if err != nil {
		return nil, nil, err
	}
	y, err := c.felt(names[1])
	if err != nil {
		return nil, nil, err
	}
	return x.BigInt(), y.BigInt(), nil
}

// feltPairLe checks ids.a <= ids.b (or <) as integers in [0, p).
func feltPairLe(c *idsCtx, orEq bool) (*big.Int, *big.Int, error) {
	a, b, err := idsBigs(c, "a", "b")
	if err != nil {
		return nil, nil, err
	}
	if cmp := a.Cmp(b); cmp > 0 || (!orEq && cmp == 0) {
		rel := "less than or equal to"
		if !orEq {
			rel = "less than"
		}
		return nil, nil, fmt.Errorf("%w: a = %s is not %s b = %s", ErrHint, a, rel, b)
	}
	return a, b, nil
}

func assertLeFeltV08(c *idsCtx) error {
	a, b, err := feltPairLe(c, true)
	if err != nil {
		return err
	}
	small := a.Cmp(rcBound) < 0 && new(big.Int).Sub(b, a).Cmp(rcBound) < 0
	return c.setFelt("small_inputs", boolFelt(small))
}

// assertLeFelt is the arc hint of assert_le_felt: it writes the two short
// arcs to the range-check segment and keeps the excluded one in the scope.
func assertLeFelt(c *idsCtx) error {
	a, b, err := feltPairLe(c, true)
	if err != nil {
		return err
	}
	rcv, err := c.get("range_check_ptr")
	if err != nil {
		return err
	}
	rc, err := rcv.AsRel()
	if err != nil {
		return fmt.Errorf("ids.range_check_ptr: %w", err)
	}
	hi3, err := c.felt("PRIME_OVER_3_HIGH")
	if err != nil {
		return err
	}
	hi2, err := c.felt("PRIME_OVER_2_HIGH")
	if err != nil {
		return err
	}
	cells, excluded, err := smallArcs(a, b, hi3.BigInt(), hi2.BigInt())
	if err != nil {
		return err
	}
	c.scope()["excluded"] = excluded
	for i, v := range cells {
		if err := c.vm.Mem.WriteFelt(Relocatable{rc.Segment, rc.Offset + i}, felt.FromBigInt(v)); err != nil {
			return err
		}
	}
	return nil
}

func writeExcludedFlag(c *idsCtx, arc int) error {
	e, ok := c.scope()["excluded"].(int)
	if !ok {
		return fmt.Errorf("%w: scope variable excluded is not set", ErrHint)
	}
	return c.vm.Mem.WriteFelt(c.vm.AP, boolFelt(e != arc))
}

func assertExcluded2(c *idsCtx) error {
	if e, ok := c.scope()["excluded"].(int); !ok || e != 2 {
		return fmt.Errorf("%w: excluded arc is %v, not 2", ErrHint, c.scope()["excluded"])
	}
	return nil
}

// idsInt reads ids.name as a small non-negative integer.
func idsInt(c *idsCtx, name string) (int, error) {
	f, err := c.felt(name)
	if err != nil {
		return 0, err
	}
	n, ok := feltToInt(&f)
	if !ok || n < 0 {
		return 0, fmt.Errorf("%w: invalid value for %s: %s", ErrHint, name, f.Text(10))
	}
	return n, nil
}

func idsRel(c *idsCtx, name string) (Relocatable, error) {
	v, err := c.get(name)
	if err != nil {
		return Relocatable{}, err
	}
	r, err := v.AsRel()
	if err != nil {
		return r, fmt.Errorf("ids.%s: %w", name, err)
	}
	return r, nil
}

// arrayArgs reads find_element's array_ptr, elm_size (> 0) and n_elms.
func arrayArgs(c *idsCtx) (Relocatable, int, int, error) {
	arr, err := idsRel(c, "array_ptr")
	if err != nil {
		return arr, 0, 0, err
	}
	size, err := idsInt(c, "elm_size")
	if err != nil || size == 0 {
		return arr, 0, 0, fmt.Errorf("%w: invalid value for elm_size (%v)", ErrHint, err)
	}
	n, err := idsInt(c, "n_elms")
	if err != nil {
		return arr, 0, 0, err
	}
	return arr, size, n, nil
}

func findElement(c *idsCtx) error {
	arr, size, n, err := arrayArgs(c)
	if err != nil {
		return err
	}
	key, err := c.get("key")
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		v, err := c.vm.Mem.Read(Relocatable{arr.Segment, arr.Offset + size*i})
		if err != nil {
			return err
		}
		if v.Equal(key) {
			return c.set("index", IntValue(int64(i)))
		}
	}
	return fmt.Errorf("%w: key %s was not found", ErrHint, key)
}

func searchSortedLower(c *idsCtx) error {
	arr, size, n, err := arrayArgs(c)
	if err != nil {
		return err
	}
	key, err := c.felt("key")
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		v, err := c.vm.Mem.ReadFelt(Relocatable{arr.Segment, arr.Offset + size*i})
		if err != nil {
			return err
		}
		if v.Cmp(&key) >= 0 {
			return c.set("index", IntValue(int64(i)))
		}
	}
	return c.set("index", IntValue(int64(n)))
}

func setAdd(c *idsCtx) error {
	size, err := idsInt(c, "elm_size")
	if err != nil || size == 0 {
		return fmt.Errorf("%w: elm_size must be positive (%v)", ErrHint, err)
	}
	set, err := idsRel(c, "set_ptr")
	if err != nil {
		return err
	}
	end, err := idsRel(c, "set_end_ptr")
	if err != nil {
		return err
	}
	elm, err := idsRel(c, "elm_ptr")
	if err != nil {
		return err
	}
	if set.Segment != end.Segment || set.Offset > end.Offset {
		return fmt.Errorf("%w: set_ptr %s is not before set_end_ptr %s", ErrHint, set, end)
	}
	want := make([]Value, size)
	for j := range want {
		if want[j], err = c.vm.Mem.Read(Relocatable{elm.Segment, elm.Offset + j}); err != nil {
			return err
		}
	}
	for i := 0; i < end.Offset-set.Offset; i += size {
		match := true
		for j := 0; j < size && match; j++ {
			v, err := c.vm.Mem.Read(Relocatable{set.Segment, set.Offset + i + j})
			if err != nil {
				return err
			}
			match = v.Equal(want[j])
		}
		if match {
			if err := c.set("index", IntValue(int64(i/size))); err != nil {
				return err
			}
			return c.set("is_elm_in_set", IntValue(1))
		}
	}
	return c.set("is_elm_in_set", IntValue(0))
}

// usortBody sorts the distinct input values and records each value's
// positions in the scope for the verification hints.
func usortBody(c *idsCtx) error {
	in, err := idsRel(c, "input")
	if err != nil {
		return err
	}
	n, err := idsInt(c, "input_len")
	if err != nil {
		return err
	}
	positions := map[felt.Felt][]int{}
	var keys []felt.Felt
	for i := 0; i < n; i++ {
		v, err := c.vm.Mem.ReadFelt(Relocatable{in.Segment, in.Offset + i})
		if err != nil {
			return err
		}
		if _, ok := positions[v]; !ok {
			keys = append(keys, v)
		}
		positions[v] = append(positions[v], i)
	}
	slices.SortFunc(keys, func(x, y felt.Felt) int { return x.Cmp(&y) })
	mult := make([]felt.Felt, len(keys))
	for i, k := range keys {
		mult[i] = felt.FromUint64(uint64(len(positions[k])))
	}
	c.scope()["positions_dict"] = positions
	out := c.vm.Mem.AddSegment()
	if _, err := c.vm.Mem.WriteFelts(out, keys); err != nil {
		return err
	}
	ms := c.vm.Mem.AddSegment()
	if _, err := c.vm.Mem.WriteFelts(ms, mult); err != nil {
		return err
	}
	if err := c.set("output_len", IntValue(int64(len(keys)))); err != nil {
		return err
	}
	if err := c.set("output", RelValue(out)); err != nil {
		return err
	}
	return c.set("multiplicities", RelValue(ms))
}

func usortVerify(c *idsCtx) error {
	positions, ok := c.scope()["positions_dict"].(map[felt.Felt][]int)
	if !ok {
		return fmt.Errorf("%w: scope variable positions_dict is not set", ErrHint)
	}
	v, err := c.felt("value")
	if err != nil {
		return err
	}
	ps := slices.Clone(positions[v])
	slices.Reverse(ps)
	c.scope()["positions"] = ps
	c.scope()["last_pos"] = 0
	return nil
}

func usortMultiplicityAssert(c *idsCtx) error {
	ps, _ := c.scope()["positions"].([]int)
	if len(ps) != 0 {
		return fmt.Errorf("%w: %d positions left", ErrHint, len(ps))
	}
	return nil
}

func usortMultiplicityBody(c *idsCtx) error {
	ps, _ := c.scope()["positions"].([]int)
	last, ok := c.scope()["last_pos"].(int)
	if len(ps) == 0 || !ok {
		return fmt.Errorf("%w: no usort position left", ErrHint)
	}
	cur := ps[len(ps)-1]
	c.scope()["positions"] = ps[:len(ps)-1]
	c.scope()["last_pos"] = cur + 1
	return c.set("next_item_index", IntValue(int64(cur-last)))
}

// verifyECDSA registers (signature_r, signature_s) for the ecdsa builtin
// instance at ids.ecdsa_ptr.
func verifyECDSA(c *idsCtx) error {
	ptr, err := idsRel(c, "ecdsa_ptr")
	if err != nil {
		return err
	}
	r, err := c.felt("signature_r")
	if err != nil {
		return err
	}
	s, err := c.felt("signature_s")
	if err != nil {
		return err
	}
	if ptr.Segment < 0 || ptr.Segment >= len(c.vm.Mem.rules) {
		return fmt.Errorf("%w: ecdsa_ptr %s", ErrHint, ptr)
	}
	b, ok := c.vm.Mem.rules[ptr.Segment].(*BuiltinRunner)
	if !ok || b.sigs == nil {
		return fmt.Errorf("%w: ecdsa_ptr %s is not in the ecdsa builtin segment", ErrHint, ptr)
	}
	return b.AddSignature(ptr, r, s)
}
