// Package citizen checks the details a volunteer types about a citizen at
// the help desk (full name, personal identification number, date of
// birth, mobile phone, address) and the dossier code the portal gives back,
// and reports each problem as a translation key, so the screen can say in
// Vietnamese or English what is wrong and what to do.
//
// Every check treats an empty value as "not filled in yet" and reports
// nothing; the screen decides which fields are required.
package citizen

import (
	"fmt"
	"strconv"
	"unicode"
)

// Level says how serious a Problem is.
type Level int

// Warning asks the volunteer to look again; Error means the value cannot
// be right as typed.
const (
	Warning Level = iota + 1
	Error
)

// String returns "warning" or "error", for logs and test output.
func (l Level) String() string {
	switch l {
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

// Problem is one thing wrong with a value: Key is a translation key in
// citizen.*.json and Data fills its template ({{.Province}} style, go-i18n
// syntax).
type Problem struct {
	Level Level
	Key   string
	Data  map[string]string
}

// HasError reports whether any of ps is an Error, that is whether the
// value must be corrected before it is saved.
func HasError(ps []Problem) bool {
	for _, p := range ps {
		if p.Level == Error {
			return true
		}
	}
	return false
}

// noRune stands for "no offending character" where a function returns the
// first character a value may not hold; it cannot be confused with NUL.
const noRune rune = -1

func warn(key string, data map[string]string) Problem {
	return Problem{Level: Warning, Key: key, Data: data}
}

func fail(key string, data map[string]string) Problem {
	return Problem{Level: Error, Key: key, Data: data}
}

// charLabel shows r so a volunteer can find it: the character itself when
// it is visible, or its code point (U+200B) when it would print as
// nothing or as a blank.
func charLabel(r rune) string {
	if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Mn, r) &&
		r != unicode.ReplacementChar {
		return string(r)
	}
	return fmt.Sprintf("U+%04X", r)
}
