package cairo

import (
	"encoding/json"
	"fmt"
)

// casmHint is a structured CASM hint (cairo-lang-casm's CoreHint / StarknetHint).
type casmHint struct {
	name string
	fn   func(vm *VM) error
}

func (h *casmHint) Name() string      { return h.name }
func (h *casmHint) Exec(vm *VM) error { return h.fn(vm) }

// hintArgs are a structured hint's named operands as Scarb writes them.
type hintArgs struct {
	name string
	raw  map[string]json.RawMessage
}

// op parses the ResOperand named key.
func (a hintArgs) op(key string) (*ResOperand, error) {
	v, ok := a.raw[key]
	if !ok {
		return nil, fmt.Errorf("%w: hint %s is missing operand %s", ErrProgram, a.name, key)
	}
	o := new(ResOperand)
	if err := json.Unmarshal(v, o); err != nil {
		return nil, fmt.Errorf("%w: hint %s operand %s: %v", ErrProgram, a.name, key, err)
	}
	return o, nil
}

// ops parses several ResOperands; it stops at the first error.
func (a hintArgs) ops(keys ...string) ([]*ResOperand, error) {
	out := make([]*ResOperand, len(keys))
	for i, k := range keys {
		o, err := a.op(k)
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

// cell parses the CellRef named key.
func (a hintArgs) cell(key string) (CellRef, error) {
	var c CellRef
	v, ok := a.raw[key]
	if !ok {
		return c, fmt.Errorf("%w: hint %s is missing cell %s", ErrProgram, a.name, key)
	}
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("%w: hint %s cell %s: %v", ErrProgram, a.name, key, err)
	}
	if c.Register != "AP" && c.Register != "FP" {
		return c, fmt.Errorf("%w: hint %s cell %s: register %q", ErrProgram, a.name, key, c.Register)
	}
	return c, nil
}

// cells parses several CellRefs; it stops at the first error.
func (a hintArgs) cells(keys ...string) ([]CellRef, error) {
	out := make([]CellRef, len(keys))
	for i, k := range keys {
		c, err := a.cell(k)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// ParseCasmHints parses a CASM class's "hints" array ([[pc, [hint, ...]], ...]).
func ParseCasmHints(raw json.RawMessage) (map[int][]Hint, error) {
	out := map[int][]Hint{}
	if len(raw) == 0 {
		return out, nil
	}
	var entries [][2]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("%w: hints: %v", ErrProgram, err)
	}
	for i, e := range entries {
		var pc int
		if err := json.Unmarshal(e[0], &pc); err != nil || pc < 0 {
			return nil, fmt.Errorf("%w: hints[%d]: bad pc %s", ErrProgram, i, e[0])
		}
		var list []json.RawMessage
		if err := json.Unmarshal(e[1], &list); err != nil {
			return nil, fmt.Errorf("%w: hints[%d]: %v", ErrProgram, i, err)
		}
		for _, item := range list {
			name, body, err := splitHint(item)
			if err != nil {
				return nil, fmt.Errorf("%w: hints[%d]: %v", ErrProgram, i, err)
			}
			h, err := compileCasmHint(name, body)
			if err != nil {
				return nil, fmt.Errorf("hint at pc %d: %w", pc, err)
			}
			out[pc] = append(out[pc], h)
		}
	}
	return out, nil
}

// splitHint reads one externally tagged hint: {"Name": {operands}}, or a
// bare "Name" for hints without operands.
func splitHint(item json.RawMessage) (string, json.RawMessage, error) {
	var name string
	if err := json.Unmarshal(item, &name); err == nil {
		return name, json.RawMessage("{}"), nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(item, &obj); err != nil {
		return "", nil, err
	}
	if len(obj) != 1 {
		return "", nil, fmt.Errorf("hint object with %d keys", len(obj))
	}
	for k, v := range obj {
		return k, v, nil
	}
	return "", nil, nil // unreachable: obj has one key
}

// casmHintCompilers builds each supported structured hint from its operands.
var casmHintCompilers map[string]func(a hintArgs) (func(vm *VM) error, error)

func init() {
	casmHintCompilers = map[string]func(a hintArgs) (func(vm *VM) error, error){
		"AllocSegment":               compileAllocSegment,
		"TestLessThan":               func(a hintArgs) (func(*VM) error, error) { return compileTestLess(a, false) },
		"TestLessThanOrEqual":        func(a hintArgs) (func(*VM) error, error) { return compileTestLess(a, true) },
		"TestLessThanOrEqualAddress": compileTestLessAddress,
		"DivMod":                     compileDivMod,
		"WideMul128":                 compileWideMul128,
		"LinearSplit":                compileLinearSplit,
		"SquareRoot":                 compileSquareRoot,
		"FieldSqrt":                  compileFieldSqrt,
		"AllocConstantSize":          compileAllocConstantSize,
		"DebugPrint":                 compileDebugPrint,
		"SystemCall":                 compileSystemCall,
		"Uint256DivMod":              compileUint256DivMod,
		"Uint512DivModByUint256":     compileUint512DivMod,
		"Uint256SquareRoot":          compileUint256SquareRoot,
		"U256InvModN":                compileU256InvModN,
		"RandomEcPoint":              compileRandomEcPoint,
		"AssertLeFindSmallArcs":      compileAssertLeFindSmallArcs,
		"AssertLeIsFirstArcExcluded": func(a hintArgs) (func(*VM) error, error) {
			return compileArcExcluded(a, "skip_exclude_a_flag", 0)
		},
		"AssertLeIsSecondArcExcluded": func(a hintArgs) (func(*VM) error, error) {
			return compileArcExcluded(a, "skip_exclude_b_minus_a", 1)
		},
		"AssertLeAssertThirdArcExcluded":    compileAssertThirdArcExcluded,
		"AssertLtAssertValidInput":          compileAssertLtValidInput,
		"AllocFelt252Dict":                  compileAllocFelt252Dict,
		"Felt252DictEntryInit":              compileDictEntryInit,
		"Felt252DictEntryUpdate":            compileDictEntryUpdate,
		"Felt252DictRead":                   compileDictRead,
		"Felt252DictWrite":                  compileDictWrite,
		"GetSegmentArenaIndex":              compileGetSegmentArenaIndex,
		"InitSquashData":                    compileInitSquashData,
		"GetCurrentAccessIndex":             compileGetCurrentAccessIndex,
		"ShouldSkipSquashLoop":              compileShouldSkipSquashLoop,
		"GetCurrentAccessDelta":             compileGetCurrentAccessDelta,
		"ShouldContinueSquashLoop":          compileShouldContinueSquashLoop,
		"GetNextDictKey":                    compileGetNextDictKey,
		"AssertCurrentAccessIndicesIsEmpty": compileAssertCurrentAccessIndicesEmpty,
		"AssertAllAccessesUsed":             compileAssertAllAccessesUsed,
		"AssertAllKeysUsed":                 compileAssertAllKeysUsed,
	}
}

func compileCasmHint(name string, body json.RawMessage) (Hint, error) {
	args := hintArgs{name: name}
	if err := json.Unmarshal(body, &args.raw); err != nil {
		return nil, fmt.Errorf("%w: hint %s: %v", ErrProgram, name, err)
	}
	compile, ok := casmHintCompilers[name]
	if !ok {
		return nil, fmt.Errorf("%w: CASM hint %s", ErrUnknownHint, name)
	}
	fn, err := compile(args)
	if err != nil {
		return nil, err
	}
	return &casmHint{name: name, fn: fn}, nil
}
