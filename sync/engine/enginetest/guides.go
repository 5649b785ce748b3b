package enginetest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// contentDir finds the guides built into the app, in guides/content of
// this repository.
func contentDir(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(tb, ok)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "guides", "content")
}

// GuidePack returns a guide pack zip made of the app's built-in guides with
// pack.json at version. edit, when not nil, may change, add or (with a nil
// value) leave out files, named by slash path, before they are zipped.
func GuidePack(tb testing.TB, version int, edit func(files map[string][]byte)) []byte {
	tb.Helper()
	src := os.DirFS(contentDir(tb))
	files := map[string][]byte{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = fs.ReadFile(src, p)
		return err
	})
	require.NoError(tb, err)

	var man map[string]any
	require.NoError(tb, json.Unmarshal(files["pack.json"], &man))
	man["version"] = version
	files["pack.json"], err = json.Marshal(man)
	require.NoError(tb, err)
	if edit != nil {
		edit(files)
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for name, data := range files {
		if data != nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		w, err := zw.Create(name)
		require.NoError(tb, err)
		_, err = w.Write(files[name])
		require.NoError(tb, err)
	}
	require.NoError(tb, zw.Close())
	return buf.Bytes()
}

// RetitleGuide returns a GuidePack edit that gives the guide id a new
// Vietnamese title, so a test can tell which guides a desk uses.
func RetitleGuide(tb testing.TB, id, title string) func(files map[string][]byte) {
	return func(files map[string][]byte) {
		tb.Helper()
		name := path.Clean(id + ".json")
		var g map[string]any
		require.NoError(tb, json.Unmarshal(files[name], &g))
		g["title"].(map[string]any)["vi"] = title
		data, err := json.Marshal(g)
		require.NoError(tb, err)
		files[name] = data
	}
}
