package citizen

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// seqLength is the length of the daily sequence number that ends a dossier
// code on the National Public Service Portal; longestSeq is the longest
// taken at all, as other portals (the tax portal) use longer ones.
const (
	seqLength  = 4
	longestSeq = 10
)

// CheckDossierCode checks a dossier code (mã hồ sơ) as the portal shows it
// after a dossier is submitted, such as 000.00.00.H49-250725-0001: an
// agency code, the receipt date as yyMMdd and the receipt's sequence
// number that day, joined by dashes. It returns the code in capitals with
// white space taken out and dash look-alikes turned into "-", or "" when
// the code has an Error.
//
// Each Problem names the part that is wrong. The date must exist and not
// be after today. An agency code of another shape than V1V2V3.Z1Z2.Y1Y2.MX1X2,
// or a sequence number longer than 4 digits, is only a Warning, because
// the shape in use in 2025 is not confirmed and the tax portal writes
// codes such as G12.18-260509-00037623.
func CheckDossierCode(s string, today time.Time) (normalised string, problems []Problem) {
	code := normaliseDossierCode(s)
	if code == "" {
		return "", nil
	}
	if i := strings.IndexFunc(code, notCodeRune); i >= 0 {
		r, _ := utf8.DecodeRuneInString(code[i:])
		return "", []Problem{fail("citizen.dossier.chars",
			map[string]string{"Char": charLabel(r)})}
	}
	if looksLikeProcedureCode(code) {
		return "", []Problem{fail("citizen.dossier.procedure", nil)}
	}
	parts := strings.Split(code, "-")
	if len(parts) != 3 {
		return "", []Problem{fail("citizen.dossier.parts",
			map[string]string{"Count": strconv.Itoa(len(parts))})}
	}

	ps := agencyProblems(parts[0])
	ps = append(ps, receiptDateProblems(parts[1], today)...)
	ps = append(ps, sequenceProblems(parts[2])...)
	if HasError(ps) {
		return "", ps
	}
	return code, ps
}

// normaliseDossierCode drops white space, turns dashes and minus signs
// that look like "-" into "-", and writes ASCII letters in capitals.
func normaliseDossierCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= '\u2010' && r <= '\u2015', r == '\u2212', r == '\ufe63', r == '\uff0d':
			return '-'
		}
		return r
	}, s)
}

// notCodeRune reports whether r cannot appear in a normalised dossier code.
func notCodeRune(r rune) bool {
	return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-')
}

// looksLikeProcedureCode reports whether code is shaped like the code of an
// administrative procedure (mã thủ tục), such as 1.011442.000.00.00.H38,
// which a volunteer may copy from the portal instead of the dossier code.
func looksLikeProcedureCode(code string) bool {
	if strings.Contains(code, "-") {
		return false
	}
	first, rest, ok := strings.Cut(code, ".")
	if !ok || len(first) != 1 || !allDigits(first) {
		return false
	}
	number, _, _ := strings.Cut(rest, ".")
	return len(number) == 6 && allDigits(number)
}

// agencyProblems checks the agency code that starts a dossier code. The
// usual shape is V1V2V3.Z1Z2.Y1Y2.MX1X2 (three digits, two, two, then a
// letter and two digits); two to five groups of two or three letters and
// digits with at least one letter are taken with a Warning.
func agencyProblems(agency string) []Problem {
	data := map[string]string{"Part": agency}
	groups := strings.Split(agency, ".")
	if usualAgency(groups) {
		return nil
	}
	ok := len(groups) >= 2 && len(groups) <= 5 && strings.ContainsFunc(agency, unicode.IsLetter)
	for _, g := range groups {
		ok = ok && len(g) >= 2 && len(g) <= 3
	}
	if !ok {
		return []Problem{fail("citizen.dossier.agency", data)}
	}
	return []Problem{warn("citizen.dossier.agency.unusual", data)}
}

// usualAgency reports whether the groups of an agency code have the shape
// V1V2V3.Z1Z2.Y1Y2.MX1X2.
func usualAgency(g []string) bool {
	return len(g) == 4 && len(g[0]) == 3 && allDigits(g[0]) &&
		len(g[1]) == 2 && allDigits(g[1]) && len(g[2]) == 2 && allDigits(g[2]) &&
		len(g[3]) == 3 && g[3][0] >= 'A' && g[3][0] <= 'Z' && allDigits(g[3][1:])
}

// receiptDateProblems checks the receipt date, written yyMMdd for a day of
// the 2000s: it must exist and not be after today.
func receiptDateProblems(date string, today time.Time) []Problem {
	if len(date) != 6 || !allDigits(date) {
		return []Problem{fail("citizen.dossier.date.format", map[string]string{"Part": date})}
	}
	year, month, day := 2000+atoi(date[:2]), atoi(date[2:4]), atoi(date[4:])
	shown := fmt.Sprintf("%02d/%02d/%d", day, month, year)
	data := map[string]string{"Part": date, "Date": shown}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return []Problem{fail("citizen.dossier.date.nosuch", data)}
	}
	ty, tm, td := today.Date()
	received := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if received.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
		return []Problem{fail("citizen.dossier.date.future", data)}
	}
	return nil
}

// sequenceProblems checks the sequence number that ends a dossier code.
func sequenceProblems(seq string) []Problem {
	data := map[string]string{"Part": seq, "Count": strconv.Itoa(len(seq))}
	switch {
	case seq == "" || !allDigits(seq) || len(seq) > longestSeq:
		return []Problem{fail("citizen.dossier.seq", map[string]string{"Part": seq})}
	case len(seq) < seqLength:
		return []Problem{fail("citizen.dossier.seq.short", data)}
	case len(seq) > seqLength:
		return []Problem{warn("citizen.dossier.seq.long", data)}
	}
	return nil
}
