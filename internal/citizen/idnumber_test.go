package citizen

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckIDNumber(t *testing.T) {
	today := time.Date(2025, 12, 4, 9, 0, 0, 0, ict)
	cases := []struct {
		name   string
		in     string
		birth  string // dd/mm/yyyy, or "" when not known
		gender Gender
		want   []Problem
	}{
		{"Dong Nai man born 1990", "075090001234", "05/09/1990", Male, nil},
		{"typed in groups", "075 090 001 234", "05/09/1990", GenderUnknown, nil},
		{"non-breaking spaces", "075\u00a0090\u00a0001234", "", GenderUnknown, nil},
		{"birth and gender not known yet", "075090001234", "", GenderUnknown, nil},
		{"Ho Chi Minh City woman born 1985", "079185012345", "01/01/1985", Female, nil},
		{"Hanoi boy born 2003", "001203001234", "31/12/2003", Male, nil},
		{"Ca Mau girl born 2005", "096305000001", "", Female, nil},
		{"Binh Phuoc woman born 1900", "070100000001", "01/01/1900", Female, nil},
		{"baby born this year", "075225000123", "01/12/2025", GenderUnknown, nil},
		{"not filled in", "", "", Male, nil},
		{"only spaces", "   ", "", GenderUnknown, nil},
		{
			"century digit for the 2000s with 1990 typed", "075290001234", "05/09/1990",
			Male, []Problem{prob(Error, "citizen.id.century",
				"Digit", "2", "From", "2000", "To", "2099", "Typed", "1990")},
		},
		{
			"year digits one off", "075090001234", "05/09/1991", Male,
			[]Problem{prob(Error, "citizen.id.birthyear",
				"Digits", "90", "Typed", "1991", "Want", "91")},
		},
		{
			"year digits swapped", "075091001234", "05/09/2019", GenderUnknown,
			[]Problem{
				prob(Error, "citizen.id.century",
					"Digit", "0", "From", "1900", "To", "1999", "Typed", "2019"),
				prob(Error, "citizen.id.birthyear",
					"Digits", "91", "Typed", "2019", "Want", "19"),
			},
		},
		{
			"century 2100s", "075490001234", "05/09/1990", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.century",
				"Digit", "4", "From", "2100", "To", "2199", "Typed", "1990")},
		},
		{
			"year still to come, birth unknown", "075490001234", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.futureyear", "Digit", "4", "Implied", "2190")},
		},
		{
			"next year, birth unknown", "075226001234", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.futureyear", "Digit", "2", "Implied", "2026")},
		},
		{
			"digit 8 is for the 2300s", "075890001234", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.futureyear", "Digit", "8", "Implied", "2390")},
		},
		{
			"woman with a man's digit", "075090001234", "05/09/1990", Female,
			[]Problem{prob(Error, "citizen.id.gender.male", "Digit", "0")},
		},
		{
			"man with a woman's digit", "079185012345", "01/01/1985", Male,
			[]Problem{prob(Error, "citizen.id.gender.female", "Digit", "1")},
		},
		{
			"gender checked even with the birth date unknown", "096305000001", "", Male,
			[]Problem{prob(Error, "citizen.id.gender.female", "Digit", "3")},
		},
		{
			"girl born 2005 typed as a boy born 2005", "096305000001", "", Male,
			[]Problem{prob(Error, "citizen.id.gender.female", "Digit", "3")},
		},
		{"old identity card", "271234567", "05/09/1990", Male,
			[]Problem{prob(Warning, "citizen.id.old9")}},
		{"old identity card in groups", "271 234 567", "", GenderUnknown,
			[]Problem{prob(Warning, "citizen.id.old9")}},
		{"one digit short", "07509000123", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.short", "Count", "11", "Missing", "1")}},
		{"ten digits", "0750900012", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.short", "Count", "10", "Missing", "2")}},
		{"one digit too many", "0750900012345", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.long", "Count", "13", "Extra", "1")}},
		{"a single digit", "0", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.short", "Count", "1", "Missing", "11")}},
		{"a letter O for zero", "O75090001234", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.digits", "Char", "O")}},
		{"dots between groups", "075.090.001.234", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.digits", "Char", ".")}},
		{"full-width digit", "\uff1075090001234", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.digits", "Char", "\uff10")}},
		{"zero-width space from a paste", "075090\u200b001234", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.digits", "Char", "U+200B")}},
		// Found by FuzzCheckIDNumber: NUL was taken for "nothing wrong".
		{"NUL character", "\x00", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.digits", "Char", "U+0000")}},
		{"NUL inside the number", "075090\x00001234", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.digits", "Char", "U+0000")}},
		{"stray bytes around a space", "\xc6 \xb30", "", GenderUnknown,
			[]Problem{prob(Error, "citizen.id.digits", "Char", "U+FFFD")}},
		{"province code not in the table is only a warning", "003090001234", "05/09/1990",
			Male, []Problem{prob(Warning, "citizen.id.province.unknown", "Code", "003")}},
		{"code 097 after Ca Mau", "097185012345", "", Female,
			[]Problem{prob(Warning, "citizen.id.province.unknown", "Code", "097")}},
		{"birth registered abroad", "175090001234", "05/09/1990", Male,
			[]Problem{prob(Warning, "citizen.id.abroad", "Code", "175")}},
		{
			"abroad, wrong century and wrong gender", "175290001234", "05/09/1990", Female,
			[]Problem{
				prob(Warning, "citizen.id.abroad", "Code", "175"),
				prob(Error, "citizen.id.century",
					"Digit", "2", "From", "2000", "To", "2099", "Typed", "1990"),
				prob(Error, "citizen.id.gender.male", "Digit", "2"),
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
			got := CheckIDNumber(c.in, IDContext{Birth: birth, Gender: c.gender, Today: today})
			assert.Equal(t, c.want, got)
			assertReadable(t, got)
		})
	}
}

// TestCheckIDNumberUnknownProvinceIsNotRefused makes sure that a number
// with a province code outside the table can be kept: none of its
// problems is an Error, for every code from 000 to 099 not in the table.
func TestCheckIDNumberUnknownProvinceIsNotRefused(t *testing.T) {
	birth := time.Date(1990, 9, 5, 0, 0, 0, 0, time.UTC)
	unknown := 0
	for i := range 100 {
		code := fmt.Sprintf("%03d", i)
		if _, known := provinces[code]; known {
			continue
		}
		unknown++
		got := CheckIDNumber(code+"090001234", IDContext{Birth: birth, Gender: Male})
		require.Equal(t, []Problem{prob(Warning, "citizen.id.province.unknown", "Code", code)},
			got, code)
		assert.False(t, HasError(got))
	}
	assert.Equal(t, 100-len(provinces), unknown)
}

// TestCheckIDNumberToday checks that a zero Today means the computer's
// clock: a year of birth after the current one is refused.
func TestCheckIDNumberToday(t *testing.T) {
	next := time.Now().Year() + 1
	id := fmt.Sprintf("075%d%02d001234", (next-1900)/100*2, next%100)
	got := CheckIDNumber(id, IDContext{})
	assert.Equal(t, []Problem{prob(Error, "citizen.id.futureyear",
		"Digit", id[3:4], "Implied", strconv.Itoa(next))}, got)
	assert.Empty(t, CheckIDNumber("075090001234", IDContext{}))
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
		"075090001234", "075 290 001 234", "271234567", "O75190001234",
		"175190001234", "003190001234", "075490001234", "\xff\xfe", "0751900012345",
		"0750900012", "096305000001",
	} {
		f.Add(s, 1990, 9, 5, 1)
		f.Add(s, 0, 0, 0, 0)
		f.Add(s, 2005, 1, 1, 2)
	}
	today := time.Date(2025, 12, 4, 9, 0, 0, 0, ict)
	f.Fuzz(func(t *testing.T, s string, year, month, day, gender int) {
		c := IDContext{Gender: Gender(gender % 3), Today: today}
		if c.Gender < 0 {
			c.Gender = -c.Gender
		}
		if year != 0 {
			c.Birth = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		}
		got := CheckIDNumber(s, c)
		assertReadable(t, got)

		// Spaces never change the verdict. (In broken UTF-8, dropping a
		// space can join two stray bytes into a character.)
		if utf8.ValidString(s) {
			assert.Equal(t, got, CheckIDNumber(strings.Join(strings.Fields(s), ""), c))
		}

		// A province code is never a reason to refuse a number.
		digits, _ := idDigits(s)
		if len(digits) == idLength {
			inDongNai := CheckIDNumber("075"+digits[3:], c)
			assert.Equal(t, errorsOf(inDongNai), errorsOf(got), "%q", s)
		}
		if len(digits) == idLength && !HasError(got) {
			if !c.Birth.IsZero() {
				assert.Equal(t, c.Birth.Year(), idBirthYear(digits))
			} else {
				assert.LessOrEqual(t, idBirthYear(digits), today.Year())
			}
			if c.Gender != GenderUnknown {
				assert.Equal(t, c.Gender == Female, digits[3]%2 == 1, "%q", s)
			}
		}
		if !HasError(got) && strings.TrimSpace(s) != "" {
			assert.Contains(t, []int{oldIDLength, idLength}, len(digits), "accepted %q", s)
		}
	})
}

// errorsOf returns the Errors among ps.
func errorsOf(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Level == Error {
			out = append(out, p)
		}
	}
	return out
}
