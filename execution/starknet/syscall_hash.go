package starknet

import (
	"fmt"
	"math/big"
	"math/bits"

	"github.com/cairnchain/cairn/execution/cairo"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// keccakRateWords is Keccak-256's rate in 64-bit words (136 bytes).
const keccakRateWords = 17

// Revert reasons of the hash syscalls (Starknet's short strings).
var (
	errInvalidInputLength = ShortString("Invalid input length")
	errOutOfGas           = ShortString("Out of gas")
	errInvalidArgument    = ShortString("Invalid argument")
)

// keccakWords hashes input, 64-bit words already padded by the caller to a
// multiple of 17, as the Keccak syscall does: each 17-word block is
// absorbed into the state (word i into lane i, so bytes are read little
// endian) and permuted with keccak-f[1600]. The result is the u256 of the
// first four lanes, little endian, as (low, high) 128-bit halves.
func keccakWords(input []uint64) (low, high felt.Felt) {
	var st [25]uint64
	for off := 0; off+keccakRateWords <= len(input); off += keccakRateWords {
		for i := 0; i < keccakRateWords; i++ {
			st[i] ^= input[off+i]
		}
		crypto.KeccakF1600(&st)
	}
	return u128Felt(st[0], st[1]), u128Felt(st[2], st[3])
}

// u128Felt returns lo + hi·2^64.
func u128Felt(lo, hi uint64) felt.Felt {
	v := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
	return felt.FromBigInt(v.Or(v, new(big.Int).SetUint64(lo)))
}

// keccak runs the Keccak syscall (request: input span of u64 words;
// response: low, high). It charges KeccakRoundGas per block from *gas.
func (h vmSyscalls) keccak(r *sysReq, gas *uint64) ([]cairo.Value, []felt.Felt, error) {
	in := r.span()
	if r.err != nil {
		return nil, nil, nil
	}
	s := &SyscallTrace{Name: "Keccak", Input: in}
	h.f.record(s)
	if len(in)%keccakRateWords != 0 {
		s.Failed, s.Output = true, []felt.Felt{errInvalidInputLength}
		return nil, s.Output, nil
	}
	rounds := uint64(len(in) / keccakRateWords)
	if err := h.charge(gas, rounds, h.f.x.bc.Constants.KeccakRoundGas); err != nil {
		s.Failed, s.Output = true, []felt.Felt{errOutOfGas}
		return nil, s.Output, nil
	}
	words := make([]uint64, len(in))
	for i := range in {
		if !in[i].IsUint64() {
			return nil, nil, fmt.Errorf("keccak input word %d (%s) exceeds u64", i, in[i].Hex())
		}
		words[i] = in[i].Uint64()
	}
	lo, hi := keccakWords(words)
	s.Output = []felt.Felt{lo, hi}
	return felts(lo, hi), nil, nil
}

// charge takes n·unit gas from *gas for a syscall's variable work.
func (h vmSyscalls) charge(gas *uint64, n, unit uint64) error {
	hi, cost := bits.Mul64(n, unit)
	if hi != 0 || cost > *gas {
		return fmt.Errorf("syscall needs %d×%d gas, %d left", n, unit, *gas)
	}
	*gas -= cost
	h.f.x.syscallGas += cost
	return nil
}

// sha256ProcessBlock runs the Sha256ProcessBlock syscall (request:
// state_ptr to 8 u32 words, input_start to 16 u32 words; response: a
// pointer to the 8 words of the new state in a new segment).
func (h vmSyscalls) sha256ProcessBlock(r *sysReq) ([]cairo.Value, []felt.Felt, error) {
	statePtr, err1 := r.vm.Mem.ReadRel(r.at(r.n))
	inPtr, err2 := r.vm.Mem.ReadRel(r.at(r.n + 1))
	r.n += 2
	if r.err != nil {
		return nil, nil, nil
	}
	if err1 != nil || err2 != nil {
		return nil, []felt.Felt{errInvalidArgument}, nil
	}
	stateF, err := r.vm.Mem.ReadFelts(statePtr, 8)
	if err != nil {
		return nil, nil, fmt.Errorf("sha256 state at %s: %w", statePtr, err)
	}
	blockF, err := r.vm.Mem.ReadFelts(inPtr, 16)
	if err != nil {
		return nil, nil, fmt.Errorf("sha256 block at %s: %w", inPtr, err)
	}
	var state [8]uint32
	var block [16]uint32
	for i, f := range append(stateF, blockF...) {
		if !f.IsUint64() || f.Uint64() > 0xffffffff {
			return nil, nil, fmt.Errorf("sha256 word %d (%s) exceeds u32", i, f.Hex())
		}
		if i < 8 {
			state[i] = uint32(f.Uint64())
		} else {
			block[i-8] = uint32(f.Uint64())
		}
	}
	sha256Compress(&state, &block)
	out := make([]felt.Felt, 8)
	for i := range state {
		out[i] = felt.FromUint64(uint64(state[i]))
	}
	h.f.record(&SyscallTrace{Name: "Sha256ProcessBlock", Input: append(stateF, blockF...), Output: out})
	seg := r.vm.Mem.AddSegment()
	if _, err := r.vm.Mem.WriteFelts(seg, out); err != nil {
		return nil, nil, err
	}
	return []cairo.Value{cairo.RelValue(seg)}, nil, nil
}
