package telex

import "strings"

// initials are the consonants a syllable may start with.
var initials = map[string]bool{
	"": true, "b": true, "c": true, "ch": true, "d": true, "đ": true,
	"g": true, "gh": true, "gi": true, "h": true, "k": true, "kh": true,
	"l": true, "m": true, "n": true, "ng": true, "ngh": true, "nh": true,
	"p": true, "ph": true, "qu": true, "r": true, "s": true, "t": true,
	"th": true, "tr": true, "v": true, "x": true,
}

// finals are the consonants a syllable may end with.
var finals = map[string]bool{
	"": true, "c": true, "ch": true, "m": true, "n": true, "ng": true,
	"nh": true, "p": true, "t": true,
}

const (
	open   = 1 // may end the syllable
	closed = 2 // may take a final consonant
)

// nuclei maps each vowel group to whether it may be open, closed or both.
var nuclei = map[string]uint8{
	"a": open | closed, "ă": closed, "â": closed, "e": open | closed,
	"ê": open | closed, "i": open | closed, "o": open | closed,
	"ô": open | closed, "ơ": open | closed, "u": open | closed,
	"ư": open | closed, "y": open | closed,
	"ai": open, "ao": open, "au": open, "âu": open, "ay": open, "ây": open,
	"eo": open, "êu": open, "ia": open, "iu": open, "oi": open, "ôi": open,
	"ơi": open, "ua": open, "ui": open, "ưa": open, "ưi": open, "ưu": open,
	"iê": closed, "yê": closed, "iêu": open, "yêu": open,
	"oa": open | closed, "oă": closed, "oe": open | closed, "oo": closed,
	"uâ": closed, "uê": open | closed, "uô": closed, "uơ": open,
	"ươ": closed, "uy": open | closed, "uyê": closed,
	"oai": open, "oay": open, "oao": open, "oeo": open, "uây": open,
	"uôi": open, "ươi": open, "ươu": open, "uya": open, "uyu": open,
}

// nucleusPrefixes holds every prefix of a nucleus, for checking a word
// that is still being typed.
var nucleusPrefixes = map[string]bool{}

func init() {
	for n := range nuclei {
		rs := []rune(n)
		for i := 1; i <= len(rs); i++ {
			nucleusPrefixes[string(rs[:i])] = true
		}
	}
}

// shape is a word split into its parts, as indexes into its letters.
type shape struct {
	init           string
	nucStart, nucE int
	final          string
	ok             bool // the parts are in order and initial and final exist
}

// parse splits letters into initial, nucleus and final.
func parse(ls []letter) shape {
	var s shape
	i := 0
	for i < len(ls) && !ls[i].isVowel() {
		i++
	}
	s.init = plainString(ls[:i])
	if s.init == "q" && i < len(ls) && ls[i].base == 'u' && ls[i].mark == noMark {
		s.init, i = "qu", i+1
	}
	if s.init == "g" && i+1 < len(ls) && ls[i].plain() == 'i' && ls[i+1].isVowel() {
		s.init, i = "gi", i+1
	}
	s.nucStart = i
	for i < len(ls) && ls[i].isVowel() {
		i++
	}
	s.nucE = i
	s.final = plainString(ls[i:])
	s.ok = initials[s.init] && finals[s.final]
	for _, l := range ls[i:] {
		if l.isVowel() {
			s.ok = false
		}
	}
	return s
}

func plainString(ls []letter) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteRune(l.plain())
	}
	return b.String()
}

// fixHorns writes the pair u-o with its horns the way the syllable needs:
// ươ before a final or i/u ("người", "đường"), uơ at the end ("thuở").
func fixHorns(ls []letter, s shape) {
	for i := s.nucStart; i+1 < s.nucE; i++ {
		u, o := &ls[i], &ls[i+1]
		if u.base != 'u' || o.base != 'o' || u.mark == hat || o.mark == hat {
			continue
		}
		if u.mark != horn && o.mark != horn {
			continue
		}
		u.mark, o.mark = horn, horn
		if i+2 == s.nucE && s.final == "" {
			u.mark = noMark
		}
		return
	}
}

// valid reports whether the letters with tone t form a Vietnamese syllable.
func valid(ls []letter, t int) bool {
	s := parse(ls)
	if !s.ok || s.nucStart == s.nucE {
		return false
	}
	nuc := plainString(ls[s.nucStart:s.nucE])
	kind, ok := nuclei[nuc]
	if !ok {
		return false
	}
	if s.final == "" && kind&open == 0 || s.final != "" && kind&closed == 0 {
		return false
	}
	switch s.final {
	case "ch", "nh":
		if !strings.Contains(" a ê i y oa uê uy ", " "+nuc+" ") {
			return false
		}
	case "c", "ng":
		if nuc == "i" || nuc == "y" || nuc == "uy" {
			return false
		}
	}
	if nuc == "oo" && s.final != "c" && s.final != "ng" {
		return false
	}
	switch s.final {
	case "c", "ch", "p", "t":
		if t == toneHuyen || t == toneHoi || t == toneNga {
			return false
		}
	}
	return spelledRight(s.init, ls[s.nucStart].plain())
}

// possible reports whether the letters with tone t are a syllable still
// being typed: a valid one, or one a vowel or a final h or g would finish.
func possible(ls []letter, t int) bool {
	if valid(ls, t) {
		return true
	}
	s := parse(ls)
	if !s.ok {
		return false
	}
	if s.final == "" {
		nuc := plainString(ls[s.nucStart:s.nucE])
		return nuc == "" || nucleusPrefixes[nuc]
	}
	for _, more := range "hg" {
		if finals[s.final+string(more)] && valid(append(ls[:len(ls):len(ls)], letter{base: more}), t) {
			return true
		}
	}
	return false
}

// spelledRight checks the c/k, g/gh and ng/ngh spelling rules.
func spelledRight(init string, first rune) bool {
	front := strings.ContainsRune("eêiy", first)
	switch init {
	case "c", "ng":
		return !front
	case "g":
		return first == 'i' || !front
	case "k", "gh", "ngh":
		return front && (init == "k" || first != 'y')
	}
	return true
}

// tonePos returns the index of the letter that carries the tone.
func tonePos(ls []letter, s shape, style ToneStyle) int {
	n := s.nucE - s.nucStart
	last := -1
	for i := s.nucStart; i < s.nucE; i++ {
		if ls[i].mark != noMark {
			last = i
		}
	}
	switch {
	case last >= 0:
		return last
	case n >= 3:
		return s.nucStart + 1
	case n == 2 && s.final != "":
		return s.nucStart + 1
	case n == 2:
		nuc := plainString(ls[s.nucStart:s.nucE])
		if style == Modern && (nuc == "oa" || nuc == "oe" || nuc == "uy") {
			return s.nucStart + 1
		}
	}
	return s.nucStart
}

// render writes the letters with tone t placed by style.
func render(ls []letter, t int, style ToneStyle) string {
	s := parse(ls)
	pos := -1
	if t != toneNone && s.nucE > s.nucStart {
		pos = tonePos(ls, s, style)
	}
	var b strings.Builder
	for i, l := range ls {
		if i == pos {
			b.WriteRune(l.render(t))
			continue
		}
		b.WriteRune(l.render(toneNone))
	}
	return b.String()
}
