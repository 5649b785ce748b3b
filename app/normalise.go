package app

import (
	"strings"
	"time"

	"tiepsuc/internal/citizen"
	"tiepsuc/internal/store"
	"tiepsuc/internal/vntext"
)

// storedValue is what is kept for a detail typed as typed: every text in
// Unicode NFC; names and addresses with look-alike letters put right (Ð
// for Đ), names with single spaces; a phone number that reads as one as
// digits starting with 0 (10 for a mobile); a dossier code in capitals;
// an identity number without spaces, dots or dashes; a real date as
// dd/mm/yyyy (today dates the dossier code's check). Anything that does
// not read cleanly is kept exactly as typed (NFC aside), so nothing the
// volunteer typed is lost.
func storedValue(field, typed string, today time.Time) string {
	s := vntext.NFC(typed)
	switch field {
	case store.FieldFullName:
		return citizen.NormaliseName(s)
	case store.FieldAddress:
		s, _ = vntext.FixLookalikes(s)
	case store.FieldPhone:
		if p, problems := citizen.CheckPhone(s); p != "" && !citizen.HasError(problems) {
			return p
		}
	case store.FieldDossierCode:
		if c, problems := citizen.CheckDossierCode(s, today); c != "" &&
			!citizen.HasError(problems) {
			return c
		}
	case store.FieldIDNumber:
		if id := compactDigits(s); id != "" {
			return id
		}
	case store.FieldBirthDate:
		if t, err := citizen.ParseDate(s); err == nil {
			return vntext.FormatDate(t)
		}
	}
	return s
}

// shownValue is how a kept detail is shown in its entry once the volunteer
// moves on: a phone number as "0912 345 678", the rest as kept.
func shownValue(field, kept string) string {
	if field == store.FieldPhone {
		return vntext.FormatPhone(kept)
	}
	return kept
}

// compactDigits returns s without white space, dots and dashes when what
// is left is digits only, and "" otherwise.
func compactDigits(s string) string {
	out := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '\t', '\u00a0':
			return -1
		}
		return r
	}, s)
	if out == "" || strings.IndexFunc(out, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return ""
	}
	return out
}
