package jsontree

import (
	"fmt"
	"slices"
	"strings"
)

// Join appends key to the field path p, as in "title" + "vi" = "title.vi".
func Join(p, key string) string {
	if p == "" {
		return key
	}
	return p + "." + key
}

// Item names the i-th (0-based) item of the list at p, counting from 1 as
// a person does: Item("steps", 0) is "steps[1]".
func Item(p string, i int) string {
	return fmt.Sprintf("%s[%d]", p, i+1)
}

// KeyProblem is a key of an object that is repeated or not a known one.
type KeyProblem struct {
	// Key is the key as written.
	Key string
	// Repeated is true for a key given before in the same object.
	Repeated bool
	// Suggestion is the known key the writer likely meant, for an unknown
	// key that is a likely typo of one, or empty.
	Suggestion string
}

// CheckKeys returns, in document order, the keys of object n that repeat
// an earlier key or are not in known. It returns nil if n is not an
// object; the caller checks the kind first.
func (n *Node) CheckKeys(known []string) []KeyProblem {
	if n == nil || n.Kind != Object {
		return nil
	}
	var out []KeyProblem
	seen := make(map[string]bool, len(n.Keys))
	for _, k := range n.Keys {
		switch {
		case seen[k]:
			out = append(out, KeyProblem{Key: k, Repeated: true})
		case !slices.Contains(known, k):
			out = append(out, KeyProblem{Key: k, Suggestion: Suggest(k, known)})
		}
		seen[k] = true
	}
	return out
}

// Suggest returns the known name closest to name if it is a likely typo:
// at most two edits away, and at most half of the known name changed.
// It returns "" if no known name is that close.
func Suggest(name string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		d := editDistance(strings.ToLower(name), k)
		if d < bestDist && 2*d <= len(k) {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes;
// field names are ASCII. Long names count as entirely different.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b))
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
