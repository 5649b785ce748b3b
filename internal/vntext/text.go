// Package vntext normalises, converts and formats Vietnamese text: NFC storage, look-alike
// letters in names, tone placement for comparing names, text pasted in the legacy TCVN3 (ABC)
// and VNI-Windows encodings, and the Vietnamese way of showing phones, money and dates.
package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C, the form everything stored is kept in.
func NFC(s string) string {
	return norm.NFC.String(s)
}

// lookalikes maps letters that look like Vietnamese ones but are other code points:
// the Icelandic eth (Ð ð) and the African D (Ɖ) are often typed or pasted for đ, and a
// Turkish dotless ı for i.
var lookalikes = map[rune]rune{
	'\u00D0': 'Đ', '\u00F0': 'đ', '\u0189': 'Đ', '\u0131': 'i',
}

// scriptLookalikes maps Cyrillic and Greek letters drawn like Latin ones; they are replaced
// only inside a word that also has Latin letters, so real Cyrillic or Greek text is kept.
var scriptLookalikes = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P',
	'С': 'C', 'Т': 'T', 'Х': 'X', 'І': 'I',
	'ο': 'o', 'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M',
	'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
}

// FixLookalikes replaces letters that only look Vietnamese (Ð for Đ, Cyrillic о in a Latin
// word, ...) with the right ones and reports whether anything changed.
func FixLookalikes(s string) (string, bool) {
	changed := false
	var b strings.Builder
	for _, w := range splitTokens(s) {
		latin := strings.IndexFunc(w, func(r rune) bool {
			return unicode.Is(unicode.Latin, r)
		}) >= 0
		for i, r := range w {
			to, ok := lookalikes[r]
			if !ok && latin {
				to, ok = scriptLookalikes[r]
			}
			if !ok {
				_, size := utf8.DecodeRuneInString(w[i:])
				b.WriteString(w[i : i+size])
				continue
			}
			b.WriteRune(to)
			changed = true
		}
	}
	if !changed {
		return s, false
	}
	return b.String(), true
}

// splitTokens cuts s into words (runs of letters and marks) and the single runes between
// them; joining the tokens gives s back.
func splitTokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.Is(unicode.M, r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
		if !inWord {
			_, size := utf8.DecodeRuneInString(s[i:])
			out = append(out, s[i:i+size])
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// ToneKey returns s in NFC with each word's tone mark moved to where the new style puts it,
// so that names spelled "hòa"/"hoà", "thúy"/"thuý" or "khỏe"/"khoẻ" give the same key.
//
// The rule (new style, kiểu mới): the tone goes on the vowel with a quality mark
// (ă â ê ô ơ ư; the ơ of "ươ"); otherwise on the only vowel; otherwise on the middle
// vowel of three; of two vowels, on the second when a consonant follows or the pair is
// "oa", "oe" or "uy", else
// on the first ("mùa", "tài"). Words that are not one Vietnamese syllable with one tone are
// kept as they are.
func ToneKey(s string) string {
	s = NFC(s)
	var b strings.Builder
	for _, w := range splitTokens(s) {
		b.WriteString(toneKeyWord(w))
	}
	return b.String()
}

func toneKeyWord(w string) string {
	ls, ok := splitWord(w)
	if !ok {
		return w
	}
	var tone rune
	at := -1
	for i, l := range ls {
		if l.tone != 0 {
			if at >= 0 {
				return w
			}
			tone, at = l.tone, i
		}
	}
	if at < 0 {
		return w
	}
	start, end, ok := parseSyllable(ls)
	if !ok {
		return w
	}
	target := tonePosition(ls, start, end)
	ls[at].tone = 0
	ls[target].tone = tone
	return joinWord(ls)
}

// tonePosition picks the letter that carries the tone in the nucleus [start, end).
func tonePosition(ls []letter, start, end int) int {
	for i := end - 1; i >= start; i-- {
		if strings.ContainsRune("ăâêôơư", ls[i].base) {
			return i
		}
	}
	switch end - start {
	case 1:
		return start
	case 3:
		return start + 1
	}
	pair := string([]rune{ls[start].base, ls[start+1].base})
	if end < len(ls) || pair == "oa" || pair == "oe" || pair == "uy" {
		return start + 1
	}
	return start
}
