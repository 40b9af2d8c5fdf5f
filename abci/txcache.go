package abci

import "crypto/sha256"

// txCache remembers decoded transactions by the SHA-256 of their bytes, so
// a transaction seen in CheckTx is not decoded and hashed again in
// PrepareProposal, ProcessProposal and FinalizeBlock. Only successful
// decodes are kept; it holds at most size entries (oldest evicted first).
// Callers hold App.mu.
type txCache struct {
	size  int
	byKey map[[32]byte]Tx
	order [][32]byte
	next  int
}

func newTxCache(size int) *txCache {
	return &txCache{size: size, byKey: make(map[[32]byte]Tx, size), order: make([][32]byte, 0, size)}
}

// decode returns the cached transaction for raw or decodes it with engine.
func (c *txCache) decode(engine Engine, raw []byte) (Tx, error) {
	key := sha256.Sum256(raw)
	if tx, ok := c.byKey[key]; ok {
		return tx, nil
	}
	tx, err := engine.DecodeTx(raw)
	if err != nil {
		return nil, err
	}
	if len(c.order) < c.size {
		c.order = append(c.order, key)
	} else {
		delete(c.byKey, c.order[c.next])
		c.order[c.next] = key
		c.next = (c.next + 1) % c.size
	}
	c.byKey[key] = tx
	return tx, nil
}
