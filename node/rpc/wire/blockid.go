package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// Block tags of the spec's BLOCK_TAG.
const (
	TagLatest       = "latest"
	TagL1Accepted   = "l1_accepted"
	TagPreConfirmed = "pre_confirmed"
)

// ErrBadBlockID is returned when a block id is none of a tag, {block_hash}
// or {block_number}.
var ErrBadBlockID = errors.New("wire: invalid block id")

// BlockID is the spec's BLOCK_ID: exactly one of Tag, Hash or Number is set.
type BlockID struct {
	Tag    string
	Hash   *felt.Felt
	Number *uint64
}

// Latest returns the "latest" block id.
func Latest() BlockID { return BlockID{Tag: TagLatest} }

// PreConfirmed returns the "pre_confirmed" block id.
func PreConfirmed() BlockID { return BlockID{Tag: TagPreConfirmed} }

// ByNumber returns the block id {block_number: n}.
func ByNumber(n uint64) BlockID { return BlockID{Number: &n} }

// ByHash returns the block id {block_hash: h}.
func ByHash(h felt.Felt) BlockID { return BlockID{Hash: &h} }

// String describes the id for logs and errors.
func (b BlockID) String() string {
	switch {
	case b.Hash != nil:
		return "hash " + b.Hash.Hex()
	case b.Number != nil:
		return fmt.Sprintf("number %d", *b.Number)
	default:
		return b.Tag
	}
}

// MarshalJSON encodes the tag as a string, a hash or number as an object.
func (b BlockID) MarshalJSON() ([]byte, error) {
	switch {
	case b.Hash != nil:
		return json.Marshal(struct {
			Hash felt.Felt `json:"block_hash"`
		}{*b.Hash})
	case b.Number != nil:
		return json.Marshal(struct {
			Number uint64 `json:"block_number"`
		}{*b.Number})
	case b.Tag == TagLatest || b.Tag == TagL1Accepted || b.Tag == TagPreConfirmed:
		return json.Marshal(b.Tag)
	default:
		return nil, fmt.Errorf("%w: empty or unknown tag %q", ErrBadBlockID, b.Tag)
	}
}

// UnmarshalJSON accepts "latest", "l1_accepted", "pre_confirmed",
// {"block_hash": felt} or {"block_number": integer}.
func (b *BlockID) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		var tag string
		if err := json.Unmarshal(data, &tag); err != nil {
			return fmt.Errorf("%w: %w", ErrBadBlockID, err)
		}
		switch tag {
		case TagLatest, TagL1Accepted, TagPreConfirmed:
			*b = BlockID{Tag: tag}
			return nil
		}
		return fmt.Errorf("%w: unknown tag %q", ErrBadBlockID, tag)
	}
	var obj struct {
		Hash   *felt.Felt `json:"block_hash"`
		Number *uint64    `json:"block_number"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&obj); err != nil {
		return fmt.Errorf("%w: %w", ErrBadBlockID, err)
	}
	if (obj.Hash == nil) == (obj.Number == nil) {
		return fmt.Errorf("%w: want exactly one of block_hash, block_number", ErrBadBlockID)
	}
	*b = BlockID{Hash: obj.Hash, Number: obj.Number}
	return nil
}
