package crypto

import (
	"fmt"
	"math/big"

	starkcurve "github.com/consensys/gnark-crypto/ecc/stark-curve"
	"github.com/consensys/gnark-crypto/ecc/stark-curve/fr"

	"github.com/cairnchain/cairn/execution/felt"
)

// maxValueBits: Starknet requires message hashes, r and 1/s below 2^251.
const maxValueBits = 251

// generatorTable multiplies the curve generator by scalars below 2^252.
var generatorTable = func() *fixedBase {
	_, g := starkcurve.Generators()
	return newFixedBase(g, curveOrderBits)
}()

// PrivateKey is a STARK-curve private key: a scalar in [1, curve order).
// The zero value is not a valid key.
type PrivateKey struct{ d felt.Felt }

// PrivateKeyFromFelt checks that f is in [1, curve order) and returns it as a key.
func PrivateKeyFromFelt(f felt.Felt) (PrivateKey, error) {
	if f.IsZero() || f.BigInt().Cmp(curveOrder) >= 0 {
		return PrivateKey{}, fmt.Errorf("private key %s: %w", f.Hex(), ErrInvalidPrivateKey)
	}
	return PrivateKey{d: f}, nil
}

// Felt returns the key's scalar.
func (k PrivateKey) Felt() felt.Felt { return k.d }

// GetPublicKey returns the x coordinate of priv·G, the form in which
// Starknet accounts store public keys (starknet.js getStarkKey). The zero
// PrivateKey gives 0.
func GetPublicKey(priv PrivateKey) felt.Felt {
	q := mulGenerator(priv.d.Bytes())
	return felt.FromElement(q.X)
}

// mulGenerator returns s·G in affine form for a big-endian s below 2^252.
func mulGenerator(s [32]byte) starkcurve.G1Affine {
	var acc starkcurve.G1Jac
	acc.X.SetOne()
	acc.Y.SetOne() // (1, 1, 0): the point at infinity
	generatorTable.addMul(&acc, s[:])
	var q starkcurve.G1Affine
	q.FromJacobian(&acc)
	return q
}

// Sign signs msgHash (which must be below 2^251) with priv, choosing the
// nonce deterministically as @scure/starknet (and so starknet.js) do:
// RFC 6979 with HMAC-SHA256 over the 32-byte key and message, candidates
// read with @scure's bits2int, no low-s normalisation. The result equals
// theirs for the same inputs.
func Sign(priv PrivateKey, msgHash felt.Felt) (r, s felt.Felt, err error) {
	if priv.d.IsZero() {
		return r, s, fmt.Errorf("sign: %w", ErrInvalidPrivateKey)
	}
	if bitLen(msgHash.Words()) > maxValueBits {
		return r, s, fmt.Errorf("sign %s: %w", msgHash.Hex(), ErrMessageOutOfRange)
	}
	db, mb := priv.d.Bytes(), msgHash.Bytes() // msgHash < 2^251 < n: already reduced
	var d, m fr.Element
	d.SetBytes(db[:])
	m.SetBytes(mb[:])
	seed := append(db[:], mb[:]...)
	g := newHMACDRBG(seed)
	for range nonceMaxIterations {
		t := g.next()
		kInt := starkBits2Int(t[:])
		if kInt.Sign() == 0 || kInt.Cmp(curveOrder) >= 0 {
			continue
		}
		var kb [32]byte
		kInt.FillBytes(kb[:])
		q := mulGenerator(kb)
		var rr, k, sr fr.Element
		qx := q.X.Bytes()
		rr.SetBytes(qx[:]) // x mod n
		if rr.IsZero() {
			continue
		}
		k.SetBytes(kb[:])
		k.Inverse(&k)
		sr.Mul(&rr, &d).Add(&sr, &m).Mul(&sr, &k)
		if sr.IsZero() {
			continue
		}
		var w fr.Element
		w.Inverse(&sr)
		if bitLen(rr.Bits()) > maxValueBits || bitLen(w.Bits()) > maxValueBits {
			return r, s, fmt.Errorf("sign %s: %w", msgHash.Hex(), ErrSignatureOutOfRange)
		}
		rb, sb := rr.Bytes(), sr.Bytes()
		return felt.FromBytes(rb[:]), felt.FromBytes(sb[:]), nil
	}
	return r, s, fmt.Errorf("sign %s: %w", msgHash.Hex(), ErrNonceExhausted)
}

// Verify reports whether (r, s) is a valid signature of msgHash by the key
// whose x coordinate is pubX, under Starknet's rules (cairo-lang's
// signature.verify, @scure/starknet's verify):
//   - 1 ≤ r < 2^251, 1 ≤ s < n, w = 1/s mod n < 2^251, msgHash < 2^251;
//   - pubX must be the x coordinate of a curve point; both of its y values
//     are accepted;
//   - valid iff the x coordinate of w·(msgHash·G ± r·Q) equals r.
func Verify(pubX, msgHash, r, s felt.Felt) bool {
	if r.IsZero() || bitLen(r.Words()) > maxValueBits || s.IsZero() || bitLen(msgHash.Words()) > maxValueBits {
		return false
	}
	sInt := s.BigInt()
	if sInt.Cmp(curveOrder) >= 0 {
		return false
	}
	y, ok := YFromX(&pubX)
	if !ok {
		return false
	}
	var sf, w, u1, u2, rf, mf fr.Element
	sf.SetBigInt(sInt)
	w.Inverse(&sf)
	if bitLen(w.Bits()) > maxValueBits {
		return false
	}
	rb, mb := r.Bytes(), msgHash.Bytes()
	rf.SetBytes(rb[:])
	mf.SetBytes(mb[:])
	u1.Mul(&mf, &w)
	u2.Mul(&rf, &w)

	var a starkcurve.G1Jac
	a.X.SetOne()
	a.Y.SetOne()
	u1b := u1.Bytes()
	generatorTable.addMul(&a, u1b[:])

	q := starkcurve.G1Affine{X: *pubX.Element(), Y: *y.Element()}
	var b starkcurve.G1Jac
	b.ScalarMultiplication(new(starkcurve.G1Jac).FromAffine(&q), u2.BigInt(new(big.Int)))

	sum, diff := a, a
	sum.AddAssign(&b)
	diff.SubAssign(&b)
	pts := starkcurve.BatchJacobianToAffineG1([]starkcurve.G1Jac{sum, diff})
	rElem := r.Element()
	for i := range pts {
		if !pts[i].IsInfinity() && pts[i].X.Equal(rElem) {
			return true
		}
	}
	return false
}
