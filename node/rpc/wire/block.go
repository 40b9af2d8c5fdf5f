package wire

import "github.com/cairnchain/cairn/execution/felt"

// Block statuses of the spec's BLOCK_STATUS.
const (
	StatusPreConfirmed = "PRE_CONFIRMED"
	StatusAcceptedOnL2 = "ACCEPTED_ON_L2"
	StatusAcceptedOnL1 = "ACCEPTED_ON_L1"
)

// Data-availability modes of a block (L1_DA_MODE).
const (
	DABlob     = "BLOB"
	DACalldata = "CALLDATA"
)

// ResourcePrice is the spec's RESOURCE_PRICE.
type ResourcePrice struct {
	PriceInFri felt.Felt `json:"price_in_fri"`
	PriceInWei felt.Felt `json:"price_in_wei"`
}

// BlockHeader is the spec's BLOCK_HEADER of a committed block.
type BlockHeader struct {
	BlockHash             felt.Felt     `json:"block_hash"`
	ParentHash            felt.Felt     `json:"parent_hash"`
	BlockNumber           uint64        `json:"block_number"`
	NewRoot               felt.Felt     `json:"new_root"`
	Timestamp             uint64        `json:"timestamp"`
	SequencerAddress      felt.Felt     `json:"sequencer_address"`
	L1GasPrice            ResourcePrice `json:"l1_gas_price"`
	L2GasPrice            ResourcePrice `json:"l2_gas_price"`
	L1DataGasPrice        ResourcePrice `json:"l1_data_gas_price"`
	L1DAMode              string        `json:"l1_da_mode"`
	StarknetVersion       string        `json:"starknet_version"`
	EventCommitment       felt.Felt     `json:"event_commitment"`
	TransactionCommitment felt.Felt     `json:"transaction_commitment"`
	ReceiptCommitment     felt.Felt     `json:"receipt_commitment"`
	StateDiffCommitment   felt.Felt     `json:"state_diff_commitment"`
	EventCount            uint64        `json:"event_count"`
	TransactionCount      uint64        `json:"transaction_count"`
	StateDiffLength       uint64        `json:"state_diff_length"`
}

// PreConfirmedHeader is the spec's PRE_CONFIRMED_BLOCK_HEADER: the block
// being built at height latest+1, which has no hash or root yet.
type PreConfirmedHeader struct {
	BlockNumber      uint64        `json:"block_number"`
	Timestamp        uint64        `json:"timestamp"`
	SequencerAddress felt.Felt     `json:"sequencer_address"`
	L1GasPrice       ResourcePrice `json:"l1_gas_price"`
	L2GasPrice       ResourcePrice `json:"l2_gas_price"`
	L1DataGasPrice   ResourcePrice `json:"l1_data_gas_price"`
	L1DAMode         string        `json:"l1_da_mode"`
	StarknetVersion  string        `json:"starknet_version"`
}

// BlockWithTxHashes is BLOCK_WITH_TX_HASHES. A pre-confirmed block decodes
// into it too, with Status "" and the hash fields zero.
type BlockWithTxHashes struct {
	Status string `json:"status,omitempty"`
	BlockHeader
	Transactions []felt.Felt `json:"transactions"`
}

// BlockWithTxs is BLOCK_WITH_TXS (transactions carry their hashes).
type BlockWithTxs struct {
	Status string `json:"status,omitempty"`
	BlockHeader
	Transactions []Txn `json:"transactions"`
}

// TxnAndReceipt is one entry of BLOCK_BODY_WITH_RECEIPTS.
type TxnAndReceipt struct {
	Transaction Txn     `json:"transaction"`
	Receipt     Receipt `json:"receipt"`
}

// BlockWithReceipts is BLOCK_WITH_RECEIPTS.
type BlockWithReceipts struct {
	Status string `json:"status,omitempty"`
	BlockHeader
	Transactions []TxnAndReceipt `json:"transactions"`
}

// PreConfirmedBlockWithTxHashes is PRE_CONFIRMED_BLOCK_WITH_TX_HASHES.
type PreConfirmedBlockWithTxHashes struct {
	PreConfirmedHeader
	Transactions []felt.Felt `json:"transactions"`
}

// PreConfirmedBlockWithTxs is PRE_CONFIRMED_BLOCK_WITH_TXS.
type PreConfirmedBlockWithTxs struct {
	PreConfirmedHeader
	Transactions []Txn `json:"transactions"`
}

// PreConfirmedBlockWithReceipts is PRE_CONFIRMED_BLOCK_WITH_RECEIPTS.
type PreConfirmedBlockWithReceipts struct {
	PreConfirmedHeader
	Transactions []TxnAndReceipt `json:"transactions"`
}

// BlockHashAndNumber is the result of starknet_blockHashAndNumber.
type BlockHashAndNumber struct {
	BlockHash   felt.Felt `json:"block_hash"`
	BlockNumber uint64    `json:"block_number"`
}

// SyncStatus is SYNC_STATUS (starknet_syncing answers false when in sync).
type SyncStatus struct {
	StartingBlockHash felt.Felt `json:"starting_block_hash"`
	StartingBlockNum  uint64    `json:"starting_block_num"`
	CurrentBlockHash  felt.Felt `json:"current_block_hash"`
	CurrentBlockNum   uint64    `json:"current_block_num"`
	HighestBlockHash  felt.Felt `json:"highest_block_hash"`
	HighestBlockNum   uint64    `json:"highest_block_num"`
}
