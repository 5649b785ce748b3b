package langcheck

import (
	"slices"
	"strings"
	"testing"
)

// FuzzFields: any message is either refused or gives sorted names, once
// each, every one of which is written in the message.
func FuzzFields(f *testing.F) {
	for _, s := range []string{"", "Tệp {{.Name}}", "{{if .A}}{{.B}}{{else}}{{.C}}{{end}}",
		"{{range .X}}{{.Y.Z}}{{end}}", "{{printf \"%s\" (.A)}}", "{{.Name"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		got, err := Fields(msg)
		if err != nil {
			return
		}
		if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Fatalf("Fields(%q) = %q, not sorted once each", msg, got)
		}
		for _, name := range got {
			if !strings.Contains(msg, name) {
				t.Fatalf("Fields(%q) names %q, which it does not hold", msg, name)
			}
		}
	})
}

// FuzzCheck: a Vietnamese message with marks, repeated as the English one
// for the one key the code uses, is never faulted unless it is blank or
// not a template; and Check never panics.
func FuzzCheck(f *testing.F) {
	f.Add("Tệp {{.Name}} quá lớn")
	f.Add("{{.Name")
	f.Add("  ")
	f.Fuzz(func(t *testing.T, msg string) {
		msg = "đ " + msg
		faults := Check("demo", []string{"demo.k"}, cats("demo.k", msg, msg))
		_, err := Fields(msg)
		if err == nil && len(faults) > 0 {
			t.Fatalf("Check faulted %q: %q", msg, faults)
		}
		if err != nil && len(faults) == 0 {
			t.Fatalf("Check let the broken template %q through", msg)
		}
	})
}
