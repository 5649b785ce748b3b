package guides

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// nodeKind is the JSON type of a node.
type nodeKind int

const (
	kindNull nodeKind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
	// kindDeep is a value nested deeper than any guide field can be.
	kindDeep
)

// String names the kind the way a problem message reads it.
func (k nodeKind) String() string {
	switch k {
	case kindNull:
		return "null"
	case kindBool:
		return "true or false"
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindArray:
		return "a list"
	case kindObject:
		return "an object"
	}
	return "a deeply nested value"
}

// maxDepth is how deep a guide's values nest at most, with room to spare;
// anything deeper is skipped and reported as the wrong type.
const maxDepth = 8

// node is a parsed JSON value that, unlike a Go map, keeps the order of an
// object's keys and their repeats, so typos and duplicates can be reported.
type node struct {
	kind  nodeKind
	str   string
	items []*node
	// keys are an object's keys in document order, repeats included.
	keys []string
	// vals holds the first value of each key.
	vals map[string]*node
}

// get returns the value of key in object n, or nil if there is none.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kindObject {
		return nil
	}
	return n.vals[key]
}

// bom is the UTF-8 byte order mark some Windows editors put first.
var bom = []byte{0xEF, 0xBB, 0xBF}

// readJSON parses data as one JSON value, or returns a message that says
// what is wrong and where (line and column).
func readJSON(data []byte) (*node, string) {
	if bytes.HasPrefix(data, bom) {
		return nil, "starts with a byte order mark (BOM); save the file as UTF-8 without BOM"
	}
	if i := invalidUTF8(data); i >= 0 {
		line, col := position(data, i)
		return nil, fmt.Sprintf("not valid UTF-8 at line %d, column %d; save the file as UTF-8",
			line, col)
	}

	// Unmarshal checks the whole input first and reports offsets from its
	// start; the Decoder's token errors count from the current value only.
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		return nil, syntaxMessage(data, err)
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := readNode(dec, 0)
	if err != nil {
		return nil, "invalid JSON: " + err.Error()
	}
	return root, ""
}

// readNode reads the next value from dec, which holds well-formed JSON.
func readNode(dec *json.Decoder, depth int) (*node, error) {
	if depth > maxDepth {
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
		return &node{kind: kindDeep}, nil
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return readObject(dec, depth)
		}
		return readArray(dec, depth)
	case string:
		return &node{kind: kindString, str: t}, nil
	case json.Number:
		return &node{kind: kindNumber, str: t.String()}, nil
	case bool:
		return &node{kind: kindBool}, nil
	}
	return &node{kind: kindNull}, nil
}

// readObject reads the members of an object whose '{' has been read.
func readObject(dec *json.Decoder, depth int) (*node, error) {
	n := &node{kind: kindObject, vals: map[string]*node{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		val, err := readNode(dec, depth+1)
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, key)
		if _, seen := n.vals[key]; !seen {
			n.vals[key] = val
		}
	}
	_, err := dec.Token()
	return n, err
}

// readArray reads the items of a list whose '[' has been read.
func readArray(dec *json.Decoder, depth int) (*node, error) {
	n := &node{kind: kindArray}
	for dec.More() {
		val, err := readNode(dec, depth+1)
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, val)
	}
	_, err := dec.Token()
	return n, err
}

// syntaxMessage turns a JSON syntax error into a message with line and column.
func syntaxMessage(data []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return "invalid JSON: " + err.Error()
	}

	// Offset counts the bytes read, the bad one included.
	pos := int(se.Offset) - 1
	if strings.Contains(se.Error(), "end of JSON input") || pos >= len(data) {
		pos = len(data)
	}
	pos = max(pos, 0)
	line, col := position(data, pos)
	return fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, se.Error())
}

// position returns the 1-based line and column (in characters) of byte i.
func position(data []byte, i int) (line, col int) {
	before := data[:i]
	line = 1 + bytes.Count(before, []byte{'\n'})
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[start:])
}

// invalidUTF8 returns the index of the first byte that is not valid UTF-8,
// or -1 if all of data is.
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
