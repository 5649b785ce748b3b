// Package textfold turns Vietnamese text into a plain form for search:
// no tone or vowel marks, đ as d, lower case, single spaces.
package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s without Vietnamese marks, in lower case, with runs of
// white space collapsed to one space, so that "Nguyễn  Văn Đức" and
// "nguyen van duc" fold to the same string.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	// Invalid bytes become U+FFFD first, so folding twice changes nothing.
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "\uFFFD")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRune maps the letters that have no combining decomposition, such as
// đ and its look-alike Ð (U+00D0), and lowers the case of the rest.
func foldRune(r rune) rune {
	switch r {
	case 'đ', 'Đ', 'Ð', 'ð':
		return 'd'
	}
	return unicode.ToLower(r)
}
