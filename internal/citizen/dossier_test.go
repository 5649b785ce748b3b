package citizen

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckDossierCode(t *testing.T) {
	// Early morning in Vietnam, still the day before in UTC.
	today := time.Date(2025, 12, 4, 6, 30, 0, 0, ict)
	cases := []struct {
		name, in, want string
		problems       []Problem
	}{
		{"Dong Nai dossier", "000.00.16.H19-251204-0001", "000.00.16.H19-251204-0001", nil},
		{"from the portal's guide", "000.00.00.H49-250725-0001",
			"000.00.00.H49-250725-0001", nil},
		{"seen in a status mail", "000.17.22.H56-210531-0001",
			"000.17.22.H56-210531-0001", nil},
		{"typed in lower case", "000.00.16.h19-251204-0012", "000.00.16.H19-251204-0012", nil},
		{"spaces around the dashes", " 000.00.16.H19 - 251130 - 0153 ",
			"000.00.16.H19-251130-0153", nil},
		{"en dashes from a document", "000.00.16.H19–251130–0153",
			"000.00.16.H19-251130-0153", nil},
		{"leap day", "000.00.16.H19-240229-0001", "000.00.16.H19-240229-0001", nil},
		{"not filled in", "", "", nil},
		{"only spaces", "  ", "", nil},
		{"tax portal code dated next year", "G12.18-260509-00037623", "", []Problem{
			prob(Warning, "citizen.dossier.agency.unusual", "Part", "G12.18"),
			prob(Error, "citizen.dossier.date.future", "Part", "260509", "Date", "09/05/2026"),
			prob(Warning, "citizen.dossier.seq.long", "Part", "00037623", "Count", "8"),
		}},
		{"tax portal code from this year", "G12.18-250509-00037623", "G12.18-250509-00037623",
			[]Problem{
				prob(Warning, "citizen.dossier.agency.unusual", "Part", "G12.18"),
				prob(Warning, "citizen.dossier.seq.long", "Part", "00037623", "Count", "8"),
			}},
		{"procedure code copied instead", "1.011442.000.00.00.H38", "", []Problem{
			prob(Error, "citizen.dossier.procedure")}},
		{"bare agency code", "000.00.16.H19", "", []Problem{
			prob(Error, "citizen.dossier.parts", "Count", "1")}},
		{"sequence left out", "000.00.16.H19-251204", "", []Problem{
			prob(Error, "citizen.dossier.parts", "Count", "2")}},
		{"a dash too many", "000-00.16.H19-251204-0001", "", []Problem{
			prob(Error, "citizen.dossier.parts", "Count", "4")}},
		{"slash instead of a dash", "000.00.16.H19/251204-0001", "", []Problem{
			prob(Error, "citizen.dossier.chars", "Char", "/")}},
		{"Vietnamese letter", "000.00.16.Đ19-251204-0001", "", []Problem{
			prob(Error, "citizen.dossier.chars", "Char", "Đ")}},
		{"agency without a letter", "000.00.16.019-251204-0001", "", []Problem{
			prob(Error, "citizen.dossier.agency", "Part", "000.00.16.019")}},
		{"agency group left empty", "000..16.H19-251204-0001", "", []Problem{
			prob(Error, "citizen.dossier.agency", "Part", "000..16.H19")}},
		{"agency cut short", "H19-251204-0001", "", []Problem{
			prob(Error, "citizen.dossier.agency", "Part", "H19")}},
		{"date typed day first", "000.00.16.H19-311225-0001", "", []Problem{
			prob(Error, "citizen.dossier.date.future", "Part", "311225", "Date", "25/12/2031")}},
		{"date with a 13th month", "000.00.16.H19-251304-0001", "", []Problem{
			prob(Error, "citizen.dossier.date.nosuch", "Part", "251304", "Date", "04/13/2025")}},
		{"31 November", "000.00.16.H19-251131-0001", "", []Problem{
			prob(Error, "citizen.dossier.date.nosuch", "Part", "251131", "Date", "31/11/2025")}},
		{"29 February, not a leap year", "000.00.16.H19-250229-0001", "", []Problem{
			prob(Error, "citizen.dossier.date.nosuch", "Part", "250229", "Date", "29/02/2025")}},
		{"tomorrow", "000.00.16.H19-251205-0001", "", []Problem{
			prob(Error, "citizen.dossier.date.future", "Part", "251205", "Date", "05/12/2025")}},
		{"date with the century", "000.00.16.H19-20251204-0001", "", []Problem{
			prob(Error, "citizen.dossier.date.format", "Part", "20251204")}},
		{"sequence short of a 0", "000.00.16.H19-251204-001", "", []Problem{
			prob(Error, "citizen.dossier.seq.short", "Part", "001", "Count", "3")}},
		{"letter O in the sequence", "000.00.16.H19-251204-00O1", "", []Problem{
			prob(Error, "citizen.dossier.seq", "Part", "00O1")}},
		{"sequence left empty", "000.00.16.H19-251204-", "", []Problem{
			prob(Error, "citizen.dossier.seq", "Part", "")}},
		{"wrong date and short sequence", "000.00.16.H19-251232-01", "", []Problem{
			prob(Error, "citizen.dossier.date.nosuch", "Part", "251232", "Date", "32/12/2025"),
			prob(Error, "citizen.dossier.seq.short", "Part", "01", "Count", "2"),
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, problems := CheckDossierCode(c.in, today)
			assert.Equal(t, c.problems, problems)
			assert.Equal(t, c.want, got)
			assertReadable(t, problems)
		})
	}
}

// TestCheckDossierCodeMatchesMail checks that every code the mail reader
// finds in a status mail, once normalised, is one CheckDossierCode takes
// without an Error when its date has come, so statuses and drafts meet.
func TestCheckDossierCodeMatchesMail(t *testing.T) {
	today := time.Date(2026, 12, 31, 12, 0, 0, 0, ict)
	for _, code := range []string{
		"000.00.00.H49-250725-0001", "000.17.22.H56-210531-0001", "G12.18-260509-00037623",
		"000.00.16.h19-251204-0001",
	} {
		got, problems := CheckDossierCode(code, today)
		assert.False(t, HasError(problems), code)
		assert.Equal(t, strings.ToUpper(code), got)
	}
}

func FuzzCheckDossierCode(f *testing.F) {
	for _, s := range []string{
		"000.00.16.H19-251204-0001", "g12.18-250509-00037623", "1.011442.000.00.00.H38",
		"000.00.16.H19-251131-0001", "000.00.16.H19-251205-001", " 000 . 00-251204-0001",
		"000.00.16.H19–251130–0153", "\xff-\xfe-", "--", "ĐĐ.00-251204-0001",
	} {
		f.Add(s)
	}
	today := time.Date(2025, 12, 4, 6, 30, 0, 0, ict)
	shape := regexp.MustCompile(`^[0-9A-Z]{2,3}(\.[0-9A-Z]{2,3}){1,4}-\d{6}-\d{4,10}$`)
	f.Fuzz(func(t *testing.T, s string) {
		got, problems := CheckDossierCode(s, today)
		assertReadable(t, problems)
		if HasError(problems) || got == "" {
			assert.Empty(t, got)
			return
		}

		require.Regexp(t, shape, got, "from %q", s)
		received, err := time.Parse("060102", strings.Split(got, "-")[1])
		require.NoError(t, err, got)
		ty, tm, td := today.Date()
		assert.False(t, received.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)),
			"%q received after today", got)

		// Checking the normalised code again gives the same answer.
		again, ps := CheckDossierCode(got, today)
		assert.Equal(t, got, again)
		assert.Equal(t, problems, ps)
	})
}

func BenchmarkCheckDossierCode(b *testing.B) {
	today := time.Date(2025, 12, 4, 6, 30, 0, 0, ict)
	b.ReportAllocs()
	for b.Loop() {
		CheckDossierCode("000.00.16.h19 - 251204 - 0001", today)
	}
}
