package node

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cairnchain/cairn/execution/genesis"
	"github.com/cairnchain/cairn/execution/starknet"
)

// AppState is the CometBFT genesis app_state: the Starknet genesis with its
// CASM classes inlined, so every validator applies the same bytes.
type AppState struct {
	// Genesis is the execution/genesis JSON with "classes" emptied.
	Genesis json.RawMessage `json:"genesis"`
	// Classes are the CASM class JSON documents, in the genesis file's order.
	Classes []json.RawMessage `json:"classes"`
}

// BuildAppState reads a Starknet genesis file (and the class files it
// names) and returns the self-contained app state.
func BuildAppState(path string) ([]byte, error) {
	if _, err := genesis.Load(path); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read genesis %s: %w", path, err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parse genesis %s: %w", path, err)
	}
	var classFiles []string
	if err := json.Unmarshal(m["classes"], &classFiles); err != nil {
		return nil, fmt.Errorf("genesis %s classes: %w", path, err)
	}
	as := AppState{}
	for _, cp := range classFiles {
		if !filepath.IsAbs(cp) {
			cp = filepath.Join(filepath.Dir(path), cp)
		}
		cb, err := os.ReadFile(cp)
		if err != nil {
			return nil, fmt.Errorf("read class %s: %w", cp, err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, cb); err != nil {
			return nil, fmt.Errorf("class %s: %w", cp, err)
		}
		as.Classes = append(as.Classes, compact.Bytes())
	}
	m["classes"] = json.RawMessage(`[]`)
	if as.Genesis, err = json.Marshal(m); err != nil {
		return nil, fmt.Errorf("encode genesis: %w", err)
	}
	return json.Marshal(&as)
}

// ParseAppState decodes an app state into a validated Genesis.
func ParseAppState(b []byte) (*genesis.Genesis, error) {
	var as AppState
	if err := json.Unmarshal(b, &as); err != nil {
		return nil, fmt.Errorf("%w: app state: %w", genesis.ErrInvalidGenesis, err)
	}
	dec := json.NewDecoder(bytes.NewReader(as.Genesis))
	dec.DisallowUnknownFields()
	g := &genesis.Genesis{}
	if err := dec.Decode(g); err != nil {
		return nil, fmt.Errorf("%w: app state genesis: %w", genesis.ErrInvalidGenesis, err)
	}
	for i, c := range as.Classes {
		cl, err := starknet.ParseCASM(c)
		if err != nil {
			return nil, fmt.Errorf("%w: app state class %d: %w", genesis.ErrInvalidGenesis, i, err)
		}
		g.AddClass(cl)
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return g, nil
}
