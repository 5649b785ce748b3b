// Package auth holds the rules of signing in at a shared desk: which PINs a
// volunteer may choose, how a PIN is hashed and checked, how wrong PINs
// lock an account for a while, which role may do what, and how long an
// idle desk stays open. It keeps no state; the store keeps it.
package auth

import (
	"errors"
	"slices"
)

// PIN lengths; six digits is the shortest a phone's lock screen allows,
// eight the longest a volunteer types without looking.
const (
	MinPINLength = 6
	MaxPINLength = 8
)

// ErrWeakPIN matches every PINProblem with errors.Is.
var ErrWeakPIN = errors.New("PIN not allowed")

// PINProblem says why a new PIN is refused; its value is the translation key
// the sign-in screens show (assets/lang/auth.*.json).
type PINProblem string

// The reasons a new PIN is refused.
const (
	// PINShort is a PIN of fewer than MinPINLength digits.
	PINShort PINProblem = "auth.pin.short"
	// PINLong is a PIN of more than MaxPINLength digits.
	PINLong PINProblem = "auth.pin.long"
	// PINNotDigits is a PIN with anything but the digits 0 to 9.
	PINNotDigits PINProblem = "auth.pin.digits"
	// PINRepeated is one digit or one block of digits said again and again
	// (000000, 121212, 123123).
	PINRepeated PINProblem = "auth.pin.repeated"
	// PINRun is a straight run up or down (123456, 876543).
	PINRun PINProblem = "auth.pin.run"
	// PINDate reads as a date, day-month-year or year-month-day: a
	// birthday is the first thing a colleague tries.
	PINDate PINProblem = "auth.pin.date"
	// PINCommon is on the short list of PINs people pick most.
	PINCommon PINProblem = "auth.pin.common"
)

// Error returns the translation key.
func (p PINProblem) Error() string { return string(p) }

// Is reports whether target is ErrWeakPIN.
func (p PINProblem) Is(target error) bool { return target == ErrWeakPIN }

// commonPINs are popular PINs that no rule below catches: keypad patterns,
// mirrored runs and pairs.
var commonPINs = []string{
	"112233", "123321", "123654", "123789", "147258", "147852", "159357",
	"159753", "258369", "321123", "369258", "456123", "666888", "789456",
	"852147", "987123", "11223344", "12344321", "12348765", "14725836",
}

// CheckPIN returns nil when pin may be chosen as a new PIN, or the first
// PINProblem it has. Only a PIN being set is checked: signing in compares
// whatever was typed.
func CheckPIN(pin string) error {
	if p := shapeProblem(pin); p != "" {
		return p
	}
	switch {
	case repeats(pin):
		return PINRepeated
	case straightRun(pin):
		return PINRun
	case slices.Contains(commonPINs, pin):
		return PINCommon
	case readsAsDate(pin):
		return PINDate
	}
	return nil
}

// shapeProblem checks the length and the characters of pin.
func shapeProblem(pin string) PINProblem {
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return PINNotDigits
		}
	}
	switch {
	case len(pin) < MinPINLength:
		return PINShort
	case len(pin) > MaxPINLength:
		return PINLong
	}
	return ""
}

// repeats reports whether pin is a shorter block of digits said over and
// over, down to a single digit.
func repeats(pin string) bool {
	for block := 1; block <= len(pin)/2; block++ {
		if len(pin)%block != 0 {
			continue
		}
		same := true
		for i := block; i < len(pin) && same; i++ {
			same = pin[i] == pin[i-block]
		}
		if same {
			return true
		}
	}
	return false
}

// straightRun reports whether each digit of pin is one more, or each one
// less, than the one before.
func straightRun(pin string) bool {
	up, down := true, true
	for i := 1; i < len(pin); i++ {
		d := int(pin[i]) - int(pin[i-1])
		up = up && d == 1
		down = down && d == -1
	}
	return up || down
}

// readsAsDate reports whether pin is a real calendar date written as
// DDMMYY, DDMMYYYY or YYYYMMDD, with a year from 1900 to 2099 where the
// year has four digits.
func readsAsDate(pin string) bool {
	switch len(pin) {
	case 6:
		return validDate(num(pin[0:2]), num(pin[2:4]), 2000+num(pin[4:6])) ||
			validDate(num(pin[0:2]), num(pin[2:4]), 1900+num(pin[4:6]))
	case 8:
		return validDate(num(pin[0:2]), num(pin[2:4]), num(pin[4:8])) ||
			validDate(num(pin[6:8]), num(pin[4:6]), num(pin[0:4]))
	}
	return false
}

// num reads a short run of ASCII digits.
func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// validDate reports whether day, month and year name a real date between
// the years 1900 and 2099.
func validDate(day, month, year int) bool {
	if year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	leap := year%4 == 0 && (year%100 != 0 || year%400 == 0)
	if month == 2 && leap {
		days = 29
	}
	return day <= days
}
