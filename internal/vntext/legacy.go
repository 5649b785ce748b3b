package vntext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding names the encoding that pasted text was written in.
type Encoding int

// The encodings Detect tells apart and Convert reads.
const (
	// Unicode is ordinary text, Vietnamese or not.
	Unicode Encoding = iota
	// TCVN3 is the one-byte ABC encoding (TCVN 5712:1993, VN3) of the .Vn fonts.
	TCVN3
	// VNIWindows is the VNI-Windows encoding of the VNI- fonts: a base letter and mark bytes.
	VNIWindows
)

// String returns the usual name of the encoding.
func (e Encoding) String() string {
	switch e {
	case Unicode:
		return "Unicode"
	case TCVN3:
		return "TCVN3"
	case VNIWindows:
		return "VNI-Windows"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// Convert reads s as text in the legacy encoding from, whose bytes were shown as Windows-1252
// or Latin-1 (bytes that are not valid UTF-8 are read as raw bytes), and returns it as NFC
// Unicode. Code points the encoding does not define are kept as they are.
func Convert(s string, from Encoding) (string, error) {
	switch from {
	case Unicode:
		return NFC(strings.ToValidUTF8(s, "\uFFFD")), nil
	case TCVN3:
		out, _ := decodeTCVN3(legacyUnits(s))
		return out, nil
	case VNIWindows:
		out, _ := decodeVNI(legacyUnits(s))
		return out, nil
	}
	return "", fmt.Errorf("convert from %v: unknown encoding", from)
}

// legacyUnits returns the code units of s, reading a byte that is not valid UTF-8 as the
// Latin-1 code point of the same value.
func legacyUnits(s string) []rune {
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = rune(s[i])
		}
		out = append(out, r)
		i += size
	}
	return out
}

// tcvn3Runs is the TCVN3 (ABC) table: each run gives the letters of consecutive byte values
// from its first byte. Bytes 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0 and 0xF0 hold no
// Vietnamese letter in the published table and are left out. The encoding has no capitals
// with a tone mark: those were written with the lower-case codes in a capitals font.
var tcvn3Runs = []struct {
	first   rune
	letters string
}{
	{0xA1, "ĂÂÊÔƠƯĐăâêôơưđ"},
	{0xB5, "àảãáạ"},
	{0xBB, "ằẳẵắ"},
	{0xC6, "ặầẩẫấậè"},
	{0xCE, "ẻẽéẹềểễếệìỉ"},
	{0xDC, "ĩíịò"},
	{0xE1, "ỏõóọồổỗốộờởỡớợù"},
	{0xF1, "ủũúụừửữứựỳỷỹýỵ"},
}

var tcvn3Decode, tcvn3Encode = buildTCVN3()

func buildTCVN3() (map[rune]rune, map[rune]rune) {
	dec, enc := map[rune]rune{}, map[rune]rune{}
	for _, run := range tcvn3Runs {
		code := run.first
		for _, r := range run.letters {
			dec[code], enc[r] = r, code
			code++
		}
	}
	return dec, enc
}

// isHighLatin1 reports whether u is one of the code units 0x80-0xFF a legacy encoding defines;
// Windows-1252 punctuation such as curly quotes, read from the same bytes, is left to pass.
func isHighLatin1(u rune) bool {
	return u >= 0x80 && u <= 0xFF
}

// decodeTCVN3 converts TCVN3 code units and counts the Latin-1 units it could not map.
func decodeTCVN3(units []rune) (string, int) {
	unknown := 0
	var b strings.Builder
	for _, u := range units {
		if r, ok := tcvn3Decode[u]; ok {
			b.WriteRune(r)
			continue
		}
		if isHighLatin1(u) {
			unknown++
		}
		b.WriteRune(u)
	}
	var out strings.Builder
	for _, w := range splitTokens(norm.NFC.String(b.String())) {
		out.WriteString(capitalWord(w))
	}
	return norm.NFC.String(out.String()), unknown
}

// capitalWord upper-cases a word written in capitals: TCVN3 has no code for a capital with a
// tone, so capitals fonts (.VnTimeH) show the lower-case codes as capitals, and "NGUYÔN"
// reads "NGUYễN". A word with two capitals and no lower-case ASCII letter is taken as such.
func capitalWord(w string) string {
	uppers := 0
	for _, r := range w {
		if r >= 'a' && r <= 'z' {
			return w
		}
		if unicode.IsUpper(r) {
			uppers++
		}
	}
	if uppers < 2 {
		return w
	}
	return strings.ToUpper(w)
}

// VNI-Windows writes a vowel as its ASCII letter followed by one mark byte; these are the
// lower-case mark bytes (capitals use the upper-case Latin-1 letter of the same mark, and a
// mark is read only when its case matches the letter's). ơ and ư have a byte of their own
// and take the tone marks after it.
const (
	vniTones      = "øùõûï"  // grave, acute, tilde, hook, dot below
	vniCircumflex = "âàáãåä" // circumflex alone, then with each tone in the order above
	vniBreve      = "êèéüúë" // breve alone, then with each tone in the order above
)

var toneOrder = []rune{toneGrave, toneAcute, toneTilde, toneHook, toneDot}

// vniLetters are the VNI-Windows letters written with one byte of their own. The published
// table gives ỵ its own byte (î); "y" followed by the dot-below mark is read as ỵ too.
var vniLetters = map[rune]rune{
	'ô': 'ơ', 'ö': 'ư', 'ñ': 'đ', 'ì': 'ì',
	'í': 'í', 'æ': 'ỉ', 'ó': 'ĩ', 'ò': 'ị', 'î': 'ỵ',
	'Ô': 'Ơ', 'Ö': 'Ư', 'Ñ': 'Đ', 'Ì': 'Ì',
	'Í': 'Í', 'Æ': 'Ỉ', 'Ó': 'Ĩ', 'Ò': 'Ị', 'Î': 'Ỵ',
}

// vniMark reads u as a VNI mark byte after base and returns the quality mark and tone it
// adds; ok is false if u is no mark that base can take.
func vniMark(base, u rune) (quality, tone rune, ok bool) {
	if unicode.IsUpper(base) != unicode.IsUpper(u) {
		return 0, 0, false
	}
	lb, lu := unicode.ToLower(base), unicode.ToLower(u)
	if i := markIndex(vniTones, lu); i >= 0 && strings.ContainsRune("aeouyơư", lb) {
		return 0, toneOrder[i], true
	}
	if i := markIndex(vniCircumflex, lu); i >= 0 && strings.ContainsRune("aeo", lb) {
		return markCircumflex, toneAt(i), true
	}
	if i := markIndex(vniBreve, lu); i >= 0 && lb == 'a' {
		return markBreve, toneAt(i), true
	}
	return 0, 0, false
}

// markIndex returns the position of r in marks counted in runes, or -1.
func markIndex(marks string, r rune) int {
	for i, m := range []rune(marks) {
		if m == r {
			return i
		}
	}
	return -1
}

// toneAt returns the tone of position i in a mark list whose first entry has no tone.
func toneAt(i int) rune {
	if i == 0 {
		return 0
	}
	return toneOrder[i-1]
}

// decodeVNI converts VNI-Windows code units and counts the Latin-1 units it could not map.
func decodeVNI(units []rune) (string, int) {
	unknown := 0
	var b strings.Builder
	for i := 0; i < len(units); i++ {
		u := units[i]
		base := u
		if r, ok := vniLetters[u]; ok {
			base = r
			if r != 'ơ' && r != 'ư' && r != 'Ơ' && r != 'Ư' {
				b.WriteRune(r)
				continue
			}
		}
		if isHighLatin1(u) && base == u {
			unknown++
		}
		b.WriteRune(base)
		if i+1 < len(units) {
			if quality, tone, ok := vniMark(base, units[i+1]); ok {
				if quality != 0 {
					b.WriteRune(quality)
				}
				if tone != 0 {
					b.WriteRune(tone)
				}
				i++
			}
		}
	}
	return norm.NFC.String(b.String()), unknown
}
