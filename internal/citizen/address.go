package citizen

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// minAddressChars is the fewest characters, not counting spaces, that an
// address can have and still name a place.
const minAddressChars = 5

// CheckAddress checks an address only for what is plainly wrong: too short
// to name a place, or only numbers and signs with no words at all.
func CheckAddress(s string) []Problem {
	s = norm.NFC.String(strings.TrimSpace(s))
	if s == "" {
		return nil
	}

	chars, letters := 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		chars++
		if unicode.IsLetter(r) {
			letters++
		}
	}

	switch {
	case letters == 0:
		return []Problem{fail("citizen.address.noletters", nil)}
	case chars < minAddressChars:
		return []Problem{fail("citizen.address.short", nil)}
	}
	return nil
}
