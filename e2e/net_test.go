package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cairnchain/cairn/node/rpc/client"
)

// cairnBin is the binary TestMain builds.
var cairnBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cairn-e2e-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cairnBin = filepath.Join(dir, "cairn")
	build := exec.Command("go", "build", "-o", cairnBin, "github.com/cairnchain/cairn/cmd/cairn")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build cairn:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// validator is one running `cairn node` process.
type validator struct {
	name     string
	home     string
	logPath  string
	rpcURL   string
	cometURL string
	metrics  string
	cmd      *exec.Cmd
	done     chan struct{}
}

// network is a testnet of validator processes.
type network struct {
	t    *testing.T
	dir  string
	vals []*validator
}

// freeBasePort finds base such that base … base+10n+3 are all free.
func freeBasePort(t *testing.T, n int) int {
	t.Helper()
	for base := 30000 + (os.Getpid()%200)*100; base < 60000; base += 100 {
		ok := true
		for p := base; p < base+10*n && ok; p++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				ok = false
				continue
			}
			l.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free port range")
	return 0
}

// startNetwork writes a testnet with `cairn testnet` (genesisFile empty:
// the built-in devnet genesis) and starts every validator.
func startNetwork(t *testing.T, n int, genesisFile string) *network {
	t.Helper()
	dir := t.TempDir()
	base := freeBasePort(t, n)
	out := run(t, cairnBin, "testnet", "--validators", fmt.Sprint(n), "--output", filepath.Join(dir, "net"),
		"--genesis", genesisFile, "--base-port", fmt.Sprint(base), "--timeout-commit", "200ms",
		"--empty-blocks-interval", "1s")
	net := &network{t: t, dir: dir}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := map[string]string{}
		for _, kv := range strings.Fields(line)[1:] {
			k, v, _ := strings.Cut(kv, "=")
			f[k] = v
		}
		name := strings.Fields(line)[0]
		net.vals = append(net.vals, &validator{name: name, home: f["home"], rpcURL: f["starknet_rpc"],
			cometURL: f["cometbft_rpc"], metrics: f["metrics"], logPath: filepath.Join(dir, name+".log")})
	}
	if len(net.vals) != n {
		t.Fatalf("testnet printed %d nodes:\n%s", len(net.vals), out)
	}
	for _, v := range net.vals {
		net.start(v)
	}
	t.Cleanup(func() {
		for _, v := range net.vals {
			net.stop(v, syscall.SIGTERM)
		}
		if t.Failed() {
			for _, v := range net.vals {
				b, _ := os.ReadFile(v.logPath)
				lines := strings.Split(string(b), "\n")
				t.Logf("---- %s log (last 15 lines) ----\n%s", v.name, strings.Join(lines[max(0, len(lines)-15):], "\n"))
			}
		}
	})
	return net
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func (n *network) start(v *validator) {
	n.t.Helper()
	logf, err := os.OpenFile(v.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		n.t.Fatal(err)
	}
	v.cmd = exec.Command(cairnBin, "node", "--home", v.home)
	v.cmd.Stdout, v.cmd.Stderr = logf, logf
	if err := v.cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	v.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) {
		_ = cmd.Wait()
		logf.Close()
		close(done)
	}(v.cmd, v.done)
}

// stop signals the validator's process and waits for it to exit.
func (n *network) stop(v *validator, sig syscall.Signal) {
	if v.cmd == nil || v.cmd.Process == nil {
		return
	}
	select {
	case <-v.done:
		return
	default:
	}
	_ = v.cmd.Process.Signal(sig)
	select {
	case <-v.done:
	case <-time.After(15 * time.Second):
		_ = v.cmd.Process.Kill()
		<-v.done
	}
}

func (v *validator) client() *client.Client { return client.New(v.rpcURL, client.Options{}) }

// height is the validator's latest Starknet block number, or -1.
func (v *validator) height(ctx context.Context) int64 {
	n, err := v.client().BlockNumber(ctx)
	if err != nil {
		return -1
	}
	return int64(n)
}

// waitHeight waits until every given validator has block number ≥ h.
func (n *network) waitHeight(h int64, timeout time.Duration, vals ...*validator) {
	n.t.Helper()
	if len(vals) == 0 {
		vals = n.vals
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		low := int64(1 << 62)
		for _, v := range vals {
			low = min(low, v.height(ctx))
		}
		if low >= h {
			return
		}
		select {
		case <-ctx.Done():
			n.t.Fatalf("timeout waiting for block %d (lowest validator at %d)", h, low)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// metricsText is the validator's Prometheus exposition.
func (v *validator) metricsText(ctx context.Context) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, v.metrics, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// cometAppHash is the AppHash in CometBFT's header at height h (the state
// after height h-1) as reported by the validator's CometBFT RPC.
func (v *validator) cometAppHash(ctx context.Context, h int64) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/block?height=%d", v.cometURL, h), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Result struct {
			Block struct {
				Header struct {
					AppHash string `json:"app_hash"`
				} `json:"header"`
			} `json:"block"`
		} `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", err
	}
	return out.Result.Block.Header.AppHash, nil
}
