package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"

	"github.com/gorilla/websocket"
	"github.com/rs/zerolog"
)

// Spec versions answered by starknet_specVersion per path.
const (
	SpecVersion   = "0.10.3"
	SpecVersionV9 = "0.9.0"
)

// Server serves the Starknet JSON-RPC API over a Backend.
type Server struct {
	backend  Backend
	cfg      Config
	log      zerolog.Logger
	methods  map[string]*method
	upgrader websocket.Upgrader
}

// New returns a server over backend. cfg's zero fields take defaults.
func New(backend Backend, cfg Config, log zerolog.Logger) (*Server, error) {
	if backend == nil {
		return nil, fmt.Errorf("rpc: nil backend")
	}
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{backend: backend, cfg: cfg, log: log, methods: methodTable()}
	s.upgrader = websocket.Upgrader{
		ReadBufferSize:  4096,
		WriteBufferSize: 4096,
		// Browser wallets and explorers on other origins must reach the node.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	return s, nil
}

type versionKey struct{}

// specVersionOf is the spec version the request's path serves.
func specVersionOf(ctx context.Context) string {
	if v, ok := ctx.Value(versionKey{}).(string); ok {
		return v
	}
	return SpecVersion
}

// Handler serves "/", "/rpc/v0_10", "/rpc/v0_9" and "/ws" (HTTP POST and
// WebSocket upgrades).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	v10 := s.versioned(SpecVersion)
	mux.Handle("/{$}", v10)
	mux.Handle("/rpc/v0_10", v10)
	mux.Handle("/rpc/v0_10/", v10)
	mux.Handle("/ws", v10)
	v9 := s.versioned(SpecVersionV9)
	mux.Handle("/rpc/v0_9", v9)
	mux.Handle("/rpc/v0_9/", v9)
	return mux
}

func (s *Server) versioned(version string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), versionKey{}, version)
		r = r.WithContext(ctx)
		if websocket.IsWebSocketUpgrade(r) {
			s.serveWS(w, r)
			return
		}
		s.serveHTTP(w, r)
	})
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	switch r.Method {
	case http.MethodOptions:
		w.Header().Set("Access-Control-Allow-Methods", "POST, OPTIONS")
		w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "POST, OPTIONS")
		http.Error(w, "JSON-RPC requests must be POSTed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, errorResponse(nil,
				ErrInvalidRequest.WithData(fmt.Sprintf("request body exceeds %d bytes", s.cfg.MaxBodyBytes))))
			return
		}
		writeJSON(w, http.StatusBadRequest, errorResponse(nil, ErrParse.WithData("cannot read body")))
		return
	}
	out := s.handleMessage(r.Context(), body)
	if out == nil { // only notifications
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Internal error"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// request is one JSON-RPC 2.0 call. ID is nil for a notification.
type request struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// response is one JSON-RPC 2.0 answer.
type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *Error          `json:"error,omitempty"`
}

func errorResponse(id json.RawMessage, e *Error) *response {
	if id == nil {
		id = json.RawMessage("null")
	}
	return &response{JSONRPC: "2.0", ID: id, Error: e}
}

// handleMessage answers one message: a single call or a batch. It returns
// nil when nothing must be sent back (notifications only).
func (s *Server) handleMessage(ctx context.Context, body []byte) any {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return errorResponse(nil, ErrInvalidRequest.WithData("empty body"))
	}
	if body[0] != '[' {
		if r := s.handleSingle(ctx, body); r != nil {
			return r
		}
		return nil
	}
	var batch []json.RawMessage
	if err := json.Unmarshal(body, &batch); err != nil {
		return errorResponse(nil, ErrParse)
	}
	if len(batch) == 0 {
		return errorResponse(nil, ErrInvalidRequest.WithData("empty batch"))
	}
	if len(batch) > s.cfg.MaxBatch {
		return errorResponse(nil, ErrInvalidRequest.WithData(fmt.Sprintf("batch of %d calls exceeds the limit of %d", len(batch), s.cfg.MaxBatch)))
	}
	out := make([]*response, 0, len(batch))
	for _, raw := range batch {
		if r := s.handleSingle(ctx, raw); r != nil {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// handleSingle parses and runs one call. A nil result means a notification.
func (s *Server) handleSingle(ctx context.Context, raw []byte) *response {
	if !json.Valid(raw) {
		return errorResponse(nil, ErrParse)
	}
	var req request
	if err := json.Unmarshal(raw, &req); err != nil {
		return errorResponse(nil, ErrInvalidRequest)
	}
	if req.JSONRPC != "2.0" || req.Method == "" || !validID(req.ID) {
		return errorResponse(idOrNull(req.ID), ErrInvalidRequest)
	}
	result, rpcErr := s.call(ctx, req.Method, req.Params)
	if req.ID == nil {
		return nil
	}
	if rpcErr != nil {
		return errorResponse(req.ID, rpcErr)
	}
	return &response{JSONRPC: "2.0", ID: req.ID, Result: result}
}

func idOrNull(id json.RawMessage) json.RawMessage {
	if validID(id) {
		return id
	}
	return nil
}

// validID accepts an absent id (notification), null, a string or a number.
func validID(id json.RawMessage) bool {
	if id == nil {
		return true
	}
	switch id[0] {
	case '"', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return true
	}
	return false
}

// call runs one method with a timeout, recovering from panics so that one
// bad request never takes the node down.
func (s *Server) call(ctx context.Context, name string, params json.RawMessage) (result json.RawMessage, rpcErr *Error) {
	m, ok := s.methods[name]
	if !ok {
		return nil, ErrMethodNotFound.WithData(name)
	}
	args, perr := m.bind(params)
	if perr != nil {
		return nil, perr
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			s.log.Error().Str("method", name).Interface("panic", p).Bytes("stack", debug.Stack()).Msg("rpc handler panicked")
			result, rpcErr = nil, ErrInternal
		}
	}()
	v, err := m.handler(ctx, s, args)
	if err != nil {
		e, known := toError(err)
		if !known {
			s.log.Error().Err(err).Str("method", name).Msg("rpc call failed")
		}
		return nil, e
	}
	b, err := json.Marshal(v)
	if err != nil {
		s.log.Error().Err(err).Str("method", name).Msg("encode rpc result")
		return nil, ErrInternal
	}
	return b, nil
}
