package starknet

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/execution/cairo/asm"
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// hashContract calls the hash syscalls from CASM:
// keccak(words…) -> (low, high) passes its calldata as the Keccak input;
// sha256(state[8], block[16]) -> state'[8] runs Sha256ProcessBlock.
// A failing syscall's revert data becomes the entry point's panic data.
const hashContract = `
const KC = 0
const SHA = 0
%entrypoint external keccak
    [ap + 0] = KC, ap++
    [ap + -1] = [[fp + -5] + 0]
    [fp + -6] = [[fp + -5] + 1]
    [fp + -4] = [[fp + -5] + 2]
    [fp + -3] = [[fp + -5] + 3]
    %{ SystemCall { system: [fp + -5] } %}
    [ap + 0] = [[fp + -5] + 5], ap++
    jmp kfail if [ap + -1] != 0
    [ap + 0] = [[fp + -5] + 4], ap++
    [ap + 0] = [fp + -5] + 8, ap++
    [ap + 0] = 0, ap++
    [ap + 0] = [fp + -5] + 6, ap++
    [ap + 0] = [fp + -5] + 8, ap++
    ret
kfail:
    [ap + 0] = [[fp + -5] + 4], ap++
    [ap + 0] = [fp + -5] + 8, ap++
    [ap + 0] = 1, ap++
    [ap + 0] = [[fp + -5] + 6], ap++
    [ap + 0] = [[fp + -5] + 7], ap++
    ret
%entrypoint external sha256
    [ap + 0] = SHA, ap++
    [ap + -1] = [[fp + -5] + 0]
    [fp + -6] = [[fp + -5] + 1]
    [fp + -4] = [[fp + -5] + 2]
    [ap + 0] = [fp + -4] + 8, ap++
    [ap + -1] = [[fp + -5] + 3]
    %{ SystemCall { system: [fp + -5] } %}
    [ap + 0] = [[fp + -5] + 4], ap++
    [ap + 0] = [fp + -5] + 7, ap++
    [ap + 0] = 0, ap++
    [ap + 0] = [[fp + -5] + 6], ap++
    [ap + 0] = [ap + -1] + 8, ap++
    ret
`

func hashClass(t *testing.T) *Class {
	t.Helper()
	u, err := asm.Assemble([]byte(hashContract), "hash.cairo-asm",
		asm.WithConst("KC", sysKeccak.BigInt()), asm.WithConst("SHA", sysSha256ProcessBlock.BigInt()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := u.ClassJSON()
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCASM(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// keccakPad pads msg with Keccak's legacy padding (0x01 … 0x80) to whole
// 136-byte blocks and returns it as little-endian 64-bit words.
func keccakPad(msg []byte) []felt.Felt {
	p := append(append([]byte(nil), msg...), 0x01)
	for len(p)%136 != 0 {
		p = append(p, 0)
	}
	p[len(p)-1] |= 0x80
	out := make([]felt.Felt, len(p)/8)
	for i := range out {
		out[i] = felt.FromUint64(binary.LittleEndian.Uint64(p[8*i:]))
	}
	return out
}

// u256LE returns low + high·2^128 as 32 little-endian bytes.
func u256LE(low, high felt.Felt) []byte {
	v := new(big.Int).Lsh(high.BigInt(), 128)
	v.Add(v, low.BigInt())
	be := v.FillBytes(make([]byte, 32))
	for i, j := 0, 31; i < j; i, j = i+1, j-1 {
		be[i], be[j] = be[j], be[i]
	}
	return be
}

func hashFixture(t *testing.T) (*Executor, *MemState, BlockContext, felt.Address) {
	t.Helper()
	ex, err := NewExecutor(DefaultConfig(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	c := hashClass(t)
	st := NewMemState()
	addr := f(0x4343)
	must(t, st.DeclareClass(c.Hash(), c.CompiledClassHash(), c))
	must(t, st.SetClassHashAt(addr, c.Hash()))
	return ex, st, BlockContext{ChainID: ShortString("CAIRN_TEST"), Constants: DefaultVersionedConstants()}, addr
}

// TestKeccakSyscall runs the Keccak syscall from CASM on random messages
// and compares the u256 result with Keccak256 of the bytes computed by
// golang.org/x/crypto/sha3 (crypto.Keccak256), an implementation
// independent of crypto.KeccakF1600.
func TestKeccakSyscall(t *testing.T) {
	ex, st, bc, addr := hashFixture(t)
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 135, 136, 200, 272, 500} {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(r.UintN(256))
		}
		words := keccakPad(msg)
		x := ex.newTx(st, &bc, nil)
		x.maxSteps = bc.Constants.MaxExecuteSteps
		ret, err := x.call(felt.Zero, addr, felt.Zero, callTypeCall, EntryPointExternal, crypto.Selector("keccak"), words, 0)
		if err != nil {
			t.Fatalf("len %d: %v", n, err)
		}
		if len(ret) != 2 {
			t.Fatalf("len %d: %d return values", n, len(ret))
		}
		if got, want := u256LE(ret[0], ret[1]), crypto.Keccak256(msg); string(got) != string(want[:]) {
			t.Fatalf("len %d: syscall %x, x/crypto %x", n, got, want)
		}
		c := &bc.Constants
		rounds := uint64(len(words) / keccakRateWords)
		if want := c.SyscallBaseGas + c.KeccakGas + rounds*c.KeccakRoundGas; x.syscallGas != want {
			t.Fatalf("len %d: syscall gas %d, want %d", n, x.syscallGas, want)
		}
	}
}

func TestKeccakSyscallErrors(t *testing.T) {
	ex, st, bc, addr := hashFixture(t)
	words := keccakPad([]byte("abc"))
	for _, tc := range []struct {
		name  string
		input []felt.Felt
		steps uint64 // max steps, to shrink the call's gas budget
		want  string
	}{
		{"not a multiple of 17", words[:16], 0, "Invalid input length"},
		{"word above u64", append(append([]felt.Felt{}, words[:16]...), ShortString("123456789")), 0, "exceeds u64"},
		{"out of gas", words, 1000, "Out of gas"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bc := bc
			if tc.steps != 0 {
				bc.Constants.MaxExecuteSteps = tc.steps
			}
			_, err := ex.Call(st, bc, addr, crypto.Selector("keccak"), tc.input)
			var ce *ContractError
			if !errors.As(err, &ce) || !strings.Contains(ce.RevertReason, tc.want) {
				t.Fatalf("got %v, want a contract error with %q", err, tc.want)
			}
		})
	}
}

// sha256Blocks pads msg as SHA-256 does and returns its 64-byte blocks as
// big-endian 32-bit words.
func sha256Blocks(msg []byte) [][16]uint32 {
	p := append(append([]byte(nil), msg...), 0x80)
	for len(p)%64 != 56 {
		p = append(p, 0)
	}
	p = binary.BigEndian.AppendUint64(p, uint64(len(msg))*8)
	out := make([][16]uint32, len(p)/64)
	for b := range out {
		for i := range out[b] {
			out[b][i] = binary.BigEndian.Uint32(p[64*b+4*i:])
		}
	}
	return out
}

var sha256IV = [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}

func sha256Digest(h [8]uint32) [32]byte {
	var d [32]byte
	for i, w := range h {
		binary.BigEndian.PutUint32(d[4*i:], w)
	}
	return d
}

func TestSha256Compress(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 3, 55, 56, 63, 64, 119, 200, 1000} {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(r.UintN(256))
		}
		h := sha256IV
		for _, b := range sha256Blocks(msg) {
			sha256Compress(&h, &b)
		}
		if got, want := sha256Digest(h), sha256.Sum256(msg); got != want {
			t.Fatalf("len %d: %x, want %x", n, got, want)
		}
	}
}

// TestSha256ProcessBlockSyscall hashes messages block by block through the
// syscall from CASM and compares the digest with crypto/sha256.
func TestSha256ProcessBlockSyscall(t *testing.T) {
	ex, st, bc, addr := hashFixture(t)
	for _, msg := range []string{"", "abc", strings.Repeat("cairn", 30)} {
		h := sha256IV
		for _, b := range sha256Blocks([]byte(msg)) {
			cd := make([]felt.Felt, 0, 24)
			for _, w := range h {
				cd = append(cd, felt.FromUint64(uint64(w)))
			}
			for _, w := range b {
				cd = append(cd, felt.FromUint64(uint64(w)))
			}
			ret, err := ex.Call(st, bc, addr, crypto.Selector("sha256"), cd)
			if err != nil || len(ret) != 8 {
				t.Fatalf("%q: %v %v", msg, ret, err)
			}
			for i := range h {
				h[i] = uint32(ret[i].Uint64())
			}
		}
		if got, want := sha256Digest(h), sha256.Sum256([]byte(msg)); got != want {
			t.Fatalf("%q: %x, want %x", msg, got, want)
		}
	}
	// A word above u32 fails the call.
	cd := make([]felt.Felt, 24)
	cd[3] = felt.FromUint64(1 << 32)
	if _, err := ex.Call(st, bc, addr, crypto.Selector("sha256"), cd); err == nil || !strings.Contains(err.Error(), "exceeds u32") {
		t.Fatalf("word above u32: %v", err)
	}
}
