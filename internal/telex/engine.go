package telex

import "unicode"

// effect records what the previous key did, so the same key again can undo
// it.
type effect struct {
	key      rune // lower-case key that had the effect; 0 if none
	idx      []int
	prevMark []mark
	loneW    bool // the key made a lone ư, which an undo turns back into w
}

// builder turns keys into letters one key at a time.
type builder struct {
	m       Method
	ls      []letter
	tone    int
	last    effect
	spent   map[rune]bool // keys that undid something and are now plain
	dropped map[int]bool  // key positions consumed by an undo
	pos     int           // position of the key being typed
	upper   bool          // the key being typed is a capital
}

func newBuilder(m Method) *builder {
	return &builder{m: m, spent: map[rune]bool{}, dropped: map[int]bool{}}
}

// key feeds one key (an ASCII letter, or a digit for VNI).
func (b *builder) key(r rune) {
	lk := unicode.ToLower(r)
	b.upper = unicode.IsUpper(r)
	prev := b.last
	b.last = effect{}
	defer func() { b.pos++ }()

	if prev.key == lk && !b.spent[lk] && prev.idx != nil {
		b.undo(prev, r)
		return
	}
	if b.spent[lk] || !b.act(lk) {
		b.ls = append(b.ls, letter{base: lk, upper: unicode.IsUpper(r)})
	}
}

// act applies lk as a modifier and reports whether it did anything.
func (b *builder) act(lk rune) bool {
	if t, ok := b.toneKey(lk); ok {
		return b.setTone(lk, t)
	}
	switch b.modifier(lk) {
	case hat:
		return b.addMark(lk, hat, b.hatTargets(lk))
	case horn:
		return b.addHorn(lk)
	case breve:
		return b.addMark(lk, breve, "a")
	case stroke:
		return b.addStroke(lk)
	}
	return false
}

// toneKey returns the tone a key sets: 0 for the tone-removing key.
func (b *builder) toneKey(lk rune) (int, bool) {
	keys := "zsfrxj"
	if b.m == VNI {
		keys = "012345"
	}
	for t, k := range keys {
		if k == lk {
			return t, true
		}
	}
	return 0, false
}

// modifier returns the mark a key adds, or noMark.
func (b *builder) modifier(lk rune) mark {
	if b.m == VNI {
		switch lk {
		case '6':
			return hat
		case '7':
			return horn
		case '8':
			return breve
		case '9':
			return stroke
		}
		return noMark
	}
	switch lk {
	case 'a', 'e', 'o':
		return hat
	case 'w':
		return horn
	case 'd':
		return stroke
	}
	return noMark
}

func (b *builder) hatTargets(lk rune) string {
	if b.m == VNI {
		return "aeo"
	}
	return string(lk)
}

// setTone sets tone t; the tone already set, typed again, is undone.
func (b *builder) setTone(lk rune, t int) bool {
	s := parse(b.ls)
	if !s.ok || s.nucStart == s.nucE {
		return false
	}
	if t == toneNone {
		if b.tone == toneNone {
			return false
		}
		b.tone = toneNone
		return true
	}
	if b.tone == t {
		b.tone = toneNone
		b.spent[lk] = true
		b.dropped[b.pos] = true
		return false
	}
	b.tone = t
	return true
}

// undo reverses the previous key's mark and writes key r as a plain letter.
func (b *builder) undo(prev effect, r rune) {
	lk := unicode.ToLower(r)
	b.spent[lk] = true
	if prev.loneW {
		b.ls[prev.idx[0]] = letter{base: 'w', upper: b.ls[prev.idx[0]].upper}
	} else {
		for i, at := range prev.idx {
			b.ls[at].mark = prev.prevMark[i]
		}
		b.dropped[b.pos] = true
	}
	b.ls = append(b.ls, letter{base: lk, upper: unicode.IsUpper(r)})
}

// try sets marks on letters at idx and keeps them if the word still reads
// as the start of a syllable.
func (b *builder) try(lk rune, idx []int, ms []mark) bool {
	old := make([]mark, len(idx))
	for i, at := range idx {
		old[i] = b.ls[at].mark
		b.ls[at].mark = ms[i]
	}
	s := parse(b.ls)
	nuc := plainString(b.ls[s.nucStart:s.nucE])
	if s.ok && (nuc == "" || nucleusPrefixes[nuc]) {
		b.last = effect{key: lk, idx: idx, prevMark: old}
		return true
	}
	for i, at := range idx {
		b.ls[at].mark = old[i]
	}
	return false
}

// addMark puts mark m on the last nucleus vowel whose base is in targets.
func (b *builder) addMark(lk rune, m mark, targets string) bool {
	s := parse(b.ls)
	if !s.ok {
		return false
	}
	for i := s.nucE - 1; i >= s.nucStart; i-- {
		l := b.ls[i]
		if l.mark == m || !containsRune(targets, l.base) {
			continue
		}
		if b.try(lk, []int{i}, []mark{m}) {
			return true
		}
	}
	return false
}

// addHorn makes ươ from uo, else ơ ư (or ă for Telex), else a lone ư.
func (b *builder) addHorn(lk rune) bool {
	s := parse(b.ls)
	if !s.ok {
		return false
	}
	for i := s.nucStart; i+1 < s.nucE; i++ {
		u, o := b.ls[i], b.ls[i+1]
		pair := u.base == 'u' && o.base == 'o' && (u.mark != horn || o.mark != horn)
		if pair && b.try(lk, []int{i, i + 1}, []mark{horn, horn}) {
			return true
		}
	}
	targets := "ou"
	if b.m == Telex {
		targets = "oua"
	}
	for i := s.nucE - 1; i >= s.nucStart; i-- {
		l := b.ls[i]
		if l.mark != noMark || !containsRune(targets, l.base) {
			continue
		}
		m := horn
		if l.base == 'a' {
			m = breve
		}
		if b.try(lk, []int{i}, []mark{m}) {
			return true
		}
	}
	if b.m == Telex && s.nucStart == len(b.ls) && s.init != "qu" {
		b.ls = append(b.ls, letter{base: 'u', mark: horn, upper: b.upper})
		b.last = effect{key: lk, idx: []int{len(b.ls) - 1}, loneW: true}
		return true
	}
	return false
}

// addStroke makes đ of a leading d: "dd" in Telex, "d9" (anywhere) in VNI.
func (b *builder) addStroke(lk rune) bool {
	if len(b.ls) == 0 || b.ls[0].base != 'd' || b.ls[0].mark != noMark {
		return false
	}
	if b.m == Telex && len(b.ls) != 1 {
		return false
	}
	return b.try(lk, []int{0}, []mark{stroke})
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}
