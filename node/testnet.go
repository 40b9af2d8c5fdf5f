package node

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
)

// TestnetConfig describes a local testnet of validators on one host.
type TestnetConfig struct {
	// Validators is the number of validators (≥ 1).
	Validators int
	// OutputDir receives node0 … node{N-1}.
	OutputDir string
	// Genesis is the Starknet genesis JSON file (execution/genesis format);
	// empty: the built-in devnet genesis, written to OutputDir/genesis.
	Genesis string
	// ChainID is the CometBFT chain id.
	ChainID string
	// Host is the address every node listens on and dials.
	Host string
	// BasePort: node i uses BasePort+10i (p2p), +1 (CometBFT RPC),
	// +2 (Starknet RPC), +3 (Prometheus metrics).
	BasePort int
	// TimeoutCommit is CometBFT's consensus.timeout_commit.
	TimeoutCommit time.Duration
	// EmptyBlocksInterval is create_empty_blocks_interval (0: an empty block every round).
	EmptyBlocksInterval time.Duration
	// GenesisTime is the CometBFT genesis time (zero: now).
	GenesisTime time.Time
}

// DefaultTestnetConfig returns a 4-validator localnet in ./localnet.
func DefaultTestnetConfig() TestnetConfig {
	return TestnetConfig{
		Validators: 4, OutputDir: "localnet", ChainID: "cairn-localnet",
		Host: "127.0.0.1", BasePort: 26600, TimeoutCommit: time.Second, EmptyBlocksInterval: 5 * time.Second,
	}
}

// Validate reports an invalid value.
func (c *TestnetConfig) Validate() error {
	switch {
	case c.Validators < 1 || c.Validators > 100:
		return fmt.Errorf("%w: validators %d outside [1, 100]", ErrInvalidConfig, c.Validators)
	case c.OutputDir == "" || c.ChainID == "" || c.Host == "":
		return fmt.Errorf("%w: output, chain id and host are required", ErrInvalidConfig)
	case c.BasePort < 1024 || c.BasePort+10*c.Validators > 65535:
		return fmt.Errorf("%w: base port %d leaves no room for %d validators", ErrInvalidConfig, c.BasePort, c.Validators)
	case c.TimeoutCommit <= 0 || c.EmptyBlocksInterval < 0:
		return fmt.Errorf("%w: timeouts must be positive", ErrInvalidConfig)
	}
	return nil
}

// TestnetNode is one generated validator.
type TestnetNode struct {
	Name        string
	Home        string
	P2P         string
	CometRPC    string
	StarknetRPC string
	Metrics     string
}

// node returns node i's name, home and addresses.
func (c *TestnetConfig) node(i int) TestnetNode {
	port := c.BasePort + 10*i
	addr := func(p int) string { return fmt.Sprintf("%s:%d", c.Host, p) }
	name := fmt.Sprintf("node%d", i)
	return TestnetNode{Name: name, Home: filepath.Join(c.OutputDir, name), P2P: addr(port), CometRPC: addr(port + 1),
		StarknetRPC: addr(port + 2), Metrics: addr(port + 3)}
}

// WriteTestnet generates the homes of a testnet: keys, CometBFT config and
// a shared genesis whose app state is the Starknet genesis, Cairn config,
// and persistent peers between all validators.
func WriteTestnet(c TestnetConfig) ([]TestnetNode, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Genesis == "" {
		p, err := WriteDevnetGenesis(filepath.Join(c.OutputDir, "genesis"))
		if err != nil {
			return nil, err
		}
		c.Genesis = p
	}
	appState, err := BuildAppState(c.Genesis)
	if err != nil {
		return nil, err
	}
	if err := WriteAccounts(c.Genesis, filepath.Join(c.OutputDir, AccountsFile)); err != nil {
		return nil, err
	}
	gt := c.GenesisTime
	if gt.IsZero() {
		gt = time.Now().UTC()
	}
	gdoc := &cmttypes.GenesisDoc{ChainID: c.ChainID, GenesisTime: gt, InitialHeight: 1,
		ConsensusParams: cmttypes.DefaultConsensusParams(), AppState: appState}
	nodes := make([]TestnetNode, c.Validators)
	cmts := make([]*cmtcfg.Config, c.Validators)
	peers := make([]string, c.Validators)
	for i := range nodes {
		nodes[i] = c.node(i)
		home, err := filepath.Abs(nodes[i].Home)
		if err != nil {
			return nil, err
		}
		nodes[i].Home = home
		cc := cmtcfg.DefaultConfig().SetRoot(home)
		for _, d := range []string{"config", "data"} {
			if err := os.MkdirAll(filepath.Join(home, d), 0o755); err != nil {
				return nil, fmt.Errorf("create %s: %w", home, err)
			}
		}
		pv := privval.GenFilePV(cc.PrivValidatorKeyFile(), cc.PrivValidatorStateFile())
		pv.Save()
		pub, err := pv.GetPubKey()
		if err != nil {
			return nil, fmt.Errorf("validator %d key: %w", i, err)
		}
		gdoc.Validators = append(gdoc.Validators, cmttypes.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: 10, Name: nodes[i].Name})
		nk, err := p2p.LoadOrGenNodeKey(cc.NodeKeyFile())
		if err != nil {
			return nil, fmt.Errorf("node %d key: %w", i, err)
		}
		peers[i] = fmt.Sprintf("%s@%s", nk.ID(), nodes[i].P2P)

		cc.Moniker = nodes[i].Name
		cc.P2P.ListenAddress = "tcp://" + nodes[i].P2P
		cc.P2P.AllowDuplicateIP = true
		cc.P2P.AddrBookStrict = false
		cc.RPC.ListenAddress = "tcp://" + nodes[i].CometRPC
		cc.Instrumentation.Prometheus = true
		cc.Instrumentation.PrometheusListenAddr = nodes[i].Metrics
		cc.Consensus.TimeoutCommit = c.TimeoutCommit
		cc.Consensus.CreateEmptyBlocks = true
		cc.Consensus.CreateEmptyBlocksInterval = c.EmptyBlocksInterval
		cc.Consensus.TimeoutPropose = 2 * c.TimeoutCommit
		cc.Mempool.Recheck = true
		cmts[i] = cc

		cfg := DefaultConfig(home)
		cfg.RPC.ListenAddress = nodes[i].StarknetRPC
		if err := WriteConfig(cfg); err != nil {
			return nil, err
		}
	}
	if err := gdoc.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	for i, cc := range cmts {
		others := make([]string, 0, len(peers)-1)
		for j, p := range peers {
			if j != i {
				others = append(others, p)
			}
		}
		cc.P2P.PersistentPeers = strings.Join(others, ",")
		cmtcfg.WriteConfigFile(filepath.Join(cc.RootDir, "config", "config.toml"), cc)
		if err := gdoc.SaveAs(cc.GenesisFile()); err != nil {
			return nil, fmt.Errorf("node %d genesis: %w", i, err)
		}
	}
	return nodes, nil
}
