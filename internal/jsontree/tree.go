// Package jsontree reads JSON strictly into a small tree that, unlike a Go
// map, keeps an object's keys in the order written and with their repeats,
// so that a file checker can point at a misspelt or repeated field. It also
// builds the field paths ("steps[2].title.vi") such checkers report.
package jsontree

// Kind is the JSON type of a node.
type Kind int

// The kinds of node, one per JSON type, and TooDeep for a value nested
// deeper than the caller's limit, which is skipped unread.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
	TooDeep
)

// String names the kind the way a problem message reads it, as in
// "must be a list, not a string".
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "true or false"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Array:
		return "a list"
	case Object:
		return "an object"
	}
	return "a value nested too deep"
}

// Node is one parsed JSON value.
type Node struct {
	// Kind is the value's JSON type.
	Kind Kind
	// Text is a string's text, or a number exactly as written.
	Text string
	// Bool is the value of true or false.
	Bool bool
	// Items are a list's items.
	Items []*Node
	// Keys are an object's keys in document order, repeats included.
	Keys []string
	// members holds the first value given for each key.
	members map[string]*Node
}

// Get returns the first value given for key in object n, or nil if n is
// not an object or has no such key.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	return n.members[key]
}
