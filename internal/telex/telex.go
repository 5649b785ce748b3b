// Package telex turns keys typed in the Telex or VNI way into Vietnamese
// text, as a pure function of the keys, so that every entry of the desk
// app can offer Vietnamese typing without a system input method.
package telex

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Method is a way of typing Vietnamese marks with plain keys.
type Method int

// The typing methods.
const (
	// Off leaves every key as typed.
	Off Method = iota
	// Telex uses letters: s f r x j for tones, aa ee oo aw ow uw w dd.
	Telex
	// VNI uses digits: 1-5 for tones, 6 7 8 9 for marks, 0 to clear.
	VNI
)

// ToneStyle says where the tone goes on the open vowel pairs oa, oe, uy.
type ToneStyle int

// The tone styles.
const (
	// Modern puts the tone on the second vowel: hoà, khoẻ, thuý.
	Modern ToneStyle = iota
	// Classic puts the tone on the first vowel: hòa, khỏe, thúy.
	Classic
)

// Word converts the raw keys typed for one word into Vietnamese, e.g.
// Word("nguyeenx", Telex, Modern) is "nguyễn" and Word("Vieejt", Telex,
// Modern) is "Việt". A tone or mark key acts only where the letters before
// it can start a syllable, else it is a letter; the same key right after
// undoes it and is written as a letter ("aaa" gives "aa"), and a tone key
// typed again takes its tone off ("boss" gives "bos"). Keys that do not
// make a valid syllable (see the package comment) come back as typed, less
// any key spent undoing a mark. Letters that already carry Vietnamese marks
// count as the keys that type them. The result is NFC; with Off the keys
// come back unchanged.
func Word(keys string, m Method, s ToneStyle) string {
	return convertWord(keys, m, s, false)
}

// convertWord is Word; with partial it also converts a word that is not finished
// but can still become a syllable ("dd" gives "đ", "aw" gives "ă").
func convertWord(keys string, m Method, s ToneStyle, partial bool) string {
	if m != Telex && m != VNI {
		return keys
	}
	keys = norm.NFC.String(strings.ToValidUTF8(keys, "\uFFFD"))
	expanded, ok := expand(keys, m, false)
	if !ok {
		return keys
	}

	b := newBuilder(m)
	for _, r := range expanded {
		b.key(r)
	}
	fixHorns(b.ls, parse(b.ls))
	if valid(b.ls, b.tone) || partial && possible(b.ls, b.tone) {
		return norm.NFC.String(render(b.ls, b.tone, s))
	}
	if len(b.dropped) == 0 || expanded != keys {
		return keys
	}

	var out strings.Builder
	for i, r := range []rune(keys) {
		if !b.dropped[i] {
			out.WriteRune(r)
		}
	}
	return out.String()
}

// isKey reports whether r can be part of a word typed with method m.
func isKey(r rune, m Method) bool {
	if r < utf8.RuneSelf {
		ascii := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
		return ascii || m == VNI && '0' <= r && r <= '9'
	}
	_, ok := splitOf[unicode.ToLower(r)]
	return ok
}

// expand rewrites letters with Vietnamese marks as the keys that type them.
// For keys (fromText false) ASCII runes stay as they are and each tone key
// follows its letter; for display text (fromText true) tone keys come last.
// A plain letter that would be read as a mark on the one before it, like
// the second o of "oong", is typed twice so the mark undoes itself. It
// fails on any rune that is not a key.
func expand(word string, m Method, fromText bool) (string, bool) {
	var b, tones strings.Builder
	prev := rune(0)
	for _, r := range word {
		if !isKey(r, m) {
			return "", false
		}
		lr := unicode.ToLower(r)
		p, ok := splitOf[lr]
		if lr == 'd' {
			p, ok = parts{base: 'd'}, true
		}
		if !ok || !fromText && r < utf8.RuneSelf {
			b.WriteRune(r)
			prev = lr
			continue
		}

		base := p.base
		if unicode.IsUpper(r) {
			base = unicode.ToUpper(base)
		}
		b.WriteRune(base)
		if m == Telex && p.mark == noMark && prev == p.base && strings.ContainsRune("aeod", prev) {
			b.WriteRune(base)
		}
		b.WriteString(markKeys(p, m))
		prev = 0
		if p.mark == noMark && p.tone == toneNone {
			prev = p.base
		}
		switch {
		case p.tone == toneNone:
		case fromText:
			tones.WriteByte(toneKeys(m)[p.tone])
		default:
			b.WriteByte(toneKeys(m)[p.tone])
		}
	}
	b.WriteString(tones.String())
	return b.String(), true
}

func toneKeys(m Method) string {
	if m == VNI {
		return "012345"
	}
	return "zsfrxj"
}

// markKeys returns the keys that add p's mark after its base letter.
func markKeys(p parts, m Method) string {
	if m == VNI {
		return [...]string{"", "6", "8", "7", "9"}[p.mark]
	}
	switch p.mark {
	case hat, stroke:
		return string(p.base)
	case breve, horn:
		return "w"
	}
	return ""
}

// Keys returns keys that type word with method m, marks after each letter
// and the tone last: Keys("tiếng", Telex) is "tieengs". Runes that are not
// keys are kept.
func Keys(word string, m Method) string {
	if m != Telex && m != VNI {
		return word
	}
	var b strings.Builder
	start := -1
	rs := []rune(norm.NFC.String(word))
	flush := func(end int) {
		if start >= 0 {
			k, _ := expand(string(rs[start:end]), m, true)
			b.WriteString(k)
			start = -1
		}
	}
	for i, r := range rs {
		if isKey(r, m) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		b.WriteRune(r)
	}
	flush(len(rs))
	return b.String()
}

// Apply converts a whole text typed so far: each run of letters (digits
// too, for VNI) is converted with Word, and spaces, punctuation and other
// runes pass through, so Apply("xin chaof", Telex, Modern) is "xin chào".
// A whitespace-separated piece that looks like an address (it holds @, /,
// a dot between letters, or "www.") is left as typed. With Off the text
// comes back unchanged.
func Apply(keys string, m Method, s ToneStyle) string {
	if m != Telex && m != VNI {
		return keys
	}
	keys = strings.ToValidUTF8(keys, "\uFFFD")
	var b strings.Builder
	for len(keys) > 0 {
		i := strings.IndexFunc(keys, unicode.IsSpace)
		if i < 0 {
			i = len(keys)
		}
		b.WriteString(applyPiece(keys[:i], m, s, false))
		j := strings.IndexFunc(keys[i:], func(r rune) bool { return !unicode.IsSpace(r) })
		if j < 0 {
			j = len(keys) - i
		}
		b.WriteString(keys[i : i+j])
		keys = keys[i+j:]
	}
	return norm.NFC.String(b.String())
}

// applyPiece converts the words in one piece of text without spaces;
// partial is passed on to convertWord.
func applyPiece(p string, m Method, s ToneStyle, partial bool) string {
	if looksLikeAddress(p) {
		return p
	}
	var b strings.Builder
	rs := []rune(p)
	start := -1
	for i := 0; i <= len(rs); i++ {
		if i < len(rs) && isKey(rs[i], m) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			b.WriteString(convertWord(string(rs[start:i]), m, s, partial))
			start = -1
		}
		if i < len(rs) {
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}

// looksLikeAddress reports whether p looks like an e-mail or web address.
func looksLikeAddress(p string) bool {
	if strings.ContainsAny(p, "@/\\_") || strings.HasPrefix(strings.ToLower(p), "www.") {
		return true
	}
	rs := []rune(p)
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == '.' && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
			return true
		}
	}
	return false
}
