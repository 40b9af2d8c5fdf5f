package air

import (
	"slices"

	"fmt"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// ProgramData returns the program's bytecode as the public memory holds it:
// the cells from the program segment's start up to the execution segment
// (proof mode relocates the whole program there).
func (pi *PublicInput) ProgramData() ([]felt.Felt, error) {
	prog := pi.MemorySegments[SegProgram]
	exec := pi.MemorySegments[SegExecution]
	if exec.BeginAddr < prog.BeginAddr {
		return nil, fmt.Errorf("%w: execution segment before the program", ErrBadPublicInput)
	}
	byAddr := make(map[uint64]felt.Felt, len(pi.PublicMemory))
	for _, e := range pi.PublicMemory {
		byAddr[e.Address] = e.Value
	}
	out := make([]felt.Felt, 0, exec.BeginAddr-prog.BeginAddr)
	for a := prog.BeginAddr; a < exec.BeginAddr; a++ {
		v, ok := byAddr[a]
		if !ok {
			return nil, fmt.Errorf("%w: program cell %d is not public", ErrBadPublicInput, a)
		}
		out = append(out, v)
	}
	return out, nil
}

// ProgramHash is cairo-lang's compute_program_hash_chain: the Pedersen hash
// chain H(len, H(d0, H(d1, … H(d_{n−2}, d_{n−1})))) over the program data.
func (pi *PublicInput) ProgramHash() (felt.Felt, error) {
	data, err := pi.ProgramData()
	if err != nil {
		return felt.Felt{}, err
	}
	chain := append([]felt.Felt{felt.FromUint64(uint64(len(data)))}, data...)
	acc := chain[len(chain)-1]
	for i := len(chain) - 2; i >= 0; i-- {
		acc = crypto.Pedersen(&chain[i], &acc)
	}
	return acc, nil
}

// Outputs returns the output segment's cells ([begin, stop_ptr) of the
// "output" segment); nil when the layout has no output.
func (pi *PublicInput) Outputs() ([]felt.Felt, error) {
	s, ok := pi.MemorySegments[SegOutput]
	if !ok {
		return nil, nil
	}
	out, ok := pi.SegmentValues(SegOutput)
	if !ok {
		return nil, fmt.Errorf("%w: output cells [%d, %d) are not all public", ErrBadPublicInput, s.BeginAddr, s.StopPtr)
	}
	return out, nil
}

// CheckProgram fails unless the statement is about this program: its
// bytecode is the program data in public memory and the builtins bound to
// main's stack are exactly the program's builtins (see Builtins).
func (pi *PublicInput) CheckProgram(data []felt.Felt, builtins []string) error {
	got, err := pi.ProgramData()
	if err != nil {
		return err
	}
	if !slices.Equal(got, data) {
		return fmt.Errorf("%w: the proof's program (%d cells) is not this program (%d cells)", ErrBadPublicInput, len(got), len(data))
	}
	bound, err := pi.Builtins()
	if err != nil {
		return err
	}
	if !slices.Equal(bound, builtins) {
		return fmt.Errorf("%w: the proof binds builtins %v, the program declares %v", ErrBadPublicInput, bound, builtins)
	}
	return nil
}

// Summary is what a statement says about the run, for display: the program
// hash, the builtins bound to main's stack and the outputs.
type Summary struct {
	ProgramHash felt.Felt
	Builtins    []string
	Outputs     []felt.Felt
}

// Summary computes the statement's Summary from the public input.
func (pi *PublicInput) Summary() (Summary, error) {
	var s Summary
	var err error
	if s.ProgramHash, err = pi.ProgramHash(); err != nil {
		return Summary{}, err
	}
	if s.Builtins, err = pi.Builtins(); err != nil {
		return Summary{}, err
	}
	if s.Outputs, err = pi.Outputs(); err != nil {
		return Summary{}, err
	}
	return s, nil
}
