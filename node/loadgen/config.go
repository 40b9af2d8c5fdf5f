package loadgen

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/node"
)

// Kind is a kind of generated transaction.
type Kind string

// Transaction kinds.
const (
	// KindTransfer transfers 1 FRI of the fee token to another account.
	KindTransfer Kind = "transfer"
	// KindFib invokes the demo contract's fib(n).
	KindFib Kind = "fib"
	// KindFactorial invokes the demo contract's factorial(n).
	KindFactorial Kind = "factorial"
	// KindDeploy funds a fresh key's counterfactual account address with a
	// transfer, waits for it to commit, then sends its DEPLOY_ACCOUNT.
	KindDeploy Kind = "deploy"
)

// ErrInvalidConfig is returned for an unusable Config.
var ErrInvalidConfig = errors.New("loadgen: invalid config")

// Config configures a run.
type Config struct {
	// URLs are the Starknet RPC endpoints; transactions rotate over them.
	URLs []string
	// Accounts are the chain id, fee token and prefunded accounts.
	Accounts *node.Accounts
	// Rate is transactions per second.
	Rate float64
	// Duration is how long to send.
	Duration time.Duration
	// Mix weights the kinds (e.g. transfer:3, fib:1).
	Mix map[Kind]int
	// Demo is the demo contract's address (required when the mix calls it).
	Demo felt.Felt
	// Arg is n for fib and factorial.
	Arg uint64
	// ReceiptTimeout bounds the wait for receipts after sending stops.
	ReceiptTimeout time.Duration
	// PollInterval is how often pending receipts are polled.
	PollInterval time.Duration
	// MaxL2Gas is the L2 gas bound of every transaction.
	MaxL2Gas uint64
}

// DefaultConfig returns a gentle default load.
func DefaultConfig() Config {
	return Config{Rate: 5, Duration: 10 * time.Second, Mix: map[Kind]int{KindTransfer: 1}, Arg: 10,
		ReceiptTimeout: 30 * time.Second, PollInterval: 200 * time.Millisecond, MaxL2Gas: 50_000_000}
}

// ParseMix parses "transfer:3,fib:1".
func ParseMix(s string) (map[Kind]int, error) {
	out := map[Kind]int{}
	for _, part := range strings.Split(s, ",") {
		name, w, found := strings.Cut(strings.TrimSpace(part), ":")
		weight := 1
		if found {
			n, err := strconv.Atoi(w)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: mix weight %q", ErrInvalidConfig, part)
			}
			weight = n
		}
		switch k := Kind(name); k {
		case KindTransfer, KindFib, KindFactorial, KindDeploy:
			out[k] += weight
		default:
			return nil, fmt.Errorf("%w: unknown transaction kind %q", ErrInvalidConfig, name)
		}
	}
	return out, nil
}

// Validate reports an unusable value.
func (c *Config) Validate() error {
	total := 0
	for _, w := range c.Mix {
		total += w
	}
	switch {
	case len(c.URLs) == 0:
		return fmt.Errorf("%w: no RPC URL", ErrInvalidConfig)
	case c.Accounts == nil || len(c.Accounts.Accounts) == 0:
		return fmt.Errorf("%w: no accounts", ErrInvalidConfig)
	case c.Rate <= 0 || c.Duration <= 0:
		return fmt.Errorf("%w: rate and duration must be positive", ErrInvalidConfig)
	case total == 0:
		return fmt.Errorf("%w: empty mix", ErrInvalidConfig)
	case (c.Mix[KindFib] > 0 || c.Mix[KindFactorial] > 0) && c.Demo.IsZero():
		return fmt.Errorf("%w: fib/factorial need the demo contract address", ErrInvalidConfig)
	case c.PollInterval <= 0 || c.ReceiptTimeout < 0 || c.MaxL2Gas == 0:
		return fmt.Errorf("%w: poll interval, receipt timeout and gas bound", ErrInvalidConfig)
	}
	return nil
}
