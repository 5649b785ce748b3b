package mail

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("Content-Type: message/rfc822\n\nContent-Type: message/rfc822\n\n"))
	f.Add([]byte("Content-Type: multipart/alternative; boundary=a\n\n--a\n\n--a--"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, _ := Parse(raw)
		for _, s := range []string{m.Subject, m.SystemSubject, m.Text} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
		for _, fd := range m.Findings {
			if fd.Status < StatusUnknown || fd.Status > StatusReturned {
				t.Fatalf("status %d out of range", fd.Status)
			}
			if !wholeCode.MatchString(fd.Code) {
				t.Fatalf("finding %q is not a dossier code", fd.Code)
			}
		}
	})
}

// wholeCode is the pattern a found code must match from end to end.
var wholeCode = regexp.MustCompile(`^(?:` + codePattern.String() + `)$`)

func FuzzFindCodes(f *testing.F) {
	for _, s := range []string{
		"Mã hồ sơ: 000.00.00.H49-250725-0001.",
		"G12.18-260509-00037623 và 000.17.22.H56-210531-0001",
		"1.011442.000.00.00.H38-250725-0001",
		"https://x.vn/?ma=000.00.00.H49-250725-0001",
		"000.00.00.h49-250725-0001 000.00.00.H49-250725-0001",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		codes := FindCodes(s)
		seen := map[string]bool{}
		for _, c := range codes {
			if !strings.Contains(s, c) {
				t.Fatalf("code %q is not in the text", c)
			}
			if !wholeCode.MatchString(c) || !codeParts(c) {
				t.Fatalf("code %q does not have the shape of a dossier code", c)
			}
			if seen[strings.ToUpper(c)] {
				t.Fatalf("code %q found twice", c)
			}
			seen[strings.ToUpper(c)] = true
		}
		// Codes found once are found again on their own.
		again := FindCodes(strings.Join(codes, " "))
		if len(again) != len(codes) {
			t.Fatalf("FindCodes(%q) = %q, but on their own they give %q", s, codes, again)
		}
	})
}
