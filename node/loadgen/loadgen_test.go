package loadgen

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/node"
)

func TestParseMix(t *testing.T) {
	m, err := ParseMix("transfer:3, fib ,factorial:2,fib:1,deploy:1")
	require.NoError(t, err)
	require.Equal(t, map[Kind]int{KindTransfer: 3, KindFib: 2, KindFactorial: 2, KindDeploy: 1}, m)
	_, err = ParseMix("mint:1")
	require.ErrorIs(t, err, ErrInvalidConfig)
	_, err = ParseMix("transfer:-1")
	require.ErrorIs(t, err, ErrInvalidConfig)
	require.Equal(t, []Kind{KindTransfer, KindTransfer, KindFib}, expand(map[Kind]int{KindFib: 1, KindTransfer: 2}))
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	require.Equal(t, 50*time.Millisecond, percentile(d, 50))
	require.Equal(t, 90*time.Millisecond, percentile(d, 90))
	require.Equal(t, 99*time.Millisecond, percentile(d, 99))
	require.Equal(t, time.Duration(0), percentile(nil, 50))
	require.Equal(t, 7*time.Millisecond, percentile([]time.Duration{7 * time.Millisecond}, 99))
}

func TestValidate(t *testing.T) {
	c := DefaultConfig()
	require.ErrorIs(t, c.Validate(), ErrInvalidConfig, "no URLs")
	c.URLs = []string{"http://x"}
	c.Accounts = &node.Accounts{Accounts: make([]genesis.Account, 1)}
	require.NoError(t, c.Validate())
	c.Mix = map[Kind]int{KindFib: 1}
	require.ErrorIs(t, c.Validate(), ErrInvalidConfig, "fib without demo address")
	c.Demo = felt.FromUint64(5)
	require.NoError(t, c.Validate())
	c.Rate = 0
	require.ErrorIs(t, c.Validate(), ErrInvalidConfig)
}
