package node

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/mempool"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	"github.com/cometbft/cometbft/rpc/client/local"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/spf13/viper"

	"github.com/cairnchain/cairn/abci"
	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/starknet"
	"github.com/cairnchain/cairn/node/rpc"
)

// Node is one Cairn validator: CometBFT in-process with the Cairn
// application, plus the Starknet JSON-RPC server.
type Node struct {
	cfg     Config
	cmt     *cmtcfg.Config
	log     zerolog.Logger
	tree    *state.Tree
	blocks  *state.BlockStore
	app     *abci.App
	comet   *cmtnode.Node
	backend *Backend
	rpc     *rpc.Server
}

// LoadCometConfig reads home/config/config.toml over CometBFT's defaults.
func LoadCometConfig(home string) (*cmtcfg.Config, error) {
	c := cmtcfg.DefaultConfig()
	path := filepath.Join(home, "config", "config.toml")
	v := viper.New()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := v.Unmarshal(c); err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	c.SetRoot(home)
	if err := c.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidConfig, path, err)
	}
	return c, nil
}

// New opens the node's stores and builds CometBFT and the RPC server; Run
// starts them.
func New(cfg Config, log zerolog.Logger) (*Node, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cmt, err := LoadCometConfig(cfg.Home)
	if err != nil {
		return nil, err
	}
	gdoc, err := cmttypes.GenesisDocFromFile(cmt.GenesisFile())
	if err != nil {
		return nil, fmt.Errorf("read cometbft genesis: %w", err)
	}
	gen, err := ParseAppState(gdoc.AppState)
	if err != nil {
		return nil, err
	}
	appCfg, err := cfg.ABCIConfig()
	if err != nil {
		return nil, err
	}
	exec, err := starknet.NewExecutor(starknet.DefaultConfig(), log.With().Str("module", "executor").Logger())
	if err != nil {
		return nil, err
	}
	engCfg := abci.StarknetEngineConfig{
		ChainID: gen.ChainIDFelt(), FeeToken: gen.FeeTokenAddress, Constants: starknet.DefaultVersionedConstants(),
		Genesis: func(appState []byte, st starknet.State) error {
			g, err := ParseAppState(appState)
			if err != nil {
				return err
			}
			return g.Apply(st)
		},
	}
	engine, err := abci.NewStarknetEngine(engCfg, exec)
	if err != nil {
		return nil, err
	}

	n := &Node{cfg: cfg, cmt: cmt, log: log}
	dataDir := filepath.Join(cfg.Home, "data", "cairn")
	tcfg := state.TreeConfig{Dir: filepath.Join(dataDir, "state"), CacheSize: cfg.State.CacheSize,
		KeepRecent: cfg.State.KeepRecent, PruneInterval: cfg.State.PruneInterval, Sync: true}
	if n.tree, err = state.OpenTree(tcfg); err != nil {
		return nil, err
	}
	if n.blocks, err = state.OpenBlockStore(filepath.Join(dataDir, "blocks")); err != nil {
		n.closeStores()
		return nil, err
	}
	if n.app, err = abci.New(appCfg, engine, n.tree, n.blocks, log.With().Str("module", "abci").Logger()); err != nil {
		n.closeStores()
		return nil, err
	}
	if err := n.newComet(); err != nil {
		n.closeStores()
		return nil, err
	}
	client := local.New(n.comet)
	n.backend, err = NewBackend(n.app, n.tree, n.blocks, exec, engCfg, appCfg.GasPrices, func(ctx context.Context, tx []byte) (uint32, string, error) {
		res, err := client.BroadcastTxSync(ctx, tx)
		if errors.Is(err, mempool.ErrTxInCache) {
			return 0, "", coded(starknet.ErrDuplicateTx)
		}
		if err != nil {
			return 0, "", fmt.Errorf("broadcast tx: %w", err)
		}
		return res.Code, res.Log, nil
	}, prometheus.DefaultRegisterer)
	if err != nil {
		n.closeStores()
		return nil, err
	}
	n.backend.Genesis = gen.Apply
	n.backend.CatchingUp = func(ctx context.Context) (bool, error) {
		st, err := client.Status(ctx)
		if err != nil {
			return false, fmt.Errorf("cometbft status: %w", err)
		}
		return st.SyncInfo.CatchingUp, nil
	}
	if n.rpc, err = rpc.New(n.backend, rpc.DefaultConfig(), log.With().Str("module", "rpc").Logger()); err != nil {
		n.closeStores()
		return nil, err
	}
	return n, nil
}

func (n *Node) newComet() error {
	for _, f := range []string{n.cmt.PrivValidatorKeyFile(), n.cmt.NodeKeyFile()} {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("missing key file (run `cairn testnet`): %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(n.cmt.PrivValidatorStateFile()), 0o755); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	if _, err := os.Stat(n.cmt.PrivValidatorStateFile()); errors.Is(err, os.ErrNotExist) {
		privval.LoadFilePVEmptyState(n.cmt.PrivValidatorKeyFile(), n.cmt.PrivValidatorStateFile()).Save()
	}
	pv := privval.LoadFilePV(n.cmt.PrivValidatorKeyFile(), n.cmt.PrivValidatorStateFile())
	nodeKey, err := p2p.LoadNodeKey(n.cmt.NodeKeyFile())
	if err != nil {
		return fmt.Errorf("load node key: %w", err)
	}
	lg, err := newCmtLogger(n.log, n.cfg.Log.CometBFTLevel)
	if err != nil {
		return err
	}
	n.comet, err = cmtnode.NewNode(n.cmt, pv, nodeKey, proxy.NewLocalClientCreator(n.app),
		cmtnode.DefaultGenesisDocProviderFunc(n.cmt), cmtcfg.DefaultDBProvider,
		cmtnode.DefaultMetricsProvider(n.cmt.Instrumentation), lg)
	if err != nil {
		return fmt.Errorf("create cometbft node: %w", err)
	}
	return nil
}

func (n *Node) closeStores() {
	if n.tree != nil {
		if err := n.tree.Close(); err != nil {
			n.log.Error().Err(err).Msg("close state")
		}
	}
	if n.blocks != nil {
		if err := n.blocks.Close(); err != nil {
			n.log.Error().Err(err).Msg("close block store")
		}
	}
}

// Run starts CometBFT and the Starknet RPC server and blocks until ctx ends
// or one of them fails; then it stops both and closes the stores.
func (n *Node) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", n.cfg.RPC.ListenAddress)
	if err != nil {
		n.closeStores()
		return fmt.Errorf("listen starknet rpc on %s: %w", n.cfg.RPC.ListenAddress, err)
	}
	if err := n.comet.Start(); err != nil {
		ln.Close()
		n.closeStores()
		return fmt.Errorf("start cometbft: %w", err)
	}
	srv := &http.Server{Handler: n.rpc.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	n.log.Info().Str("starknet_rpc", "http://"+ln.Addr().String()).Str("cometbft_rpc", n.cmt.RPC.ListenAddress).
		Str("p2p", n.cmt.P2P.ListenAddress).Str("metrics", n.cmt.Instrumentation.PrometheusListenAddr).Msg("node started")

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-errc:
		runErr = fmt.Errorf("starknet rpc server: %w", err)
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		n.log.Error().Err(err).Msg("stop rpc server")
	}
	if err := n.comet.Stop(); err != nil {
		n.log.Error().Err(err).Msg("stop cometbft")
	}
	n.comet.Wait()
	n.closeStores()
	n.log.Info().Msg("node stopped")
	return runErr
}
