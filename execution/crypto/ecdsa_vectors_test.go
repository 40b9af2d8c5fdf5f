package crypto

import (
	"errors"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
)

func key(t testing.TB, s string) PrivateKey {
	t.Helper()
	k, err := PrivateKeyFromFelt(h(t, s))
	require.NoError(t, err)
	return k
}

// Public-key vectors: StarkWare crypto-cpp (via starknet-rs) and @scure/starknet.
func TestGetPublicKeyVectors(t *testing.T) {
	cases := []struct{ priv, pub string }{
		{"0x3c1e9550e66958296d11b60f8e8e7a7ad990d07fa65d5f7652c4a6c87d4e3cc", "0x77a3b314db07c45076d11f62b6f9e748a39790441823307743cf00d6597ea43"},
		{"0x12", "0x19661066e96a8b9f06a1d136881ee924dfb6a885239caa5fd3f87a54c6b25c4"},
		{"0x178047d3869489c055d7ea54c014ffb834a069c9595186abe04ea4d1223a03f", "0x1895a6a77ae14e7987b9cb51329a5adfb17bd8e7c638f92d6892d76e51cebcf"},
		{"0x19800ea6a9a73f94aee6a3d2edf018fc770443e90c7ba121e8303ec6b349279", "0x33f45f07e1bd1a51b45fc24ec8c8c9908db9e42191be9e169bfcac0c0d99745"},
	}
	for _, c := range cases {
		got := GetPublicKey(key(t, c.priv))
		require.Equal(t, c.pub, got.Hex(), c.priv)
	}
	g := StarkCurveGenerator()
	one := GetPublicKey(key(t, "0x1"))
	require.True(t, one.Equal(&g[0]))
}

func TestPrivateKeyRange(t *testing.T) {
	_, err := PrivateKeyFromFelt(felt.Zero)
	require.ErrorIs(t, err, ErrInvalidPrivateKey)
	n := felt.FromBigInt(CurveOrder())
	_, err = PrivateKeyFromFelt(n)
	require.ErrorIs(t, err, ErrInvalidPrivateKey)
	var nm1 felt.Felt
	nm1.Sub(&n, &felt.One)
	k, err := PrivateKeyFromFelt(nm1)
	require.NoError(t, err)
	kf := k.Felt()
	require.True(t, kf.Equal(&nm1))
	_, _, err = Sign(PrivateKey{}, felt.One)
	require.ErrorIs(t, err, ErrInvalidPrivateKey)
}

// Deterministic signature vectors from @scure/starknet's test suite (themselves
// cross-checked against StarkWare's starkware-crypto JS and starknet.js).
func TestSignVectors(t *testing.T) {
	type vec struct{ msg, r, s string }
	suites := []struct {
		priv string
		vecs []vec
	}{
		{"0x2dccce1da22003777062ee0870e9881b460a8b7eca276870f57c601f182136c", []vec{
			{"0xc465dd6b1bbffdb05442eb17f5ca38ad1aa78a6f56bf4415bdee219114a47", "0x5f496f6f210b5810b2711c74c15c05244dad43d18ecbbdbe6ed55584bc3b0a2", "0x4e8657b153787f741a67c0666bad6426c3741b478c8eaa3155196fc571416f3"},
			{"0xc465dd6b1bbffdb05442eb17f5ca38ad1aa78a6f56bf4415bdee219114a47a", "0x233b88c4578f0807b4a7480c8076eca5cfefa29980dd8e2af3c46a253490e9c", "0x28b055e825bc507349edfb944740a35c6f22d377443c34742c04e0d82278cf1"},
			{"0x7465dd6b1bbffdb05442eb17f5ca38ad1aa78a6f56bf4415bdee219114a47a1", "0xb6bee8010f96a723f6de06b5fa06e820418712439c93850dd4e9bde43ddf", "0x1a3d2bc954ed77e22986f507d68d18115fa543d1901f5b4620db98e2f6efd80"},
		}},
		{"0x7d0f499b250763f4cacf0d8d9e267d012c03503ce5de876b33d3a3837dc90af", []vec{
			{"0x0", "0x443b6a567dfeae1c8c77dc589cdde204649f85ba45e54bead543299e5888233", "0x12bcacdadecfca0773945071b371adda1bc47fce319f80aa590b06d45a996f5"},
			{"0x40dc8abe9797b6ef5c0886ad4a78405cd393493d2b6a8733b77250f61", "0x78a73ac7f793e706e50871da2efc2f83c30852a90110cab71108ff6a3af864e", "0x49ec9e6aa783e7518ffc05ec054db3ddf2d8ad301e4ee790392841fa759431e"},
			{"0x40dc8abe9797b6ef5c0886ad4a78405cd393493d2b6a8733b77250f610c", "0x5864e5d2843d4469e70282042c7675e4fcb4b530d45dd6f02ae03c8d2f5431a", "0x2c512662f37585497683e2d98c655e098ad4504d41d3a3b17ad0f0f9db45ddb"},
			{"0x40dc8abe9797b6ef5c0886ad4a78405cd393493d2b6a8733b77250f610c1d", "0x7f313dc69e5f785a7071a9acc12a1294bce54d199a90b1ecdd39fd654c55190", "0x7a2902b67913c013557f0ea61902a1edc8539aa1321549bef9a47dbb9af0eba"},
			{"0x40dc8abe9797b6ef5c0886ad4a78405cd393493d2b6a8733b77250f610c1d00", "0x73bab8d7be901dc6bdba59f458c3ddeb4e0264657c60ff1b42a403d69e84718", "0x4cb6384d5b82bf873c87e02e11d32cefb1f10cc6d3d67895662d6c87c6df505"},
		}},
		{"0x19800ea6a9a73f94aee6a3d2edf018fc770443e90c7ba121e8303ec6b349279", []vec{
			{"0x6d1706bd3d1ba7c517be2a2a335996f63d4738e2f182144d078a1dd9997062e",
				"0x" + dec2hex(t, "1427981024487605678086498726488552139932400435436186597196374630267616399345"),
				"0x" + dec2hex(t, "1853664302719670721837677288395394946745467311923401353018029119631574115563")},
		}},
	}
	for _, suite := range suites {
		k := key(t, suite.priv)
		pub := GetPublicKey(k)
		for _, v := range suite.vecs {
			m := h(t, v.msg)
			r, s, err := Sign(k, m)
			require.NoError(t, err)
			require.Equal(t, v.r, r.Hex(), "r for %s", v.msg)
			require.Equal(t, v.s, s.Hex(), "s for %s", v.msg)
			require.True(t, Verify(pub, m, r, s), "verify %s", v.msg)
		}
	}
	// A message of 2^251 or more cannot be signed.
	for _, m := range []string{"0x800000000000000000000000000000000000000000000000000000000000000", "0x800000000000011000000000000000000000000000000000000000000000000"} {
		_, _, err := Sign(key(t, "0x1"), h(t, m))
		require.True(t, errors.Is(err, ErrMessageOutOfRange), "got %v", err)
	}
}

func dec2hex(t testing.TB, s string) string {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 10)
	require.True(t, ok)
	return n.Text(16)
}

// Verification vectors: StarkWare crypto-cpp (via starknet-rs) and @scure/starknet.
func TestVerifyVectors(t *testing.T) {
	cases := []struct {
		pub, msg, r, s string
		ok             bool
	}{
		{"0x1ef15c18599971b7beced415a40f0c7deacfd9b0d1819e03d723d8bc943cfca", "0x2",
			"0x411494b501a98abd8262b0da1351e17899a0c4ef23dd2f96fec5ba847310b20",
			"0x405c3191ab3883ef2b763af35bc5f5d15b3b4e99461d70e84c654a351a7c81b", true},
		{"0x77a4b314db07c45076d11f62b6f9e748a39790441823307743cf00d6597ea43", "0x397e76d1667c4454bfb83514e120583af836f8e32a516765497823eabe16a3f",
			"0x173fd03d8b008ee7432977ac27d1e9d1a1f6c98b1a2f05fa84a21c84c44e882",
			"0x1f2c44a7798f55192f153b4c48ea5c1241fbb69e6132cc8a0da9c5b62a4286e", false},
		{"0x33f45f07e1bd1a51b45fc24ec8c8c9908db9e42191be9e169bfcac0c0d99745", "0x2b0d4d43acce8ff68416f667f92ec7eab2b96f1d2224abd4d9d4d1e7fa4bb00",
			"0x" + dec2hex(t, "558858382392827003930138586379728730695763862039474863361948210004201119180"),
			"0x" + dec2hex(t, "2440689354481625417078677634625227600823892606910345662891037256374285369343"), true},
	}
	for i, c := range cases {
		require.Equal(t, c.ok, Verify(h(t, c.pub), h(t, c.msg), h(t, c.r), h(t, c.s)), "case %d", i)
	}
}

// Range rules: the boundary cases of @scure/starknet's "verify signature length" test.
func TestVerifyRanges(t *testing.T) {
	k := key(t, "0x7d0f499b250763f4cacf0d8d9e267d012c03503ce5de876b33d3a3837dc90af")
	pub := GetPublicKey(k)
	m := h(t, "0x1234")
	r, s, err := Sign(k, m)
	require.NoError(t, err)
	require.True(t, Verify(pub, m, r, s))

	two251 := felt.FromBigInt(new(big.Int).Lsh(big.NewInt(1), 251))
	n := felt.FromBigInt(CurveOrder())
	require.False(t, Verify(pub, m, felt.Zero, s), "r = 0")
	require.False(t, Verify(pub, m, two251, s), "r = 2^251")
	require.False(t, Verify(pub, m, r, felt.Zero), "s = 0")
	require.False(t, Verify(pub, m, r, n), "s = n")
	require.False(t, Verify(pub, two251, r, s), "msg = 2^251")
	// 1/s ≥ 2^251: s = 1/(2^251) mod n.
	w := new(big.Int).ModInverse(new(big.Int).Lsh(big.NewInt(1), 251), CurveOrder())
	require.False(t, Verify(pub, m, r, felt.FromBigInt(w)), "1/s = 2^251")
	// Not an x coordinate on the curve.
	bad := felt.Zero
	for {
		if _, ok := YFromX(&bad); !ok {
			break
		}
		bad.Add(&bad, &felt.One)
	}
	require.False(t, Verify(bad, m, r, s), "public key off the curve")
	// Either y of the public key: -s gives a signature for the negated key.
	var negS felt.Felt
	sb := s.BigInt()
	negS = felt.FromBigInt(sb.Sub(CurveOrder(), sb))
	require.True(t, Verify(pub, m, r, negS), "(r, n-s) is valid for the same x")
	var m2 felt.Felt
	m2.Add(&m, &felt.One)
	require.False(t, Verify(pub, m2, r, s), "other message")
}

// VerifyBuiltin agrees with Verify on ordinary signatures and differs where
// cairo-lang's AIR-mimicking verify rejects: a zero message.
func TestVerifyBuiltin(t *testing.T) {
	r := newRand(16)
	for i := range 10 {
		k := randKey(t, r)
		pub := GetPublicKey(k)
		m := randFelt(r, 251)
		rr, ss, err := Sign(k, m)
		require.NoError(t, err)
		require.True(t, VerifyBuiltin(pub, m, rr, ss), "signature %d", i)
		var negS felt.Felt
		sb := ss.BigInt()
		negS = felt.FromBigInt(sb.Sub(curveOrder, sb))
		require.True(t, VerifyBuiltin(pub, m, rr, negS), "(r, n-s) %d", i)
		var m2 felt.Felt
		m2.Add(&m, &felt.One)
		require.False(t, VerifyBuiltin(pub, m2, rr, ss), "other message %d", i)
		require.False(t, VerifyBuiltin(pub, m, ss, rr), "swapped r, s %d", i)
	}
	// The @scure vector signing message 0: valid for Verify, not for the builtin.
	k := key(t, "0x7d0f499b250763f4cacf0d8d9e267d012c03503ce5de876b33d3a3837dc90af")
	rr := h(t, "0x443b6a567dfeae1c8c77dc589cdde204649f85ba45e54bead543299e5888233")
	ss := h(t, "0x12bcacdadecfca0773945071b371adda1bc47fce319f80aa590b06d45a996f5")
	require.True(t, Verify(GetPublicKey(k), felt.Zero, rr, ss))
	require.False(t, VerifyBuiltin(GetPublicKey(k), felt.Zero, rr, ss))
	// StarkWare crypto-cpp vectors.
	require.True(t, VerifyBuiltin(h(t, "0x1ef15c18599971b7beced415a40f0c7deacfd9b0d1819e03d723d8bc943cfca"), felt.FromUint64(2),
		h(t, "0x411494b501a98abd8262b0da1351e17899a0c4ef23dd2f96fec5ba847310b20"),
		h(t, "0x405c3191ab3883ef2b763af35bc5f5d15b3b4e99461d70e84c654a351a7c81b")))
}
