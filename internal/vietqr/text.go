package vietqr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Byte limits of the text fields, from the EMVCo merchant-presented mode
// tables that VietQR follows: every sub-field of the additional data
// template 62, the purpose 62/08 among them, holds at most 25; the
// merchant name 59 at most 25 and the merchant city 60 at most 15.
const (
	MaxPurpose      = 25
	MaxMerchantName = 25
	MaxMerchantCity = 15
	// MaxNumber is the longest account or card number, in bytes: a card
	// number (PAN) has at most 19 digits, and the published VietQR field
	// table gives account numbers the same limit.
	MaxNumber = 19
)

// asciiLookalikes maps typographic characters that pasted text often
// holds to the ASCII character a bank app can show.
var asciiLookalikes = map[rune]rune{
	'đ': 'd', 'Đ': 'D', 'Ð': 'D', 'ð': 'd',
	'‘': '\'', '’': '\'', '“': '"', '”': '"',
	'–': '-', '—': '-', '\u00A0': ' ',
}

// ASCII returns s as EMVCo "ans" text: Vietnamese (and other) marks taken
// off, đ as d, typographic quotes and dashes as ASCII. It returns the
// first character that has no ASCII form (an emoji, a line break, a
// Chinese character) and false when there is one.
func ASCII(s string) (string, rune, bool) {
	if isANS(s) {
		return s, 0, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if a, ok := asciiLookalikes[r]; ok {
			r = a
		}
		if r < ' ' || r > '~' {
			return "", r, false
		}
		b.WriteRune(r)
	}
	return b.String(), 0, true
}

// isANS reports whether s holds only printable ASCII, the EMVCo "ans"
// set (0x20 to 0x7E).
func isANS(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// firstNonANS returns the first character of s outside the "ans" set; an
// invalid byte comes back as utf8.RuneError.
func firstNonANS(s string) rune {
	for _, r := range s {
		if r < ' ' || r > '~' {
			return r
		}
	}
	return utf8.RuneError
}

// foldText turns a text field of Build into ASCII and checks its length;
// field is its id for the error. An empty text stays empty.
func foldText(s, field string, maxLen int) (string, error) {
	if s == "" {
		return "", nil
	}
	a, bad, ok := ASCII(s)
	if !ok {
		return "", newError(ErrText, field, "Char", charLabel(bad))
	}
	if len(a) > maxLen {
		return "", newError(ErrTooLong, field,
			"Max", strconv.Itoa(maxLen), "Len", strconv.Itoa(len(a)))
	}
	return a, nil
}

// checkText checks a text field that Parse read: printable ASCII only, at
// most maxLen bytes.
func checkText(s, field string, maxLen int) error {
	if !isANS(s) {
		return newError(ErrText, field, "Char", charLabel(firstNonANS(s)))
	}
	if len(s) > maxLen {
		return newError(ErrTooLong, field,
			"Max", strconv.Itoa(maxLen), "Len", strconv.Itoa(len(s)))
	}
	return nil
}

// charLabel shows r so a volunteer can find it: the character itself
// when it is visible, else its code point (U+000A).
func charLabel(r rune) string {
	if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Mn, r) &&
		r != utf8.RuneError {
		return string(r)
	}
	return fmt.Sprintf("U+%04X", r)
}
