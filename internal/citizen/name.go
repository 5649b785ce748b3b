package citizen

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// lookAlikes maps letters that look like the Vietnamese Đ/đ but are other
// characters, often met in pasted text, to the Vietnamese letter.
var lookAlikes = strings.NewReplacer("\u00d0", "Đ", "\u00f0", "đ")

// unmarkedSyllables are name syllables that Vietnamese always writes with
// a mark (Nguyễn, Trần, Văn, Thị…); met in a name typed in plain ASCII
// they mean the name was typed with Vietnamese typing turned off.
var unmarkedSyllables = map[string]bool{
	"nguyen": true, "tran": true, "pham": true, "hoang": true, "huynh": true,
	"vo": true, "dang": true, "bui": true, "do": true, "ngo": true,
	"duong": true, "van": true, "thi": true,
}

// NormaliseName returns a full name the way it should be stored: in NFC,
// with the look-alikes Ð and ð replaced by Đ and đ, and with runs of white
// space turned into one space and none at either end.
func NormaliseName(s string) string {
	s = lookAlikes.Replace(norm.NFC.String(s))
	return strings.Join(strings.Fields(s), " ")
}

// CheckFullName checks a citizen's full name (họ và tên). Digits and
// characters other than Latin letters, Vietnamese marks, spaces, hyphens
// and apostrophes are Errors; when there is none it warns about a
// look-alike Ð, a name of one word, a name typed without marks and a name
// typed all in lower case. Lower case is only a Warning: the portals take
// any case, but the name is copied onto forms and receipts the citizen
// reads, where "nguyễn văn an" looks careless.
func CheckFullName(s string) []Problem {
	s = norm.NFC.String(s)
	words := strings.Fields(s)
	if len(words) == 0 {
		return nil
	}
	if p, bad := nameError(s); bad {
		return []Problem{p}
	}

	var ps []Problem
	if strings.ContainsAny(s, "\u00d0\u00f0") {
		ps = append(ps, warn("citizen.name.lookalike", nil))
	}
	if len(words) == 1 {
		ps = append(ps, warn("citizen.name.oneword", nil))
	}
	if typedWithoutMarks(words) {
		ps = append(ps, warn("citizen.name.nomarks", nil))
	}
	if !strings.ContainsFunc(s, unicode.IsUpper) && strings.ContainsFunc(s, unicode.IsLower) {
		ps = append(ps, warn("citizen.name.lowercase", nil))
	}
	return ps
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
			return fail("citizen.name.digits", nil), true
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
		if unmarkedSyllables[strings.ToLower(w)] {
			found = true
		}
	}
	return found
}
