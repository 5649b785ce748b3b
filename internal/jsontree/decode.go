package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrBOM is returned for input that starts with the UTF-8 byte order mark
// some Windows editors write first.
var ErrBOM = errors.New("starts with a byte order mark")

// bom is the UTF-8 byte order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

// EncodingError is input that is not valid UTF-8.
type EncodingError struct {
	// Offset is the index of the first byte that is not UTF-8.
	Offset int
	// Line and Col are where that byte is, from 1; Col counts characters.
	Line, Col int
}

// Error says where the first byte that is not UTF-8 is.
func (e *EncodingError) Error() string {
	return fmt.Sprintf("not valid UTF-8 at line %d, column %d", e.Line, e.Col)
}

// SyntaxError is input that is not well-formed JSON.
type SyntaxError struct {
	// Offset is the index of the byte at fault, or the input's length when
	// the input ends too early.
	Offset int
	// Line and Col are where Offset is, from 1; Col counts characters.
	Line, Col int
	// Err is encoding/json's own error, whose Offset counts the bytes read.
	Err *json.SyntaxError
}

// Error says where the input stops being JSON and why.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at line %d, column %d: %v", e.Line, e.Col, e.Err)
}

// Unwrap returns encoding/json's error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// Decode reads data as exactly one JSON value in UTF-8 without a byte
// order mark. Values nested deeper than maxDepth (the top value is depth
// 0) are skipped and given as TooDeep nodes. The error is ErrBOM, an
// *EncodingError or a *SyntaxError, each of which says where the fault is.
func Decode(data []byte, maxDepth int) (*Node, error) {
	if bytes.HasPrefix(data, bom) {
		return nil, ErrBOM
	}
	if i := invalidUTF8(data); i >= 0 {
		line, col := Position(data, i)
		return nil, &EncodingError{Offset: i, Line: line, Col: col}
	}

	// Unmarshal checks the whole input, trailing data included, and counts
	// offsets from its start; the Decoder's would count from the value.
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		return nil, syntaxError(data, err)
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	d := decoder{dec: dec, maxDepth: maxDepth}
	root, err := d.value(0)
	if err != nil {
		return nil, fmt.Errorf("read json: %w", err)
	}
	return root, nil
}

// syntaxError places err, returned by json.Unmarshal for data, in data.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return fmt.Errorf("check json: %w", err)
	}

	// Offset counts the bytes read, the bad one included.
	at := int(se.Offset) - 1
	if strings.Contains(se.Error(), "end of JSON input") || at >= len(data) {
		at = len(data)
	}
	at = max(at, 0)
	line, col := Position(data, at)
	return &SyntaxError{Offset: at, Line: line, Col: col, Err: se}
}

// decoder builds nodes from a json.Decoder over well-formed JSON.
type decoder struct {
	dec      *json.Decoder
	maxDepth int
}

// value reads the next value, which is at the given depth.
func (d *decoder) value(depth int) (*Node, error) {
	if depth > d.maxDepth {
		var skip json.RawMessage
		if err := d.dec.Decode(&skip); err != nil {
			return nil, fmt.Errorf("skip deep value: %w", err)
		}
		return &Node{Kind: TooDeep}, nil
	}
	tok, err := d.dec.Token()
	if err != nil {
		return nil, fmt.Errorf("read token: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return d.object(depth)
		}
		return d.array(depth)
	case string:
		return &Node{Kind: String, Text: t}, nil
	case json.Number:
		return &Node{Kind: Number, Text: t.String()}, nil
	case bool:
		return &Node{Kind: Bool, Bool: t}, nil
	}
	return &Node{Kind: Null}, nil
}

// object reads the members of an object whose '{' has been read.
func (d *decoder) object(depth int) (*Node, error) {
	n := &Node{Kind: Object, members: map[string]*Node{}}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, fmt.Errorf("read key: %w", err)
		}
		key, _ := tok.(string)
		val, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Keys = append(n.Keys, key)
		if _, seen := n.members[key]; !seen {
			n.members[key] = val
		}
	}
	if _, err := d.dec.Token(); err != nil {
		return nil, fmt.Errorf("read end of object: %w", err)
	}
	return n, nil
}

// array reads the items of a list whose '[' has been read.
func (d *decoder) array(depth int) (*Node, error) {
	n := &Node{Kind: Array}
	for d.dec.More() {
		val, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, val)
	}
	if _, err := d.dec.Token(); err != nil {
		return nil, fmt.Errorf("read end of list: %w", err)
	}
	return n, nil
}

// Position returns the line and column, both from 1, of byte i of data;
// the column counts characters, not bytes. i may be len(data).
func Position(data []byte, i int) (line, col int) {
	before := data[:i]
	line = 1 + bytes.Count(before, []byte{'\n'})
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[start:])
}

// invalidUTF8 returns the index of the first byte of data that is not
// UTF-8, or -1 if all of it is.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}
