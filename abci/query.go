package abci

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/cairnchain/cairn/execution/felt"
)

// Query codes (ResponseQuery.Code).
const (
	// QueryOK: the value is in Value (felts as 32-byte big-endian, records as JSON).
	QueryOK uint32 = 0
	// QueryBadPath: unknown path or malformed argument.
	QueryBadPath uint32 = 1
	// QueryNotFound: no such block, transaction or state version.
	QueryNotFound uint32 = 2
)

// Query serves debugging reads (height 0 = latest committed):
//
//	/app                       {"height","app_hash","block_number","block_hash"}
//	/nonce/<addr>              nonce
//	/class_hash/<addr>         class hash at addr
//	/storage/<addr>/<key>      storage value
//	/block/<number>            stored header JSON
//	/tx/<hash>                 {"block","index"}
func (a *App) Query(_ context.Context, req *abcitypes.RequestQuery) (*abcitypes.ResponseQuery, error) {
	parts := strings.Split(strings.Trim(req.Path, "/"), "/")
	resp := &abcitypes.ResponseQuery{Height: req.Height, Codespace: Codespace}
	fail := func(code uint32, err error) (*abcitypes.ResponseQuery, error) {
		resp.Code, resp.Log = code, err.Error()
		return resp, nil
	}
	args := make([]felt.Felt, 0, 2)
	for _, p := range parts[1:] {
		f, err := felt.FromHex(p)
		if parts[0] == "block" {
			n, perr := strconv.ParseUint(p, 10, 64)
			f, err = felt.FromUint64(n), perr
		}
		if err != nil {
			return fail(QueryBadPath, fmt.Errorf("query %s: argument %q: %w", req.Path, p, err))
		}
		args = append(args, f)
	}
	want := map[string]int{"app": 0, "nonce": 1, "class_hash": 1, "storage": 2, "block": 1, "tx": 1}
	if n, ok := want[parts[0]]; !ok || n != len(args) {
		return fail(QueryBadPath, fmt.Errorf("query: unknown path %q", req.Path))
	}
	var value []byte
	var err error
	switch parts[0] {
	case "app":
		value, err = a.queryApp()
	case "block":
		var h any
		if h, err = a.blocks.Header(args[0].Uint64()); err == nil {
			value, err = json.Marshal(h)
		}
	case "tx":
		var loc any
		if loc, err = a.blocks.TxLocation(args[0]); err == nil {
			value, err = json.Marshal(loc)
		}
	default:
		value, err = a.queryState(parts[0], req.Height, args)
	}
	if err != nil {
		return fail(QueryNotFound, fmt.Errorf("query %s: %w", req.Path, err))
	}
	resp.Value = value
	return resp, nil
}

func (a *App) queryApp() ([]byte, error) {
	out := struct {
		Height      int64      `json:"height"`
		AppHash     string     `json:"app_hash"`
		BlockNumber *uint64    `json:"block_number,omitempty"`
		BlockHash   *felt.Felt `json:"block_hash,omitempty"`
	}{Height: a.tree.Version(), AppHash: fmt.Sprintf("%X", a.tree.Hash())}
	if h := a.LastHeader(); h != nil {
		out.BlockNumber, out.BlockHash = &h.Number, &h.Hash
	}
	return json.Marshal(out)
}

func (a *App) queryState(what string, height int64, args []felt.Felt) ([]byte, error) {
	snap, err := a.tree.Latest()
	if height > 0 {
		snap, err = a.tree.At(height)
	}
	if err != nil {
		return nil, err
	}
	var v felt.Felt
	switch what {
	case "nonce":
		v, err = snap.Nonce(args[0])
	case "class_hash":
		v, err = snap.ClassHashAt(args[0])
	default:
		v, err = snap.StorageAt(args[0], args[1])
	}
	if err != nil {
		return nil, err
	}
	return feltBytes(v), nil
}
