package citizen

import (
	"strings"
	"unicode"

	"tiepsuc/internal/vntext"
)

// unmarkedSyllables are name syllables that are Vietnamese words without
// marks too, but that names always write with a mark (Nguyễn, Trần, Lê,
// Văn, Thị…); met in a name typed in plain ASCII they mean the name was
// typed with Vietnamese typing turned off. Syllables that are no
// Vietnamese word at all without marks ("Duc", "Phuong") are found by
// vntext.NeedsMarks.
var unmarkedSyllables = map[string]bool{
	"nguyen": true, "tran": true, "pham": true, "hoang": true, "huynh": true,
	"vo": true, "dang": true, "bui": true, "do": true, "ngo": true,
	"duong": true, "van": true, "thi": true, "le": true, "vu": true,
	"ho": true, "dinh": true,
}

// NormaliseName returns a full name the way it should be stored: in NFC,
// with look-alike letters replaced (Ð U+00D0 by Đ, a Cyrillic о inside a
// Latin word by o, see vntext.FixLookalikes), and with runs of white space
// turned into one space and none at either end.
func NormaliseName(s string) string {
	fixed, _ := vntext.FixLookalikes(vntext.NFC(s))
	return strings.Join(strings.Fields(vntext.NFC(fixed)), " ")
}

// CheckFullName checks a citizen's full name (họ và tên). Digits and
// characters other than Latin letters, Vietnamese marks, spaces, hyphens
// and apostrophes are Errors that name the character; when there is none
// it warns about a look-alike letter (which NormaliseName replaces), a
// name of one word, a name typed without marks and a name typed all in
// lower case. Lower case is only a Warning: the portals take any case, but
// the name is copied onto forms and receipts the citizen reads, where
// "nguyễn văn an" looks careless.
func CheckFullName(s string) []Problem {
	s = vntext.NFC(s)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	fixed, changed := vntext.FixLookalikes(s)
	fixed = vntext.NFC(fixed)
	if p, bad := nameError(fixed); bad {
		return []Problem{p}
	}

	var ps []Problem
	if changed {
		from, to := firstChange(s, fixed)
		ps = append(ps, warn("citizen.name.lookalike", map[string]string{
			"Char": charLabel(from), "Fixed": string(to)}))
	}
	words := strings.Fields(fixed)
	if len(words) == 1 {
		ps = append(ps, warn("citizen.name.oneword", nil))
	}
	if typedWithoutMarks(words) {
		ps = append(ps, warn("citizen.name.nomarks", nil))
	}
	if !strings.ContainsFunc(fixed, unicode.IsUpper) &&
		strings.ContainsFunc(fixed, unicode.IsLower) {
		ps = append(ps, warn("citizen.name.lowercase", nil))
	}
	return ps
}

// firstChange returns the first character of a that b has replaced, and
// its replacement; a and b are the same text before and after look-alike
// letters were replaced, so they differ only letter for letter.
func firstChange(a, b string) (from, to rune) {
	ra, rb := []rune(a), []rune(b)
	for i := range min(len(ra), len(rb)) {
		if ra[i] != rb[i] {
			return ra[i], rb[i]
		}
	}
	return noRune, noRune
}

// nameError returns the Error for the first character a name cannot hold,
// preferring digits, which have their own message, and reports false when
// every character is allowed and there is at least one letter.
func nameError(s string) (Problem, bool) {
	bad := noRune
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			return fail("citizen.name.digits", map[string]string{"Char": charLabel(r)}), true
		case unicode.IsLetter(r) && unicode.In(r, unicode.Latin):
			letters++
		case unicode.Is(unicode.Mn, r) || isNameJoiner(r) || unicode.IsSpace(r):
		case bad == noRune:
			bad = r
		}
	}
	if bad == noRune && letters == 0 {
		bad = []rune(strings.TrimSpace(s))[0]
	}
	if bad != noRune {
		return fail("citizen.name.chars", map[string]string{"Char": charLabel(bad)}), true
	}
	return Problem{}, false
}

// isNameJoiner reports whether r may join parts of a name, as in
// "H'Hen Niê" or a double-barrelled name: a hyphen or an apostrophe.
func isNameJoiner(r rune) bool {
	switch r {
	case '-', '\u2010', '\'', '\u2019', '\u02bc':
		return true
	}
	return false
}

// typedWithoutMarks reports whether a name is plain ASCII and has a
// syllable that Vietnamese names always write with a mark.
func typedWithoutMarks(words []string) bool {
	found := false
	for _, w := range words {
		for i := range len(w) {
			if w[i] > unicode.MaxASCII {
				return false
			}
		}
		if unmarkedSyllables[strings.ToLower(w)] || vntext.NeedsMarks(w) {
			found = true
		}
	}
	return found
}
