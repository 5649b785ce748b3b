package citizen

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrDateFormat is returned, wrapped, by ParseDate for text that is not a
// date written day/month/year.
var ErrDateFormat = errors.New("date is not day/month/year")

// ErrNoSuchDate is returned, wrapped, by ParseDate for a day or month that
// does not exist, such as 31/02/2000 or 01/13/2000.
var ErrNoSuchDate = errors.New("no such day in the calendar")

// earliestBirthYear is the first year of birth CheckBirthDate accepts:
// no one born earlier is alive, and the identification number has no
// century digit for earlier years.
const earliestBirthYear = 1900

// oldestAge is the greatest age CheckBirthDate takes without a Warning.
const oldestAge = 120

// dmy is a date as written, before it is known to exist.
type dmy struct{ day, month, year int }

// ParseDate reads a date written day/month/year with a 4-digit year:
// dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy or dd.mm.yyyy, or the 8 digits ddmmyyyy
// typed without separators. It returns midnight UTC of that day.
func ParseDate(s string) (time.Time, error) {
	d, ok := splitDate(s)
	if !ok {
		return time.Time{}, fmt.Errorf("parse date: %w", ErrDateFormat)
	}
	if d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysIn(d.month, d.year) {
		return time.Time{}, fmt.Errorf("parse date: %w", ErrNoSuchDate)
	}
	return time.Date(d.year, time.Month(d.month), d.day, 0, 0, 0, 0, time.UTC), nil
}

// CheckBirthDate checks a date of birth typed as dd/mm/yyyy (or another
// form ParseDate reads) against today, and returns the date. It reports a
// wrong format, a month or day that does not exist, a year before 1900 and
// a date after today as Errors, and an age over 120 as a Warning. When it
// reports an Error the returned date is zero, so that it is not used to
// check the identification number.
func CheckBirthDate(s string, today time.Time) (time.Time, []Problem) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	d, ok := splitDate(s)
	if !ok {
		return time.Time{}, []Problem{fail("citizen.birth.format", nil)}
	}

	if d.month < 1 || d.month > 12 {
		return time.Time{}, []Problem{fail("citizen.birth.month",
			map[string]string{"Month": strconv.Itoa(d.month)})}
	}
	if days := daysIn(d.month, d.year); d.day < 1 || d.day > days {
		return time.Time{}, []Problem{fail("citizen.birth.day", map[string]string{
			"Days":  strconv.Itoa(days),
			"Month": strconv.Itoa(d.month),
			"Year":  strconv.Itoa(d.year),
		})}
	}
	if d.year < earliestBirthYear {
		return time.Time{}, []Problem{fail("citizen.birth.before1900",
			map[string]string{"Year": strconv.Itoa(d.year)})}
	}

	birth := time.Date(d.year, time.Month(d.month), d.day, 0, 0, 0, 0, time.UTC)
	ty, tm, td := today.Date()
	if birth.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, []Problem{fail("citizen.birth.future", nil)}
	}
	if age := ageOn(birth, ty, tm, td); age > oldestAge {
		return birth, []Problem{warn("citizen.birth.old", map[string]string{
			"Age": strconv.Itoa(age), "Year": strconv.Itoa(d.year)})}
	}
	return birth, nil
}

// ageOn returns the age in whole years, on the day y-m-d, of someone born
// on birth; a birthday on 29 February counts from 1 March in other years.
func ageOn(birth time.Time, y int, m time.Month, d int) int {
	age := y - birth.Year()
	if m < birth.Month() || (m == birth.Month() && d < birth.Day()) {
		age--
	}
	return age
}

// splitDate reads day, month and year from s without checking that the
// date exists, and reports false when s is not written day/month/year.
func splitDate(s string) (dmy, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 8 && allDigits(s) {
		return dmy{atoi(s[:2]), atoi(s[2:4]), atoi(s[4:])}, true
	}

	i := strings.IndexAny(s, "/-.")
	if i < 0 {
		return dmy{}, false
	}
	parts := strings.Split(s, s[i:i+1])
	if len(parts) != 3 {
		return dmy{}, false
	}
	day, month, year := parts[0], parts[1], parts[2]
	if len(day) < 1 || len(day) > 2 || len(month) < 1 || len(month) > 2 || len(year) != 4 {
		return dmy{}, false
	}
	if !allDigits(day) || !allDigits(month) || !allDigits(year) {
		return dmy{}, false
	}
	return dmy{atoi(day), atoi(month), atoi(year)}, true
}

// daysIn returns the number of days in a month of a year.
func daysIn(month, year int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a short run of ASCII digits that allDigits has accepted.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
