package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// param is one parameter of a method, by its spec name.
type param struct {
	name     string
	required bool
}

// args are a call's parameters in spec order; a missing optional one is nil.
type args []json.RawMessage

// method is one entry of the method table.
type method struct {
	params  []param
	handler handlerFunc
}

// bind orders params (a positional array or an object by name) by the
// method's spec parameters, rejecting unknown, extra or missing ones.
func (m *method) bind(raw json.RawMessage) (args, *Error) {
	out := make(args, len(m.params))
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
	case raw[0] == '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, ErrInvalidParams.WithData("params: " + err.Error())
		}
		if len(list) > len(m.params) {
			return nil, ErrInvalidParams.WithData(fmt.Sprintf("too many params: got %d, want at most %d", len(list), len(m.params)))
		}
		copy(out, list)
	case raw[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, ErrInvalidParams.WithData("params: " + err.Error())
		}
		for name, v := range obj {
			i := m.index(name)
			if i < 0 {
				return nil, ErrInvalidParams.WithData("unknown param " + name)
			}
			out[i] = v
		}
	default:
		return nil, ErrInvalidParams.WithData("params must be an array or an object")
	}
	for i, p := range m.params {
		if out[i] != nil && bytes.Equal(bytes.TrimSpace(out[i]), []byte("null")) {
			out[i] = nil
		}
		if p.required && out[i] == nil {
			return nil, ErrInvalidParams.WithData("missing param " + p.name)
		}
	}
	return out, nil
}

func (m *method) index(name string) int {
	for i, p := range m.params {
		if p.name == name {
			return i
		}
	}
	return -1
}

// decode decodes a[i] into dst (left unchanged when the param is absent).
func decode[T any](a args, i int, name string, dst *T) error {
	if a[i] == nil {
		return nil
	}
	if err := json.Unmarshal(a[i], dst); err != nil {
		return ErrInvalidParams.WithData(fmt.Sprintf("%s: %v", name, err))
	}
	return nil
}

func req(name string) param { return param{name: name, required: true} }
func opt(name string) param { return param{name: name} }

// handlerFunc runs one method with its bound parameters.
type handlerFunc = func(ctx context.Context, s *Server, a args) (any, error)
