package guides

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"unicode"
)

func FuzzParse(f *testing.F) {
	files, err := fs.Glob(content, "content/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(content, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(sample(f))
	f.Add([]byte(`{"id": "sample", "steps": [{"id": "a"}, {"id": "a"}], "x": 1}`))
	f.Add([]byte(`{"title": {"vi": "a\u0301", "en": "\ud800"}, "checked": "2026-02-30"}`))
	f.Add([]byte("\xEF\xBB\xBF{}"))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]]]]`))

	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Parse("sample.json", data)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || len(le.Problems) == 0 {
				t.Fatalf("error is not a *LoadError with problems: %v", err)
			}
			if got := strings.Count(err.Error(), "\n") + 1; got < len(le.Problems) {
				t.Fatalf("%d problems printed on %d lines", len(le.Problems), got)
			}
			for _, p := range le.Problems {
				if p.File != "sample.json" || p.Message == "" {
					t.Fatalf("problem without file or message: %#v", p)
				}
			}
			return
		}

		if g.ID != "sample" || len(g.Steps) == 0 || len(g.Steps) > maxSteps {
			t.Fatalf("accepted guide %q with %d steps", g.ID, len(g.Steps))
		}
		for i, s := range g.Steps {
			for _, text := range []Text{s.Title, s.Text} {
				if !readable(text.VI) || !readable(text.EN) {
					t.Fatalf("accepted step %d %q without both languages: %#v", i+1, s.ID, text)
				}
			}
			for _, b := range s.IfWrong {
				for _, text := range []Text{b.Problem, b.Fix} {
					if !readable(text.VI) || !readable(text.EN) {
						t.Fatalf("accepted branch of step %d without both languages", i+1)
					}
				}
			}
		}
	})
}

// readable reports whether s has something a reader can see: a letter or a
// digit, and no invisible characters.
func readable(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}) >= 0 && strings.IndexFunc(s, func(r rune) bool {
		return unicode.Is(unicode.Cf, r)
	}) < 0
}
