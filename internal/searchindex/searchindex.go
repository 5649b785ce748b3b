// Package searchindex turns a citizen's name, identity number and phone into
// keyed search terms, a blind index: the database keeps only the terms, so
// drafts can be found by what a volunteer types without the searchable text
// itself lying in the file, and without the key nobody can tell which name,
// number or phone a term stands for.
package searchindex

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"hash"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"tiepsuc/internal/citizen"
	"tiepsuc/internal/textfold"
	"tiepsuc/internal/vntext"
)

// KeySize is the length in bytes of the key an Index needs.
const KeySize = 32

// maxPrefix is the longest name prefix, in letters, that gets a term of its
// own; Vietnamese syllables have at most seven letters, so only foreign
// words are longer. A longer word also gets a term for the whole word.
const maxPrefix = 16

// maxWords is how many words of a name (and of a query) are indexed, so a
// name pasted with a whole paragraph cannot fill the index.
const maxWords = 16

// kind tells apart the terms of different things, so a name prefix "123"
// and an identity number can never give the same term.
type kind byte

const (
	kindNamePrefix kind = 'n'
	kindNameWord   kind = 'w'
	kindID         kind = 'i'
	kindPhone      kind = 'p'
	kindCheck      kind = 'k'
)

// ErrKeySize is returned by New when the key is not KeySize bytes long.
var ErrKeySize = errors.New("search index key must be 32 bytes")

// Term is one search term: the first eight bytes of a keyed HMAC-SHA256 of
// its kind and text, written as 13 lower-case base32hex letters and digits,
// so a full-text index takes it as one word.
type Term string

// termEncoding writes terms with only lower-case letters and digits.
var termEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// Person is what a draft can be found by.
type Person struct {
	// FullName is the citizen's name as typed.
	FullName string
	// IDNumber is the identity number as typed; only 9 or 12 digits count.
	IDNumber string
	// Phone is the phone number as typed, in national or +84 form.
	Phone string
}

// Query is what a search text asks for, as terms.
type Query struct {
	// All holds one term per word of a name search; a draft matches when it
	// has every one of them, in any order.
	All []Term
	// Any holds the terms of an identity number or phone search; a draft
	// matches when it has at least one of them.
	Any []Term
}

// Empty reports whether the query asks for nothing, so every draft matches.
func (q Query) Empty() bool {
	return len(q.All) == 0 && len(q.Any) == 0
}

// Index makes terms under one key; it is safe for use by many goroutines.
type Index struct {
	macs sync.Pool
}

// New returns an Index keyed with key, which must be KeySize bytes.
func New(key []byte) (*Index, error) {
	if len(key) != KeySize {
		return nil, ErrKeySize
	}
	k := slices.Clone(key)
	ix := &Index{}
	ix.macs.New = func() any { return hmac.New(sha256.New, k) }
	return ix, nil
}

// Terms returns the terms a person's draft is stored under, sorted and
// without repeats: every prefix of every word of the folded name, and the
// identity number and phone when they have a valid shape.
//
// TODO(search): pad every draft to the same number of terms; how many terms
// a draft has now tells about how many letters its name has.
func (ix *Index) Terms(p Person) []Term {
	var out []Term
	for _, w := range NameWords(p.FullName) {
		runes := []rune(w)
		for n := 1; n <= len(runes) && n <= maxPrefix; n++ {
			out = append(out, ix.term(kindNamePrefix, string(runes[:n])))
		}
		if len(runes) > maxPrefix {
			out = append(out, ix.term(kindNameWord, w))
		}
	}
	if id, ok := IDNumber(p.IDNumber); ok {
		out = append(out, ix.term(kindID, id))
	}
	if phone, ok := citizen.NormalisePhone(p.Phone); ok {
		out = append(out, ix.term(kindPhone, phone))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Query turns what a volunteer typed into the terms to look up. Text that is
// an identity number (9 or 12 digits) or a phone number (0xxxxxxxxx or +84
// form, spaces, dots and dashes allowed) is looked up exactly, as either;
// any other text is a name search where each word must start a word of the
// name. Text with nothing to search gives an empty Query.
func (ix *Index) Query(text string) Query {
	var q Query
	if id, ok := IDNumber(text); ok {
		q.Any = append(q.Any, ix.term(kindID, id))
	}
	if phone, ok := citizen.NormalisePhone(text); ok {
		q.Any = append(q.Any, ix.term(kindPhone, phone))
	}
	if len(q.Any) > 0 {
		return q
	}
	for _, w := range NameWords(text) {
		k := kindNamePrefix
		if utf8.RuneCountInString(w) > maxPrefix {
			k = kindNameWord
		}
		q.All = append(q.All, ix.term(k, w))
	}
	slices.Sort(q.All)
	q.All = slices.Compact(q.All)
	return q
}

// Fingerprint names the key without revealing it, so a store can tell
// whether its terms were made under the key it holds now.
func (ix *Index) Fingerprint() string {
	return string(ix.term(kindCheck, "tiepsuc search key check"))
}

// term is the HMAC of k and text, cut to a Term.
func (ix *Index) term(k kind, text string) Term {
	mac := ix.macs.Get().(hash.Hash)
	defer ix.macs.Put(mac)
	mac.Reset()
	mac.Write([]byte{byte(k)})
	mac.Write([]byte(text))
	var sum [sha256.Size]byte
	return Term(strings.ToLower(termEncoding.EncodeToString(mac.Sum(sum[:0])[:8])))
}

// NameWords returns the words of a name as they are searched: look-alike
// letters fixed, marks and case folded, đ as d, at most maxWords of them,
// without repeats, in the order they first appear.
func NameWords(name string) []string {
	// Look-alikes are fixed again after folding, which can bare one: the
	// Cyrillic ӳ folds to у, drawn like y.
	fixed, _ := vntext.FixLookalikes(strings.ToValidUTF8(name, "\uFFFD"))
	fixed, _ = vntext.FixLookalikes(textfold.Fold(fixed))
	var out []string
	for _, w := range strings.Fields(fixed) {
		if len(out) == maxWords {
			break
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// IDNumber returns an identity number without white space, dashes and dots
// when what is left is 9 or 12 ASCII digits, the old and new lengths.
func IDNumber(s string) (string, bool) {
	id := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '.' {
			return -1
		}
		return r
	}, s)
	if len(id) != 9 && len(id) != 12 {
		return "", false
	}
	for i := range len(id) {
		if id[i] < '0' || id[i] > '9' {
			return "", false
		}
	}
	return id, true
}
