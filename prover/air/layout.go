package air

import "fmt"

// Layout names an AIR column layout and the builtins it proves.
type Layout struct {
	// Name is the layout's name in the public input.
	Name string
	// RangeCheckRatio is cairo-lang's number of steps per range_check
	// builtin instance (a power of two); 0 means the layout has no
	// range_check builtin.
	RangeCheckRatio int
	// BitwiseRatio is cairo-lang's number of steps per bitwise instance (a
	// power of two ≤ 64); 0 means no bitwise builtin.
	BitwiseRatio int
	// PoseidonRatio is cairo-lang's number of steps per poseidon instance (a
	// power of two); 0 means no poseidon builtin.
	PoseidonRatio int
	// ECOpRatio is cairo-lang's number of steps per ec_op instance (a power
	// of two); 0 means no ec_op builtin.
	ECOpRatio int
	// PedersenRatio is cairo-lang's number of steps per pedersen instance;
	// 0 means no pedersen builtin. The component gives every instance
	// rowsPerInstance(PedersenRatio, 512) = 512 rows.
	PedersenRatio int
	// ECDSARatio is cairo-lang's number of steps per ecdsa (signature)
	// instance; 0 means no ecdsa builtin. The component, built only for a
	// non-empty segment, gives every instance rowsPerInstance(ECDSARatio,
	// 512) rows.
	ECDSARatio int
}

// rowsPerInstance(ratio, min) is the number of trace rows a builtin
// component gives each instance: the layout's ratio, or the component's
// minimum when the ratio is smaller (ec_op and pedersen need 512 rows,
// poseidon 128, range_check and bitwise 8). Both are powers of two, so the
// result is one too and divides the trace length. The component's capacity
// in a trace of n rows is n / rowsPerInstance(ratio, min) instances: at most
// the n / ratio the VM allocates in proof mode, so the component's instances
// stay inside the segment's allocation for the VM's step count; when the
// ratio is smaller than the minimum a busy segment can exceed the capacity,
// and BuildTrace then grows the trace.
func rowsPerInstance(ratio, min int) int { return max(ratio, min) }

// layouts are cairo-lang's layouts of the same names restricted to the
// builtins this AIR proves, with cairo-lang's ratios so that the VM's
// proof-mode allocation and the AIR's capacity agree. The other builtins of
// those layouts (keccak) are accepted only with empty segments.
var layouts = []Layout{
	{Name: "plain"},
	{Name: "small", RangeCheckRatio: 8, PedersenRatio: 8, ECDSARatio: 512},
	{Name: "recursive", RangeCheckRatio: 8, BitwiseRatio: 8, PedersenRatio: 128},
	{Name: "recursive_large_output", RangeCheckRatio: 8, BitwiseRatio: 8, PedersenRatio: 32},
	{Name: "all_cairo", RangeCheckRatio: 8, BitwiseRatio: 16, PoseidonRatio: 256, ECOpRatio: 1024, PedersenRatio: 256, ECDSARatio: 2048},
	{Name: "starknet", RangeCheckRatio: 16, BitwiseRatio: 64, PoseidonRatio: 32, ECOpRatio: 1024, PedersenRatio: 32, ECDSARatio: 2048},
}

// Layouts returns the supported layouts.
func Layouts() []Layout { return append([]Layout(nil), layouts...) }

// LayoutByName returns the named layout or ErrUnsupportedLayout.
func LayoutByName(name string) (Layout, error) {
	for _, l := range layouts {
		if l.Name == name {
			return l, nil
		}
	}
	return Layout{}, fmt.Errorf("%w: %q", ErrUnsupportedLayout, name)
}

// hasSegment reports whether this layout proves a memory segment of that
// name (other builtin segments are accepted only empty). Output needs no AIR
// of its own: its cells are public memory.
func (l Layout) hasSegment(name string) bool {
	switch name {
	case SegProgram, SegExecution, SegOutput:
		return true
	case SegRangeCheck:
		return l.RangeCheckRatio > 0
	case SegBitwise:
		return l.BitwiseRatio > 0
	case SegPoseidon:
		return l.PoseidonRatio > 0
	case SegECOp:
		return l.ECOpRatio > 0
	case SegPedersen:
		return l.PedersenRatio > 0
	case SegECDSA:
		return l.ECDSARatio > 0
	}
	return false
}
