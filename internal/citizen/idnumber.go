package citizen

import (
	"strconv"
	"time"
	"unicode"
)

// Lengths of the personal identification number (số định danh cá nhân) on
// the chip ID card, and of the old identity card number (chứng minh nhân
// dân).
const (
	idLength    = 12
	oldIDLength = 9
)

// Gender is the citizen's gender (giới tính) as entered on the form.
type Gender int

// The genders a form can hold; GenderUnknown, the zero value, means the
// form has no gender yet, and nothing is checked against it.
const (
	GenderUnknown Gender = iota
	Male
	Female
)

// IDContext is what else is known about the citizen when an
// identification number is checked.
type IDContext struct {
	// Birth is the date of birth, or the zero time when it is not known
	// (not typed yet, or wrong).
	Birth time.Time
	// Gender is the gender entered on the form.
	Gender Gender
	// Today is the day of the check; the zero time means the computer's
	// clock.
	Today time.Time
}

// CheckIDNumber checks a personal identification number (số định danh cá
// nhân) as typed, ignoring spaces. It reports anything that is not a
// digit and a length other than 12; an old 9-digit number is only a
// Warning. For 12 digits it warns about a province code that is not in
// the table and about a birth registered abroad, and refuses a 4th digit
// (century and gender) or 5th and 6th digits (year of birth) that disagree
// with c.Birth and c.Gender. With the birth date unknown, a year of birth
// still to come is refused instead.
func CheckIDNumber(s string, c IDContext) []Problem {
	digits, bad := idDigits(s)
	if bad != noRune {
		return []Problem{fail("citizen.id.digits", map[string]string{"Char": charLabel(bad)})}
	}

	switch n := len(digits); {
	case n == 0:
		return nil
	case n == oldIDLength:
		return []Problem{warn("citizen.id.old9", nil)}
	case n < idLength:
		return []Problem{fail("citizen.id.short", map[string]string{
			"Count": strconv.Itoa(n), "Missing": strconv.Itoa(idLength - n)})}
	case n > idLength:
		return []Problem{fail("citizen.id.long", map[string]string{
			"Count": strconv.Itoa(n), "Extra": strconv.Itoa(n - idLength)})}
	}

	ps := provinceProblems(digits[:3])
	ps = append(ps, birthProblems(digits, c)...)
	if p, bad := genderProblem(digits, c.Gender); bad {
		ps = append(ps, p)
	}
	return ps
}

// provinceProblems warns about the first three digits: a birth registered
// abroad, or a province code that is not in the table. Neither is refused,
// as some plastic 12-digit cards issued from 2012 carry other codes.
func provinceProblems(code string) []Problem {
	if code[0] != '0' {
		return []Problem{warn("citizen.id.abroad", map[string]string{"Code": code})}
	}
	if _, known := provinces[code]; !known {
		return []Problem{warn("citizen.id.province.unknown", map[string]string{"Code": code})}
	}
	return nil
}

// birthProblems compares the century digit (the 4th) and the year digits
// (5th and 6th) with the date of birth, or with today when the date of
// birth is not known.
func birthProblems(digits string, c IDContext) []Problem {
	implied := idBirthYear(digits)
	if c.Birth.IsZero() {
		today := c.Today
		if today.IsZero() {
			today = time.Now()
		}
		if implied <= today.Year() {
			return nil
		}
		return []Problem{fail("citizen.id.futureyear", map[string]string{
			"Digit":   digits[3:4],
			"Implied": strconv.Itoa(implied),
		})}
	}

	var ps []Problem
	typed := c.Birth.Year()
	from := idCenturyStart(digits[3])
	if typed < from || typed >= from+100 {
		ps = append(ps, fail("citizen.id.century", map[string]string{
			"Digit": digits[3:4],
			"From":  strconv.Itoa(from),
			"To":    strconv.Itoa(from + 99),
			"Typed": strconv.Itoa(typed),
		}))
	}
	if want := twoDigits((typed%100 + 100) % 100); digits[4:6] != want {
		ps = append(ps, fail("citizen.id.birthyear", map[string]string{
			"Digits": digits[4:6],
			"Typed":  strconv.Itoa(typed),
			"Want":   want,
		}))
	}
	return ps
}

// genderProblem refuses a 4th digit that disagrees with the gender
// entered: even digits are given to men, odd ones to women.
func genderProblem(digits string, g Gender) (Problem, bool) {
	male := (digits[3]-'0')%2 == 0
	data := map[string]string{"Digit": digits[3:4]}
	switch {
	case g == Female && male:
		return fail("citizen.id.gender.male", data), true
	case g == Male && !male:
		return fail("citizen.id.gender.female", data), true
	}
	return Problem{}, false
}

// idDigits returns the ASCII digits of s with white space dropped, and as
// bad the first other character it meets, or noRune.
func idDigits(s string) (digits string, bad rune) {
	b := make([]byte, 0, idLength)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b = append(b, byte(r))
		case unicode.IsSpace(r):
		default:
			return "", r
		}
	}
	return string(b), noRune
}

// idCenturyStart returns the first year of the century that the 4th digit
// of a 12-digit number stands for: 0 and 1 the 1900s, 2 and 3 the 2000s,
// 4 and 5 the 2100s, 6 and 7 the 2200s, 8 and 9 the 2300s (Circular
// 59/2021/TT-BCA). Even digits are for men and odd ones for women.
func idCenturyStart(d byte) int {
	return 1900 + int(d-'0')/2*100
}

// idBirthYear reads the year of birth from a 12-digit number: the century
// from the 4th digit and the year within it from the 5th and 6th.
func idBirthYear(digits string) int {
	return idCenturyStart(digits[3]) + int(digits[4]-'0')*10 + int(digits[5]-'0')
}

// twoDigits writes n, from 0 to 99, with two digits.
func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}
