package cairo

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// BuiltinRunner is one builtin's segment and rules. Pure builtins (pedersen,
// bitwise, ec_op, poseidon, keccak) deduce their output cells from the input
// cells when the VM reads them; range_check and ecdsa validate on write.
type BuiltinRunner struct {
	Name string
	// Base is the builtin segment's first cell.
	Base Relocatable
	// Included is false for builtins added in proof mode only because the
	// layout has them.
	Included bool
	// CellsPerInstance and InputCells describe one builtin instance.
	CellsPerInstance, InputCells int
	// Ratio and InstancesPerComponent come from the layout (0: no layout).
	Ratio, InstancesPerComponent int
	// RCParts is the number of 16-bit range-check units per instance (range_check: 8).
	RCParts int
	// StopPtr is the final builtin pointer returned by the program (set after the run).
	StopPtr Relocatable

	compute  func(in, out []felt.Felt) error
	check    func(v Value) error
	sigs     map[int][2]felt.Felt // ecdsa: signatures (r, s) by instance offset
	lastOff  int
	lastOut  []felt.Felt
	inputBuf []felt.Felt
}

var two128 = func() felt.Felt {
	var f felt.Felt
	f.SetUint64(1 << 63)
	f.Mul(&f, &f)
	var t = felt.FromUint64(4)
	f.Mul(&f, &t)
	return f
}()

// newBuiltin returns the runner for a builtin name.
func newBuiltin(name string) (*BuiltinRunner, error) {
	b := &BuiltinRunner{Name: name, Included: true, InstancesPerComponent: 1, lastOff: -1}
	switch name {
	case "output":
		b.CellsPerInstance, b.InputCells = 1, 0
	case "pedersen":
		b.CellsPerInstance, b.InputCells = 3, 2
		b.compute = func(in, out []felt.Felt) error {
			out[0] = crypto.Pedersen(&in[0], &in[1])
			return nil
		}
	case "range_check", "range_check96":
		b.CellsPerInstance, b.InputCells = 1, 1
		bits := 128
		b.RCParts = 8
		if name == "range_check96" {
			bits, b.RCParts = 96, 6
		}
		b.check = func(v Value) error {
			f, ok := v.Felt()
			if !ok {
				return fmt.Errorf("%w: %s: value %s is not a field element", ErrBuiltin, name, v)
			}
			if bitLen(&f) > bits {
				return fmt.Errorf("%w: %s: value %s is out of range [0, 2^%d)", ErrBuiltin, name, f.Hex(), bits)
			}
			return nil
		}
	case "ecdsa":
		b.CellsPerInstance, b.InputCells = 2, 2
		b.sigs = map[int][2]felt.Felt{}
	case "bitwise":
		b.CellsPerInstance, b.InputCells = 5, 2
		b.compute = bitwise
	case "ec_op":
		b.CellsPerInstance, b.InputCells = 7, 5
		b.compute = func(in, out []felt.Felt) error {
			r, err := crypto.ECOp([2]felt.Felt{in[0], in[1]}, [2]felt.Felt{in[2], in[3]}, &in[4])
			if err != nil {
				return fmt.Errorf("%w: ec_op: %w", ErrBuiltin, err)
			}
			out[0], out[1] = r[0], r[1]
			return nil
		}
	case "poseidon":
		b.CellsPerInstance, b.InputCells = 6, 3
		b.compute = func(in, out []felt.Felt) error {
			st := [3]felt.Felt{in[0], in[1], in[2]}
			crypto.PoseidonPermute(&st)
			copy(out, st[:])
			return nil
		}
	case "keccak":
		b.CellsPerInstance, b.InputCells = 16, 8
		b.compute = keccakBuiltin
	default:
		return nil, fmt.Errorf("%w: builtin %q is not supported", ErrProgram, name)
	}
	return b, nil
}

func bitwise(in, out []felt.Felt) error {
	for i := range in[:2] {
		if bitLen(&in[i]) > 251 {
			return fmt.Errorf("%w: bitwise: input %s is not below 2^251", ErrBuiltin, in[i].Hex())
		}
	}
	x, y := in[0].Words(), in[1].Words()
	var and, xor, or [4]uint64
	for i := range x {
		and[i], xor[i], or[i] = x[i]&y[i], x[i]^y[i], x[i]|y[i]
	}
	out[0], out[1], out[2] = fromWords(and), fromWords(xor), fromWords(or)
	return nil
}

// fromWords builds a felt from four little-endian 64-bit limbs (< 2^251).
func fromWords(w [4]uint64) felt.Felt {
	var b [32]byte
	for i := 0; i < 4; i++ {
		for j := 0; j < 8; j++ {
			b[31-(8*i+j)] = byte(w[i] >> (8 * j))
		}
	}
	return felt.FromBytes(b[:])
}

// validate implements segmentRule.
func (b *BuiltinRunner) validate(m *Memory, a Relocatable) error {
	if b.check != nil {
		v, _ := m.Get(a)
		if err := b.check(v); err != nil {
			return fmt.Errorf("write %s: %w", a, err)
		}
	}
	if b.sigs != nil {
		return b.validateSignature(m, a)
	}
	return nil
}

func (b *BuiltinRunner) validateSignature(m *Memory, a Relocatable) error {
	inst := a.Offset - a.Offset%2
	pk, ok1 := m.Get(Relocatable{a.Segment, inst})
	msg, ok2 := m.Get(Relocatable{a.Segment, inst + 1})
	if !ok1 || !ok2 {
		return nil
	}
	pkf, err1 := pk.AsFelt()
	msgf, err2 := msg.AsFelt()
	if err1 != nil || err2 != nil {
		return fmt.Errorf("%w: ecdsa: instance at %d holds a pointer", ErrBuiltin, inst)
	}
	sig, ok := b.sigs[inst]
	if !ok {
		return fmt.Errorf("%w: ecdsa: no signature registered for the instance at %s", ErrBuiltin, Relocatable{a.Segment, inst})
	}
	if !crypto.VerifyBuiltin(pkf, msgf, sig[0], sig[1]) {
		return fmt.Errorf("%w: ecdsa: invalid signature (r %s, s %s) on message %s for key %s", ErrBuiltin, sig[0].Hex(), sig[1].Hex(), msgf.Hex(), pkf.Hex())
	}
	return nil
}

// AddSignature registers the signature (r, s) for the ecdsa instance at addr
// (the hint `ecdsa_builtin.add_signature`).
func (b *BuiltinRunner) AddSignature(addr Relocatable, r, s felt.Felt) error {
	if b.sigs == nil || addr.Segment != b.Base.Segment || addr.Offset < 0 || addr.Offset%2 != 0 {
		return fmt.Errorf("%w: signature address %s is not an ecdsa instance", ErrBuiltin, addr)
	}
	b.sigs[addr.Offset] = [2]felt.Felt{r, s}
	return nil
}

// deduce implements segmentRule: output cells are computed from inputs.
func (b *BuiltinRunner) deduce(m *Memory, a Relocatable) (Value, error) {
	if b.compute == nil {
		return Value{}, nil
	}
	idx := a.Offset % b.CellsPerInstance
	if idx < b.InputCells {
		return Value{}, nil
	}
	inst := a.Offset - idx
	if inst == b.lastOff {
		return FeltValue(b.lastOut[idx-b.InputCells]), nil
	}
	if b.inputBuf == nil {
		b.inputBuf = make([]felt.Felt, b.InputCells)
	}
	for i := range b.inputBuf {
		v, ok := m.Get(Relocatable{a.Segment, inst + i})
		if !ok {
			return Value{}, nil
		}
		f, err := v.AsFelt()
		if err != nil {
			return Value{}, fmt.Errorf("%w: %s input %d: %v", ErrBuiltin, b.Name, i, err)
		}
		b.inputBuf[i] = f
	}
	out := make([]felt.Felt, b.CellsPerInstance-b.InputCells)
	if err := b.compute(b.inputBuf, out); err != nil {
		return Value{}, err
	}
	b.lastOff, b.lastOut = inst, out
	return FeltValue(out[idx-b.InputCells]), nil
}

// UsedCells returns the number of cells used in the builtin's segment.
func (b *BuiltinRunner) UsedCells(m *Memory) int { return m.SegmentUsedSize(b.Base.Segment) }

// UsedInstances returns the number of (possibly partial) instances used.
func (b *BuiltinRunner) UsedInstances(m *Memory) int {
	return (b.UsedCells(m) + b.CellsPerInstance - 1) / b.CellsPerInstance
}

// AllocatedCells returns the number of cells the layout allocates for the
// builtin after steps steps (cairo-lang get_allocated_memory_units). Output
// (ratio 0) allocates exactly what is used.
func (b *BuiltinRunner) AllocatedCells(m *Memory, steps uint64) (int, error) {
	if b.Ratio == 0 {
		return b.UsedCells(m), nil
	}
	minSteps := uint64(b.Ratio * b.InstancesPerComponent)
	if steps < minSteps {
		return 0, fmt.Errorf("%w: %s needs at least %d steps, have %d", errInsufficient, b.Name, minSteps, steps)
	}
	instances := int(steps / uint64(b.Ratio))
	return b.CellsPerInstance * instances, nil
}
