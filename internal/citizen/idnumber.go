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

// CheckIDNumber checks a personal identification number (số định danh cá
// nhân) as typed, ignoring spaces; birth is the date of birth when it is
// known, or the zero time. It reports anything that is not a digit, a
// length other than 12, an old 9-digit number, a province code that is not
// in the table, a birth registered abroad, and a year of birth in the
// number that disagrees with birth. With birth unknown, a year of birth
// after the current year is reported instead.
func CheckIDNumber(s string, birth time.Time) []Problem {
	digits, bad := idDigits(s)
	if bad != noRune {
		return []Problem{fail("citizen.id.digits", map[string]string{"Char": charLabel(bad)})}
	}

	switch len(digits) {
	case 0:
		return nil
	case oldIDLength:
		return []Problem{warn("citizen.id.old9", nil)}
	case idLength:
	default:
		count := strconv.Itoa(len(digits))
		return []Problem{fail("citizen.id.length", map[string]string{"Count": count})}
	}

	var ps []Problem
	code := digits[:3]
	if code[0] != '0' {
		ps = append(ps, warn("citizen.id.abroad", nil))
	} else if _, known := provinces[code]; !known {
		ps = append(ps, warn("citizen.id.province.unknown", map[string]string{"Code": code}))
	}

	implied := idBirthYear(digits)
	switch {
	case !birth.IsZero() && birth.Year() != implied:
		ps = append(ps, fail("citizen.id.birthyear", map[string]string{
			"Implied": strconv.Itoa(implied),
			"Typed":   strconv.Itoa(birth.Year()),
		}))
	case birth.IsZero() && implied > time.Now().Year():
		ps = append(ps, fail("citizen.id.futureyear", map[string]string{
			"Implied": strconv.Itoa(implied),
		}))
	}
	return ps
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

// idBirthYear reads the year of birth from a 12-digit number: the 4th
// digit gives the century (0 and 1 for the 1900s, 2 and 3 for the 2000s,
// and so on, even for men and odd for women) and the 5th and 6th the year
// within it.
func idBirthYear(digits string) int {
	century := int(digits[3]-'0') / 2
	year := int(digits[4]-'0')*10 + int(digits[5]-'0')
	return 1900 + century*100 + year
}
