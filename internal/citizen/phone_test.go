package citizen

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckPhone(t *testing.T) {
	cases := []struct {
		name, in, want string
		problems       []Problem
	}{
		{"national form", "0912345678", "0912345678", nil},
		{"grouped with spaces", "0912 345 678", "0912345678", nil},
		{"grouped with dots", "0912.345.678", "0912345678", nil},
		{"grouped with dashes", "0912-345-678", "0912345678", nil},
		{"non-breaking spaces", "0912\u00a0345\u00a0678", "0912345678", nil},
		{"brackets round the prefix", "(0912) 345 678", "0912345678", nil},
		{"international form", "+84 912 345 678", "0912345678", nil},
		{"international without plus", "84912345678", "0912345678", nil},
		{"international keeping the 0", "+84 0912 345 678", "0912345678", nil},
		{"Viettel 038", "038 123 4567", "0381234567", nil},
		{"Viettel 086", "0868 123 456", "0868123456", nil},
		{"Vietnamobile 0528", "0528 123 456", "0528123456", nil},
		{"Gmobile 059", "0599 123 456", "0599123456", nil},
		{"0559", "0559 123 456", "0559123456", nil},
		{"0896", "0896 123 456", "0896123456", nil},
		{"0993", "0993 123 456", "0993123456", nil},
		{"Mobifone 070", "0702 345 678", "0702345678", nil},
		{"Vinaphone 081", "0812 345 678", "0812345678", nil},
		{"Mobifone 077 with dashes", "077-123-4567", "0771234567", nil},
		{"Viettel 096 as 84 with dots", "84.96.123.4567", "0961234567", nil},
		{"Vietnamobile 056", "+84 56 123 4567", "0561234567", nil},
		{"Reddi 055 is not all mobile", "0551 234 567", "",
			[]Problem{prob(Error, "citizen.phone.notmobile", "Prefix", "0551")}},
		{"not filled in", "", "", nil},
		{"only spaces", "   ", "", nil},
		{"old Viettel 0168", "0168 123 4567", "",
			[]Problem{prob(Error, "citizen.phone.old11", "Suggest", "0381234567")}},
		{"old Vinaphone 0123", "0123 456 7890", "",
			[]Problem{prob(Error, "citizen.phone.old11", "Suggest", "0834567890")}},
		{"old Mobifone 0121 as +84", "+84 121 234 5678", "",
			[]Problem{prob(Error, "citizen.phone.old11", "Suggest", "0792345678")}},
		{"old Gmobile 0199", "01991234567", "",
			[]Problem{prob(Error, "citizen.phone.old11", "Suggest", "0591234567")}},
		{"11 digits with no known old prefix", "01001234567", "",
			[]Problem{prob(Error, "citizen.phone.length", "Count", "11")}},
		{"Dong Nai landline is kept with a note", "0251 3822 222", "02513822222",
			[]Problem{prob(Warning, "citizen.phone.landline")}},
		{"Ho Chi Minh City landline as +84", "+84 28 3829 1234", "02838291234",
			[]Problem{prob(Warning, "citizen.phone.landline")}},
		{"Hanoi landline with dots", "024.3825.1234", "02438251234",
			[]Problem{prob(Warning, "citizen.phone.landline")}},
		{"landline as 84 without plus is not taken for +84", "84 251 3822 222", "",
			[]Problem{prob(Error, "citizen.phone.length", "Count", "12")}},
		{"leading 0 left out", "912 345 678", "",
			[]Problem{prob(Error, "citizen.phone.missingzero", "Suggest", "0912345678")}},
		{"one digit short", "091 234 567", "",
			[]Problem{prob(Error, "citizen.phone.length", "Count", "9")}},
		{"one digit too many", "09123456789", "",
			[]Problem{prob(Error, "citizen.phone.length", "Count", "11")}},
		{"province hotline", "(0251) 1022", "",
			[]Problem{prob(Error, "citizen.phone.length", "Count", "8")}},
		{"+84 and too few digits", "+84 912 345", "",
			[]Problem{prob(Error, "citizen.phone.length", "Count", "8")}},
		{"a number in the USA", "+1 202 555 0123", "",
			[]Problem{prob(Error, "citizen.phone.foreign")}},
		{"plus alone", "+", "", []Problem{prob(Error, "citizen.phone.foreign")}},
		{"prefix 041", "0412 345 678", "",
			[]Problem{prob(Error, "citizen.phone.notmobile", "Prefix", "041")}},
		{"prefix 0521", "0521 123 456", "",
			[]Problem{prob(Error, "citizen.phone.notmobile", "Prefix", "0521")}},
		{"prefix 0992", "0992 123 456", "",
			[]Problem{prob(Error, "citizen.phone.notmobile", "Prefix", "0992")}},
		{"prefix 080", "0801 234 567", "",
			[]Problem{prob(Error, "citizen.phone.notmobile", "Prefix", "080")}},
		{"a letter", "0912 345 67a", "",
			[]Problem{prob(Error, "citizen.phone.chars", "Char", "a")}},
		{"commas", "0912,345,678", "",
			[]Problem{prob(Error, "citizen.phone.chars", "Char", ",")}},
		{"NUL inside the number", "0912\x00345678", "",
			[]Problem{prob(Error, "citizen.phone.chars", "Char", "U+0000")}},
		{"plus in the middle", "0912+345678", "",
			[]Problem{prob(Error, "citizen.phone.chars", "Char", "+")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, problems := CheckPhone(c.in)
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.problems, problems)
			assertReadable(t, problems)
		})
	}
}

func TestNormalisePhone(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"+84 912 345 678", "0912345678", true},
		{"0912.345.678", "0912345678", true},
		{"84 912 345 678", "0912345678", true},
		{"+840912345678", "0912345678", true},
		{"0412345678", "0412345678", true}, // shape only; CheckPhone rejects it
		{"912345678", "", false},
		{"02513822222", "", false},
		{"+1 202 555 0123", "", false},
		{"0912 345 67x", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, ok := NormalisePhone(c.in)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.want, got)
		})
	}
}

// TestIsMobileMatchesDomainPattern compares isMobile with the mobile
// ranges written as regular expressions in the domain notes, for every
// three-digit start (the patterns look no further).
func TestIsMobileMatchesDomainPattern(t *testing.T) {
	re := regexp.MustCompile(`^((3\d|5[689]|7[06-9]|8[1-8]|9[0-8])\d{7}|` +
		`(5(2[238]|59)|89[6-9]|99[013-9])\d{6})$`)
	for i := range 1000 {
		n := fmt.Sprintf("%03d123456", i)
		require.Equal(t, re.MatchString(n), isMobile(n), "0%s", n)
	}
	assert.False(t, isMobile("91234567"))
	assert.False(t, isMobile("91234567x"))
}

func FuzzNormalisePhone(f *testing.F) {
	for _, s := range []string{
		"+84 912 345 678", "0912.345.678", "84912345678", "+840912345678",
		"01681234567", "912345678", "+", "\xff", "(0251) 1022",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := NormalisePhone(s)
		if !ok {
			assert.Empty(t, got)
			return
		}
		require.Regexp(t, `^0\d{9}$`, got, "from %q", s)
		again, ok := NormalisePhone(got)
		assert.True(t, ok)
		assert.Equal(t, got, again)
	})
}

func FuzzCheckPhone(f *testing.F) {
	for _, s := range []string{
		"0912 345 678", "+84 912 345 678", "01681234567", "0251 3822 222",
		"912345678", "+1 202 555 0123", "0412345678", "0912,345,678", "+84", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, problems := CheckPhone(s)
		assertReadable(t, problems)
		assert.LessOrEqual(t, len(problems), 1)
		if HasError(problems) {
			assert.Empty(t, got)
			return
		}
		if len(problems) > 0 {
			// Only a landline is kept with a Warning.
			assert.Equal(t, "citizen.phone.landline", problems[0].Key)
			require.Regexp(t, `^02\d{9}$`, got, "from %q", s)
			again, ps := CheckPhone(got)
			assert.Equal(t, got, again)
			assert.Equal(t, problems, ps)
			return
		}
		if got == "" {
			return
		}
		norm, ok := NormalisePhone(s)
		require.True(t, ok, "CheckPhone accepted %q", s)
		assert.Equal(t, norm, got)
		assert.True(t, isMobile(got[1:]))
		again, problems := CheckPhone(got)
		assert.Empty(t, problems)
		assert.Equal(t, got, again)
	})
}
