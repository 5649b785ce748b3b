package vntext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Combining marks that change a vowel's quality (they make a different letter).
const (
	markCircumflex = '\u0302'
	markBreve      = '\u0306'
	markHorn       = '\u031B'
)

// Combining tone marks (dấu thanh), in the order huyền, sắc, ngã, hỏi, nặng.
const (
	toneGrave = '\u0300'
	toneAcute = '\u0301'
	toneTilde = '\u0303'
	toneHook  = '\u0309'
	toneDot   = '\u0323'
)

// letter is one letter of a word split into its toneless lowercase form, its tone and its case.
type letter struct {
	base  rune // lowercase letter with quality marks, e.g. 'ơ'; never carries a tone
	tone  rune // one of the tone marks, or 0
	upper bool
}

// splitLetter splits r into a base letter, its quality marks and its tone mark; ok is false
// when r carries a mark that Vietnamese does not use or more than one tone.
func splitLetter(r rune) (base rune, quality string, tone rune, ok bool) {
	d := []rune(norm.NFD.String(string(r)))
	base = d[0]
	for _, m := range d[1:] {
		switch m {
		case markCircumflex, markBreve, markHorn:
			quality += string(m)
		case toneGrave, toneAcute, toneTilde, toneHook, toneDot:
			if tone != 0 {
				return base, quality, tone, false
			}
			tone = m
		default:
			return base, quality, tone, false
		}
	}
	return base, quality, tone, true
}

// splitWord splits an NFC word into letters; ok is false if anything in it is not a letter
// written the Vietnamese way.
func splitWord(w string) ([]letter, bool) {
	var out []letter
	for _, r := range w {
		base, quality, tone, ok := splitLetter(r)
		if !ok || !unicode.IsLetter(base) {
			return nil, false
		}
		composed := []rune(norm.NFC.String(string(unicode.ToLower(base)) + quality))
		if len(composed) != 1 {
			return nil, false
		}
		out = append(out, letter{base: composed[0], tone: tone, upper: unicode.IsUpper(base)})
	}
	return out, len(out) > 0
}

// joinWord writes letters back as an NFC word.
func joinWord(ls []letter) string {
	var b strings.Builder
	for _, l := range ls {
		r := l.base
		if l.upper {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
		if l.tone != 0 {
			b.WriteRune(l.tone)
		}
	}
	return norm.NFC.String(b.String())
}

// initials lists the Vietnamese initial consonants, longer ones first so they match first.
var initials = []string{
	"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
}

// finals lists the consonants that may end a syllable.
var finals = map[string]bool{
	"": true, "c": true, "ch": true, "m": true, "n": true, "ng": true, "nh": true,
	"p": true, "t": true,
}

// nuclei lists the toneless vowel groups a syllable may have, including the glides that end
// open syllables ("ai", "ao") so that those need no separate final.
var nuclei = wordSet(`a ă â e ê i o ô ơ u ư y
	ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo
	ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
	iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu`)

// openNuclei end in a glide or in the "a" of ia/ua/ưa and so take no final consonant.
var openNuclei = wordSet(`ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu ia ua ưa uơ
	iêu oai oao oay oeo uây uôi uya uyu ươi ươu yêu`)

// closedNuclei need a final consonant ("ăn", "tiên", "muốn", "xoong").
var closedNuclei = wordSet("ă â oă uâ iê yê uô ươ uyê oo")

// palatalNuclei are the only ones that come before the finals "ch" and "nh".
var palatalNuclei = wordSet("a ê i y oa uê uy")

func wordSet(list string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(list) {
		set[w] = true
	}
	return set
}

// rhymeOK reports whether nucleus and final can form a Vietnamese rhyme (vần).
func rhymeOK(nucleus, final string) bool {
	switch {
	case !nuclei[nucleus] || !finals[final]:
		return false
	case final == "":
		return !closedNuclei[nucleus]
	case openNuclei[nucleus]:
		return false
	case final == "ch" || final == "nh":
		return palatalNuclei[nucleus]
	}
	return true
}

// parseSyllable finds the vowel nucleus [start, end) of a one-syllable word given as toneless
// lowercase letters; ok is false if the word is not a Vietnamese syllable.
func parseSyllable(ls []letter) (start, end int, ok bool) {
	rs := make([]rune, len(ls))
	for i, l := range ls {
		rs[i] = l.base
	}
	word := string(rs)
	for _, ini := range initials {
		if !strings.HasPrefix(word, ini) {
			continue
		}
		start = len([]rune(ini))
		end = start
		for end < len(rs) && isVowel(rs[end]) {
			end++
		}
		if end > start && rhymeOK(string(rs[start:end]), string(rs[end:])) {
			return start, end, true
		}
	}
	return 0, 0, false
}

func isVowel(r rune) bool {
	return strings.ContainsRune("aăâeêioôơuưy", r)
}

// validSyllable reports whether w (NFC) reads as one Vietnamese syllable with at most one
// tone, written in lower, upper or title case.
func validSyllable(w string) bool {
	ls, ok := splitWord(w)
	if !ok {
		return false
	}
	tones := 0
	uppers := 0
	for i, l := range ls {
		if l.tone != 0 {
			tones++
		}
		if l.upper {
			uppers++
			if i > 0 && !ls[0].upper {
				return false
			}
		}
	}
	if tones > 1 || (uppers > 1 && uppers != len(ls)) {
		return false
	}
	start, end, ok := parseSyllable(ls)
	return ok && toneFits(ls, start, end)
}

// toneFits reports whether the word's tone sits where the new or the old style puts it, and
// is sắc or nặng when the syllable ends in c, ch, p or t, as those syllables must.
func toneFits(ls []letter, start, end int) bool {
	at := -1
	for i, l := range ls {
		if l.tone != 0 {
			at = i
		}
	}
	final := ""
	for _, l := range ls[end:] {
		final += string(l.base)
	}
	if final == "c" || final == "ch" || final == "p" || final == "t" {
		if at < 0 || (ls[at].tone != toneAcute && ls[at].tone != toneDot) {
			return false
		}
	}
	if at < 0 {
		return true
	}
	if at == tonePosition(ls, start, end) {
		return true
	}
	// The old style puts the tone on the first vowel of an open "oa", "oe" or "uy" ("hòa").
	pair := ""
	if end-start == 2 {
		pair = string([]rune{ls[start].base, ls[start+1].base})
	}
	return at == start && end == len(ls) && (pair == "oa" || pair == "oe" || pair == "uy")
}
