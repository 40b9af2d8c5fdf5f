package node

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/execution/starknet"
)

func writeTestGenesis(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	hashes := map[string]string{}
	for _, name := range []string{"account", "token"} {
		c := `{"prime":"0x800000000000011000000000000000000000000000000000000000000000001","compiler_version":"` + name +
			`","bytecode":["0x1","0x2"],"hints":[],"entry_points_by_type":{"EXTERNAL":[{"selector":"0x5","offset":1,"builtins":["range_check"]}],"L1_HANDLER":[],"CONSTRUCTOR":[]}}`
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".json"), []byte(c), 0o600))
		cl, err := starknet.ParseCASM([]byte(c))
		require.NoError(t, err)
		h := cl.Hash()
		hashes[name] = h.Hex()
	}
	g := `{"chain_id":"CAIRN_UNIT","fee_token_address":"0x1000","classes":["account.json","token.json"],
 "contracts":[{"address":"0x1000","class_hash":"` + hashes["token"] + `","storage":{"0x7":"0x9"}}],
 "accounts":{"count":2,"seed":"0x2a","class_hash":"` + hashes["account"] + `","balance":"1000"}}`
	p := filepath.Join(dir, "genesis.json")
	require.NoError(t, os.WriteFile(p, []byte(g), 0o600))
	return p
}

func TestAppStateRoundTrip(t *testing.T) {
	path := writeTestGenesis(t)
	as, err := BuildAppState(path)
	require.NoError(t, err)
	g, err := ParseAppState(as)
	require.NoError(t, err)
	require.Equal(t, "CAIRN_UNIT", g.ChainID)
	require.Equal(t, felt.FromUint64(0x1000), g.FeeTokenAddress)

	// The app state applies to the same state as the file.
	a, b := starknet.NewMemState(), starknet.NewMemState()
	require.NoError(t, g.Apply(a))
	fromFile, err := genesis.Load(path)
	require.NoError(t, err)
	require.NoError(t, fromFile.Apply(b))
	accs, err := g.DeriveAccounts()
	require.NoError(t, err)
	for _, acc := range accs {
		ca, _ := a.ClassHashAt(acc.Address)
		cb, _ := b.ClassHashAt(acc.Address)
		require.Equal(t, cb, ca)
		require.False(t, ca.IsZero())
	}

	_, err = ParseAppState([]byte(`{"genesis":{"chain_id":"X","bogus":1},"classes":[]}`))
	require.Error(t, err, "unknown genesis fields are rejected")
}

func TestConfigLoadPrecedence(t *testing.T) {
	home := t.TempDir()
	cfg, err := LoadConfig(home)
	require.NoError(t, err, "a missing file keeps the defaults")
	require.Equal(t, DefaultConfig(home), cfg)

	cfg.RPC.ListenAddress = "127.0.0.1:1234"
	cfg.State.KeepRecent = 7
	require.NoError(t, WriteConfig(cfg))
	got, err := LoadConfig(home)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:1234", got.RPC.ListenAddress)
	require.Equal(t, int64(7), got.State.KeepRecent)

	t.Setenv("CAIRN_RPC_LISTEN_ADDRESS", "127.0.0.1:4321")
	t.Setenv("CAIRN_CHAIN_MAX_BLOCK_TXS", "9")
	got, err = LoadConfig(home)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:4321", got.RPC.ListenAddress, "environment overrides the file")
	require.Equal(t, 9, got.Chain.MaxBlockTxs)
	require.NoError(t, got.Validate())

	t.Setenv("CAIRN_BIN", "ignored: not a config section")
	_, err = LoadConfig(home)
	require.NoError(t, err)
	t.Setenv("CAIRN_RPC_NOPE", "1")
	_, err = LoadConfig(home)
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestConfigUnknownKeyAndValidate(t *testing.T) {
	home := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(home, "config"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(home, ConfigFile), []byte("[rpc]\nlisten_adress = \"x:1\"\n"), 0o600))
	_, err := LoadConfig(home)
	require.ErrorIs(t, err, ErrInvalidConfig)

	for _, mut := range []func(c *Config){
		func(c *Config) { c.Home = "" },
		func(c *Config) { c.Log.Level = "loud" },
		func(c *Config) { c.Log.Format = "xml" },
		func(c *Config) { c.RPC.ListenAddress = "nohost" },
		func(c *Config) { c.State.PruneInterval = 0 },
		func(c *Config) { c.Chain.L1DAMode = "PIGEON" },
		func(c *Config) { c.Chain.L2GasPriceFri = "zz" },
		func(c *Config) { c.Chain.MaxBlockSteps = 0 },
	} {
		c := DefaultConfig(home)
		mut(&c)
		require.Error(t, c.Validate())
	}
}

func TestTxWireRoundTrip(t *testing.T) {
	tx := &starknet.InvokeV3{
		V3Fields: starknet.V3Fields{
			Signature: []felt.Felt{felt.FromUint64(1), felt.FromUint64(2)}, Nonce: felt.FromUint64(3),
			ResourceBounds: starknet.ResourceBounds{L2Gas: starknet.ResourceBound{MaxAmount: 100, MaxPricePerUnit: felt.FromUint64(5)}},
			Tip:            1, NonceDAMode: starknet.DAModeL1, FeeDAMode: starknet.DAModeL2,
		},
		Sender: felt.FromUint64(0xabc), Calldata: []felt.Felt{felt.FromUint64(9)},
	}
	chain := starknet.ShortString("CAIRN_UNIT")
	h := tx.Hash(chain)
	w, err := TxToWire(tx, h)
	require.NoError(t, err)
	require.Equal(t, "INVOKE", w.Type)
	back, err := TxFromWire(&w)
	require.NoError(t, err)
	require.Equal(t, h, back.Hash(chain))
	require.Equal(t, starknet.EncodeTx(tx), starknet.EncodeTx(back))
}

func TestWriteTestnet(t *testing.T) {
	c := DefaultTestnetConfig()
	c.OutputDir = t.TempDir()
	c.Genesis = writeTestGenesis(t)
	c.BasePort = 40000
	c.TimeoutCommit = 300 * time.Millisecond
	nodes, err := WriteTestnet(c)
	require.NoError(t, err)
	require.Len(t, nodes, 4)
	for i, n := range nodes {
		cc, err := LoadCometConfig(n.Home)
		require.NoError(t, err)
		require.Equal(t, 300*time.Millisecond, cc.Consensus.TimeoutCommit)
		require.Equal(t, "tcp://"+n.P2P, cc.P2P.ListenAddress)
		require.Equal(t, 3, len(strings.Split(cc.P2P.PersistentPeers, ",")), "node %d peers", i)
		require.NotContains(t, cc.P2P.PersistentPeers, n.P2P, "no self peer")
		cfg, err := LoadConfig(n.Home)
		require.NoError(t, err)
		require.Equal(t, n.StarknetRPC, cfg.RPC.ListenAddress)
	}
	accs, err := ReadAccounts(filepath.Join(c.OutputDir, AccountsFile))
	require.NoError(t, err)
	require.Len(t, accs.Accounts, 2)
	require.Equal(t, "CAIRN_UNIT", accs.ChainID)

	bad := c
	bad.Validators = 0
	_, err = WriteTestnet(bad)
	require.ErrorIs(t, err, ErrInvalidConfig)
}

// The repository's config/genesis.json and the built-in devnet genesis
// describe the same chain (same app state bytes modulo class file paths).
func TestConfigGenesisMatchesBuiltinDevnet(t *testing.T) {
	fromConfig, err := BuildAppState(filepath.Join("..", "config", "genesis.json"))
	require.NoError(t, err)
	builtin, err := WriteDevnetGenesis(t.TempDir())
	require.NoError(t, err)
	fromBuiltin, err := BuildAppState(builtin)
	require.NoError(t, err)
	a, err := ParseAppState(fromConfig)
	require.NoError(t, err)
	b, err := ParseAppState(fromBuiltin)
	require.NoError(t, err)
	sa, sb := starknet.NewMemState(), starknet.NewMemState()
	require.NoError(t, a.Apply(sa))
	require.NoError(t, b.Apply(sb))
	accA, err := a.DeriveAccounts()
	require.NoError(t, err)
	accB, err := b.DeriveAccounts()
	require.NoError(t, err)
	require.Equal(t, accA, accB)
	require.Equal(t, a.FeeTokenAddress, b.FeeTokenAddress)
	for _, c := range append(a.Contracts, b.Contracts...) {
		ha, _ := sa.ClassHashAt(c.Address)
		hb, _ := sb.ClassHashAt(c.Address)
		require.Equal(t, ha, hb, "contract %s", c.Address.Hex())
	}
}

// config/node.toml parses strictly and equals the defaults.
func TestConfigExampleIsDefault(t *testing.T) {
	home := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(home, "config"), 0o755))
	b, err := os.ReadFile(filepath.Join("..", "config", "node.toml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(home, ConfigFile), b, 0o600))
	cfg, err := LoadConfig(home)
	require.NoError(t, err)
	require.Equal(t, DefaultConfig(home), cfg)
}
