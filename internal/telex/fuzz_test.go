package telex

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

// checkOut asserts what every conversion must give: with Off the input
// back, otherwise valid NFC text.
func checkOut(t *testing.T, in, out string, m Method) {
	if m == Off {
		assert.Equal(t, in, out)
		return
	}
	assert.True(t, utf8.ValidString(out), "valid UTF-8: %q", out)
	assert.True(t, norm.NFC.IsNormalString(out), "NFC: %q", out)
}

func FuzzWord(f *testing.F) {
	for _, c := range wordCases {
		f.Add(c.keys, uint8(c.m), uint8(c.s))
	}
	f.Add("uwowuwow", uint8(Telex), uint8(Modern))
	f.Add("\xff\xfea", uint8(VNI), uint8(Classic))
	f.Fuzz(func(t *testing.T, keys string, m, s uint8) {
		method, style := Method(m%3), ToneStyle(s%2)
		out := Word(keys, method, style)
		checkOut(t, keys, out, method)
		marked := strings.IndexFunc(out, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0
		if method != Off && marked && out != norm.NFC.String(keys) {
			assert.Equal(t, out, Word(out, method, style), "a converted word is stable")
		}
	})
}

func FuzzApply(f *testing.F) {
	f.Add("xin chaof cacs banj, email: ngocs@gmail.com", uint8(Telex), uint8(Modern))
	f.Add("Vie65t Nam 2025 (d9u7o7c5)", uint8(VNI), uint8(Classic))
	f.Add("a\u0301 e\u0300", uint8(Telex), uint8(Modern))
	f.Fuzz(func(t *testing.T, keys string, m, s uint8) {
		method, style := Method(m%3), ToneStyle(s%2)
		checkOut(t, keys, Apply(keys, method, style), method)
	})
}

// FuzzEditor types the keys one by one and checks the text is what Apply
// gives, since nothing moved the cursor.
func FuzzEditor(f *testing.F) {
	f.Add("xin chaof cacs banj", uint8(Telex))
	f.Add("Nguye64n Va8n", uint8(VNI))
	f.Fuzz(func(t *testing.T, keys string, m uint8) {
		if !utf8.ValidString(keys) {
			return
		}
		method := Method(m % 3)
		e := NewEditor(method, Modern)
		typeAll(e, keys)
		assert.Equal(t, utf8.RuneCountInString(e.Text()), e.Cursor())
		e.MoveCursor(e.Cursor())
		if norm.NFC.IsNormalString(keys) {
			assert.Equal(t, Apply(keys, method, Modern), e.Text(), "same as Apply")
		}
		for range 3 {
			e.Backspace()
		}
		assert.LessOrEqual(t, e.Cursor(), utf8.RuneCountInString(e.Text()))

		// Edit inside what was typed: the cursor stays in the text.
		e.MoveCursor(e.Cursor() / 2)
		typeAll(e, "as")
		e.Backspace()
		assert.LessOrEqual(t, e.Cursor(), utf8.RuneCountInString(e.Text()))
		assert.True(t, utf8.ValidString(e.Text()))
	})
}

// FuzzKeys checks that the keys Keys gives for a word type that word
// again, for any word that Word made from keys.
func FuzzKeys(f *testing.F) {
	for _, c := range wordCases {
		f.Add(c.keys, uint8(c.m), uint8(c.s))
	}
	for _, r := range wordRows {
		f.Add(r.telex, uint8(Telex), uint8(Classic))
		f.Add(r.vni, uint8(VNI), uint8(Modern))
	}
	f.Fuzz(func(t *testing.T, keys string, m, s uint8) {
		method, style := Method(m%3), ToneStyle(s%2)
		if method == Off {
			assert.Equal(t, keys, Keys(keys, method))
			return
		}
		typed := Keys(keys, method)
		assert.True(t, utf8.ValidString(typed) || !utf8.ValidString(keys), "%q", typed)

		// Keys cuts text into words at runes that are not keys; Word takes one word.
		word := Word(keys, method, style)
		marked := strings.IndexFunc(word, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0
		oneWord := strings.IndexFunc(word, func(r rune) bool { return !isKey(r, method) }) < 0
		if !marked || !oneWord || word == norm.NFC.String(keys) {
			return
		}
		assert.Equal(t, word, Word(Keys(word, method), method, style),
			"keys %q for %q", Keys(word, method), word)
	})
}

func BenchmarkWord(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Word("Nguyeenx", Telex, Modern)
		Word("truwowngf", Telex, Modern)
		Word("Facebook", Telex, Modern)
	}
}

func BenchmarkApply(b *testing.B) {
	text := "Nguyeenx Vawn A, 075203001234, xin chaof. Ddawng kys taif khoanr " +
		"ddinhj danh ddieenj tuwr muwcs 2 treen VNeID, email a.b@gmail.com."
	b.ReportAllocs()
	for b.Loop() {
		Apply(text, Telex, Modern)
	}
}
