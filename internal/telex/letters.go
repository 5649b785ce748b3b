package telex

import "unicode"

// mark is the shape added to a base letter: â ê ô, ă, ơ ư, or đ.
type mark uint8

const (
	noMark mark = iota
	hat         // circumflex: â ê ô
	breve       // ă
	horn        // ơ ư
	stroke      // đ
)

// Tones, numbered as VNI numbers them.
const (
	toneNone = iota
	toneSac
	toneHuyen
	toneHoi
	toneNga
	toneNang
)

// letter is one letter of a word being built: a lower-case ASCII base, its
// mark, and whether it was typed as a capital.
type letter struct {
	base  rune
	mark  mark
	upper bool
}

// toneRows lists each vowel in the tones none, sắc, huyền, hỏi, ngã, nặng.
var toneRows = []string{
	"aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ",
	"êếềểễệ", "iíìỉĩị", "oóòỏõọ", "ôốồổỗộ",
	"ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ",
}

// parts is a Vietnamese letter split into base, mark and tone.
type parts struct {
	base rune
	mark mark
	tone int
}

var (
	toned   = map[rune][6]rune{} // plain vowel -> its six toned forms
	splitOf = map[rune]parts{}   // any lower-case Vietnamese letter -> parts
)

func init() {
	for _, row := range toneRows {
		rs := []rune(row)
		var six [6]rune
		copy(six[:], rs)
		toned[rs[0]] = six
		b, m := unmark(rs[0])
		for t, r := range rs {
			splitOf[r] = parts{base: b, mark: m, tone: t}
		}
	}
	splitOf['đ'] = parts{base: 'd', mark: stroke}
}

// unmark splits a plain (tone-less) lower-case letter into base and mark.
func unmark(r rune) (rune, mark) {
	switch r {
	case 'â':
		return 'a', hat
	case 'ă':
		return 'a', breve
	case 'ê':
		return 'e', hat
	case 'ô':
		return 'o', hat
	case 'ơ':
		return 'o', horn
	case 'ư':
		return 'u', horn
	case 'đ':
		return 'd', stroke
	}
	return r, noMark
}

// plain returns the letter with its mark and no tone, in lower case.
func (l letter) plain() rune {
	switch {
	case l.mark == hat && l.base == 'a':
		return 'â'
	case l.mark == hat && l.base == 'e':
		return 'ê'
	case l.mark == hat && l.base == 'o':
		return 'ô'
	case l.mark == breve && l.base == 'a':
		return 'ă'
	case l.mark == horn && l.base == 'o':
		return 'ơ'
	case l.mark == horn && l.base == 'u':
		return 'ư'
	case l.mark == stroke && l.base == 'd':
		return 'đ'
	}
	return l.base
}

// render returns the letter with tone t in its own case.
func (l letter) render(t int) rune {
	r := l.plain()
	if six, ok := toned[r]; ok && t > 0 && t < 6 {
		r = six[t]
	}
	if l.upper {
		return unicode.ToUpper(r)
	}
	return r
}

// isVowel reports whether the letter is a vowel (y counts as one).
func (l letter) isVowel() bool {
	switch l.base {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
