package langcheck

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFiles writes name → content under a new temporary folder and
// returns the folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

func TestCatalogs(t *testing.T) {
	root := writeFiles(t, map[string]string{
		"assets/lang/demo.vi.json":   `{"demo.hello": "Xin chào {{.Name}}"}`,
		"assets/lang/demo.en.json":   `{"demo.hello": "Hello {{.Name}}"}`,
		"assets/lang/bad.vi.json":    `{"bad.x": `,
		"assets/lang/plural.vi.json": `{"p.x": {"one": "một", "other": "nhiều"}}`,
	})
	tests := []struct {
		name  string
		part  string
		langs []string
		want  map[string]map[string]string
		fails bool
	}{
		{name: "both languages", part: "demo", langs: []string{"vi", "en"},
			want: map[string]map[string]string{
				"vi": {"demo.hello": "Xin chào {{.Name}}"},
				"en": {"demo.hello": "Hello {{.Name}}"},
			}},
		{name: "no languages", part: "demo", want: map[string]map[string]string{}},
		{name: "missing file", part: "demo", langs: []string{"vi", "fr"}, fails: true},
		{name: "broken json", part: "bad", langs: []string{"vi"}, fails: true},
		{name: "plural form is no plain message", part: "plural", langs: []string{"vi"},
			fails: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Catalogs(root, tc.part, tc.langs...)
			if tc.fails {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestKeysInCode(t *testing.T) {
	key := regexp.MustCompile(`^demo\.[a-z]+(\.[a-z]+)*$`)
	tests := []struct {
		name  string
		files map[string]string
		want  []string
		fails bool
	}{
		{name: "keys sorted once each, raw strings too", files: map[string]string{
			"a.go": "package demo\n\nvar a = []string{\"demo.b\", `demo.a.x`, \"demo.b\"}\n",
			"b.go": "package demo\n\nconst c = \"demo.c\" // \"demo.comment\"\n",
		}, want: []string{"demo.a.x", "demo.b", "demo.c"}},
		{name: "test files and other folders are not read", files: map[string]string{
			"a.go":      "package demo\n\nvar a = \"demo.a\"\n",
			"a_test.go": "package demo\n\nvar b = \"demo.test\"\n",
			"sub/c.go":  "package sub\n\nvar c = \"demo.sub\"\n",
		}, want: []string{"demo.a"}},
		{name: "only whole literals that match", files: map[string]string{
			"a.go": "package demo\n\nvar a = []string{\"demo.\", \"x demo.a\", \"demo.A\"," +
				" \"other.a\", \"demo.a \"}\n",
		}},
		{name: "no go files", files: map[string]string{"x.txt": "demo.a"}},
		{name: "broken go file", files: map[string]string{"a.go": "package demo\nvar ("},
			fails: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := KeysInCode(writeFiles(t, tc.files), key)
			if tc.fails {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestKeysInCodeOfARealPackage(t *testing.T) {
	got, err := KeysInCode(filepath.Join("..", "citizen"),
		regexp.MustCompile(`^citizen\.[a-z0-9]+(\.[a-z0-9]+)+$`))
	require.NoError(t, err)
	assert.Contains(t, got, "citizen.id.old9")
}

func TestFields(t *testing.T) {
	tests := []struct {
		msg   string
		want  []string
		fails bool
	}{
		{msg: ""},
		{msg: "Không có trường nào"},
		{msg: "{{.Max}} MB, tệp {{.Name}} lớn hơn {{.Max}}", want: []string{"Max", "Name"}},
		{msg: "{{.A.B}} và {{ .C }}", want: []string{"A.B", "C"}},
		{msg: "{{if .Late}}trễ {{.Days}} ngày{{else}}{{.When}}{{end}}",
			want: []string{"Days", "Late", "When"}},
		{msg: "{{range .Items}}{{.Name}}{{end}}", want: []string{"Items", "Name"}},
		{msg: "{{with .Who}}{{.Name}}{{end}}", want: []string{"Name", "Who"}},
		{msg: "{{printf \"%d\" (len .List)}}", want: []string{"List"}},
		{msg: "{{.}} {{$}} {{\"x\"}}"},
		{msg: "{{.Name", fails: true},
		{msg: "{{if .A}}", fails: true},
		{msg: "{{nosuchfunc .A}}", fails: true},
	}
	for _, tc := range tests {
		t.Run(tc.msg, func(t *testing.T) {
			got, err := Fields(tc.msg)
			if tc.fails {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name  string
		msg   string
		data  any
		want  string
		fails bool
	}{
		{name: "filled", msg: "Tệp {{.Name}} quá {{.Max}} MB",
			data: map[string]string{"Name": "a.jpg", "Max": "10"}, want: "Tệp a.jpg quá 10 MB"},
		{name: "no fields, no data", msg: "Xong", want: "Xong"},
		{name: "data lacks a field", msg: "Tệp {{.Name}}", data: map[string]string{},
			fails: true},
		{name: "nil data", msg: "Tệp {{.Name}}", fails: true},
		{name: "broken template", msg: "Tệp {{.Name", fails: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Render(tc.msg, tc.data)
			if tc.fails {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestMarked(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Tệp quá lớn", true},
		{"Đ", true},
		{"Tep qua lon", false},
		{"", false},
		{"10 MB — 20 €", false}, // symbols outside ASCII are not letters
	}
	for _, tc := range tests {
		t.Run(tc.s, func(t *testing.T) {
			assert.Equal(t, tc.want, Marked(tc.s))
		})
	}
}
