package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// Error is a JSON-RPC error answered by the node.
type Error struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

func (e *Error) Error() string {
	if len(e.Data) > 0 {
		return fmt.Sprintf("rpc error %d: %s: %s", e.Code, e.Message, e.Data)
	}
	return fmt.Sprintf("rpc error %d: %s", e.Code, e.Message)
}

// Is matches errors with the same code.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code
}

// Spec errors a caller commonly tests for with errors.Is.
var (
	ErrBlockNotFound     = &Error{Code: 24, Message: "Block not found"}
	ErrTxnHashNotFound   = &Error{Code: 29, Message: "Transaction hash not found"}
	ErrContractNotFound  = &Error{Code: 20, Message: "Contract not found"}
	ErrClassHashNotFound = &Error{Code: 28, Message: "Class hash not found"}
	ErrNoBlocks          = &Error{Code: 32, Message: "There are no blocks"}
)

// ErrHTTP is returned for a non-JSON-RPC HTTP failure.
var ErrHTTP = errors.New("client: http error")

// Options configure a Client.
type Options struct {
	// HTTPClient is the client used; http.DefaultClient when nil.
	HTTPClient *http.Client
	// Retries is how many times a call failing at the transport level (not
	// with a JSON-RPC error) is retried; 0 by default.
	Retries int
	// RetryDelay is the pause between retries (default 200ms).
	RetryDelay time.Duration
}

// Client calls one node's JSON-RPC endpoint.
type Client struct {
	url  string
	opts Options
	seq  atomic.Uint64
}

// New returns a client of the endpoint url (e.g. http://localhost:9545/rpc/v0_10).
func New(url string, opts Options) *Client {
	if opts.HTTPClient == nil {
		opts.HTTPClient = http.DefaultClient
	}
	if opts.RetryDelay == 0 {
		opts.RetryDelay = 200 * time.Millisecond
	}
	return &Client{url: url, opts: opts}
}

type rpcResponse struct {
	Result json.RawMessage `json:"result"`
	Error  *Error          `json:"error"`
}

// Call invokes method with positional params and decodes the result into out.
func (c *Client) Call(ctx context.Context, out any, method string, params ...any) error {
	if params == nil {
		params = []any{}
	}
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": c.seq.Add(1), "method": method, "params": params})
	if err != nil {
		return fmt.Errorf("%s: encode params: %w", method, err)
	}
	var lastErr error
	for attempt := 0; attempt <= c.opts.Retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s: %w", method, ctx.Err())
			case <-time.After(c.opts.RetryDelay):
			}
		}
		var resp *rpcResponse
		resp, lastErr = c.post(ctx, body)
		if lastErr != nil {
			continue
		}
		if resp.Error != nil {
			return fmt.Errorf("%s: %w", method, resp.Error)
		}
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(resp.Result, out); err != nil {
			return fmt.Errorf("%s: decode result: %w", method, err)
		}
		return nil
	}
	return fmt.Errorf("%s: %w", method, lastErr)
}

func (c *Client) post(ctx context.Context, body []byte) (*rpcResponse, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out rpcResponse
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%w: status %d: %.200s", ErrHTTP, resp.StatusCode, b)
	}
	if out.Error == nil && out.Result == nil {
		return nil, fmt.Errorf("%w: status %d: no result", ErrHTTP, resp.StatusCode)
	}
	return &out, nil
}
