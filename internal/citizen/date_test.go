package citizen

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ict is Vietnam's time zone, as on the desk computers.
var ict = time.FixedZone("ICT", 7*60*60)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want string // yyyy-mm-dd, or "" when err is expected
		err  error
	}{
		{"05/09/1990", "1990-09-05", nil},
		{"5/9/1990", "1990-09-05", nil},
		{"05-09-1990", "1990-09-05", nil},
		{"05.09.1990", "1990-09-05", nil},
		{"05091990", "1990-09-05", nil},
		{" 05/09/1990 ", "1990-09-05", nil},
		{"29/02/2000", "2000-02-29", nil},
		{"29/02/2024", "2024-02-29", nil},
		{"31/12/1999", "1999-12-31", nil},
		{"05/09/90", "", ErrDateFormat},
		{"1990-09-05", "", ErrDateFormat},
		{"05/09-1990", "", ErrDateFormat},
		{"05//1990", "", ErrDateFormat},
		{"05/09/1990/", "", ErrDateFormat},
		{"+5/09/1990", "", ErrDateFormat},
		{"005/09/1990", "", ErrDateFormat},
		{"5 tháng 9 1990", "", ErrDateFormat},
		{"", "", ErrDateFormat},
		{"31/02/2000", "", ErrNoSuchDate},
		{"29/02/1900", "", ErrNoSuchDate},
		{"29/02/2023", "", ErrNoSuchDate},
		{"31/04/1990", "", ErrNoSuchDate},
		{"00/01/2000", "", ErrNoSuchDate},
		{"01/13/2000", "", ErrNoSuchDate},
		{"01/00/2000", "", ErrNoSuchDate},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseDate(c.in)
			if c.err != nil {
				require.ErrorIs(t, err, c.err)
				assert.True(t, got.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, got.Format(time.DateOnly))
		})
	}
}

func TestCheckBirthDate(t *testing.T) {
	// The seed article's day, late in the evening in Vietnam.
	today := time.Date(2025, 7, 29, 23, 30, 0, 0, ict)
	cases := []struct {
		name, in string
		want     string // yyyy-mm-dd, or "" for the zero time
		problems []Problem
	}{
		{"ordinary", "05/09/1990", "1990-09-05", nil},
		{"short form", "5/9/1990", "1990-09-05", nil},
		{"dashes", "05-09-1990", "1990-09-05", nil},
		{"born today", "29/07/2025", "2025-07-29", nil},
		{"d/m/yyyy with dots", "5.9.1990", "1990-09-05", nil},
		{"eight digits without separators", "05091990", "1990-09-05", nil},
		{"120th birthday today", "29/07/1905", "1905-07-29", nil},
		{"121 tomorrow", "30/07/1904", "1904-07-30", nil},
		{"121 today", "29/07/1904", "1904-07-29", []Problem{
			prob(Warning, "citizen.birth.old", "Age", "121", "Year", "1904")}},
		{"first day allowed, with a warning", "01/01/1900", "1900-01-01", []Problem{
			prob(Warning, "citizen.birth.old", "Age", "125", "Year", "1900")}},
		{"just 120", "12/03/1905", "1905-03-12", nil},
		{"1952 typed as 1852", "12/03/1852", "", []Problem{
			prob(Error, "citizen.birth.before1900", "Year", "1852")}},
		{"leap day, 121 on 1 March", "29/02/1904", "1904-02-29", []Problem{
			prob(Warning, "citizen.birth.old", "Age", "121", "Year", "1904")}},
		{"leap day", "29/02/1996", "1996-02-29", nil},
		{"not filled in", "", "", nil},
		{"only spaces", "  ", "", nil},
		{"two-digit year", "5/9/90", "", []Problem{prob(Error, "citizen.birth.format")}},
		{"year first", "1990-09-05", "", []Problem{prob(Error, "citizen.birth.format")}},
		{"words", "ngày 5", "", []Problem{prob(Error, "citizen.birth.format")}},
		{"31 February", "31/02/2001", "", []Problem{
			prob(Error, "citizen.birth.day", "Days", "28", "Month", "2", "Year", "2001")}},
		{"29 February, not a leap year", "29/02/2023", "", []Problem{
			prob(Error, "citizen.birth.day", "Days", "28", "Month", "2", "Year", "2023")}},
		{"31 April", "31/04/1990", "", []Problem{
			prob(Error, "citizen.birth.day", "Days", "30", "Month", "4", "Year", "1990")}},
		{"day zero", "00/05/1990", "", []Problem{
			prob(Error, "citizen.birth.day", "Days", "31", "Month", "5", "Year", "1990")}},
		{"month and day swapped", "09/25/1990", "", []Problem{
			prob(Error, "citizen.birth.month", "Month", "25")}},
		{"before 1900", "31/12/1899", "", []Problem{
			prob(Error, "citizen.birth.before1900", "Year", "1899")}},
		{"year 0000", "01/01/0000", "", []Problem{
			prob(Error, "citizen.birth.before1900", "Year", "0")}},
		{"tomorrow", "30/07/2025", "", []Problem{prob(Error, "citizen.birth.future")}},
		{"wrong century", "05/09/2090", "", []Problem{prob(Error, "citizen.birth.future")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, problems := CheckBirthDate(c.in, today)
			assert.Equal(t, c.problems, problems)
			assertReadable(t, problems)
			if c.want == "" {
				assert.True(t, got.IsZero())
			} else {
				assert.Equal(t, c.want, got.Format(time.DateOnly))
			}
		})
	}

	t.Run("born today, just after midnight in Vietnam", func(t *testing.T) {
		// 00:30 in Vietnam is still the day before in UTC.
		earlyToday := time.Date(2025, 7, 29, 0, 30, 0, 0, ict)
		got, problems := CheckBirthDate("29/07/2025", earlyToday)
		assert.Empty(t, problems)
		assert.Equal(t, "2025-07-29", got.Format(time.DateOnly))
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"05/09/1990", "5/9/1990", "05-09-1990", "05091990", "31/02/2000",
		"01/13/2000", "05/09/90", "1990-09-05", "\xff/\xff/\xff", "//",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		if err != nil {
			assert.True(t, errors.Is(err, ErrDateFormat) || errors.Is(err, ErrNoSuchDate), err)
			assert.True(t, got.IsZero())
			return
		}
		again, err := ParseDate(got.Format("02/01/2006"))
		require.NoError(t, err, "%q read as %v", s, got)
		assert.Equal(t, got, again)
	})
}

func FuzzCheckBirthDate(f *testing.F) {
	for _, s := range []string{
		"05/09/1990", "29/07/2025", "30/07/2025", "31/02/2001", "09/25/1990",
		"31/12/1899", "5/9/90", "", "\xff", "00000000",
	} {
		f.Add(s)
	}
	today := time.Date(2025, 7, 29, 12, 0, 0, 0, ict)
	f.Fuzz(func(t *testing.T, s string) {
		got, problems := CheckBirthDate(s, today)
		assertReadable(t, problems)
		assert.LessOrEqual(t, len(problems), 1)
		if HasError(problems) || got.IsZero() {
			assert.True(t, got.IsZero())
			return
		}
		// The only Warning is for an age over 120.
		old := got.AddDate(oldestAge+1, 0, 0)
		if len(problems) > 0 {
			assert.Equal(t, "citizen.birth.old", problems[0].Key)
			assert.False(t, old.After(today), "%q is not over 120", s)
		} else {
			assert.True(t, old.After(today), "%q is over 120", s)
		}
		assert.GreaterOrEqual(t, got.Year(), earliestBirthYear)
		assert.False(t, got.After(today), "%q accepted as %v", s, got)
		parsed, err := ParseDate(s)
		require.NoError(t, err)
		assert.Equal(t, got, parsed)
	})
}
