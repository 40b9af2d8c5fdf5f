package cairo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fr"
)

// MemorySegment is a segment's span in the AIR public input.
type MemorySegment struct {
	Name      string `json:"-"`
	BeginAddr uint64 `json:"begin_addr"`
	StopPtr   uint64 `json:"stop_ptr"`
}

// MemorySegments marshals as a JSON object keeping cairo-lang's key order
// (program, execution, then the builtins).
type MemorySegments []MemorySegment

// MarshalJSON writes the segments as an ordered object.
func (ms MemorySegments) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, s := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(s.Name)
		fmt.Fprintf(&b, `%s:{"begin_addr":%d,"stop_ptr":%d}`, name, s.BeginAddr, s.StopPtr)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// PublicMemoryEntry is one public memory cell.
type PublicMemoryEntry struct {
	Address uint64 `json:"address"`
	Value   string `json:"value"`
	Page    int    `json:"page"`
}

// AirPublicInput is the JSON cairo-run writes with --air_public_input.
type AirPublicInput struct {
	Layout         string              `json:"layout"`
	RCMin          int                 `json:"rc_min"`
	RCMax          int                 `json:"rc_max"`
	NSteps         int                 `json:"n_steps"`
	MemorySegments MemorySegments      `json:"memory_segments"`
	PublicMemory   []PublicMemoryEntry `json:"public_memory"`
	DynamicParams  map[string]int      `json:"dynamic_params"`
}

// AirPublicInput builds the public input of a proof-mode run from its relocation.
func (r *Runner) AirPublicInput(rl *Relocated) (*AirPublicInput, error) {
	if !r.cfg.ProofMode {
		return nil, fmt.Errorf("%w: the AIR public input needs a proof-mode run", ErrLayout)
	}
	rcMin, rcMax, err := r.RangeCheckLimits()
	if err != nil {
		return nil, err
	}
	bases := rl.SegmentBases
	addr := func(a Relocatable) uint64 { v, _ := relocAddr(bases, a); return v }
	pi := &AirPublicInput{Layout: r.Layout.Name, RCMin: rcMin, RCMax: rcMax, NSteps: len(rl.Trace)}
	pi.MemorySegments = append(pi.MemorySegments,
		MemorySegment{Name: "program", BeginAddr: addr(r.ProgramBase), StopPtr: addr(r.FinalPC)},
		MemorySegment{Name: "execution", BeginAddr: addr(r.ExecutionBase), StopPtr: addr(r.VM.AP)})
	for _, b := range r.Builtins {
		pi.MemorySegments = append(pi.MemorySegments, MemorySegment{Name: b.Name, BeginAddr: addr(b.Base), StopPtr: addr(b.StopPtr)})
	}
	add := func(a uint64) error {
		if a >= uint64(len(rl.Present)) || !rl.Present[a] {
			return fmt.Errorf("%w: public memory address %d is not set", ErrUnknownMemory, a)
		}
		pi.PublicMemory = append(pi.PublicMemory, PublicMemoryEntry{Address: a, Value: rl.Memory[a].Hex(), Page: 0})
		return nil
	}
	for i := range r.Program.Data {
		if err := add(bases[r.ProgramBase.Segment] + uint64(i)); err != nil {
			return nil, err
		}
	}
	for _, off := range r.execPublic {
		if err := add(bases[r.ExecutionBase.Segment] + uint64(off)); err != nil {
			return nil, err
		}
	}
	if b := r.Builtin("output"); b != nil {
		for i := 0; i < b.UsedCells(r.VM.Mem); i++ {
			if err := add(bases[b.Base.Segment] + uint64(i)); err != nil {
				return nil, err
			}
		}
	}
	return pi, nil
}

// PrivateInput is the JSON cairo-run writes with --air_private_input: the
// trace and memory file paths and each builtin's instance inputs.
type PrivateInput map[string]any

// AirPrivateInput lists the builtins' inputs by instance, as cairo-run does.
func (r *Runner) AirPrivateInput(tracePath, memoryPath string) (PrivateInput, error) {
	out := PrivateInput{"trace_path": tracePath, "memory_path": memoryPath}
	mem := r.VM.Mem
	for _, b := range r.Builtins {
		if b.Name == "output" {
			continue
		}
		var list []map[string]any
		n := b.UsedInstances(mem)
		for i := 0; i < n; i++ {
			base := Relocatable{b.Base.Segment, i * b.CellsPerInstance}
			in := make([]string, b.InputCells)
			complete := true
			for j := range in {
				v, ok := mem.Get(Relocatable{base.Segment, base.Offset + j})
				if !ok {
					complete = false
					break
				}
				in[j] = v.String()
			}
			if !complete {
				continue
			}
			e := map[string]any{"index": i}
			switch b.Name {
			case "pedersen":
				e["x"], e["y"] = in[0], in[1]
			case "range_check", "range_check96":
				e["value"] = in[0]
			case "bitwise":
				e["x"], e["y"] = in[0], in[1]
			case "ec_op":
				e["p_x"], e["p_y"], e["q_x"], e["q_y"], e["m"] = in[0], in[1], in[2], in[3], in[4]
			case "poseidon":
				e["input_s0"], e["input_s1"], e["input_s2"] = in[0], in[1], in[2]
			case "ecdsa":
				sig, ok := b.sigs[base.Offset]
				if !ok {
					continue
				}
				w := new(big.Int).ModInverse(sig[1].BigInt(), fr.Modulus())
				if w == nil {
					continue
				}
				e["pubkey"], e["msg"] = in[0], in[1]
				e["signature_input"] = map[string]string{"r": sig[0].Hex(), "w": "0x" + w.Text(16)}
			case "keccak":
				for j := range in {
					e[fmt.Sprintf("input_s%d", j)] = in[j]
				}
			}
			list = append(list, e)
		}
		out[b.Name] = list
	}
	return out, nil
}
