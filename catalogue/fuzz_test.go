package catalogue_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"tiepsuc/catalogue"
)

// FuzzParse feeds Parse any bytes: it must never panic, must either give a
// procedure that has what the screens rely on or a *LoadError whose every
// problem names the file.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("content/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"id": "x", "id": "x"}`))
	f.Add([]byte(`{"fees": {"cases": [{"counter": 1e400}]}}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`))
	f.Add([]byte("\xEF\xBB\xBF{}"))

	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "temporary_residence.json"
		p, err := catalogue.Parse(name, data)
		if err != nil {
			var le *catalogue.LoadError
			if !errors.As(err, &le) || len(le.Problems) == 0 {
				t.Fatalf("error is not a LoadError with problems: %v", err)
			}
			for _, pr := range le.Problems {
				if pr.File != name || pr.Message == "" {
					t.Fatalf("problem without file or message: %+v", pr)
				}
			}
			return
		}
		if p.ID != "temporary_residence" || p.Name.VI == "" || p.Name.EN == "" ||
			len(p.Form) == 0 || len(p.Fees.Cases) == 0 || len(p.Sources) == 0 {
			t.Fatalf("accepted a procedure missing a part: %+v", p)
		}
		for _, fc := range p.Fees.Cases {
			if (!fc.Counter.Known || !fc.Online.Known) && p.Fees.Confirmed {
				t.Fatalf("accepted a confirmed fee that is not known: %+v", p.Fees)
			}
		}
	})
}

// BenchmarkLoad measures loading and checking the whole catalogue, which
// the app does once at start-up.
func BenchmarkLoad(b *testing.B) {
	fsys := os.DirFS("content")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := catalogue.Load(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch measures one search as the volunteer types.
func BenchmarkSearch(b *testing.B) {
	c, err := catalogue.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Search("dang ky tam tru")
	}
}
