package cairo

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// assert_le_felt's arc hints: of the three arcs (0, a), (a, b), (b, p - 1)
// the two shortest are proven small with range checks.

var (
	// arcPrimeOver3High and arcPrimeOver2High are the divisors cairo-lang
	// uses to split the two short arcs into range-checked (high, low) pairs.
	arcPrimeOver3High, _ = new(big.Int).SetString("3544607988759775765608368578435044694", 10)
	arcPrimeOver2High, _ = new(big.Int).SetString("5316911983139663648412552867652567041", 10)
)

// compileAssertLeFindSmallArcs checks a <= b, finds the two shortest arcs
// and writes them to the range-check segment: [rc + 1], [rc + 0] =
// divmod(shortest, p/3 high) and [rc + 3], [rc + 2] = divmod(second, p/2
// high). The longest arc is remembered as excluded.
func compileAssertLeFindSmallArcs(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("range_check_ptr", "a", "b")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		rc, err := ops[0].rel(vm)
		if err != nil {
			return fmt.Errorf("range check pointer: %w", err)
		}
		x, y, err := bigPair(vm, ops[1], ops[2])
		if err != nil {
			return err
		}
		cells, excluded, err := smallArcs(x, y, arcPrimeOver3High, arcPrimeOver2High)
		if err != nil {
			return err
		}
		vm.casm().excluded = excluded
		for i, v := range cells {
			if err := vm.Mem.WriteFelt(Relocatable{rc.Segment, rc.Offset + i}, felt.FromBigInt(v)); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// smallArcs checks a <= b and splits the two shortest of the arcs (0, a),
// (a, b), (b, p - 1) for the range-check segment: cells are [rc + 0 .. 3] =
// (low, high) of divmod(shortest, hi3) and of divmod(second, hi2). It returns
// the index of the longest (excluded) arc; ties sort by arc index.
func smallArcs(a, b, hi3, hi2 *big.Int) ([4]*big.Int, int, error) {
	var cells [4]*big.Int
	if a.Cmp(b) > 0 {
		return cells, 0, fmt.Errorf("%w: a = %s is not less than or equal to b = %s", ErrHint, a, b)
	}
	if hi3.Sign() == 0 || hi2.Sign() == 0 {
		return cells, 0, fmt.Errorf("%w: zero arc divisor", ErrHint)
	}
	p := felt.Modulus()
	type arc struct {
		length *big.Int
		index  int
	}
	pm1 := new(big.Int).Sub(p, big.NewInt(1))
	arcs := []arc{{a, 0}, {new(big.Int).Sub(b, a), 1}, {pm1.Sub(pm1, b), 2}}
	sort.Slice(arcs, func(i, j int) bool {
		if c := arcs[i].length.Cmp(arcs[j].length); c != 0 {
			return c < 0
		}
		return arcs[i].index < arcs[j].index
	})
	third := new(big.Int).Quo(p, big.NewInt(3))
	half := new(big.Int).Rsh(p, 1)
	if arcs[0].length.Cmp(third) > 0 || arcs[1].length.Cmp(half) > 0 {
		return cells, 0, fmt.Errorf("%w: no two short arcs for a = %s, b = %s", ErrHint, a, b)
	}
	q0, r0 := new(big.Int).DivMod(arcs[0].length, hi3, new(big.Int))
	q1, r1 := new(big.Int).DivMod(arcs[1].length, hi2, new(big.Int))
	return [4]*big.Int{r0, q0, r1, q1}, arcs[2].index, nil
}

// compileArcExcluded writes 1 if the excluded arc is not arc (the
// AssertLeIsFirstArcExcluded / AssertLeIsSecondArcExcluded flags).
func compileArcExcluded(a hintArgs, key string, arc int) (func(*VM) error, error) {
	dst, err := a.cell(key)
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		return writeCell(vm, dst, FeltValue(boolFelt(vm.casm().excluded != arc)))
	}, nil
}

// compileAssertThirdArcExcluded (deprecated) checks that arc 2 was excluded.
func compileAssertThirdArcExcluded(hintArgs) (func(*VM) error, error) {
	return func(vm *VM) error {
		if e := vm.casm().excluded; e != 2 {
			return fmt.Errorf("%w: excluded arc is %d, not 2", ErrHint, e)
		}
		return nil
	}, nil
}

// compileAssertLtValidInput (deprecated) checks a < b as integers.
func compileAssertLtValidInput(a hintArgs) (func(*VM) error, error) {
	ops, err := a.ops("a", "b")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		x, y, err := bigPair(vm, ops[0], ops[1])
		if err != nil {
			return err
		}
		if x.Cmp(y) >= 0 {
			return fmt.Errorf("%w: a = %s is not less than b = %s", ErrHint, x, y)
		}
		return nil
	}, nil
}

// compileRandomEcPoint writes a point (x, y) of the STARK curve. cairo-lang
// samples x at random; validators must agree, so Cairn derives the
// candidates deterministically from the step number and a per-run counter:
// x = Poseidon(step, counter, attempt) until x is on the curve.
func compileRandomEcPoint(a hintArgs) (func(*VM) error, error) {
	cells, err := a.cells("x", "y")
	if err != nil {
		return nil, err
	}
	return func(vm *VM) error {
		st := vm.casm()
		st.ecSeed++
		step, ctr := felt.FromUint64(vm.CurrentStep), felt.FromUint64(st.ecSeed)
		for attempt := uint64(0); attempt < 1024; attempt++ {
			x := crypto.PoseidonMany(step, ctr, felt.FromUint64(attempt))
			if y, ok := crypto.YFromX(&x); ok {
				if err := writeCell(vm, cells[0], FeltValue(x)); err != nil {
					return err
				}
				return writeCell(vm, cells[1], FeltValue(y))
			}
		}
		return fmt.Errorf("%w: RandomEcPoint found no curve point", ErrHint)
	}, nil
}
