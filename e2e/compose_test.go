package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// repoRoot is the repository root (the e2e tests run in e2e/).
const repoRoot = ".."

// composeFile is the part of the Compose specification docker-compose.yml uses.
type composeFile struct {
	Services   map[string]composeService `yaml:"services"`
	Volumes    map[string]any            `yaml:"volumes"`
	Extensions map[string]any            `yaml:",inline"`
}

type composeService struct {
	Image string `yaml:"image"`
	Build struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
	} `yaml:"build"`
	Hostname    string            `yaml:"hostname"`
	Entrypoint  []string          `yaml:"entrypoint"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Volumes     []string          `yaml:"volumes"`
	Ports       []string          `yaml:"ports"`
	Restart     string            `yaml:"restart"`
	DependsOn   map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
}

// loadCompose parses docker-compose.yml strictly (unknown service keys are errors).
func loadCompose(t *testing.T) *composeFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "docker-compose.yml"))
	require.NoError(t, err)
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var c composeFile
	require.NoError(t, dec.Decode(&c), "docker-compose.yml")
	return &c
}

// cairnUsage is the usage text `cairn args… -h` prints.
func cairnUsage(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(cairnBin, append(args, "-h")...).CombinedOutput()
	require.NoError(t, err, "cairn %v -h: %s", args, out)
	return string(out)
}

var (
	usageFlag    = regexp.MustCompile(`(?m)^\s+-([a-z0-9-]+)`)
	usageCommand = regexp.MustCompile(`(?m)^  ([a-z]+)\s`)
	cliFlag      = regexp.MustCompile(`^--?([a-z0-9-]+)`)
)

// cairnFlags are the flags of a cairn subcommand, from its usage text.
func cairnFlags(t *testing.T, sub string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, m := range usageFlag.FindAllStringSubmatch(cairnUsage(t, sub), -1) {
		out[m[1]] = true
	}
	require.NotEmpty(t, out, "cairn %s has no flags?", sub)
	return out
}

// requireCairnArgs checks that args is a real cairn subcommand with real flags.
func requireCairnArgs(t *testing.T, what string, args []string) {
	t.Helper()
	require.NotEmpty(t, args, what)
	subs := map[string]bool{}
	for _, m := range usageCommand.FindAllStringSubmatch(cairnUsage(t), -1) {
		subs[m[1]] = true
	}
	require.True(t, subs[args[0]], "%s: %q is not a cairn command (have %v)", what, args[0], subs)
	flags := cairnFlags(t, args[0])
	for _, a := range args[1:] {
		if m := cliFlag.FindStringSubmatch(a); m != nil {
			require.True(t, flags[m[1]], "%s: cairn %s has no flag %s", what, args[0], a)
		}
	}
}

// TestComposeFile checks docker-compose.yml without a Docker engine: it
// parses, builds the image from docker/Dockerfile, an init service writes the
// testnet with docker/compose-init.sh (whose `cairn testnet` flags exist) and
// node0 … node3 run `cairn node` (real flags) on their homes with their
// Starknet RPC published on 9545 … 9548.
func TestComposeFile(t *testing.T) {
	c := loadCompose(t)
	for k := range c.Extensions {
		require.True(t, strings.HasPrefix(k, "x-"), "unknown top-level key %q", k)
	}
	names := []string{"init", "node0", "node1", "node2", "node3"}
	require.Len(t, c.Services, len(names))
	require.Contains(t, c.Volumes, "cairn-data")
	image := c.Services["init"].Image
	require.NotEmpty(t, image)
	for _, name := range names {
		s, ok := c.Services[name]
		require.True(t, ok, "service %s", name)
		require.Equal(t, image, s.Image, "%s image", name)
		require.Equal(t, ".", s.Build.Context, "%s build context", name)
		require.FileExists(t, filepath.Join(repoRoot, s.Build.Dockerfile), "%s dockerfile", name)
		require.Contains(t, s.Volumes, "cairn-data:/data", "%s shares the testnet volume", name)
	}

	// init: the script is mounted where the entrypoint runs it.
	init := c.Services["init"]
	require.Equal(t, []string{"/bin/sh", "/usr/local/bin/compose-init.sh"}, init.Entrypoint)
	require.Contains(t, init.Volumes, "./docker/compose-init.sh:/usr/local/bin/compose-init.sh:ro")
	require.Equal(t, "/data", init.Environment["CAIRN_DATA"])
	require.Equal(t, "4", init.Environment["CAIRN_VALIDATORS"])
	base := 0
	_, err := fmt.Sscan(init.Environment["CAIRN_BASE_PORT"], &base)
	require.NoError(t, err, "CAIRN_BASE_PORT")
	script, err := os.ReadFile(filepath.Join(repoRoot, "docker", "compose-init.sh"))
	require.NoError(t, err)
	call := regexp.MustCompile(`"\$bin" testnet((?:.*\\\n)*.*)`).FindSubmatch(script)
	require.NotNil(t, call, "compose-init.sh runs no `cairn testnet`")
	args := append([]string{"testnet"}, strings.Fields(strings.ReplaceAll(string(call[1]), "\\\n", " "))...)
	require.Contains(t, args, "--host")
	requireCairnArgs(t, "compose-init.sh", args)

	// Nodes.
	for i := range 4 {
		name := fmt.Sprintf("node%d", i)
		s := c.Services[name]
		requireCairnArgs(t, name, s.Command)
		require.Equal(t, "node", s.Command[0])
		home := ""
		for k := 1; k+1 < len(s.Command); k++ {
			if s.Command[k] == "--home" {
				home = s.Command[k+1]
			}
		}
		require.Equal(t, "/data/"+name, home, "%s home", name)
		require.Equal(t, name, s.Hostname, "the hostname compose-init.sh gives peers")
		require.Equal(t, []string{fmt.Sprintf("%d:%d", 9545+i, base+10*i+2)}, s.Ports, "%s Starknet RPC", name)
		dep, ok := s.DependsOn["init"]
		require.True(t, ok, "%s waits for init", name)
		require.Equal(t, "service_completed_successfully", dep.Condition)
	}
}

// TestComposeInitRuns runs docker/compose-init.sh as the init container
// would, with the peers' hostname set to "localhost" so that its output runs
// on this host: the listeners are on all interfaces, every validator dials
// the three others by hostname, and the four validators run a chain. A
// second run keeps the existing testnet.
func TestComposeInitRuns(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	base := freeBasePort(t, 4)
	initScript := func() string {
		cmd := exec.Command("/bin/sh", filepath.Join(repoRoot, "docker", "compose-init.sh"))
		cmd.Env = append(os.Environ(), "CAIRN_BIN="+cairnBin, "CAIRN_DATA="+data, fmt.Sprintf("CAIRN_BASE_PORT=%d", base),
			"CAIRN_PEER_HOST=localhost", "CAIRN_TIMEOUT_COMMIT=200ms", "CAIRN_EMPTY_BLOCKS_INTERVAL=1s")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	initScript()
	n := &network{t: t, dir: dir}
	for i := range 4 {
		name := fmt.Sprintf("node%d", i)
		home := filepath.Join(data, name)
		cfg, err := os.ReadFile(filepath.Join(home, "config", "config.toml"))
		require.NoError(t, err)
		port := base + 10*i
		require.Contains(t, string(cfg), fmt.Sprintf(`laddr = "tcp://0.0.0.0:%d"`, port), "%s p2p listener", name)
		peers := regexp.MustCompile(`(?m)^persistent_peers = "(.*)"`).FindSubmatch(cfg)
		require.NotNil(t, peers, name)
		list := strings.Split(string(peers[1]), ",")
		require.Len(t, list, 3, "%s peers", name)
		for j, p := range list {
			k := j
			if j >= i {
				k++
			}
			require.Regexp(t, fmt.Sprintf(`^[0-9a-f]{40}@localhost:%d$`, base+10*k), p, "%s peer %d", name, j)
		}
		n.vals = append(n.vals, &validator{name: name, home: home, logPath: filepath.Join(dir, name+".log"),
			rpcURL: fmt.Sprintf("http://127.0.0.1:%d", port+2), cometURL: fmt.Sprintf("http://127.0.0.1:%d", port+1)})
	}
	require.Contains(t, initScript(), "keeping it")

	for _, v := range n.vals {
		n.start(v)
	}
	t.Cleanup(func() {
		for _, v := range n.vals {
			n.stop(v, syscall.SIGTERM)
		}
	})
	n.waitHeight(2, 90*time.Second)
}
