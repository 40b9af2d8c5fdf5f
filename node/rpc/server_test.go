package rpc

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cairnchain/cairn/node/rpc/wire"
	"github.com/rs/zerolog"
)

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDispatcher(t *testing.T) {
	_, _, ts := newTestServer(t, Config{MaxBatch: 3, MaxBodyBytes: 4096})
	for _, c := range []struct {
		name, body string
		status     int
		want       string
	}{
		{"bad json", `{"jsonrpc":"2.0",`, 200, `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}`},
		{"wrong version", `{"jsonrpc":"1.0","id":1,"method":"starknet_chainId"}`, 200, `{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid Request"}}`},
		{"no method", `{"jsonrpc":"2.0","id":1}`, 200, `{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid Request"}}`},
		{"object id", `{"jsonrpc":"2.0","id":{},"method":"starknet_chainId"}`, 200, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request"}}`},
		{"not an object", `42`, 200, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request"}}`},
		{"unknown method", `{"jsonrpc":"2.0","id":"a","method":"starknet_nope"}`, 200, `{"jsonrpc":"2.0","id":"a","error":{"code":-32601,"message":"Method not found","data":"starknet_nope"}}`},
		{"bad params type", `{"jsonrpc":"2.0","id":1,"method":"starknet_getNonce","params":"x"}`, 200, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params","data":"params must be an array or an object"}}`},
		{"too many params", `{"jsonrpc":"2.0","id":1,"method":"starknet_chainId","params":[1]}`, 200, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params","data":"too many params: got 1, want at most 0"}}`},
		{"unknown named param", `{"jsonrpc":"2.0","id":1,"method":"starknet_getNonce","params":{"block_id":"latest","address":"0x1"}}`, 200, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params","data":"unknown param address"}}`},
		{"missing param", `{"jsonrpc":"2.0","id":1,"method":"starknet_getNonce","params":{"block_id":"latest"}}`, 200, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params","data":"missing param contract_address"}}`},
		{"felt out of range", `{"jsonrpc":"2.0","id":1,"method":"starknet_getNonce","params":["latest","0x800000000000011000000000000000000000000000000000000000000000001"]}`, 200, ``},
		{"batch", `[{"jsonrpc":"2.0","id":1,"method":"starknet_blockNumber"},{"jsonrpc":"2.0","method":"starknet_blockNumber"},{"jsonrpc":"2.0","id":2,"method":"x"}]`, 200,
			`[{"jsonrpc":"2.0","id":1,"result":2},{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found","data":"x"}}]`},
		{"batch too big", `[{},{},{},{}]`, 200, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request","data":"batch of 4 calls exceeds the limit of 3"}}`},
		{"empty batch", `[]`, 200, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request","data":"empty batch"}}`},
		{"batch of junk", `[1]`, 200, `[{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request"}}]`},
		{"notification only", `{"jsonrpc":"2.0","method":"starknet_blockNumber"}`, 204, ``},
		{"oversized", `{"jsonrpc":"2.0","id":1,"method":"starknet_chainId","params":["` + strings.Repeat("a", 5000) + `"]}`, 413,
			`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request","data":"request body exceeds 4096 bytes"}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, body := post(t, ts.URL, c.body)
			if status != c.status {
				t.Fatalf("status %d, want %d (%s)", status, c.status, body)
			}
			if c.want == "" && c.name == "felt out of range" {
				if !strings.Contains(body, `"code":-32602`) {
					t.Errorf("want invalid params, got %s", body)
				}
				return
			}
			if strings.TrimSpace(body) != c.want {
				t.Errorf("got  %s\nwant %s", body, c.want)
			}
		})
	}
}

func TestPathsAndMethods(t *testing.T) {
	_, _, ts := newTestServer(t, Config{})
	for path, want := range map[string]string{"/": "0.10.3", "/rpc/v0_10": "0.10.3", "/rpc/v0_9": "0.9.0"} {
		_, body := post(t, ts.URL+path, `{"jsonrpc":"2.0","id":1,"method":"starknet_specVersion"}`)
		if !strings.Contains(body, `"result":"`+want+`"`) {
			t.Errorf("%s: %s, want %s", path, body, want)
		}
	}
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d", resp.StatusCode)
	}
	if status, _ := post(t, ts.URL+"/nope", `{}`); status != http.StatusNotFound {
		t.Errorf("unknown path: status %d", status)
	}
}

// panicky makes every header lookup panic.
type panicky struct{ *memBackend }

func (panicky) Header(context.Context, uint64) (*wire.BlockHeader, error) { panic("boom") }

func TestPanicIsInternalError(t *testing.T) {
	s, err := New(panicky{newTestChain()}, Config{}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	r := rawCall(t, s, "starknet_blockHashAndNumber", nil)
	if r.Error == nil || r.Error.Code != -32603 {
		t.Fatalf("want internal error, got %+v", r)
	}
	// The server still answers afterwards.
	if r := rawCall(t, s, "starknet_blockNumber", nil); r.Error != nil || string(r.Result) != "2" {
		t.Fatalf("after panic: %+v", r)
	}
}

func TestConfigValidation(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := DefaultConfig()
	bad.MaxBatch = -1
	if _, err := New(newTestChain(), bad, zerolog.Nop()); err == nil {
		t.Error("negative MaxBatch accepted")
	}
	if _, err := New(nil, Config{}, zerolog.Nop()); err == nil {
		t.Error("nil backend accepted")
	}
}

func FuzzHandleMessage(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"starknet_getEvents","params":[{"chunk_size":1,"continuation_token":"0-0"}]}`,
		`[{"jsonrpc":"2.0","id":1,"method":"starknet_getBlockWithTxs","params":{"block_id":{"block_number":1}}}]`,
		`{"jsonrpc":"2.0","id":1,"method":"starknet_addInvokeTransaction","params":[{"type":"INVOKE","version":"0x3"}]}`,
		`{"jsonrpc":"2.0","id":1,"method":"starknet_getStorageAt","params":["0x70c","0x5",{"block_hash":"0xb10c00"},["INCLUDE_LAST_UPDATE_BLOCK"]]}`,
	} {
		f.Add([]byte(seed))
	}
	s, err := New(newTestChain(), Config{}, zerolog.Nop())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out := s.handleMessage(context.Background(), body)
		if out == nil {
			return
		}
		if _, err := json.Marshal(out); err != nil {
			t.Fatalf("unencodable answer: %v", err)
		}
	})
}

func TestTxnRoundTrip(t *testing.T) {
	// Every transaction shape the server emits decodes back to the same value.
	b := newTestChain()
	for n := range b.txs {
		for _, tx := range b.txs[n] {
			j, err := json.Marshal(tx)
			if err != nil {
				t.Fatal(err)
			}
			var back wire.Txn
			if err := json.Unmarshal(j, &back); err != nil {
				t.Fatal(err)
			}
			j2, _ := json.Marshal(back)
			if string(j) != string(j2) {
				t.Errorf("round trip:\n%s\n%s", j, j2)
			}
		}
	}
	var id wire.BlockID
	for _, bad := range []string{`"pending"`, `{"block_number":1,"block_hash":"0x1"}`, `{}`, `{"block_number":-1}`, `{"x":1}`} {
		if err := json.Unmarshal([]byte(bad), &id); err == nil {
			t.Errorf("block id %s accepted", bad)
		}
	}
}
