package citizen

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

func TestCheckFullName(t *testing.T) {
	cases := []struct {
		name, in string
		want     []Problem
	}{
		{"ordinary", "Nguyễn Văn Đức", nil},
		{"as printed on the card", "NGUYỄN VĂN ĐỨC", nil},
		{"pasted in NFD", "Nguye\u0302\u0303n Va\u0306n An", nil},
		{"old tone placement", "Đặng Thị Hoà", nil},
		{"apostrophe in an Ede name", "H'Hen Niê", nil},
		{"typographic apostrophe", "H\u2019Hen Niê", nil},
		{"Ede name in several words", "Y Ngông Niê Kđăm", nil},
		{"hyphen", "Nguyễn-Trần Minh Anh", nil},
		{"extra spaces", "  Trần   Thị  Bình ", nil},
		{"plain ASCII name without syllables that need marks", "Kim Lan Anh", nil},
		{"foreign name", "John Smith", nil},
		{"not filled in", "", nil},
		{"only spaces", " \t ", nil},
		{"digit", "Nguyễn Văn 2", []Problem{prob(Error, "citizen.name.digits", "Char", "2")}},
		{"digit after a symbol", "Lê! Văn 3", []Problem{
			prob(Error, "citizen.name.digits", "Char", "3")}},
		{"letter O typed as zero", "Ng0c Anh", []Problem{
			prob(Error, "citizen.name.digits", "Char", "0")}},
		{"at sign", "Trần@Bình", []Problem{prob(Error, "citizen.name.chars", "Char", "@")}},
		{"comma between family and given name", "Phạm, Thu Hà", []Problem{
			prob(Error, "citizen.name.chars", "Char", ",")}},
		{"exclamation mark", "Nguyễn Văn An!", []Problem{
			prob(Error, "citizen.name.chars", "Char", "!")}},
		{"abbreviation", "Nguyễn V. An", []Problem{
			prob(Error, "citizen.name.chars", "Char", ".")}},
		{"Cyrillic look-alike A in a Latin word", "Nguyễn Văn \u0410n", []Problem{
			prob(Warning, "citizen.name.lookalike", "Char", "\u0410", "Fixed", "A")}},
		{"Cyrillic word on its own", "Nguyễn Văn \u0410", []Problem{
			prob(Error, "citizen.name.chars", "Char", "\u0410")}},
		{"Turkish dotless i", "Lê Thị L\u0131nh", []Problem{
			prob(Warning, "citizen.name.lookalike", "Char", "\u0131", "Fixed", "i")}},
		{"African D", "\u0189ặng Văn Lâm", []Problem{
			prob(Warning, "citizen.name.lookalike", "Char", "\u0189", "Fixed", "Đ")}},
		{"zero-width space", "Nguyễn\u200bVăn An", []Problem{
			prob(Error, "citizen.name.chars", "Char", "U+200B")}},
		{"NUL inside the name", "Nguyễn\x00Văn An", []Problem{
			prob(Error, "citizen.name.chars", "Char", "U+0000")}},
		{"Chinese characters", "阮文雄", []Problem{
			prob(Error, "citizen.name.chars", "Char", "阮")}},
		{"only a hyphen", " - ", []Problem{prob(Error, "citizen.name.chars", "Char", "-")}},
		{"invalid bytes", "Nguy\xffn Văn An", []Problem{
			prob(Error, "citizen.name.chars", "Char", "U+FFFD")}},
		{"look-alike capital Eth", "Ðinh Văn Lâm", []Problem{
			prob(Warning, "citizen.name.lookalike", "Char", "Ð", "Fixed", "Đ")}},
		{"look-alike small eth", "Trần Văn ðức", []Problem{
			prob(Warning, "citizen.name.lookalike", "Char", "ð", "Fixed", "đ"),
		}},
		{"one word", "Lan", []Problem{prob(Warning, "citizen.name.oneword")}},
		{"all lower case", "nguyễn văn an", []Problem{prob(Warning, "citizen.name.lowercase")}},
		{"typed without marks", "Nguyen Van An", []Problem{prob(Warning, "citizen.name.nomarks")}},
		{"without marks, upper case", "TRAN THI BINH", []Problem{
			prob(Warning, "citizen.name.nomarks")}},
		{"without marks, only syllables that need them", "Phuong Duc Tuan", []Problem{
			prob(Warning, "citizen.name.nomarks")}},
		{"without marks, given name gives it away", "Kieu Ngoc Anh", []Problem{
			prob(Warning, "citizen.name.nomarks")}},
		{"without marks, surname Le", "Le Minh Khoa", []Problem{
			prob(Warning, "citizen.name.nomarks")}},
		{"one mark is enough", "Nguyen Van Đuc", nil},
		{"Ede name: a missing mark that cannot be told", "Y Ngong Nie", nil},
		{"without marks and lower case", "nguyen van an", []Problem{
			prob(Warning, "citizen.name.nomarks"), prob(Warning, "citizen.name.lowercase")}},
		{"one lower-case word", "lan", []Problem{
			prob(Warning, "citizen.name.oneword"), prob(Warning, "citizen.name.lowercase")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CheckFullName(c.in)
			assert.Equal(t, c.want, got)
			assertReadable(t, got)
		})
	}
}

func TestNormaliseName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Nguyễn Văn Đức", "Nguyễn Văn Đức"},
		{"  Ðinh   Văn\tLâm ", "Đinh Văn Lâm"},
		{"Trần Văn ðức", "Trần Văn đức"},
		{"Nguye\u0302\u0303n", "Nguyễn"},
		{"Nguyễn Văn \u0410n", "Nguyễn Văn An"},
		{"Lê Thị L\u0131nh", "Lê Thị Linh"},
		{"\u0189ặng", "Đặng"},
		{"", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got := NormaliseName(c.in)
			assert.Equal(t, c.want, got)
			assert.True(t, norm.NFC.IsNormalString(got))
		})
	}
}

func FuzzCheckFullName(f *testing.F) {
	for _, s := range []string{
		"Nguyễn Văn Đức", "Ðinh Văn Lâm", "H'Hen Niê", "nguyen van an", "Lan",
		"Nguyễn Văn 2", "Nguye\u0302\u0303n", "\xff", " - ", "Ð\u0301",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CheckFullName(s)
		assertReadable(t, got)

		stored := NormaliseName(s)
		assert.Equal(t, stored, NormaliseName(stored), "NormaliseName is not idempotent")
		assert.False(t, strings.ContainsAny(stored, "\u00d0\u00f0"))
		if utf8.ValidString(s) {
			assert.True(t, norm.NFC.IsNormalString(stored), "%q stored as %q", s, stored)
		}

		// Storing the name never turns a wrong name into a right one or
		// the other way round.
		assert.Equal(t, HasError(got), HasError(CheckFullName(stored)), "%q vs %q", s, stored)
	})
}

// BenchmarkCheckFullName measures the check that runs on every key typed
// in the name field, for a name typed without marks (the slowest case).
func BenchmarkCheckFullName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		CheckFullName("Nguyen Thi Phuong Thuy")
	}
}
