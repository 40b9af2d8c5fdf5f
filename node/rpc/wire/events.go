package wire

import (
	"encoding/json"

	"github.com/cairnchain/cairn/execution/felt"
)

// EmittedEvent is EMITTED_EVENT: an event with its position on the chain.
type EmittedEvent struct {
	Event
	BlockHash        *felt.Felt `json:"block_hash,omitempty"`
	BlockNumber      *uint64    `json:"block_number,omitempty"`
	TransactionHash  felt.Felt  `json:"transaction_hash"`
	TransactionIndex uint64     `json:"transaction_index"`
	EventIndex       uint64     `json:"event_index"`
}

// MarshalJSON flattens the event and its position into one object.
func (e EmittedEvent) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		FromAddress      felt.Felt   `json:"from_address"`
		Keys             []felt.Felt `json:"keys"`
		Data             []felt.Felt `json:"data"`
		BlockHash        *felt.Felt  `json:"block_hash,omitempty"`
		BlockNumber      *uint64     `json:"block_number,omitempty"`
		TransactionHash  felt.Felt   `json:"transaction_hash"`
		TransactionIndex uint64      `json:"transaction_index"`
		EventIndex       uint64      `json:"event_index"`
	}{e.FromAddress, nonNil(e.Keys), nonNil(e.Data), e.BlockHash, e.BlockNumber,
		e.TransactionHash, e.TransactionIndex, e.EventIndex})
}

// EventsChunk is EVENTS_CHUNK.
type EventsChunk struct {
	Events            []EmittedEvent `json:"events"`
	ContinuationToken string         `json:"continuation_token,omitempty"`
}

// EventFilter is the filter of starknet_getEvents: EVENT_FILTER and
// RESULT_PAGE_REQUEST. Address is one address; the spec's list form is
// accepted by UnmarshalJSON into Addresses.
type EventFilter struct {
	FromBlock         *BlockID      `json:"from_block,omitempty"`
	ToBlock           *BlockID      `json:"to_block,omitempty"`
	Addresses         []felt.Felt   `json:"-"`
	Keys              [][]felt.Felt `json:"keys,omitempty"`
	ContinuationToken string        `json:"continuation_token,omitempty"`
	ChunkSize         uint64        `json:"chunk_size"`
}

type eventFilterJSON struct {
	FromBlock         *BlockID        `json:"from_block,omitempty"`
	ToBlock           *BlockID        `json:"to_block,omitempty"`
	Address           json.RawMessage `json:"address,omitempty"`
	Keys              [][]felt.Felt   `json:"keys,omitempty"`
	ContinuationToken string          `json:"continuation_token,omitempty"`
	ChunkSize         uint64          `json:"chunk_size"`
}

// MarshalJSON writes one address as a string and several as a list.
func (f EventFilter) MarshalJSON() ([]byte, error) {
	j := eventFilterJSON{FromBlock: f.FromBlock, ToBlock: f.ToBlock, Keys: f.Keys,
		ContinuationToken: f.ContinuationToken, ChunkSize: f.ChunkSize}
	var err error
	switch len(f.Addresses) {
	case 0:
	case 1:
		j.Address, err = json.Marshal(f.Addresses[0])
	default:
		j.Address, err = json.Marshal(f.Addresses)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

// UnmarshalJSON accepts address as a single felt or a list of felts.
func (f *EventFilter) UnmarshalJSON(b []byte) error {
	var j eventFilterJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = EventFilter{FromBlock: j.FromBlock, ToBlock: j.ToBlock, Keys: j.Keys,
		ContinuationToken: j.ContinuationToken, ChunkSize: j.ChunkSize}
	if len(j.Address) == 0 || string(j.Address) == "null" {
		return nil
	}
	if j.Address[0] == '[' {
		return json.Unmarshal(j.Address, &f.Addresses)
	}
	var one felt.Felt
	if err := json.Unmarshal(j.Address, &one); err != nil {
		return err
	}
	f.Addresses = []felt.Felt{one}
	return nil
}
