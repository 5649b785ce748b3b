package citizen

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckIDNumber(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		birth string // dd/mm/yyyy, or "" when not known
		want  []Problem
	}{
		{"Dong Nai man born 1990", "075190001234", "05/09/1990", nil},
		{"typed in groups", "075 190 001 234", "05/09/1990", nil},
		{"non-breaking spaces", "075\u00a0190\u00a0001234", "", nil},
		{"birth not known yet", "075190001234", "", nil},
		{"Ho Chi Minh City woman born 1985", "079185012345", "01/01/1985", nil},
		{"Hanoi boy born 2003", "001203001234", "31/12/2003", nil},
		{"Ca Mau girl born 2005", "096305000001", "", nil},
		{"not filled in", "", "", nil},
		{"only spaces", "   ", "", nil},
		{
			"century digit for the 2000s with 1990 typed", "075290001234", "05/09/1990",
			[]Problem{prob(Error, "citizen.id.birthyear", "Implied", "2090", "Typed", "1990")},
		},
		{
			"year digits one off", "075190001234", "05/09/1991",
			[]Problem{prob(Error, "citizen.id.birthyear", "Implied", "1990", "Typed", "1991")},
		},
		{
			"century 2100s", "075490001234", "05/09/1990",
			[]Problem{prob(Error, "citizen.id.birthyear", "Implied", "2190", "Typed", "1990")},
		},
		{
			"year still to come, birth unknown", "075490001234", "",
			[]Problem{prob(Error, "citizen.id.futureyear", "Implied", "2190")},
		},
		{"old identity card", "271234567", "05/09/1990",
			[]Problem{prob(Warning, "citizen.id.old9")}},
		{"old identity card in groups", "271 234 567", "",
			[]Problem{prob(Warning, "citizen.id.old9")}},
		{"one digit short", "07519000123", "",
			[]Problem{prob(Error, "citizen.id.length", "Count", "11")}},
		{"one digit too many", "0751900012345", "",
			[]Problem{prob(Error, "citizen.id.length", "Count", "13")}},
		{"a letter O for zero", "O75190001234", "",
			[]Problem{prob(Error, "citizen.id.digits", "Char", "O")}},
		{"dots between groups", "075.190.001.234", "",
			[]Problem{prob(Error, "citizen.id.digits", "Char", ".")}},
		{"full-width digit", "\uff1075190001234", "",
			[]Problem{prob(Error, "citizen.id.digits", "Char", "\uff10")}},
		{"zero-width space from a paste", "075190\u200b001234", "",
			[]Problem{prob(Error, "citizen.id.digits", "Char", "U+200B")}},
		// Found by FuzzCheckIDNumber: NUL was taken for "nothing wrong".
		{"NUL character", "\x00", "",
			[]Problem{prob(Error, "citizen.id.digits", "Char", "U+0000")}},
		{"NUL inside the number", "075190\x00001234", "",
			[]Problem{prob(Error, "citizen.id.digits", "Char", "U+0000")}},
		{"stray bytes around a space", "\xc6 \xb30", "",
			[]Problem{prob(Error, "citizen.id.digits", "Char", "U+FFFD")}},
		{"province code not in the table", "003190001234", "05/09/1990",
			[]Problem{prob(Warning, "citizen.id.province.unknown", "Code", "003")}},
		{"birth registered abroad", "175190001234", "05/09/1990",
			[]Problem{prob(Warning, "citizen.id.abroad")}},
		{
			"abroad and a wrong year", "175290001234", "05/09/1990",
			[]Problem{
				prob(Warning, "citizen.id.abroad"),
				prob(Error, "citizen.id.birthyear", "Implied", "2090", "Typed", "1990"),
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var birth time.Time
			if c.birth != "" {
				var err error
				birth, err = ParseDate(c.birth)
				require.NoError(t, err)
			}
			got := CheckIDNumber(c.in, birth)
			assert.Equal(t, c.want, got)
			assertReadable(t, got)
		})
	}
}

func TestProvinceName(t *testing.T) {
	cases := []struct {
		code, want string
		ok         bool
	}{
		{"075", "Đồng Nai", true},
		{"001", "Hà Nội", true},
		{"079", "Hồ Chí Minh", true},
		{"070", "Bình Phước", true},
		{"096", "Cà Mau", true},
		{"003", "", false},
		{"097", "", false},
		{"75", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			got, ok := ProvinceName(c.code)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.want, got)
		})
	}

	t.Run("table", func(t *testing.T) {
		assert.Len(t, provinces, 63, "Vietnam had 63 provinces when the codes were set")
		seen := map[string]bool{}
		for code, name := range provinces {
			assert.Regexp(t, `^0(0[1-9]|[1-8]\d|9[0-6])$`, code)
			assert.False(t, seen[name], "%s listed twice", name)
			seen[name] = true
		}
	})
}

func FuzzCheckIDNumber(f *testing.F) {
	for _, s := range []string{
		"075190001234", "075 290 001 234", "271234567", "O75190001234",
		"175190001234", "003190001234", "075490001234", "\xff\xfe", "0751900012345",
	} {
		f.Add(s, 1990, 9, 5)
		f.Add(s, 0, 0, 0)
	}
	f.Fuzz(func(t *testing.T, s string, year, month, day int) {
		var birth time.Time
		if year != 0 {
			birth = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		}
		got := CheckIDNumber(s, birth)
		assertReadable(t, got)

		// Spaces never change the verdict. (In broken UTF-8, dropping a
		// space can join two stray bytes into a character.)
		if utf8.ValidString(s) {
			assert.Equal(t, got, CheckIDNumber(strings.Join(strings.Fields(s), ""), birth))
		}

		if len(got) == 0 && strings.TrimSpace(s) != "" {
			digits, _ := idDigits(s)
			require.Len(t, digits, idLength, "accepted %q", s)
			if !birth.IsZero() {
				assert.Equal(t, birth.Year(), idBirthYear(digits))
			}
		}
	})
}
