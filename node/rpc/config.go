package rpc

import (
	"errors"
	"fmt"
	"time"
)

// Config configures the server. Zero fields take the defaults of DefaultConfig
// through WithDefaults; Validate rejects values that cannot work.
type Config struct {
	// MaxBodyBytes caps the size of one HTTP request or WebSocket message.
	// DECLARE carries a whole class, so keep this well above the class size limit.
	MaxBodyBytes int64
	// MaxBatch caps the number of calls in one batch.
	MaxBatch int
	// MaxChunkSize caps getEvents' chunk_size (above: PAGE_SIZE_TOO_BIG).
	MaxChunkSize uint64
	// MaxKeysInFilter caps the total number of keys in an events filter.
	MaxKeysInFilter int
	// MaxAddressesInFilter caps sender_address filters of subscriptions.
	MaxAddressesInFilter int
	// MaxEventBlockScan caps how many blocks one getEvents call reads; the
	// answer then carries a continuation token.
	MaxEventBlockScan uint64
	// MaxSubscriptions caps subscriptions per WebSocket connection.
	MaxSubscriptions int
	// RequestTimeout bounds the handling of one call.
	RequestTimeout time.Duration
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{
		MaxBodyBytes:         16 << 20,
		MaxBatch:             100,
		MaxChunkSize:         1024,
		MaxKeysInFilter:      64,
		MaxAddressesInFilter: 128,
		MaxEventBlockScan:    10_000,
		MaxSubscriptions:     64,
		RequestTimeout:       30 * time.Second,
	}
}

// WithDefaults fills zero fields from DefaultConfig.
func (c Config) WithDefaults() Config {
	d := DefaultConfig()
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = d.MaxBodyBytes
	}
	if c.MaxBatch == 0 {
		c.MaxBatch = d.MaxBatch
	}
	if c.MaxChunkSize == 0 {
		c.MaxChunkSize = d.MaxChunkSize
	}
	if c.MaxKeysInFilter == 0 {
		c.MaxKeysInFilter = d.MaxKeysInFilter
	}
	if c.MaxAddressesInFilter == 0 {
		c.MaxAddressesInFilter = d.MaxAddressesInFilter
	}
	if c.MaxEventBlockScan == 0 {
		c.MaxEventBlockScan = d.MaxEventBlockScan
	}
	if c.MaxSubscriptions == 0 {
		c.MaxSubscriptions = d.MaxSubscriptions
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = d.RequestTimeout
	}
	return c
}

// ErrBadConfig is returned by Validate.
var ErrBadConfig = errors.New("rpc: invalid config")

// Validate checks that every limit is positive.
func (c Config) Validate() error {
	switch {
	case c.MaxBodyBytes < 1024:
		return fmt.Errorf("%w: MaxBodyBytes %d below 1024", ErrBadConfig, c.MaxBodyBytes)
	case c.MaxBatch < 1:
		return fmt.Errorf("%w: MaxBatch %d", ErrBadConfig, c.MaxBatch)
	case c.MaxChunkSize < 1:
		return fmt.Errorf("%w: MaxChunkSize %d", ErrBadConfig, c.MaxChunkSize)
	case c.MaxKeysInFilter < 1:
		return fmt.Errorf("%w: MaxKeysInFilter %d", ErrBadConfig, c.MaxKeysInFilter)
	case c.MaxAddressesInFilter < 1:
		return fmt.Errorf("%w: MaxAddressesInFilter %d", ErrBadConfig, c.MaxAddressesInFilter)
	case c.MaxEventBlockScan < 1:
		return fmt.Errorf("%w: MaxEventBlockScan %d", ErrBadConfig, c.MaxEventBlockScan)
	case c.MaxSubscriptions < 1:
		return fmt.Errorf("%w: MaxSubscriptions %d", ErrBadConfig, c.MaxSubscriptions)
	case c.RequestTimeout <= 0:
		return fmt.Errorf("%w: RequestTimeout %s", ErrBadConfig, c.RequestTimeout)
	}
	return nil
}
