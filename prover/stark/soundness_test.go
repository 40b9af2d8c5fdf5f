package stark_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/prover/stark"
	"github.com/cairnchain/cairn/prover/stark/examples/fibonacci"
)

// lyingAIR has the same name, public input and layout as the wrapped AIR but
// claims every constraint holds: a dishonest prover uses it to prove a trace
// that violates the real constraints.
type lyingAIR struct{ stark.AIR }

func (lyingAIR) Eval(_ *stark.Frame, out []fp.Element) { clear(out) }

func TestHonestProverRefusesBadTrace(t *testing.T) {
	tr, res := fibonacci.Trace(64)
	var one fp.Element
	one.SetOne()
	res.Add(&res, &one)
	p, err := stark.NewProver(stark.ProverConfig{Options: testOptions()})
	require.NoError(t, err)
	_, err = p.Prove(context.Background(), fibonacci.New(64, res), tr)
	require.ErrorIs(t, err, stark.ErrTrace)
}

func TestDishonestProofsRejected(t *testing.T) {
	n := 256
	p, err := stark.NewProver(stark.ProverConfig{Options: testOptions()})
	require.NoError(t, err)
	var one fp.Element
	one.SetOne()
	for _, row := range []int{0, 1, 100, n - 1} {
		for col := 0; col < 2; col++ {
			tr, res := fibonacci.Trace(n)
			tr.Columns[col][row].Add(&tr.Columns[col][row], &one)
			honest := fibonacci.New(n, res)
			proof, err := p.Prove(context.Background(), lyingAIR{honest}, tr)
			require.NoError(t, err, "the dishonest prover produces a proof")
			err = stark.VerifyBytes(honest, proof.Marshal(), 90)
			require.ErrorIs(t, err, stark.ErrReject, "cell (%d,%d) changed", col, row)
		}
	}
	// A wrong claimed result with a valid trace.
	tr, res := fibonacci.Trace(n)
	res.Add(&res, &one)
	claimed := fibonacci.New(n, res)
	proof, err := p.Prove(context.Background(), lyingAIR{claimed}, tr)
	require.NoError(t, err)
	require.ErrorIs(t, stark.VerifyBytes(claimed, proof.Marshal(), 90), stark.ErrReject)
}

func TestWrongPublicInput(t *testing.T) {
	air, data := proveFib(t, 128, testOptions())
	var one fp.Element
	one.SetOne()
	other := fibonacci.New(128, air.Result)
	other.Result.Add(&other.Result, &one)
	require.ErrorIs(t, stark.VerifyBytes(other, data, 90), stark.ErrReject)
	require.ErrorIs(t, stark.VerifyBytes(fibonacci.New(256, air.Result), data, 90), stark.ErrReject)
}

func TestSecurityFloor(t *testing.T) {
	o := testOptions()
	o.Queries = 10
	air, data := proveFib(t, 64, o)
	require.ErrorIs(t, stark.VerifyBytes(air, data, stark.DefaultMinSecurity), stark.ErrSecurity)
	require.NoError(t, stark.VerifyBytes(air, data, o.QuerySecurity()))
	d := stark.DefaultOptions()
	require.GreaterOrEqual(t, d.Security(16, 2), 100, "defaults meet 100 bits at 2^16 rows")
	require.GreaterOrEqual(t, d.Security(24, 8), 100, "and at 2^24 rows")
}

func TestTamperedBytes(t *testing.T) {
	air, data := proveFib(t, 256, testOptions())
	require.NoError(t, stark.VerifyBytes(air, data, 90))
	r := rand.New(rand.NewPCG(9, 9))
	hdr, err := stark.ReadHeader(data)
	require.NoError(t, err)
	hdrLen := len(hdr.MarshalHeader())
	positions := make([]int, 0, 400)
	for i := 0; i < hdrLen+64; i++ {
		positions = append(positions, i)
	}
	for range 300 {
		positions = append(positions, r.IntN(len(data)))
	}
	for _, i := range positions {
		bad := append([]byte(nil), data...)
		bad[i] ^= byte(1 << r.IntN(8))
		require.Error(t, stark.VerifyBytes(air, bad, 90), "flipped byte %d of %d", i, len(data))
	}
	for cut := 0; cut < len(data); cut += 1 + len(data)/200 {
		_, err := stark.Unmarshal(data[:cut])
		require.ErrorIs(t, err, stark.ErrFormat, "truncated at %d", cut)
	}
	_, err = stark.Unmarshal(append(append([]byte(nil), data...), 0))
	require.ErrorIs(t, err, stark.ErrFormat, "trailing byte")
}

func TestRoundTrip(t *testing.T) {
	air, data := proveFib(t, 64, testOptions())
	p, err := stark.Unmarshal(data)
	require.NoError(t, err)
	require.Equal(t, data, p.Marshal())
	h, err := stark.ReadHeader(data)
	require.NoError(t, err)
	require.Equal(t, fibonacci.Name, h.AIR)
	require.Equal(t, air.PublicInput(), h.PublicInput)
	require.Equal(t, testOptions(), h.Options)
	dec, err := fibonacci.Decode(h.PublicInput)
	require.NoError(t, err)
	require.Equal(t, air, dec)
}

func FuzzUnmarshalVerify(f *testing.F) {
	air, data := proveFib(f, 16, testOptions())
	f.Add(data)
	f.Add(data[:100])
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := stark.Unmarshal(b)
		if err != nil {
			return
		}
		// Whatever decodes must verify or be rejected, never panic.
		_ = stark.Verify(air, p, 0)
	})
}
