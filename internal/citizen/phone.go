package citizen

import (
	"strconv"
	"unicode"
)

// nationalLength is the number of digits of a mobile number after the
// leading 0 (or after +84).
const nationalLength = 9

// oldMobilePrefixes maps the first three digits after the 0 of the
// 11-digit mobile numbers withdrawn in 2018 to the two digits that
// replaced them; the remaining seven digits did not change.
var oldMobilePrefixes = map[string]string{
	"120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
	"123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
	"162": "32", "163": "33", "164": "34", "165": "35", "166": "36",
	"167": "37", "168": "38", "169": "39",
	"186": "56", "188": "58", "199": "59",
}

// NormalisePhone turns a phone number typed with spaces, dots, dashes or
// brackets, in national form (0912 345 678) or international form
// (+84 912 345 678, 84912345678), into 10 digits starting with 0, and
// reports false when s does not have that shape. A 0 kept after +84
// (+84 0912 345 678) is accepted. It does not check that the number is a
// mobile number; CheckPhone does.
func NormalisePhone(s string) (string, bool) {
	digits, plus, bad := phoneDigits(s)
	if bad != noRune {
		return "", false
	}
	national, ok := nationalPart(digits, plus)
	if !ok || len(national) != nationalLength {
		return "", false
	}
	return "0" + national, true
}

// CheckPhone checks a mobile phone number and returns it as 10 digits
// starting with 0. When the number has an Error the returned number is
// empty. Beside a wrong length or a prefix that is not a Vietnamese mobile
// prefix, it recognises a number from another country, a missing leading 0
// and an old 11-digit mobile number, and suggests the new number for the
// last two. A landline (11 digits starting with 02) is kept, as 11 digits,
// with a Warning that codes by SMS need a mobile number.
func CheckPhone(s string) (normalised string, problems []Problem) {
	digits, plus, bad := phoneDigits(s)
	switch {
	case bad != noRune:
		return "", []Problem{fail("citizen.phone.chars",
			map[string]string{"Char": charLabel(bad)})}
	case digits == "" && !plus:
		return "", nil
	}

	national, ok := nationalPart(digits, plus)
	switch {
	case plus && !ok:
		return "", []Problem{fail("citizen.phone.foreign", nil)}
	case !ok && len(digits) == nationalLength && isMobile(digits):
		return "", []Problem{fail("citizen.phone.missingzero",
			map[string]string{"Suggest": "0" + digits})}
	case ok && len(national) == nationalLength+1 && national[0] == '1':
		if p, known := oldMobilePrefixes[national[:3]]; known {
			return "", []Problem{fail("citizen.phone.old11",
				map[string]string{"Suggest": "0" + p + national[3:]})}
		}
	case ok && len(national) == nationalLength+1 && national[0] == '2':
		return "0" + national, []Problem{warn("citizen.phone.landline", nil)}
	}

	if !ok || len(national) != nationalLength {
		count := strconv.Itoa(len(digits))
		return "", []Problem{fail("citizen.phone.length", map[string]string{"Count": count})}
	}
	if !isMobile(national) {
		return "", []Problem{fail("citizen.phone.notmobile",
			map[string]string{"Prefix": mobilePrefix(national)})}
	}
	return "0" + national, nil
}

// phoneDigits returns the ASCII digits of s, dropping white space, dots,
// dashes and brackets, and whether s starts with a plus sign. It returns
// the first other character it meets as bad, or noRune.
func phoneDigits(s string) (digits string, plus bool, bad rune) {
	b := make([]byte, 0, 12)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r == '+' && !plus && len(b) == 0:
			plus = true
		case r == '.' || r == '-' || r == '(' || r == ')' || unicode.IsSpace(r):
		default:
			return "", false, r
		}
	}
	return string(b), plus, noRune
}

// nationalPart returns the digits after the leading 0 or after the
// country code 84, and false when digits has neither.
func nationalPart(digits string, plus bool) (string, bool) {
	switch {
	case !plus && len(digits) > 0 && digits[0] == '0':
		return digits[1:], true
	case len(digits) >= 2 && digits[:2] == "84":
		rest := digits[2:]
		if len(rest) == nationalLength+1 && rest[0] == '0' {
			rest = rest[1:]
		}
		// Without a plus, 84 is only taken as the country code when a full
		// number follows, so that a short number is not read as one.
		if !plus && len(rest) != nationalLength {
			return "", false
		}
		return rest, true
	}
	return "", false
}

// isMobile reports whether the 9 digits after the 0 match a Vietnamese
// mobile range: (3\d|5[689]|7[06-9]|8[1-8]|9[0-8])\d{7} or
// (5(2[238]|59)|89[6-9]|99[013-9])\d{6}.
func isMobile(n string) bool {
	if len(n) != nationalLength {
		return false
	}
	for i := range len(n) {
		if n[i] < '0' || n[i] > '9' {
			return false
		}
	}
	b, c := n[1], n[2]
	switch n[0] {
	case '3':
		return true
	case '5':
		return b == '6' || b == '8' || b == '9' ||
			(b == '2' && (c == '2' || c == '3' || c == '8')) || (b == '5' && c == '9')
	case '7':
		return b == '0' || (b >= '6' && b <= '9')
	case '8':
		return (b >= '1' && b <= '8') || (b == '9' && c >= '6')
	case '9':
		return (b >= '0' && b <= '8') || (b == '9' && c != '2')
	}
	return false
}

// mobilePrefix returns the prefix to name when a number is not a mobile
// number: 0 and two digits, or 0 and three digits where only some numbers
// with the shorter prefix are mobile (052, 055, 089, 099).
func mobilePrefix(n string) string {
	switch n[:2] {
	case "52", "55", "89", "99":
		return "0" + n[:3]
	}
	return "0" + n[:2]
}
