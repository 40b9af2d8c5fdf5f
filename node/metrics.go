package node

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cairnchain/cairn/abci/state"
)

// metrics are Cairn's application metrics, served with CometBFT's on the
// Prometheus endpoint (instrumentation.prometheus_listen_addr).
type metrics struct {
	blockNumber prometheus.Gauge
	txs         prometheus.Counter
	events      prometheus.Counter
	admitted    prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		blockNumber: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "cairn", Name: "block_number",
			Help: "Number of the latest committed Starknet block."}),
		txs: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "cairn", Name: "transactions_committed_total",
			Help: "Transactions included in committed Starknet blocks (succeeded or reverted)."}),
		events: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "cairn", Name: "events_committed_total",
			Help: "Events emitted by committed transactions."}),
		admitted: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "cairn", Name: "mempool_admitted_total",
			Help: "Transactions admitted to this node's mempool by CheckTx."}),
	}
	for _, c := range []prometheus.Collector{m.blockNumber, m.txs, m.events, m.admitted} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *metrics) onCommit(h *state.Header) {
	m.blockNumber.Set(float64(h.Number))
	m.txs.Add(float64(h.TxCount))
	m.events.Add(float64(h.EventCount))
}
