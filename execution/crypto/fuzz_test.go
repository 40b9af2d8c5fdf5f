package crypto

import (
	"errors"
	"testing"

	"github.com/cairnchain/cairn/execution/felt"
)

// feltFrom32 reads arbitrary fuzz bytes as a felt (reduced mod p).
func feltFrom32(b []byte) felt.Felt {
	if len(b) > 32 {
		b = b[:32]
	}
	return felt.FromBytes(b)
}

// FuzzECOp: arbitrary coordinates and scalars never panic, and every
// failure is one of the documented sentinels.
func FuzzECOp(f *testing.F) {
	g := StarkCurveGenerator()
	gx, gy := g[0].Bytes(), g[1].Bytes()
	f.Add(gx[:], gy[:], gx[:], gy[:], []byte{3})
	f.Add(gx[:], gy[:], []byte{1}, []byte{2}, []byte{0})
	f.Fuzz(func(t *testing.T, px, py, qx, qy, m []byte) {
		p := [2]felt.Felt{feltFrom32(px), feltFrom32(py)}
		q := [2]felt.Felt{feltFrom32(qx), feltFrom32(qy)}
		mf := feltFrom32(m)
		r, err := ECOp(p, q, &mf)
		if err != nil {
			if !errors.Is(err, ErrNotOnCurve) && !errors.Is(err, ErrECOpSameX) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !OnCurve(&r[0], &r[1]) {
			t.Fatalf("result (%s, %s) off the curve", r[0].Hex(), r[1].Hex())
		}
	})
}

// FuzzSignVerify: arbitrary keys and messages never panic; every signature
// produced verifies under the signer's public key.
func FuzzSignVerify(f *testing.F) {
	f.Add([]byte{1}, []byte{2})
	f.Add([]byte{0}, []byte{0})
	f.Fuzz(func(t *testing.T, k, m []byte) {
		key, err := PrivateKeyFromFelt(feltFrom32(k))
		if err != nil {
			return
		}
		msg := feltFrom32(m)
		r, s, err := Sign(key, msg)
		if err != nil {
			if !errors.Is(err, ErrMessageOutOfRange) {
				t.Fatalf("sign: %v", err)
			}
			return
		}
		if !Verify(GetPublicKey(key), msg, r, s) {
			t.Fatalf("own signature rejected: key %s msg %s", key.d.Hex(), msg.Hex())
		}
	})
}

// FuzzVerify: arbitrary inputs never panic, and whatever the builtin's
// stricter rule accepts, Verify accepts too.
func FuzzVerify(f *testing.F) {
	f.Add([]byte{1}, []byte{2}, []byte{3}, []byte{4})
	f.Fuzz(func(t *testing.T, pub, m, r, s []byte) {
		p, mf, rf, sf := feltFrom32(pub), feltFrom32(m), feltFrom32(r), feltFrom32(s)
		if VerifyBuiltin(p, mf, rf, sf) && !Verify(p, mf, rf, sf) {
			t.Fatalf("VerifyBuiltin accepts what Verify rejects: %s %s %s %s", p.Hex(), mf.Hex(), rf.Hex(), sf.Hex())
		}
	})
}
