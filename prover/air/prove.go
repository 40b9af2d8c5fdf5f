package air

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/cairnchain/cairn/prover/stark"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// ProveConfig configures Prove.
type ProveConfig struct {
	// Stark configures the generic prover (options, logger).
	Stark stark.ProverConfig
	// SkipCheck skips the constraint check that, when the STARK prover
	// rejects the trace (stark.ErrTrace), names the first failing
	// constraint. The check runs only after such a rejection, so honest
	// traces do not pay for it.
	SkipCheck bool
}

// DefaultProveConfig uses the stark defaults and explains rejected traces.
func DefaultProveConfig() ProveConfig {
	return ProveConfig{Stark: stark.DefaultProverConfig()}
}

// Prove builds the trace of a proof-mode execution and proves it. It
// returns the serialized proof.
func Prove(ctx context.Context, regs []RegisterState, mem *Memory, pub *PublicInput, cfg ProveConfig) ([]byte, error) {
	t, err := BuildTrace(regs, mem, pub)
	if err != nil {
		return nil, err
	}
	return ProveTrace(ctx, t, cfg)
}

// ProveTrace proves an already built trace.
func ProveTrace(ctx context.Context, t *Trace, cfg ProveConfig) ([]byte, error) {
	a, err := t.AIR()
	if err != nil {
		return nil, err
	}
	sa, err := NewStarkAIR(a)
	if err != nil {
		return nil, err
	}
	p, err := stark.NewProver(cfg.Stark)
	if err != nil {
		return nil, err
	}
	proof, err := p.Prove(ctx, sa, &stark.Trace{Columns: t.Cols})
	if err != nil {
		if errors.Is(err, stark.ErrTrace) && !cfg.SkipCheck {
			if cerr := explain(t, a); cerr != nil {
				return nil, cerr
			}
		}
		return nil, fmt.Errorf("prove %d-row cairo trace: %w", t.N, err)
	}
	return proof.Marshal(), nil
}

// explain evaluates every constraint on the trace (with deterministic
// challenges) and returns the first failure as ErrBadTrace wrapping a
// *ConstraintError, or nil if the constraints hold.
func explain(t *Trace, a *AIR) error {
	ch := checkChallenges(t.pub)
	inter, err := t.BuildInteraction(&ch)
	if err != nil {
		return err
	}
	if err := a.Check(t.Cols, inter, &ch); err != nil {
		return fmt.Errorf("%w: %w", ErrBadTrace, err)
	}
	return nil
}

// checkChallenges derives deterministic challenges for the pre-check from
// the public input (the real ones come from the transcript).
func checkChallenges(pub *PublicInput) Challenges {
	enc, _ := pub.Marshal()
	var ch Challenges
	for i, e := range []*fp.Element{&ch.Z, &ch.Alpha, &ch.ZRC} {
		h := sha256.Sum256(append([]byte{byte(i)}, enc...))
		e.SetBytes(h[:])
	}
	return ch
}

// Verify checks a serialized proof of a Cairo execution and returns the
// statement it proves. It rejects proofs whose options give less than
// minSecurity bits of conjectured security. Every rejection wraps
// ErrInvalidProof.
func Verify(data []byte, minSecurity int) (*Statement, error) {
	h, err := stark.ReadHeader(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	if !strings.HasPrefix(h.AIR, "cairo/") {
		return nil, fmt.Errorf("%w: proof is for AIR %q", ErrInvalidProof, h.AIR)
	}
	sa, err := ParseStatement(h.PublicInput)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	if err := stark.VerifyBytes(sa, data, minSecurity); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	return &Statement{TraceLength: sa.a.N, Public: sa.a.Pub}, nil
}

// VerifyWith checks a proof against an expected public input: the proof
// must be valid and prove exactly that public input.
func VerifyWith(data []byte, pub *PublicInput, minSecurity int) (*Statement, error) {
	st, err := Verify(data, minSecurity)
	if err != nil {
		return nil, err
	}
	want, err := pub.Marshal()
	if err != nil {
		return nil, err
	}
	got, err := st.Public.Marshal()
	if err != nil {
		return nil, err
	}
	if string(want) != string(got) {
		return nil, fmt.Errorf("%w: proof is for a different public input", ErrInvalidProof)
	}
	return st, nil
}

// IsSecurityError reports whether err is a rejection for too few security
// bits.
func IsSecurityError(err error) bool { return errors.Is(err, stark.ErrSecurity) }
