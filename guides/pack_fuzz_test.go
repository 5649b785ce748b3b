package guides

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func FuzzParseManifest(f *testing.F) {
	for _, seed := range []string{
		`{"version": 1, "checked": "2026-12-04"}`,
		`{"version": 2147483647, "checked": "2024-02-29"}`,
		`{"version": 0, "checked": "2026-02-30"}`,
		`{"version": 1.0, "checked": "2026-12-04", "version": 2}`,
		`{"verison": -1e9}`,
		`{"version": 18446744073709551617}`,
		`[[[[[[[[[[{}]]]]]]]]]]`,
		"\xEF\xBB\xBF{}",
		`{"version": 3, "checked": "2026-12-04"} {}`,
	} {
		f.Add([]byte(seed))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || len(le.Problems) == 0 {
				t.Fatalf("error is not a *LoadError with problems: %v", err)
			}
			for _, p := range le.Problems {
				if p.File != manifestName || p.Message == "" || p.Step != 0 {
					t.Fatalf("problem not located in pack.json: %#v", p)
				}
			}
			return
		}
		if m.Version < 1 || m.Version > maxPackVersion || m.Checked.IsZero() {
			t.Fatalf("accepted manifest %+v", m)
		}

		// What was accepted reads back the same once written out again.
		again, err := ParseManifest(fmt.Appendf(nil, `{"version": %d, "checked": %q}`,
			m.Version, m.Checked.Format("2006-01-02")))
		if err != nil || again != m {
			t.Fatalf("manifest %+v reads back as %+v, %v", m, again, err)
		}
	})
}

func FuzzInstallPackZip(f *testing.F) {
	f.Add(zipFiles(f,
		[2]string{"pack.json", `{"version": 2, "checked": "2026-12-04"}`},
		[2]string{"sample.json", string(sample(f))},
		[2]string{"pictures/phone.svg", goodSVG}))
	f.Add(zipFiles(f,
		[2]string{"pack.json", `{"version": 3, "checked": "2026-12-04"}`},
		[2]string{"../sample.json", string(sample(f))},
		[2]string{`pictures\a.svg`, goodSVG}))
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))

	f.Fuzz(func(t *testing.T, data []byte) {
		base := t.TempDir()
		dataDir := filepath.Join(base, "data")
		err := InstallPackZip(dataDir, data)

		// Nothing is ever written beside the data folder.
		entries, rerr := os.ReadDir(base)
		if rerr != nil || len(entries) > 1 {
			t.Fatalf("install wrote beside the data folder: %v %v", entries, rerr)
		}
		lib, v, lerr := LoadNewest(dataDir)
		if lerr != nil {
			t.Fatalf("no guides to use after install (%v): %v", err, lerr)
		}
		if err != nil {
			if v != 1 {
				t.Fatalf("refused pack (%v) but version %d is in use", err, v)
			}
			if leftovers(t, dataDir) {
				t.Fatalf("refused pack left files behind")
			}
			return
		}
		if v < 2 || len(lib.Guides()) == 0 {
			t.Fatalf("installed pack not in use: version %d", v)
		}
	})
}

// leftovers reports whether dataDir/guides holds anything at all.
func leftovers(t *testing.T, dataDir string) bool {
	entries, err := os.ReadDir(filepath.Join(dataDir, packsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return len(entries) > 0
}
