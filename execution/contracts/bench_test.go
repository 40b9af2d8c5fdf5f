package contracts

import (
	"math/big"
	"testing"

	"github.com/cairnchain/cairn/execution/starknet"
)

// BenchmarkTransfer measures ERC-20 transfers through Cairn's account on
// the real executor and Cairo VM (signature check in __validate__,
// multicall __execute__, the token's transfer, fee charge), one core, one
// state. Transactions are signed before the timer starts.
func BenchmarkTransfer(b *testing.B) {
	e := newEnv(b)
	a := e.funded(50)
	to := fu(0xb0b)
	txs := make([]*starknet.InvokeV3, b.N)
	for i := range txs {
		txs[i] = e.invoke(a, uint64(i), transferCall(e.token, to, big.NewInt(1)))
	}
	steps := uint64(0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := e.ex.Execute(e.st, e.bc, txs[i])
		if err != nil || r.ExecutionStatus != starknet.StatusSucceeded {
			b.Fatalf("tx %d: %v %+v", i, err, r)
		}
		steps += r.CairoSteps
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	b.ReportMetric(float64(steps)/float64(b.N), "steps/tx")
}
