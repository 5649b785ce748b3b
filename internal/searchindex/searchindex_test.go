package searchindex

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/citizen"
)

// testKey is a fixed key, so failures repeat.
var testKey = bytes.Repeat([]byte{7}, KeySize)

// newIndex returns an Index under testKey.
func newIndex(t testing.TB) *Index {
	t.Helper()
	ix, err := New(testKey)
	require.NoError(t, err)
	return ix
}

// finds reports whether a draft stored under terms is found by q.
func finds(terms []Term, q Query) bool {
	if q.Empty() {
		return true
	}
	if len(q.Any) > 0 {
		return slices.ContainsFunc(q.Any, func(t Term) bool { return slices.Contains(terms, t) })
	}
	for _, t := range q.All {
		if !slices.Contains(terms, t) {
			return false
		}
	}
	return true
}

func TestNameWords(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"Nguyễn Văn A", []string{"nguyen", "van", "a"}},
		{"ĐỨC", []string{"duc"}},
		{"\u00d0ức", []string{"duc"}}, // Ð, the Icelandic look-alike
		{"đức", []string{"duc"}},
		{"\u0189ức", []string{"duc"}}, // Ɖ, the African D
		{"Hòa Hoà", []string{"hoa"}},  // both tone placements, once
		{"  Trần\tVăn   Bình  ", []string{"tran", "van", "binh"}},
		{"Nguye\u0302\u0303n", []string{"nguyen"}},    // pasted in NFD
		{"Ngu\u0443\u0435n", []string{"nguyen"}},      // Cyrillic у and е
		{"Lan_Anh Phạm", []string{"lan_anh", "pham"}}, // only spaces part words
		// Found by fuzzing: folding bares a look-alike (Cyrillic ӳ gives у).
		{"\u04f3A", []string{"ya"}},
		{"\u04f3", []string{"\u0443"}}, // no Latin letter beside it: kept
		{"a b c d e f g h i j k l m n o p q r", []string{ // at most maxWords
			"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"}},
		{"", nil},
		{" \t ", nil},
		{"\xff", []string{"\ufffd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, NameWords(tt.name))
		})
	}
}

func TestIDNumber(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"075123456789", "075123456789", true},
		{"075 123 456 789", "075123456789", true},
		{"075.123.456-789", "075123456789", true},
		{"123456789", "123456789", true},
		{"07512345678", "", false},   // 11 digits
		{"0751234567890", "", false}, // 13 digits
		{"07512345678a", "", false},
		{"０75123456789", "", false}, // full-width digit
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := IDNumber(tt.in)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSearchFindsPerson(t *testing.T) {
	ix := newIndex(t)
	long := "Wolfeschlegelsteinhausen"
	tests := []struct {
		person Person
		text   string
		want   bool
	}{
		{Person{FullName: "Nguyễn Văn An"}, "nguyen van an", true},
		{Person{FullName: "Nguyễn Văn An"}, "nguyen v", true},
		{Person{FullName: "Nguyễn Văn An"}, "Van A", true},
		{Person{FullName: "Nguyễn Văn An"}, "an nguyen", true}, // any order
		{Person{FullName: "Nguyễn Văn An"}, "NGUYỄN", true},
		{Person{FullName: "Nguyễn Văn An"}, "guyen", false}, // not the start of a word
		{Person{FullName: "Nguyễn Văn An"}, "nguyen van anh", false},
		{Person{FullName: "Nguyễn Văn An"}, "nguyen thi", false},
		{Person{FullName: "Trần Đức Bo"}, "duc", true},
		{Person{FullName: "Trần Đức Bo"}, "\u00d0ức", true},
		{Person{FullName: "Trần \u00d0ức Bo"}, "đức", true},
		{Person{FullName: "Đặng Thị Hòa"}, "hoà", true},
		{Person{FullName: "Đặng Thị Hoà"}, "Hòa", true},
		{Person{FullName: "Đặng Thị Hoà"}, "dang   thi", true},
		{Person{FullName: "50% Hà"}, "50%", true},
		{Person{FullName: "\u04f3A"}, "\u0443a", true}, // found by fuzzing
		{Person{FullName: "\u04f3A"}, "ya", true},
		{Person{FullName: "50% Hà"}, "5%", false},
		{Person{FullName: long}, "wolfeschlegelste", true}, // 16 letters
		{Person{FullName: long}, "wolfeschlegelstei", false},
		{Person{FullName: long}, long, true},
		{Person{IDNumber: "075 123 456 789"}, "075123456789", true},
		{Person{IDNumber: "075123456789"}, "075-123-456-789", true},
		{Person{IDNumber: "075123456789"}, "07512345678", false}, // part of it
		{Person{IDNumber: "075123456789"}, "0751234", false},
		{Person{IDNumber: "123456789"}, "123 456 789", true},
		{Person{IDNumber: "12345678"}, "12345678", false}, // not an ID shape
		{Person{Phone: "0912 345 678"}, "0912345678", true},
		{Person{Phone: "0912345678"}, "+84 912 345 678", true},
		{Person{Phone: "+84912345678"}, "0912.345.678", true},
		{Person{Phone: "0912345678"}, "84912345678", true},
		{Person{Phone: "0912345678"}, "091234567", false},
		{Person{Phone: "0912345678"}, "0912", false},
		// A name that looks like a number is not found by the number.
		{Person{FullName: "123456789"}, "123456789", false},
		{Person{FullName: "0912345678"}, "0912345678", false},
		{Person{IDNumber: "123456789"}, "123456", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			assert.Equal(t, tt.want, finds(ix.Terms(tt.person), ix.Query(tt.text)),
				"%+v", tt.person)
		})
	}
}

func TestQuery(t *testing.T) {
	ix := newIndex(t)
	assert.True(t, ix.Query("").Empty())
	assert.True(t, ix.Query("  \t").Empty())
	assert.Len(t, ix.Query("nguyen van van").All, 2, "a repeated word counts once")
	assert.Len(t, ix.Query("075123456789").Any, 1)
	assert.Empty(t, ix.Query("075123456789").All)
	// 84 and ten digits is an identity number and a phone number both.
	assert.Len(t, ix.Query("840912345678").Any, 2)
}

func TestTermsUnderAnotherKey(t *testing.T) {
	ix := newIndex(t)
	other, err := New(bytes.Repeat([]byte{8}, KeySize))
	require.NoError(t, err)
	p := Person{FullName: "Nguyễn Văn An", IDNumber: "075123456789", Phone: "0912345678"}

	assert.Equal(t, ix.Terms(p), newIndex(t).Terms(p), "the same key gives the same terms")
	for _, term := range other.Terms(p) {
		assert.NotContains(t, ix.Terms(p), term)
	}
	assert.False(t, finds(ix.Terms(p), other.Query("075123456789")))
	assert.NotEqual(t, ix.Fingerprint(), other.Fingerprint())
	assert.NotContains(t, ix.Terms(p), Term(ix.Fingerprint()))

	_, err = New(testKey[:16])
	assert.ErrorIs(t, err, ErrKeySize)
}

func TestTermsHideText(t *testing.T) {
	ix := newIndex(t)
	p := Person{FullName: "Nguyễn Văn An", IDNumber: "075123456789", Phone: "0912345678"}
	terms := ix.Terms(p)
	// 6 + 3 + 2 name prefixes, the identity number and the phone.
	assert.Len(t, terms, 13)
	for _, term := range terms {
		assert.Regexp(t, "^[0-9a-v]{13}$", string(term))
	}
	joined := strings.Join(termStrings(terms), " ")
	for _, s := range []string{"nguyen", "075123456789", "0912345678", "912345678"} {
		assert.NotContains(t, joined, s)
	}
}

// termStrings turns terms into strings.
func termStrings(terms []Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = string(t)
	}
	return out
}

func FuzzTermsFindThePerson(f *testing.F) {
	f.Add("Nguyễn Văn An", "075 123 456 789", "0912 345 678", "nguyen v")
	f.Add("Trần \u00d0ức Bo", "123456789", "+84912345678", "duc")
	f.Add("Đặng Thị Hoà", "", "84912345678", "hòa")
	f.Add("Wolfeschlegelsteinhausenbergerdorff", "x", "0", "wolfeschlegelsteinhausenbergerdorff")
	f.Add("\xff\xfe", "\x00", "+", "\xff")
	ix := newIndex(f)
	f.Fuzz(func(t *testing.T, name, id, phone, text string) {
		p := Person{FullName: name, IDNumber: id, Phone: phone}
		terms := ix.Terms(p)
		if !slices.IsSorted(terms) || len(slices.Compact(slices.Clone(terms))) != len(terms) {
			t.Fatalf("terms not sorted and unique: %v", terms)
		}
		for _, term := range terms {
			digits := "0123456789abcdefghijklmnopqrstuv"
			if len(term) != 13 || strings.Trim(string(term), digits) != "" {
				t.Fatalf("term %q is not 13 base32hex characters", term)
			}
		}
		// A name search finds the person only when each word it asks for
		// starts a word of the name (a whole word past maxPrefix letters).
		words := NameWords(name)
		if q := ix.Query(text); len(q.All) > 0 && finds(terms, q) {
			for _, w := range NameWords(text) {
				if !slices.ContainsFunc(words, func(nw string) bool {
					if utf8.RuneCountInString(w) > maxPrefix {
						return nw == w
					}
					return strings.HasPrefix(nw, w)
				}) {
					t.Fatalf("%q found by %q, whose word %q starts none of its words",
						name, text, w)
				}
			}
		}

		// Every start of every word of the name finds the person.
		for _, w := range words {
			runes := []rune(w)
			for n := 1; n <= len(runes); n++ {
				if n > maxPrefix && n < len(runes) {
					n = len(runes) // past maxPrefix, only the whole word
				}
				prefix := string(runes[:n])
				if _, isID := IDNumber(prefix); isID {
					continue
				}
				if _, isPhone := citizen.NormalisePhone(prefix); isPhone {
					continue
				}
				if !finds(terms, ix.Query(prefix)) {
					t.Fatalf("%q not found by %q", name, prefix)
				}
			}
		}
		// So does the whole name typed in reverse order.
		reversed := slices.Clone(words)
		slices.Reverse(reversed)
		whole := strings.Join(reversed, " ")
		_, isID := IDNumber(whole)
		_, isPhone := citizen.NormalisePhone(whole)
		if !isID && !isPhone && !finds(terms, ix.Query(whole)) {
			t.Fatalf("%q not found by %q", name, whole)
		}
		if norm, ok := IDNumber(id); ok && !finds(terms, ix.Query(norm)) {
			t.Fatalf("identity number %q not found by %q", id, norm)
		}
		if norm, ok := citizen.NormalisePhone(phone); ok && !finds(terms, ix.Query(norm)) {
			t.Fatalf("phone %q not found by %q", phone, norm)
		}
	})
}
