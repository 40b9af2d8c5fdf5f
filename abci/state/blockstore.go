package state

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"

	idb "github.com/cosmos/iavl/db"

	"github.com/cairnchain/cairn/execution/felt"
)

// Header is a stored Starknet block header plus the CometBFT data it came from.
type Header struct {
	Number              uint64    `json:"block_number"`
	Hash                felt.Felt `json:"block_hash"`
	ParentHash          felt.Felt `json:"parent_hash"`
	NewRoot             felt.Felt `json:"new_root"`
	Timestamp           uint64    `json:"timestamp"`
	Sequencer           felt.Felt `json:"sequencer_address"`
	L1GasPriceWei       felt.Felt `json:"l1_gas_price_wei"`
	L1GasPriceFri       felt.Felt `json:"l1_gas_price_fri"`
	L1DataGasPriceWei   felt.Felt `json:"l1_data_gas_price_wei"`
	L1DataGasPriceFri   felt.Felt `json:"l1_data_gas_price_fri"`
	L2GasPriceWei       felt.Felt `json:"l2_gas_price_wei"`
	L2GasPriceFri       felt.Felt `json:"l2_gas_price_fri"`
	L1DAMode            string    `json:"l1_da_mode"`
	StarknetVersion     string    `json:"starknet_version"`
	TxCount             uint64    `json:"transaction_count"`
	EventCount          uint64    `json:"event_count"`
	StateDiffLength     uint64    `json:"state_diff_length"`
	TxCommitment        felt.Felt `json:"transaction_commitment"`
	EventCommitment     felt.Felt `json:"event_commitment"`
	ReceiptCommitment   felt.Felt `json:"receipt_commitment"`
	StateDiffCommitment felt.Felt `json:"state_diff_commitment"`
	// CometHeight is the CometBFT height that produced the block (Number+1).
	CometHeight int64 `json:"comet_height"`
	// AppHash is the IAVL root after the block (the CometBFT AppHash of the next header).
	AppHash []byte `json:"app_hash"`
}

// Block is everything the block store keeps about one block.
type Block struct {
	Header Header
	// Txs are the canonical transaction bytes, in block order.
	Txs [][]byte
	// TxHashes are the transaction hashes, parallel to Txs.
	TxHashes []felt.Felt
	// Receipts are the engine-encoded receipts, parallel to Txs.
	Receipts [][]byte
	// StateUpdate is the engine-encoded state update of the block.
	StateUpdate []byte
}

// TxLocation is where a transaction landed.
type TxLocation struct {
	Block uint64
	Index uint32
}

// BlockStore is the LevelDB-backed store of committed blocks.
type BlockStore struct {
	db *idb.GoLevelDB
}

// OpenBlockStore opens (or creates) the block store in dir.
func OpenBlockStore(dir string) (*BlockStore, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create block store dir: %w", err)
	}
	db, err := idb.NewGoLevelDB("blocks", dir)
	if err != nil {
		return nil, fmt.Errorf("open block store in %s: %w", dir, err)
	}
	return &BlockStore{db: db}, nil
}

// Close closes the database.
func (s *BlockStore) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close block store: %w", err)
	}
	return nil
}

// Put writes a block and its indexes atomically (one synced batch) and makes
// it the head. Writing the same block again is idempotent, which is what
// replay after a crash between the block store write and the IAVL commit
// needs.
func (s *BlockStore) Put(b *Block) error {
	n := b.Header.Number
	if len(b.Txs) != len(b.TxHashes) || len(b.Txs) != len(b.Receipts) {
		return fmt.Errorf("put block %d: %d txs, %d hashes, %d receipts", n, len(b.Txs), len(b.TxHashes), len(b.Receipts))
	}
	hdr, err := json.Marshal(&b.Header)
	if err != nil {
		return fmt.Errorf("encode header %d: %w", n, err)
	}
	batch := s.db.NewBatch()
	defer batch.Close()
	hashes := make([]byte, 0, felt.Bytes*len(b.TxHashes))
	sets := [][2][]byte{
		{headerKey(n), hdr},
		{stateUpdateKey(n), b.StateUpdate},
		{hashToNumKey(&b.Header.Hash), u64(n)},
		{keyHead, u64(n)},
	}
	for i := range b.Txs {
		h := b.TxHashes[i]
		hb := h.Bytes()
		hashes = append(hashes, hb[:]...)
		loc := make([]byte, 12)
		binary.BigEndian.PutUint64(loc, n)
		binary.BigEndian.PutUint32(loc[8:], uint32(i))
		sets = append(sets,
			[2][]byte{txLocationKey(&h), loc},
			[2][]byte{txBytesKey(&h), b.Txs[i]},
			[2][]byte{receiptKey(&h), b.Receipts[i]},
		)
	}
	sets = append(sets, [2][]byte{blockTxsKey(n), hashes})
	for _, kv := range sets {
		v := kv[1]
		if v == nil {
			v = []byte{}
		}
		if err := batch.Set(kv[0], v); err != nil {
			return fmt.Errorf("put block %d: %w", n, err)
		}
	}
	if err := batch.WriteSync(); err != nil {
		return fmt.Errorf("write block %d: %w", n, err)
	}
	return nil
}

// Head returns the number of the latest stored block; ok is false when the
// store is empty.
func (s *BlockStore) Head() (n uint64, ok bool, err error) {
	v, err := s.db.Get(keyHead)
	if err != nil {
		return 0, false, fmt.Errorf("read head: %w", err)
	}
	if v == nil {
		return 0, false, nil
	}
	if len(v) != 8 {
		return 0, false, fmt.Errorf("head: %w", ErrCorrupt)
	}
	return binary.BigEndian.Uint64(v), true, nil
}

// Header returns the header of block n.
func (s *BlockStore) Header(n uint64) (*Header, error) {
	v, err := s.get(headerKey(n), "header %d", n)
	if err != nil {
		return nil, err
	}
	var h Header
	if err := json.Unmarshal(v, &h); err != nil {
		return nil, fmt.Errorf("decode header %d: %w: %w", n, ErrCorrupt, err)
	}
	return &h, nil
}

// NumberByHash returns the number of the block with the given hash.
func (s *BlockStore) NumberByHash(h felt.Felt) (uint64, error) {
	v, err := s.get(hashToNumKey(&h), "block hash %s", h.Hex())
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("block hash %s: %w", h.Hex(), ErrCorrupt)
	}
	return binary.BigEndian.Uint64(v), nil
}

// TxHashes returns the transaction hashes of block n in order.
func (s *BlockStore) TxHashes(n uint64) ([]felt.Felt, error) {
	v, err := s.get(blockTxsKey(n), "block %d txs", n)
	if err != nil {
		return nil, err
	}
	if len(v)%felt.Bytes != 0 {
		return nil, fmt.Errorf("block %d txs: %w", n, ErrCorrupt)
	}
	out := make([]felt.Felt, len(v)/felt.Bytes)
	for i := range out {
		f, err := felt.FromBytesCanonical(v[i*felt.Bytes : (i+1)*felt.Bytes])
		if err != nil {
			return nil, fmt.Errorf("block %d tx %d: %w: %w", n, i, ErrCorrupt, err)
		}
		out[i] = f
	}
	return out, nil
}

// StateUpdate returns the engine-encoded state update of block n.
func (s *BlockStore) StateUpdate(n uint64) ([]byte, error) {
	return s.get(stateUpdateKey(n), "state update %d", n)
}

// TxLocation returns the block and index of a transaction.
func (s *BlockStore) TxLocation(h felt.Felt) (TxLocation, error) {
	v, err := s.get(txLocationKey(&h), "tx %s", h.Hex())
	if err != nil {
		return TxLocation{}, err
	}
	if len(v) != 12 {
		return TxLocation{}, fmt.Errorf("tx %s location: %w", h.Hex(), ErrCorrupt)
	}
	return TxLocation{Block: binary.BigEndian.Uint64(v), Index: binary.BigEndian.Uint32(v[8:])}, nil
}

// Tx returns the canonical bytes of a transaction.
func (s *BlockStore) Tx(h felt.Felt) ([]byte, error) { return s.get(txBytesKey(&h), "tx %s", h.Hex()) }

// Receipt returns the engine-encoded receipt of a transaction.
func (s *BlockStore) Receipt(h felt.Felt) ([]byte, error) {
	return s.get(receiptKey(&h), "receipt %s", h.Hex())
}

func (s *BlockStore) get(key []byte, what string, args ...any) ([]byte, error) {
	v, err := s.db.Get(key)
	if err != nil {
		return nil, fmt.Errorf("read "+what+": %w", append(args, err)...)
	}
	if v == nil {
		return nil, fmt.Errorf(what+": %w", append(args, ErrNotFound)...)
	}
	return v, nil
}

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}
