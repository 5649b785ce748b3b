package catalogue

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// valueType is the JSON type of a value.
type valueType int

const (
	typeNull valueType = iota
	typeBool
	typeNumber
	typeString
	typeList
	typeObject
	// typeTooDeep is a value nested deeper than any catalogue field.
	typeTooDeep
)

// String names the type the way a problem message reads it.
func (t valueType) String() string {
	switch t {
	case typeNull:
		return "null"
	case typeBool:
		return "true or false"
	case typeNumber:
		return "a number"
	case typeString:
		return "a string"
	case typeList:
		return "a list"
	case typeObject:
		return "an object"
	}
	return "a value nested too deep"
}

// deepest is how deep catalogue values nest at most (fees.cases[i].when.vi
// is 5), with room to spare; anything deeper is not read.
const deepest = 7

// value is a parsed JSON value that keeps an object's keys in order, with
// their repeats, so that typos and duplicates can be reported.
type value struct {
	typ valueType
	// text is a string's text, or a number as written.
	text  string
	truth bool
	items []*value
	// keys are an object's keys in document order, repeats included.
	keys []string
	// members holds the first value given for each key.
	members map[string]*value
}

// member returns the value of key in object v, or nil if there is none.
func (v *value) member(key string) *value {
	if v == nil || v.typ != typeObject {
		return nil
	}
	return v.members[key]
}

// decode parses data as one JSON value, or returns a message that says
// what is wrong and where.
func decode(data []byte) (*value, string) {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return nil, "starts with a byte order mark; save the file as UTF-8 without BOM"
	}
	if !utf8.Valid(data) {
		i := 0
		for utf8.FullRune(data[i:]) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		line, col := lineCol(data, i)
		return nil, fmt.Sprintf("not UTF-8 at line %d, column %d; save the file as UTF-8",
			line, col)
	}

	// Unmarshal checks the whole text, trailing data included, and gives
	// offsets from the start of the file.
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		var se *json.SyntaxError
		if !errors.As(err, &se) {
			return nil, "not JSON: " + err.Error()
		}
		at := min(max(int(se.Offset)-1, 0), len(data))
		line, col := lineCol(data, at)
		return nil, fmt.Sprintf("not JSON at line %d, column %d: %s", line, col, se.Error())
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readValue(dec, 0)
	if err != nil {
		return nil, "not JSON: " + err.Error()
	}
	return v, ""
}

// readValue reads the next value from dec, which holds well-formed JSON.
func readValue(dec *json.Decoder, depth int) (*value, error) {
	if depth > deepest {
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, fmt.Errorf("skip deep value: %w", err)
		}
		return &value{typ: typeTooDeep}, nil
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("read token: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return readObject(dec, depth)
		}
		return readList(dec, depth)
	case string:
		return &value{typ: typeString, text: t}, nil
	case json.Number:
		return &value{typ: typeNumber, text: t.String()}, nil
	case bool:
		return &value{typ: typeBool, truth: t}, nil
	}
	return &value{typ: typeNull}, nil
}

// readObject reads the members of an object whose '{' has been read.
func readObject(dec *json.Decoder, depth int) (*value, error) {
	v := &value{typ: typeObject, members: map[string]*value{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("read key: %w", err)
		}
		key, _ := tok.(string)
		member, err := readValue(dec, depth+1)
		if err != nil {
			return nil, err
		}
		v.keys = append(v.keys, key)
		if _, seen := v.members[key]; !seen {
			v.members[key] = member
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("read end of object: %w", err)
	}
	return v, nil
}

// readList reads the items of a list whose '[' has been read.
func readList(dec *json.Decoder, depth int) (*value, error) {
	v := &value{typ: typeList}
	for dec.More() {
		item, err := readValue(dec, depth+1)
		if err != nil {
			return nil, err
		}
		v.items = append(v.items, item)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("read end of list: %w", err)
	}
	return v, nil
}

// lineCol returns the 1-based line and column (in characters) of byte i.
func lineCol(data []byte, i int) (line, col int) {
	before := data[:i]
	line = 1 + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[start:])
}
