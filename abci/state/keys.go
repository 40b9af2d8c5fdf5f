package state

import (
	"encoding/binary"

	"github.com/cairnchain/cairn/execution/felt"
)

// IAVL world-state key layout. Every key starts with a one-byte prefix;
// felts are 32-byte big-endian. Values are 32-byte big-endian felts except
// classes, which are the execution engine's canonical class encoding.
//
//	0x01 | address                 -> nonce
//	0x02 | address                 -> class hash of the deployed contract
//	0x03 | address | storage key   -> storage value (absent = 0)
//	0x04 | class hash              -> class definition bytes
//	0x05 | class hash              -> compiled class hash (Sierra/CASM)
const (
	prefixNonce             byte = 0x01
	prefixClassHashAt       byte = 0x02
	prefixStorage           byte = 0x03
	prefixClass             byte = 0x04
	prefixCompiledClassHash byte = 0x05
)

// Block-store key layout (LevelDB, separate from the IAVL database).
// Numbers are 8-byte big-endian so keys sort by block number.
//
//	"h" | number         -> block header (JSON, Header)
//	"b" | number         -> transaction hashes of the block (32 bytes each)
//	"s" | number         -> state update of the block (engine encoding)
//	"H" | block hash     -> number
//	"t" | tx hash        -> number (8) | index in block (4)
//	"x" | tx hash        -> canonical transaction bytes
//	"r" | tx hash        -> receipt (engine encoding)
//	"m" | "head"         -> number of the latest stored block (8)
var (
	prefixHeader      = []byte("h")
	prefixBlockTxs    = []byte("b")
	prefixStateUpdate = []byte("s")
	prefixHashToNum   = []byte("H")
	prefixTxLocation  = []byte("t")
	prefixTxBytes     = []byte("x")
	prefixReceipt     = []byte("r")
	keyHead           = []byte("mhead")
)

func feltKey(prefix byte, parts ...*felt.Felt) []byte {
	k := make([]byte, 1, 1+felt.Bytes*len(parts))
	k[0] = prefix
	for _, p := range parts {
		b := p.Bytes()
		k = append(k, b[:]...)
	}
	return k
}

func nonceKey(addr *felt.Felt) []byte       { return feltKey(prefixNonce, addr) }
func classHashAtKey(addr *felt.Felt) []byte { return feltKey(prefixClassHashAt, addr) }
func storageKey(addr, key *felt.Felt) []byte {
	return feltKey(prefixStorage, addr, key)
}
func classKey(h *felt.Felt) []byte             { return feltKey(prefixClass, h) }
func compiledClassHashKey(h *felt.Felt) []byte { return feltKey(prefixCompiledClassHash, h) }

func numKey(prefix []byte, n uint64) []byte {
	k := make([]byte, len(prefix)+8)
	copy(k, prefix)
	binary.BigEndian.PutUint64(k[len(prefix):], n)
	return k
}

func hashKey(prefix []byte, h *felt.Felt) []byte {
	b := h.Bytes()
	k := make([]byte, len(prefix)+felt.Bytes)
	copy(k, prefix)
	copy(k[len(prefix):], b[:])
	return k
}

func headerKey(n uint64) []byte         { return numKey(prefixHeader, n) }
func blockTxsKey(n uint64) []byte       { return numKey(prefixBlockTxs, n) }
func stateUpdateKey(n uint64) []byte    { return numKey(prefixStateUpdate, n) }
func hashToNumKey(h *felt.Felt) []byte  { return hashKey(prefixHashToNum, h) }
func txLocationKey(h *felt.Felt) []byte { return hashKey(prefixTxLocation, h) }
func txBytesKey(h *felt.Felt) []byte    { return hashKey(prefixTxBytes, h) }
func receiptKey(h *felt.Felt) []byte    { return hashKey(prefixReceipt, h) }
