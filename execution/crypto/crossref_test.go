package crypto

import (
	"encoding/hex"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/internal/jsref"
)

// Cross-checks against @scure/starknet 2.4.0 (the library starknet.js uses)
// on seeded random inputs, one node invocation per primitive.

const crossN = 100

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// randFelt returns a uniformly random felt below 2^bits (bits ≤ 252 gives
// the whole field when reduced mod p).
func randFelt(r *rand.Rand, bits uint) felt.Felt {
	var b [32]byte
	for i := 0; i < 32; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	n := new(big.Int).SetBytes(b[:])
	n.Rsh(n, 256-bits)
	return felt.FromBigInt(n)
}

func hexes(fs []felt.Felt) []string {
	out := make([]string, len(fs))
	for i := range fs {
		out[i] = fs[i].Hex()
	}
	return out
}

func requireHexEqual(t *testing.T, want string, got felt.Felt, msgAndArgs ...any) {
	t.Helper()
	w := h(t, want)
	require.True(t, w.Equal(&got), append([]any{"want %s got %s", want, got.Hex()}, msgAndArgs...)...)
}

func TestCrossPedersen(t *testing.T) {
	r := newRand(1)
	type pair struct{ A, B string }
	in := make([]pair, crossN)
	ours := make([]felt.Felt, crossN)
	for i := range in {
		a, b := randFelt(r, 252), randFelt(r, 252)
		if i == 0 {
			a, b = felt.Zero, felt.Zero
		}
		in[i] = pair{a.Hex(), b.Hex()}
		ours[i] = Pedersen(&a, &b)
	}
	var out []string
	jsref.MustRun(t, jsref.ReadStdin+`
import { pedersen } from '@scure/starknet';
console.log(JSON.stringify(input.map(p => pedersen(BigInt(p.A), BigInt(p.B)))));
`, in, &out)
	require.Len(t, out, crossN)
	for i := range out {
		requireHexEqual(t, out[i], ours[i], "pedersen(%s, %s)", in[i].A, in[i].B)
	}
}

func TestCrossPedersenArray(t *testing.T) {
	r := newRand(2)
	in := make([][]string, crossN)
	ours := make([]felt.Felt, crossN)
	for i := range in {
		xs := make([]felt.Felt, r.IntN(8))
		for j := range xs {
			xs[j] = randFelt(r, 252)
		}
		in[i] = hexes(xs)
		ours[i] = PedersenArray(xs...)
	}
	var out []string
	jsref.MustRun(t, jsref.ReadStdin+`
import { hash } from 'starknet';
console.log(JSON.stringify(input.map(xs => hash.computeHashOnElements(xs))));
`, in, &out)
	require.Len(t, out, crossN)
	for i := range out {
		requireHexEqual(t, out[i], ours[i], "computeHashOnElements(%v)", in[i])
	}
}

func TestCrossPoseidon(t *testing.T) {
	r := newRand(3)
	type item struct {
		Perm   [3]string
		A, B   string
		Single string
		Many   []string
	}
	type result struct {
		Perm   [3]string
		Hash   string
		Single string
		Many   string
	}
	in := make([]item, crossN)
	ours := make([]result, crossN)
	for i := range in {
		st := [3]felt.Felt{randFelt(r, 252), randFelt(r, 252), randFelt(r, 252)}
		a, b, x := randFelt(r, 252), randFelt(r, 252), randFelt(r, 252)
		xs := make([]felt.Felt, r.IntN(12))
		for j := range xs {
			xs[j] = randFelt(r, 252)
		}
		in[i] = item{[3]string{st[0].Hex(), st[1].Hex(), st[2].Hex()}, a.Hex(), b.Hex(), x.Hex(), hexes(xs)}
		PoseidonPermute(&st)
		ours[i] = result{[3]string{st[0].Hex(), st[1].Hex(), st[2].Hex()},
			Poseidon(&a, &b).String(), PoseidonSingle(&x).String(), PoseidonMany(xs...).String()}
	}
	var out []result
	jsref.MustRun(t, jsref.ReadStdin+`
import { poseidonSmall, poseidonHash, poseidonHashSingle, poseidonHashMany } from '@scure/starknet';
const hx = (v) => '0x' + v.toString(16);
console.log(JSON.stringify(input.map(it => ({
  Perm: poseidonSmall(it.Perm.map(BigInt)).map(hx),
  Hash: hx(poseidonHash(BigInt(it.A), BigInt(it.B))),
  Single: hx(poseidonHashSingle(BigInt(it.Single))),
  Many: hx(poseidonHashMany(it.Many.map(BigInt))),
}))));
`, in, &out)
	require.Equal(t, ours, out)
}

func TestCrossStarknetKeccak(t *testing.T) {
	r := newRand(4)
	in := make([]string, crossN)
	ours := make([]felt.Felt, crossN)
	for i := range in {
		b := make([]byte, r.IntN(300))
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		in[i] = hex.EncodeToString(b)
		ours[i] = StarknetKeccak(b)
	}
	var out []string
	jsref.MustRun(t, jsref.ReadStdin+`
import { keccak } from '@scure/starknet';
console.log(JSON.stringify(input.map(h => '0x' + keccak(Buffer.from(h, 'hex')).toString(16))));
`, in, &out)
	require.Len(t, out, crossN)
	for i := range out {
		requireHexEqual(t, out[i], ours[i], "keccak(%s)", in[i])
	}
}

// randKey returns a random valid private key.
func randKey(_ testing.TB, r *rand.Rand) PrivateKey {
	for {
		k, err := PrivateKeyFromFelt(randFelt(r, 252))
		if err == nil {
			return k
		}
	}
}

func TestCrossGetPublicKey(t *testing.T) {
	r := newRand(5)
	in := make([]string, crossN)
	ours := make([]felt.Felt, crossN)
	for i := range in {
		k := randKey(t, r)
		kf := k.Felt()
		in[i] = kf.Hex()
		ours[i] = GetPublicKey(k)
	}
	var out []string
	jsref.MustRun(t, jsref.ReadStdin+`
import { getStarkKey } from '@scure/starknet';
console.log(JSON.stringify(input.map(k => getStarkKey(k))));
`, in, &out)
	require.Len(t, out, crossN)
	for i := range out {
		requireHexEqual(t, out[i], ours[i], "getStarkKey(%s)", in[i])
	}
}

func TestCrossSign(t *testing.T) {
	r := newRand(6)
	type item struct{ Key, Msg string }
	type sig struct{ R, S string }
	in := make([]item, crossN)
	ours := make([]sig, crossN)
	for i := range in {
		k := randKey(t, r)
		// Mix message sizes: full 251-bit, 63/62/61-hex-digit, short.
		m := randFelt(r, []uint{251, 248, 244, 240, 64, 8}[i%6])
		rr, ss, err := Sign(k, m)
		require.NoError(t, err)
		kf := k.Felt()
		in[i] = item{kf.Hex(), m.Hex()}
		ours[i] = sig{rr.Hex(), ss.Hex()}
	}
	var out []sig
	jsref.MustRun(t, jsref.ReadStdin+`
import { sign } from '@scure/starknet';
const hx = (v) => '0x' + v.toString(16);
console.log(JSON.stringify(input.map(it => {
  const s = sign(it.Msg, it.Key);
  return { R: hx(s.r), S: hx(s.s) };
})));
`, in, &out)
	require.Equal(t, ours, out)
}

func TestCrossVerify(t *testing.T) {
	r := newRand(7)
	type item struct{ Pub, Msg, R, S string }
	in := make([]item, crossN)
	ours := make([]bool, crossN)
	valid := 0
	for i := range in {
		k := randKey(t, r)
		pub := GetPublicKey(k)
		m := randFelt(r, 251)
		rr, ss, err := Sign(k, m)
		require.NoError(t, err)
		switch i % 5 {
		case 1: // other message
			m.Add(&m, &felt.One)
		case 2: // random s
			ss = randFelt(r, 252)
		case 3: // random public key (often not on the curve)
			pub = randFelt(r, 252)
		case 4: // (r, n - s): valid for the same x coordinate
			sb := ss.BigInt()
			ss = felt.FromBigInt(sb.Sub(curveOrder, sb))
		}
		in[i] = item{pub.Hex(), m.Hex(), rr.Hex(), ss.Hex()}
		ours[i] = Verify(pub, m, rr, ss)
		if ours[i] {
			valid++
		}
	}
	require.Greater(t, valid, crossN/4, "the sample must contain valid signatures")
	require.Less(t, valid, crossN, "the sample must contain invalid signatures")
	var out []bool
	jsref.MustRun(t, jsref.ReadStdin+`
import { verify, Signature } from '@scure/starknet';
const pad = (h) => h.slice(2).padStart(64, '0');
console.log(JSON.stringify(input.map(it => {
  const sig = new Signature(BigInt(it.R), BigInt(it.S));
  // Starknet keys are x coordinates: accept either y (compressed 02/03 prefix).
  return ['02', '03'].some(p => {
    try { return verify(sig, it.Msg, p + pad(it.Pub)); } catch { return false; }
  });
})));
`, in, &out)
	require.Equal(t, ours, out)
}
