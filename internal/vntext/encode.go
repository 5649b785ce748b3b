package vntext

import (
	"fmt"
	"strings"
	"unicode"
)

// encodeLegacy writes NFC text in a legacy encoding, one rune per byte as Latin-1 would show
// it; it is the inverse of Convert and lets tests build legacy samples from Unicode names.
func encodeLegacy(s string, to Encoding) (string, error) {
	var b strings.Builder
	for _, r := range NFC(s) {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		var enc string
		var err error
		switch to {
		case TCVN3:
			code, ok := tcvn3Encode[r]
			if !ok {
				err = fmt.Errorf("encode %q in %v: no code", r, to)
			}
			enc = string(code)
		case VNIWindows:
			enc, err = encodeVNIRune(r)
		default:
			err = fmt.Errorf("encode in %v: not a legacy encoding", to)
		}
		if err != nil {
			return "", err
		}
		b.WriteString(enc)
	}
	return b.String(), nil
}

// encodeVNIRune writes one Vietnamese letter in VNI-Windows.
func encodeVNIRune(r rune) (string, error) {
	for code, letter := range vniLetters {
		if letter == r {
			return string(code), nil
		}
	}
	base, quality, tone, ok := splitLetter(r)
	lower := unicode.ToLower(base)
	mark := func(marks string, i int) string {
		m := []rune(marks)[i]
		if unicode.IsUpper(base) {
			m = unicode.ToUpper(m)
		}
		return string(m)
	}
	ti := toneIndex(tone)
	switch {
	case !ok || base > 0x7F:
	case quality == "" && tone == 0:
		return string(base), nil
	case quality == "" && strings.ContainsRune("aeouy", lower):
		return string(base) + mark(vniTones, ti), nil
	case quality == string(markCircumflex) && strings.ContainsRune("aeo", lower):
		return string(base) + mark(vniCircumflex, ti+1), nil
	case quality == string(markBreve) && lower == 'a':
		return string(base) + mark(vniBreve, ti+1), nil
	case quality == string(markHorn) && tone != 0 && (lower == 'o' || lower == 'u'):
		// The horned letter has its own byte (ô for ơ, ö for ư) and takes the tone after it.
		horn := map[rune]rune{'o': 'ô', 'u': 'ö'}[lower]
		if unicode.IsUpper(base) {
			horn = unicode.ToUpper(horn)
		}
		return string(horn) + mark(vniTones, ti), nil
	}
	return "", fmt.Errorf("encode %q in VNI-Windows: no code", r)
}

// toneIndex returns the position of tone in toneOrder, or -1 for no tone.
func toneIndex(tone rune) int {
	for i, t := range toneOrder {
		if t == tone {
			return i
		}
	}
	return -1
}
