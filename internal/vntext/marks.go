package vntext

import "strings"

// longestSyllable is the most letters a Vietnamese syllable has ("nghiêng").
const longestSyllable = 7

// qualityVariants lists, for each plain letter, the letters that quality marks make of it.
var qualityVariants = map[rune][]rune{
	'a': {'a', 'ă', 'â'}, 'e': {'e', 'ê'}, 'o': {'o', 'ô', 'ơ'}, 'u': {'u', 'ư'},
}

// tones lists "no tone" and the five tone marks, the choices for each syllable.
var tones = []rune{0, toneGrave, toneAcute, toneTilde, toneHook, toneDot}

// NeedsMarks reports whether word, written in plain ASCII letters, is not a Vietnamese syllable
// as it stands but becomes one once marks are added. "Nguyen", "Duc", "Phuong" and "Tuan" need
// marks; "Lan", "Anh" and "Smith" do not. It is how a name typed with Vietnamese typing turned
// off gives itself away.
func NeedsMarks(word string) bool {
	if word == "" || len(word) > longestSyllable {
		return false
	}
	for i := range len(word) {
		c := word[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	word = strings.ToLower(word)
	if validSyllable(word) {
		return false
	}
	ls, ok := splitWord(word)
	return ok && markedReading(ls, 0)
}

// markedReading reports whether the letters from i on can be given quality marks (and đ for
// a first d) so that, with some tone, ls reads as one Vietnamese syllable.
func markedReading(ls []letter, i int) bool {
	if i == len(ls) {
		start, end, ok := parseSyllable(ls)
		if !ok {
			return false
		}
		at := tonePosition(ls, start, end)
		for _, t := range tones {
			ls[at].tone = t
			if toneFits(ls, start, end) {
				ls[at].tone = 0
				return true
			}
		}
		ls[at].tone = 0
		return false
	}

	plain := ls[i].base
	choices := qualityVariants[plain]
	if plain == 'd' && i == 0 {
		choices = []rune{'d', 'đ'}
	}
	if len(choices) == 0 {
		return markedReading(ls, i+1)
	}
	for _, r := range choices {
		ls[i].base = r
		if markedReading(ls, i+1) {
			ls[i].base = plain
			return true
		}
	}
	ls[i].base = plain
	return false
}
