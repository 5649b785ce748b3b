package vntext

import (
	"strings"
	"unicode"
)

// Detect guesses whether s is ordinary Unicode or TCVN3/VNI-Windows text that was read as
// Windows-1252, and how sure it is (0 to 1).
//
// Each word with a character above 0x7F is read three ways (as is, as TCVN3, as VNI); a
// reading scores a word when it gives one Vietnamese syllable and uses no byte the encoding
// leaves undefined. A legacy encoding wins only if it scores more words than plain Unicode and
// at least half of them; any letter that exists only in Unicode (ơ, ư, ă, đ, ễ, ...)
// settles it as Unicode. Text whose conversion would itself still look legacy is too
// ambiguous to call and stays Unicode, so Detect never asks to convert the same text twice.
func Detect(s string) (Encoding, float64) {
	enc, conf := detectOnce(s)
	if enc == Unicode {
		return enc, conf
	}
	out, err := Convert(s, enc)
	if again, _ := detectOnce(out); err != nil || again != Unicode {
		return Unicode, 0.5
	}
	return enc, conf
}

// detectOnce scores the readings of s as described for Detect.
func detectOnce(s string) (Encoding, float64) {
	var words []string
	for _, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, func(r rune) bool {
			return r < 0x80 && !unicode.IsLetter(r) ||
				r > 0xFF && (unicode.IsPunct(r) || unicode.IsSymbol(r))
		})
		units := legacyUnits(w)
		high := false
		for _, u := range units {
			if vietnameseOnly(u) {
				return Unicode, 1
			}
			high = high || u > 0x7F
		}
		if high {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return Unicode, 1
	}

	var asIs, tcvn, vni int
	for _, w := range words {
		units := legacyUnits(w)
		if validSyllable(NFC(strings.ToValidUTF8(w, "\uFFFD"))) {
			asIs++
		}
		if out, unknown := decodeTCVN3(units); unknown == 0 && validSyllable(out) {
			tcvn++
		}
		if out, unknown := decodeVNI(units); unknown == 0 && validSyllable(out) {
			vni++
		}
	}

	best, score := TCVN3, tcvn
	if vni > tcvn {
		best, score = VNIWindows, vni
	}
	n := float64(len(words))
	lead := float64(score-asIs) / n
	if score > asIs && 2*score >= len(words) {
		// Words that read well both ways (a VNI "Thò" is also the word "thò") count half.
		return best, float64(2*score-asIs) / (2 * n)
	}
	if lead < 0 {
		lead = 0
	}
	return Unicode, 1 - lead
}

// vietnameseOnly reports whether r is a Vietnamese letter or mark that no Windows-1252 byte
// shows, which legacy text read as Windows-1252 therefore cannot contain.
func vietnameseOnly(r rune) bool {
	if unicode.Is(unicode.Mn, r) || r == 'đ' || r == 'Đ' {
		return true
	}
	if r <= 0xFF {
		return false
	}
	base, quality, tone, ok := splitLetter(r)
	return ok && base < 0x80 && unicode.IsLetter(base) && (quality != "" || tone != 0)
}
