package guides

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseManifest(t *testing.T) {
	m, err := ParseManifest([]byte(`{"version": 12, "checked": "2026-12-04"}`))
	require.NoError(t, err)
	assert.Equal(t, 12, m.Version)
	assert.Equal(t, "2026-12-04", m.Checked.Format("2006-01-02"))

	cases := []struct {
		name string
		data string
		want []string
	}{
		{"empty object", `{}`,
			[]string{"pack.json: version: missing", "pack.json: checked: missing"}},
		{"zero", `{"version": 0, "checked": "2026-12-04"}`,
			[]string{"pack.json: version: 0 is out of range: use 1 to 2147483647, " +
				"higher for each new pack"}},
		{"negative", `{"version": -3, "checked": "2026-12-04"}`,
			[]string{"pack.json: version: -3 is out of range: use 1 to 2147483647, " +
				"higher for each new pack"}},
		{"too big", `{"version": 99999999999999999999999, "checked": "2026-12-04"}`,
			[]string{"pack.json: version: 99999999999999999999999 is not a whole number"}},
		{"fraction", `{"version": 1.5, "checked": "2026-12-04"}`,
			[]string{"pack.json: version: 1.5 is not a whole number"}},
		{"exponent", `{"version": 1e3, "checked": "2026-12-04"}`,
			[]string{"pack.json: version: 1e3 is not a whole number"}},
		{"string", `{"version": "3", "checked": "2026-12-04"}`,
			[]string{"pack.json: version: must be a number, not a string"}},
		{"typo and unknown field", `{"verison": 3, "checked": "2026-12-04", "by": "x"}`,
			[]string{
				`pack.json: verison: unknown field, did you mean "version"?`,
				"pack.json: by: unknown field; known fields are version, checked",
				"pack.json: version: missing",
			}},
		{"repeated field", `{"version": 3, "version": 4, "checked": "2026-12-04"}`,
			[]string{"pack.json: version: repeated field"}},
		{"date in the wrong form", `{"version": 3, "checked": "04/12/2026"}`,
			[]string{`pack.json: checked: "04/12/2026" is not a date written YYYY-MM-DD`}},
		{"date in the future", `{"version": 3, "checked": "2999-01-01"}`,
			[]string{"pack.json: checked: 2999-01-01 is in the future"}},
		{"not an object", `[3]`,
			[]string{"pack.json: must be an object with version, checked, not a list"}},
		{"broken JSON", "{\n\"version\": 3,\n}",
			[]string{"pack.json: invalid JSON at line 3, column 1: " +
				"invalid character '}' looking for beginning of object key string"}},
		{"too big a file", `{"version": 3, "checked": "` + strings.Repeat(" ", 5000) + `"}`,
			[]string{"pack.json: file is 5029 bytes, at most 4096"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseManifest([]byte(c.data))
			var le *LoadError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, c.want, strings.Split(err.Error(), "\n"))
		})
	}
}

func TestBuiltinVersion(t *testing.T) {
	v, err := BuiltinVersion()
	require.NoError(t, err)
	assert.Equal(t, 1, v, "content/pack.json; raise it when the built-in guides change")
}

// packDir writes a small pack into a new folder: two guides, vneid-a (whose
// first step shows phone.svg) and pay-b, one picture and pack.json with
// version. Edits apply to the guide files by id, as a hub would prepare an
// updated pack.
func packDir(t *testing.T, version int, edits map[string]func(g map[string]any)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	require.NoError(t, os.CopyFS(dir, fstest.MapFS{
		"vneid-a.json":       guideFile(t, "vneid-a", CategoryVNeID, "phone.svg"),
		"pay-b.json":         guideFile(t, "pay-b", CategoryPayment, ""),
		"pictures/phone.svg": {Data: []byte(goodSVG)},
	}))
	writeManifest(t, dir, version)
	for id, edit := range edits {
		editGuide(t, dir, id, edit)
	}
	return dir
}

// writeManifest writes pack.json with version into dir.
func writeManifest(t *testing.T, dir string, version int) {
	t.Helper()
	data := fmt.Appendf(nil, `{"version": %d, "checked": "2026-12-04"}`, version)
	require.NoError(t, os.WriteFile(filepath.Join(dir, manifestName), data, 0o644))
}

// editGuide rewrites the guide file of id in dir after applying edit.
func editGuide(t *testing.T, dir, id string, edit func(g map[string]any)) {
	t.Helper()
	file := filepath.Join(dir, id+".json")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	var g map[string]any
	require.NoError(t, json.Unmarshal(data, &g))
	edit(g)
	data, err = json.MarshalIndent(g, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, data, 0o644))
}

// retitle returns an edit that changes a guide's Vietnamese title.
func retitle(title string) func(g map[string]any) {
	return func(g map[string]any) {
		g["title"].(map[string]any)["vi"] = title
	}
}

// zipDir zips the files of dir, with slash paths, as a hub would send them.
func zipDir(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// zipFiles builds a zip from names and contents, in the order given.
func zipFiles(t testing.TB, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f[0])
		require.NoError(t, err)
		_, err = w.Write([]byte(f[1]))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// titleInUse loads the newest guides of dataDir and returns their version
// and the Vietnamese title of the guide id, or "" if they have no such guide.
func titleInUse(t *testing.T, dataDir, id string) (int, string) {
	t.Helper()
	lib, v, err := LoadNewest(dataDir)
	require.NoError(t, err)
	g, _ := lib.Guide(id)
	return v, g.Title.VI
}

// packFolders lists the entries of dataDir/guides.
func packFolders(t *testing.T, dataDir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dataDir, packsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestLoadNewestWithoutPacksUsesBuiltin(t *testing.T) {
	builtin, err := Builtin()
	require.NoError(t, err)
	for _, dir := range []string{"", t.TempDir()} {
		lib, v, err := LoadNewest(dir)
		require.NoError(t, err)
		assert.Equal(t, 1, v)
		assert.Same(t, builtin, lib)
	}
}

func TestInstallPackIsUsedNextTime(t *testing.T) {
	data := t.TempDir()
	v, title := titleInUse(t, data, "vneid-a")
	assert.Equal(t, 1, v)
	assert.Empty(t, title, "the built-in guides are in use")

	pack := packDir(t, 2, map[string]func(map[string]any){
		"vneid-a": retitle("Kích hoạt VNeID (bản mới)"),
	})
	require.NoError(t, InstallPack(data, os.DirFS(pack)))

	v, title = titleInUse(t, data, "vneid-a")
	assert.Equal(t, 2, v)
	assert.Equal(t, "Kích hoạt VNeID (bản mới)", title)
	assert.Equal(t, []string{"v2"}, packFolders(t, data), "no temporary folder is left")

	// A newer pack, sent as a zip, replaces it and the old folder goes.
	pack = packDir(t, 3, map[string]func(map[string]any){
		"vneid-a": retitle("Kích hoạt VNeID (bản 3)"),
	})
	require.NoError(t, InstallPackZip(data, zipDir(t, pack)))
	v, title = titleInUse(t, data, "vneid-a")
	assert.Equal(t, 3, v)
	assert.Equal(t, "Kích hoạt VNeID (bản 3)", title)
	assert.Equal(t, []string{"v3"}, packFolders(t, data))
}

func TestInstallPackRefusesABadPackAndKeepsTheOld(t *testing.T) {
	data := t.TempDir()
	good := packDir(t, 2, map[string]func(map[string]any){
		"vneid-a": retitle("Bản tốt"),
	})
	require.NoError(t, InstallPack(data, os.DirFS(good)))

	bad := packDir(t, 3, map[string]func(map[string]any){
		"vneid-a": func(g map[string]any) {
			g["title"].(map[string]any)["vi"] = "Bản hỏng"
			step := g["steps"].([]any)[1].(map[string]any)
			delete(step["text"].(map[string]any), "en")
		},
	})
	require.NoError(t, os.Remove(filepath.Join(bad, "pictures", "phone.svg")))

	for name, install := range map[string]func() error{
		"folder": func() error { return InstallPack(data, os.DirFS(bad)) },
		"zip":    func() error { return InstallPackZip(data, zipDir(t, bad)) },
	} {
		t.Run(name, func(t *testing.T) {
			err := install()
			var le *LoadError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, []string{
				`vneid-a.json: step 2 "enter-otp": text.en: missing`,
				`vneid-a.json: step 1 "one": picture: "phone.svg" is not in pictures/`,
			}, strings.Split(le.Error(), "\n"))

			v, title := titleInUse(t, data, "vneid-a")
			assert.Equal(t, 2, v)
			assert.Equal(t, "Bản tốt", title)
			assert.Equal(t, []string{"v2"}, packFolders(t, data))
		})
	}
}

func TestInstallPackRefusesAnOlderVersion(t *testing.T) {
	data := t.TempDir()

	err := InstallPack(data, os.DirFS(packDir(t, 1, nil)))
	require.ErrorIs(t, err, ErrNotNewer, "version 1 is built in")

	require.NoError(t, InstallPack(data, os.DirFS(packDir(t, 3, map[string]func(map[string]any){
		"vneid-a": retitle("Bản 3"),
	}))))
	for _, v := range []int{2, 3} {
		pack := packDir(t, v, map[string]func(map[string]any){
			"vneid-a": retitle(fmt.Sprintf("Bản %d khác", v)),
		})
		err := InstallPack(data, os.DirFS(pack))
		require.ErrorIs(t, err, ErrNotNewer, "version %d", v)
		assert.Contains(t, err.Error(), fmt.Sprintf("version %d, but version 3 is in use", v))
	}
	v, title := titleInUse(t, data, "vneid-a")
	assert.Equal(t, 3, v)
	assert.Equal(t, "Bản 3", title)
	assert.Equal(t, []string{"v3"}, packFolders(t, data))
}

func TestCrashMidInstallLeavesTheOldPackInUse(t *testing.T) {
	data := t.TempDir()
	require.NoError(t, InstallPack(data, os.DirFS(packDir(t, 2, map[string]func(map[string]any){
		"vneid-a": retitle("Bản 2"),
	}))))

	// A crash while copying version 3: its temporary folder holds the new
	// manifest and part of one guide, and was never renamed into place.
	leftover := filepath.Join(data, packsDir, incomingPrefix+"12345")
	require.NoError(t, os.MkdirAll(filepath.Join(leftover, picturesDir), 0o755))
	writeManifest(t, leftover, 3)
	half := []byte(`{"id": "vneid-a", "title": {"vi": "Bản 3 dở da`)
	require.NoError(t, os.WriteFile(filepath.Join(leftover, "vneid-a.json"), half, 0o644))

	v, title := titleInUse(t, data, "vneid-a")
	assert.Equal(t, 2, v)
	assert.Equal(t, "Bản 2", title)

	// The next install clears the leftover and succeeds.
	require.NoError(t, InstallPack(data, os.DirFS(packDir(t, 3, map[string]func(map[string]any){
		"vneid-a": retitle("Bản 3"),
	}))))
	v, title = titleInUse(t, data, "vneid-a")
	assert.Equal(t, 3, v)
	assert.Equal(t, "Bản 3", title)
	assert.Equal(t, []string{"v3"}, packFolders(t, data))
}

func TestLoadNewestSkipsADamagedPack(t *testing.T) {
	data := t.TempDir()
	require.NoError(t, InstallPack(data, os.DirFS(packDir(t, 2, nil))))

	// Version 4 damaged on disk after it was installed, beside a version 3
	// left by a crash between the rename and the clean-up.
	root := filepath.Join(data, packsDir)
	require.NoError(t, os.CopyFS(filepath.Join(root, "v3"), os.DirFS(packDir(t, 3,
		map[string]func(map[string]any){"vneid-a": retitle("Bản 3")}))))
	require.NoError(t, os.CopyFS(filepath.Join(root, "v4"), os.DirFS(packDir(t, 4, nil))))
	require.NoError(t, os.WriteFile(filepath.Join(root, "v4", "vneid-a.json"),
		[]byte("{"), 0o644))
	// A folder whose manifest does not match its name is not trusted either.
	require.NoError(t, os.CopyFS(filepath.Join(root, "v5"), os.DirFS(packDir(t, 6, nil))))

	v, title := titleInUse(t, data, "vneid-a")
	assert.Equal(t, 3, v)
	assert.Equal(t, "Bản 3", title)

	// With every installed pack damaged, the built-in guides are used.
	for _, dir := range []string{"v2", "v3"} {
		require.NoError(t, os.Remove(filepath.Join(root, dir, manifestName)))
	}
	lib, v, err := LoadNewest(data)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	builtin, _ := Builtin()
	assert.Same(t, builtin, lib)
}

func TestInstallPackZipKeepsToTheFolder(t *testing.T) {
	good := packDir(t, 2, nil)
	files := [][2]string{}
	err := filepath.WalkDir(good, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(good, p)
		data, err := os.ReadFile(p)
		files = append(files, [2]string{filepath.ToSlash(rel), string(data)})
		return err
	})
	require.NoError(t, err)

	cases := []struct {
		name  string
		extra [][2]string
		want  []string
	}{
		{"a file over its limit is cut off unread",
			[][2]string{{"pictures/huge.svg", strings.Repeat("<g/>", maxPictureBytes)}},
			[]string{"pictures/huge.svg: file is more than 262144 bytes"}},
		{"an upper-case picture name",
			[][2]string{{"pictures/Photo.SVG", goodSVG}},
			[]string{"pictures/Photo.SVG: not a picture name: use lower-case letters, " +
				"digits, dashes and .svg or .png"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := t.TempDir()
			err := InstallPackZip(data, zipFiles(t, append(files, c.extra...)...))
			var le *LoadError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, c.want, strings.Split(le.Error(), "\n"))
			assert.NoFileExists(t, filepath.Join(filepath.Dir(data), "evil.json"))
			assert.Empty(t, packFolders(t, data))
		})
	}

	t.Run("names that climb out of the folder are never written", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "data")
		climb := [][2]string{{"../evil-a.json", "{}"}, {`..\evil-b.json`, "{}"},
			{`pictures/..\..\evil-c.svg`, goodSVG}}
		err := InstallPackZip(data, zipFiles(t, append(files, climb...)...))
		var le *LoadError
		require.ErrorAs(t, err, &le)
		for _, name := range []string{"evil-a.json", "evil-b.json", "evil-c.svg"} {
			assert.NoFileExists(t, filepath.Join(filepath.Dir(data), name))
			assert.NoFileExists(t, filepath.Join(data, name))
		}
		assert.Empty(t, packFolders(t, data))

		// A file system other than a zip may give names with a backslash.
		err = InstallPack(data, fstest.MapFS{
			"pack.json":                 {Data: []byte(`{"version": 9, "checked": "2026-12-04"}`)},
			`x\..\..\evil.json`:         {Data: sample(t)},
			`pictures/x\..\..\evil.svg`: {Data: []byte(goodSVG)},
		})
		require.ErrorAs(t, err, &le)
		assert.Equal(t, []string{
			`pictures/x\..\..\evil.svg: not a picture name: use lower-case letters, digits, ` +
				`dashes and .svg or .png`,
			`x\..\..\evil.json: not a guide file name: use lower-case letters, digits and ` +
				`single dashes, then .json`,
		}, strings.Split(le.Error(), "\n"))
	})

	t.Run("files the app does not read are left out", func(t *testing.T) {

		data := t.TempDir()
		extra := [][2]string{{"README.md", "# notes"}, {"drafts/old.json", "{}"}}
		require.NoError(t, InstallPackZip(data, zipFiles(t, append(files, extra...)...)))
		assert.NoFileExists(t, filepath.Join(data, packsDir, "v2", "README.md"))
		assert.NoDirExists(t, filepath.Join(data, packsDir, "v2", "drafts"))
		_, v, err := LoadNewest(data)
		require.NoError(t, err)
		assert.Equal(t, 2, v)
	})
}

func TestInstallPackZipRefusesWhatIsNotAPack(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("PK but not really"), "not a zip file: zip: not a valid zip file"},
		{"no manifest", zipFiles(t, [2]string{"a.json", string(sample(t))}),
			`pack.json: missing; a pack needs {"version": N, "checked": "YYYY-MM-DD"}`},
		{"no guides", zipFiles(t, [2]string{"pack.json", `{"version": 9, "checked": "2026-12-04"}`}),
			"no guide files (*.json) found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := t.TempDir()
			err := InstallPackZip(data, c.data)
			var le *LoadError
			require.ErrorAs(t, err, &le)
			assert.Contains(t, strings.Split(le.Error(), "\n"), c.want)
			assert.False(t, errors.Is(err, ErrNotNewer))
			assert.Empty(t, packFolders(t, data))
		})
	}
}
