package crypto

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
)

func h(t testing.TB, s string) felt.Felt {
	t.Helper()
	f, err := felt.FromHex(s)
	require.NoError(t, err, s)
	return f
}

func d(t testing.TB, s string) felt.Felt {
	t.Helper()
	f, err := felt.FromDecimal(s)
	require.NoError(t, err, s)
	return f
}

// Pedersen vectors: cairo-lang's signature_test_data.json and the Starknet docs.
func TestPedersenVectors(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"0x1", "0x2", "0x5bb9440e27889a364bcb678b1f679ecd1347acdedcbf36e83494f857cc58026"},
		{"0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb",
			"0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a",
			"0x30e480bed5fe53fa909cc0f8c4d99b8f9f2c016be4c41e13a4848797979c662"},
		{"0x58f580910a6ca59b28927c08fe6c43e2e303ca384badc365795fc645d479d45",
			"0x78734f65a067be9bdb39de18434d71e79f7b6466a4b66bbd979ab9e7515fe0b",
			"0x68cc0b76cddd1dd4ed2301ada9b7c872b23875d5ff837b3a87993e0d9996b87"},
	}
	for _, c := range cases {
		a, b := h(t, c.a), h(t, c.b)
		got := Pedersen(&a, &b)
		require.Equal(t, c.want, got.Hex(), "Pedersen(%s, %s)", c.a, c.b)
	}
}

func TestPedersenArrayDefinition(t *testing.T) {
	xs := []felt.Felt{felt.FromUint64(7), felt.FromUint64(8), felt.FromUint64(9)}
	var acc felt.Felt
	for i := range xs {
		acc = Pedersen(&acc, &xs[i])
	}
	n := felt.FromUint64(3)
	want := Pedersen(&acc, &n)
	got := PedersenArray(xs...)
	require.True(t, want.Equal(&got))
	// Empty array: H(0, 0).
	empty := PedersenArray()
	zz := Pedersen(&felt.Zero, &felt.Zero)
	require.True(t, empty.Equal(&zz))
}

// Poseidon permutation vectors: cairo-lang's poseidon builtin test program.
func TestPoseidonPermuteVectors(t *testing.T) {
	cases := []struct{ in, out [3]string }{
		{[3]string{"1", "2", "3"}, [3]string{
			"442682200349489646213731521593476982257703159825582578145778919623645026501",
			"2233832504250924383748553933071188903279928981104663696710686541536735838182",
			"2512222140811166287287541003826449032093371832913959128171347018667852712082"}},
		{[3]string{"13", "40", "36"}, [3]string{
			"1444012836772460926284672162976355419809540186674760964183552435963176573742",
			"1541263763841611133055414279879179440960986686052381666910348740660012074535",
			"2502492865904268664943542226035155619416122443735694424675086833952759734985"}},
	}
	for _, c := range cases {
		s := [3]felt.Felt{d(t, c.in[0]), d(t, c.in[1]), d(t, c.in[2])}
		PoseidonPermute(&s)
		for i := range s {
			want := d(t, c.out[i])
			require.True(t, want.Equal(&s[i]), "permute(%v) lane %d = %s", c.in, i, s[i].Text(10))
		}
	}
}

// Poseidon hash vectors generated from cairo-lang v0.11.0 (as published in
// starknet-rs' starknet-crypto tests) and starknet.dart.
func TestPoseidonHashVectors(t *testing.T) {
	pairs := []struct{ a, b, want string }{
		{"0xb662f9017fa7956fd70e26129b1833e10ad000fd37b4d9f4e0ce6884b7bbe",
			"0x1fe356bf76102cdae1bfbdc173602ead228b12904c00dad9cf16e035468bea",
			"0x75540825a6ecc5dc7d7c2f5f868164182742227f1367d66c43ee51ec7937a81"},
		{"0xf4e01b2032298f86b539e3d3ac05ced20d2ef275273f9325f8827717156529",
			"0x587bc46f5f58e0511b93c31134652a689d761a9e7f234f0f130c52e4679f3a",
			"0xbdb3180fdcfd6d6f172beb401af54dd71b6569e6061767234db2b777adf98b"},
	}
	for _, c := range pairs {
		a, b := h(t, c.a), h(t, c.b)
		got := Poseidon(&a, &b)
		require.Equal(t, c.want, got.Hex())
	}
	singles := []struct{ x, want string }{
		{"0x9dad5d6f502ccbcb6d34ede04f0337df3b98936aaf782f4cc07d147e3a4fd6",
			"0x11222854783f17f1c580ff64671bc3868de034c236f956216e8ed4ab7533455"},
		{"0x3164a8e2181ff7b83391b4a86bc8967f145c38f10f35fc74e9359a0c78f7b6",
			"0x79ad7aa7b98d47705446fa01865942119026ac748d67a5840f06948bce2306b"},
	}
	for _, c := range singles {
		x := h(t, c.x)
		got := PoseidonSingle(&x)
		require.Equal(t, c.want, got.Hex())
	}
	many := []struct {
		xs   []string
		want string
	}{
		{[]string{"0x9bf52404586087391c5fbb42538692e7ca2149bac13c145ae4230a51a6fc47",
			"0x40304159ee9d2d611120fbd7c7fb8020cc8f7a599bfa108e0e085222b862c0",
			"0x46286e4f3c450761d960d6a151a9c0988f9e16f8a48d4c0a85817c009f806a"},
			"0x1ec38b38dc88bac7b0ed6ff6326f975a06a59ac601b417745fd412a5d38e4f7"},
		{[]string{"0xbdace8883922662601b2fd197bb660b081fcf383ede60725bd080d4b5f2fd3",
			"0x1eb1daaf3fdad326b959dec70ced23649cdf8786537cee0c5758a1a4229097",
			"0x869ca04071b779d6f940cdf33e62d51521e19223ab148ef571856ff3a44ff1",
			"0x533e6df8d7c4b634b1f27035c8676a7439c635e1fea356484de7f0de677930"},
			"0x2520b8f910174c3e650725baacad4efafaae7623c69a0b5513d75e500f36624"},
	}
	for _, c := range many {
		xs := make([]felt.Felt, len(c.xs))
		for i, s := range c.xs {
			xs[i] = h(t, s)
		}
		got := PoseidonMany(xs...)
		require.Equal(t, c.want, got.Hex())
	}
	// starknet.dart: poseidon_hash_many over ranges, decimal outputs.
	ranges := []struct {
		xs   []uint64
		want string
	}{
		{[]uint64{0}, "2384960345383653703825803024708982182127528589318022519244349682493582074337"},
		{[]uint64{3, 2, 1, 0}, "959881287299178068212229797802921067420697642955658182090092369705512874535"},
		{seq(24), "2800526046406372876670877767246181706986966856687646706671678894003401414331"},
		{seq(128), "3530668544792995162958732882451140094230265759699749633300982879733486600710"},
	}
	for _, c := range ranges {
		xs := make([]felt.Felt, len(c.xs))
		for i, v := range c.xs {
			xs[i] = felt.FromUint64(v)
		}
		got := PoseidonMany(xs...)
		require.Equal(t, c.want, got.Text(10), "len %d", len(xs))
	}
}

func seq(n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i)
	}
	return out
}

// Keccak vectors: the empty-string Keccak-256 digest and well-known selectors.
func TestKeccakVectors(t *testing.T) {
	e := Keccak256(nil)
	require.Equal(t, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", hex.EncodeToString(e[:]))
	sels := map[string]string{
		"transfer":     "0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e",
		"__execute__":  "0x15d40a3d6ca2ac30f4031e42be28da9b056fef9bb7357ac5e85627ee876e5ad",
		"__validate__": "0x162da33a4585851fe8d3af3c2a9c60b557814e221e0d4f30ff0b2189d9c7775",
		"balanceOf":    "0x2e4263afad30923c891518314c3c95dbe830a16874e8abc5777a9a20b54c76e",
	}
	for name, want := range sels {
		got := Selector(name)
		require.Equal(t, want, got.Hex(), name)
	}
}
