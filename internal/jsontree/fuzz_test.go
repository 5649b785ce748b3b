package jsontree_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"

	"tiepsuc/internal/jsontree"
)

// FuzzDecode checks Decode against encoding/json: it accepts exactly the
// UTF-8 JSON texts without a byte order mark, points its errors inside the
// input, and, for a text without repeated keys or deep values, builds the
// same value encoding/json does.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"id": "a", "steps": [{"id": "b", "if_wrong": []}], "n": -1.5e3}`))
	f.Add([]byte(`{"a": 1, "a": 2}`))
	f.Add([]byte("{\"tên\": \"Nguyễn\"}\n"))
	f.Add([]byte("\xEF\xBB\xBF{}"))
	f.Add([]byte("{\"a\": \"\xff\"}"))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]]]]`))
	f.Add([]byte(`{"a":`))
	f.Add([]byte(`{} {}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		const depth = 6
		root, err := jsontree.Decode(data, depth)
		wantOK := utf8.Valid(data) && json.Valid(data) &&
			!bytes.HasPrefix(data, []byte("\xEF\xBB\xBF"))
		if (err == nil) != wantOK {
			t.Fatalf("Decode error %v; want an error: %v", err, !wantOK)
		}
		if err != nil {
			checkError(t, data, err)
			return
		}

		var want any
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if got, ok := plain(root); ok && !reflect.DeepEqual(got, want) {
			t.Fatalf("tree %#v, encoding/json %#v", got, want)
		}
	})
}

// checkError fails t unless err is one of Decode's errors pointing into data.
func checkError(t *testing.T, data []byte, err error) {
	t.Helper()
	var (
		enc *jsontree.EncodingError
		syn *jsontree.SyntaxError
	)
	switch {
	case errors.Is(err, jsontree.ErrBOM):
	case errors.As(err, &enc):
		if enc.Offset < 0 || enc.Offset >= len(data) || data[enc.Offset] < utf8.RuneSelf {
			t.Fatalf("bad byte offset %d in %d bytes", enc.Offset, len(data))
		}
		if !utf8.Valid(data[:enc.Offset]) {
			t.Fatalf("offset %d is not the first bad byte", enc.Offset)
		}
	case errors.As(err, &syn):
		if syn.Offset < 0 || syn.Offset > len(data) || syn.Line < 1 || syn.Col < 1 {
			t.Fatalf("syntax error placed at byte %d, %d:%d of %d bytes",
				syn.Offset, syn.Line, syn.Col, len(data))
		}
	default:
		t.Fatalf("error %T %v is none of Decode's kinds", err, err)
	}
}

// plain turns n into what encoding/json would decode into an any, with
// numbers as float64; ok is false if n has a repeated key or a skipped
// value, or a number float64 cannot hold.
func plain(n *jsontree.Node) (v any, ok bool) {
	switch n.Kind {
	case jsontree.Null:
		return nil, true
	case jsontree.Bool:
		return n.Bool, true
	case jsontree.Number:
		var f float64
		if err := json.Unmarshal([]byte(n.Text), &f); err != nil {
			return nil, false
		}
		return f, true
	case jsontree.String:
		return n.Text, true
	case jsontree.Array:
		out := []any{}
		for _, it := range n.Items {
			v, ok := plain(it)
			if !ok {
				return nil, false
			}
			out = append(out, v)
		}
		return out, true
	case jsontree.Object:
		out := map[string]any{}
		for _, k := range n.Keys {
			if _, seen := out[k]; seen {
				return nil, false
			}
			v, ok := plain(n.Get(k))
			if !ok {
				return nil, false
			}
			out[k] = v
		}
		return out, true
	}
	return nil, false
}
