package rpc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specDir holds the Starknet JSON-RPC v0.10.3 spec files.
const specDir = "../../../shared/specs/starknet-rpc-v0.10.3"

// specFiles are the spec documents whose methods the server implements.
var specFiles = []string{
	"starknet_api_openrpc.json", "starknet_write_api.json", "starknet_trace_api_openrpc.json",
	"starknet_ws_api.json", "starknet_executables.json",
}

const specBase = "file:///spec/"

// specSet is the loaded spec: documents by file name and the compiler.
type specSet struct {
	docs     map[string]map[string]any
	compiler *jsonschema.Compiler
	mu       sync.Mutex
	cache    map[string]*jsonschema.Schema
}

var (
	specOnce sync.Once
	spec     *specSet
	specErr  error
)

// loadSpec reads the spec files, rewrites every cross-file $ref
// ("./api/starknet_api_openrpc.json#/...", "../api/...") to an absolute
// file:///spec/<name> URL, and registers them with a draft-07 compiler.
func loadSpec(t *testing.T) *specSet {
	t.Helper()
	specOnce.Do(func() {
		dir := specDir
		if d := os.Getenv("CAIRN_RPC_SPEC_DIR"); d != "" {
			dir = d
		}
		s := &specSet{docs: map[string]map[string]any{}, compiler: jsonschema.NewCompiler(), cache: map[string]*jsonschema.Schema{}}
		s.compiler.DefaultDraft(jsonschema.Draft7)
		for _, name := range append(specFiles, "starknet_metadata.json") {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				specErr = fmt.Errorf("read spec %s: %w", name, err)
				return
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				specErr = fmt.Errorf("parse spec %s: %w", name, err)
				return
			}
			rewriteRefs(doc)
			m, _ := doc.(map[string]any)
			s.docs[name] = m
			if err := s.compiler.AddResource(specBase+name, doc); err != nil {
				specErr = fmt.Errorf("add spec %s: %w", name, err)
				return
			}
		}
		spec = s
	})
	if specErr != nil {
		t.Fatal(specErr)
	}
	return spec
}

// rewriteRefs makes cross-file references absolute; same-file ones
// ("#/components/...") resolve against the document's own URL.
func rewriteRefs(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if ref, ok := val.(string); ok && k == "$ref" && !strings.HasPrefix(ref, "#") {
				file, frag, _ := strings.Cut(ref, "#")
				x[k] = specBase + filepath.Base(file) + "#" + frag
				continue
			}
			rewriteRefs(val)
		}
	case []any:
		for _, e := range x {
			rewriteRefs(e)
		}
	}
}

// methodLoc finds a method's file and index in the spec.
func (s *specSet) methodLoc(name string) (string, int, map[string]any, bool) {
	for _, file := range specFiles {
		ms, _ := s.docs[file]["methods"].([]any)
		for i, m := range ms {
			mm, _ := m.(map[string]any)
			if mm["name"] == name {
				return file, i, mm, true
			}
		}
	}
	return "", 0, nil, false
}

func (s *specSet) compile(loc string) (*jsonschema.Schema, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.cache[loc]; ok {
		return sch, nil
	}
	sch, err := s.compiler.Compile(loc)
	if err != nil {
		return nil, err
	}
	s.cache[loc] = sch
	return sch, nil
}

// validateResult checks a method's result against its spec result schema.
func (s *specSet) validateResult(t *testing.T, method string, result json.RawMessage) {
	t.Helper()
	file, i, _, ok := s.methodLoc(method)
	if !ok {
		t.Fatalf("method %s is not in the spec", method)
	}
	loc := fmt.Sprintf("%s%s#/methods/%d/result/schema", specBase, file, i)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(result))
	if err != nil {
		t.Fatalf("%s: result is not JSON: %v", method, err)
	}
	// A committed block also satisfies the PRE_CONFIRMED_* branch of the
	// block methods' top-level oneOf (those schemas allow extra fields), so
	// a top-level oneOf is checked as "matches at least one branch"; nested
	// oneOfs (transactions, receipts, traces) are checked exactly.
	m, _ := s.lookup(file, "methods", i, "result", "schema").(map[string]any)
	branches, _ := m["oneOf"].([]any)
	if len(branches) == 0 {
		sch, err := s.compile(loc)
		if err != nil {
			t.Fatalf("compile result schema of %s: %v", method, err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: result violates the spec: %v\nresult: %s", method, err, result)
		}
		return
	}
	var errs []error
	for k := range branches {
		sch, err := s.compile(fmt.Sprintf("%s/oneOf/%d", loc, k))
		if err != nil {
			t.Fatalf("compile result schema of %s: %v", method, err)
		}
		if err := sch.Validate(inst); err == nil {
			return
		} else {
			errs = append(errs, err)
		}
	}
	t.Errorf("%s: result matches no branch of the spec's oneOf: %v\nresult: %s", method, errs, result)
}

// lookup walks a spec document by keys and indices.
func (s *specSet) lookup(file string, path ...any) any {
	var v any = s.docs[file]
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// validateError checks that an error is one the method declares (or a
// JSON-RPC protocol error) with the spec's message, and its data against
// the spec's data schema.
func (s *specSet) validateError(t *testing.T, method string, e *Error) {
	t.Helper()
	if e.Code <= -32600 && e.Code >= -32700 {
		return
	}
	file, _, m, ok := s.methodLoc(method)
	if !ok {
		t.Fatalf("method %s is not in the spec", method)
	}
	errs, _ := m["errors"].([]any)
	for _, er := range errs {
		ref, _ := er.(map[string]any)["$ref"].(string)
		if !strings.HasPrefix(ref, specBase) {
			ref = specBase + file + ref
		}
		docName, frag, _ := strings.Cut(strings.TrimPrefix(ref, specBase), "#")
		name := frag[strings.LastIndex(frag, "/")+1:]
		def, _ := s.docs[docName]["components"].(map[string]any)["errors"].(map[string]any)[name].(map[string]any)
		if code, _ := def["code"].(json.Number); code.String() != fmt.Sprint(e.Code) {
			continue
		}
		if def["message"] != e.Message {
			t.Errorf("%s: error %d message %q, spec says %q", method, e.Code, e.Message, def["message"])
		}
		if typ, ok := def["data"].(string); ok {
			// The write API writes a plain-string data schema as "data": "string".
			if _, isString := e.Data.(string); typ == "string" && e.Data != nil && !isString {
				t.Errorf("%s: error %s data %v is not a string", method, name, e.Data)
			}
			return
		}
		// CONTRACT_ERROR's data schema has "required": "revert_error" (not a
		// list), which no draft accepts; its data is checked by the tests.
		if _, hasData := def["data"]; hasData && e.Data != nil && name != "CONTRACT_ERROR" {
			sch, err := s.compile(ref + "/data")
			if err != nil {
				t.Fatalf("compile data schema of %s: %v", name, err)
			}
			b, _ := json.Marshal(e.Data)
			inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s: error %s data violates the spec: %v", method, name, err)
			}
		}
		return
	}
	t.Errorf("%s: error code %d (%s) is not among the method's spec errors", method, e.Code, e.Message)
}

// validateParam checks a subscription notification's result against the
// "result" param schema of the notification method (starknet_ws_api.json).
func (s *specSet) validateParam(t *testing.T, method string, result json.RawMessage) {
	t.Helper()
	file, i, m, ok := s.methodLoc(method)
	if !ok {
		t.Fatalf("notification %s is not in the spec", method)
	}
	ps, _ := m["params"].([]any)
	for k, p := range ps {
		if p.(map[string]any)["name"] != "result" {
			continue
		}
		sch, err := s.compile(fmt.Sprintf("%s%s#/methods/%d/params/%d/schema", specBase, file, i, k))
		if err != nil {
			t.Fatalf("compile %s result schema: %v", method, err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(result))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: notification violates the spec: %v\n%s", method, err, result)
		}
		return
	}
	t.Fatalf("%s has no result param", method)
}
