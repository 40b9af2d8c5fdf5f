package node

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/cairnchain/cairn/abci"
	"github.com/cairnchain/cairn/execution/felt"
)

// ConfigFile is Cairn's config file, relative to the home directory.
// CometBFT keeps its own config/config.toml next to it.
const ConfigFile = "config/cairn.toml"

// EnvPrefix prefixes the environment overrides: CAIRN_<SECTION>_<KEY>,
// e.g. CAIRN_RPC_LISTEN_ADDRESS.
const EnvPrefix = "CAIRN_"

// Config is a Cairn node's configuration (the chain id, fee token and
// initial state come from the genesis app state). LoadConfig applies defaults → TOML
// file → environment; the CLI then applies flags and calls Validate.
type Config struct {
	// Home is the node's home directory (not read from the file).
	Home  string      `toml:"-"`
	Log   LogConfig   `toml:"log"`
	RPC   RPCConfig   `toml:"rpc"`
	State StateConfig `toml:"state"`
	Chain ChainConfig `toml:"chain"`
}

// LogConfig selects the log output.
type LogConfig struct {
	// Level is trace, debug, info, warn or error.
	Level string `toml:"level"`
	// Format is json or console.
	Format string `toml:"format"`
	// CometBFTLevel is the level of CometBFT's own log (info, debug, error, none).
	CometBFTLevel string `toml:"cometbft_level"`
}

// RPCConfig is the Starknet JSON-RPC endpoint.
type RPCConfig struct {
	// ListenAddress is host:port of the Starknet RPC HTTP server.
	ListenAddress string `toml:"listen_address"`
}

// StateConfig configures the IAVL state.
type StateConfig struct {
	// KeepRecent is how many state versions to keep (0 = all).
	KeepRecent int64 `toml:"keep_recent"`
	// PruneInterval prunes every that many blocks.
	PruneInterval int64 `toml:"prune_interval"`
	// CacheSize is the IAVL node cache size.
	CacheSize int `toml:"cache_size"`
}

// ChainConfig are consensus-relevant chain parameters: every validator
// must use the same values.
type ChainConfig struct {
	StarknetVersion string `toml:"starknet_version"`
	MaxBlockBytes   int64  `toml:"max_block_bytes"`
	MaxBlockSteps   uint64 `toml:"max_block_steps"`
	MaxBlockTxs     int    `toml:"max_block_txs"`
	// L1DAMode is BLOB or CALLDATA.
	L1DAMode string `toml:"l1_da_mode"`
	// Gas prices (decimal or 0x hex, u128).
	L1GasPriceWei     string `toml:"l1_gas_price_wei"`
	L1GasPriceFri     string `toml:"l1_gas_price_fri"`
	L1DataGasPriceWei string `toml:"l1_data_gas_price_wei"`
	L1DataGasPriceFri string `toml:"l1_data_gas_price_fri"`
	L2GasPriceWei     string `toml:"l2_gas_price_wei"`
	L2GasPriceFri     string `toml:"l2_gas_price_fri"`
}

// DefaultConfig returns the defaults for a node in home.
func DefaultConfig(home string) Config {
	a := abci.DefaultConfig()
	p := a.GasPrices
	return Config{
		Home:  home,
		Log:   LogConfig{Level: "info", Format: "json", CometBFTLevel: "error"},
		RPC:   RPCConfig{ListenAddress: "127.0.0.1:9545"},
		State: StateConfig{KeepRecent: 0, PruneInterval: 10, CacheSize: 100_000},
		Chain: ChainConfig{
			StarknetVersion: a.StarknetVersion, MaxBlockBytes: a.MaxBlockBytes, MaxBlockSteps: a.MaxBlockSteps,
			MaxBlockTxs: a.MaxBlockTxs, L1DAMode: "BLOB",
			L1GasPriceWei: p.L1GasWei.Text(10), L1GasPriceFri: p.L1GasFri.Text(10),
			L1DataGasPriceWei: p.L1DataGasWei.Text(10), L1DataGasPriceFri: p.L1DataGasFri.Text(10),
			L2GasPriceWei: p.L2GasWei.Text(10), L2GasPriceFri: p.L2GasFri.Text(10),
		},
	}
}

// LoadConfig reads home/config/cairn.toml over the defaults (a missing file
// keeps the defaults; unknown keys are errors), then the environment.
func LoadConfig(home string) (Config, error) {
	cfg := DefaultConfig(home)
	path := filepath.Join(home, ConfigFile)
	md, err := toml.DecodeFile(path, &cfg)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return cfg, fmt.Errorf("read %s: %w", path, err)
	default:
		if und := md.Undecoded(); len(und) > 0 {
			return cfg, fmt.Errorf("%w: unknown keys in %s: %v", ErrInvalidConfig, path, und)
		}
	}
	cfg.Home = home
	if err := applyEnv(&cfg, os.Environ()); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// WriteConfig writes cfg to home/config/cairn.toml.
func WriteConfig(cfg Config) error {
	path := filepath.Join(cfg.Home, ConfigFile)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create config dir: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer f.Close()
	if err := toml.NewEncoder(f).Encode(cfg); err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return f.Close()
}

// applyEnv overrides fields from CAIRN_<SECTION>_<KEY> variables; an unknown
// key within a config section (e.g. CAIRN_RPC_LISTEN_ADRESS) is an error,
// other CAIRN_ variables belong to other tools and are ignored.
func applyEnv(cfg *Config, environ []string) error {
	fields := map[string]reflect.Value{}
	collectFields(reflect.ValueOf(cfg).Elem(), "", fields)
	sections := map[string]bool{}
	for k := range fields {
		if sec, _, ok := strings.Cut(k, "_"); ok {
			sections[sec] = true
		}
	}
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		key, ok := strings.CutPrefix(name, EnvPrefix)
		if sec, _, _ := strings.Cut(key, "_"); !ok || !sections[sec] {
			continue
		}
		f, ok := fields[key]
		if !ok {
			return fmt.Errorf("%w: unknown environment variable %s", ErrInvalidConfig, name)
		}
		if err := setField(f, value); err != nil {
			return fmt.Errorf("%w: %s: %w", ErrInvalidConfig, name, err)
		}
	}
	return nil
}

func collectFields(v reflect.Value, prefix string, out map[string]reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "-" || tag == "" {
			continue
		}
		name := prefix + strings.ToUpper(tag)
		if v.Field(i).Kind() == reflect.Struct {
			collectFields(v.Field(i), name+"_", out)
			continue
		}
		out[name] = v.Field(i)
	}
}

func setField(f reflect.Value, s string) error {
	switch f.Kind() {
	case reflect.String:
		f.SetString(s)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return err
		}
		f.SetInt(n)
	case reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return err
		}
		f.SetUint(n)
	default:
		return fmt.Errorf("unsupported kind %s", f.Kind())
	}
	return nil
}

// Validate reports an invalid value.
func (c *Config) Validate() error {
	if c.Home == "" {
		return fmt.Errorf("%w: home is empty", ErrInvalidConfig)
	}
	switch c.Log.Level {
	case "trace", "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("%w: log.level %q", ErrInvalidConfig, c.Log.Level)
	}
	if c.Log.Format != "json" && c.Log.Format != "console" {
		return fmt.Errorf("%w: log.format %q", ErrInvalidConfig, c.Log.Format)
	}
	if _, _, err := net.SplitHostPort(c.RPC.ListenAddress); err != nil {
		return fmt.Errorf("%w: rpc.listen_address: %w", ErrInvalidConfig, err)
	}
	if c.State.KeepRecent < 0 || c.State.PruneInterval <= 0 || c.State.CacheSize < 0 {
		return fmt.Errorf("%w: state section out of range", ErrInvalidConfig)
	}
	a, err := c.ABCIConfig()
	if err != nil {
		return err
	}
	return a.Validate()
}

// ABCIConfig converts the chain section to the application's config.
func (c *Config) ABCIConfig() (abci.Config, error) {
	ch := c.Chain
	a := abci.Config{StarknetVersion: ch.StarknetVersion, MaxBlockBytes: ch.MaxBlockBytes,
		MaxBlockSteps: ch.MaxBlockSteps, MaxBlockTxs: ch.MaxBlockTxs}
	switch ch.L1DAMode {
	case "BLOB":
		a.L1DABlob = true
	case "CALLDATA":
	default:
		return a, fmt.Errorf("%w: chain.l1_da_mode %q", ErrInvalidConfig, ch.L1DAMode)
	}
	for _, p := range []struct {
		name string
		in   string
		out  *felt.Felt
	}{
		{"l1_gas_price_wei", ch.L1GasPriceWei, &a.GasPrices.L1GasWei},
		{"l1_gas_price_fri", ch.L1GasPriceFri, &a.GasPrices.L1GasFri},
		{"l1_data_gas_price_wei", ch.L1DataGasPriceWei, &a.GasPrices.L1DataGasWei},
		{"l1_data_gas_price_fri", ch.L1DataGasPriceFri, &a.GasPrices.L1DataGasFri},
		{"l2_gas_price_wei", ch.L2GasPriceWei, &a.GasPrices.L2GasWei},
		{"l2_gas_price_fri", ch.L2GasPriceFri, &a.GasPrices.L2GasFri},
	} {
		v, err := parseNumber(p.in)
		if err != nil {
			return a, fmt.Errorf("%w: chain.%s: %w", ErrInvalidConfig, p.name, err)
		}
		*p.out = v
	}
	return a, nil
}

func parseNumber(s string) (felt.Felt, error) {
	if strings.HasPrefix(s, "0x") {
		return felt.FromHex(s)
	}
	return felt.FromDecimal(s)
}
