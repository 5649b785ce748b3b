package vietqr

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/template"
	"text/template/parse"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/assets"
)

// languages are the translation files this package owns, Vietnamese first.
var languages = []string{"vi", "en"}

// loadCatalogs reads lang/vietqr.<language>.json, as embedded in the
// app, once.
var loadCatalogs = sync.OnceValues(func() (map[string]map[string]string, error) {
	all := make(map[string]map[string]string)
	for _, l := range languages {
		b, err := assets.ReadTranslationFile("lang/vietqr." + l + ".json")
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		all[l] = m
	}
	return all, nil
})

// catalogs returns the translations by language.
func catalogs(t testing.TB) map[string]map[string]string {
	t.Helper()
	c, err := loadCatalogs()
	require.NoError(t, err)
	return c
}

// assertReadable renders e's message in every language as the screen
// will, failing when the key is missing or the template needs data the
// error does not carry.
func assertReadable(t testing.TB, e *Error) {
	t.Helper()
	for _, l := range languages {
		msg, ok := catalogs(t)[l][e.Key()]
		require.True(t, ok, "%s has no %q", l, e.Key())
		tpl, err := template.New(e.Key()).Option("missingkey=error").Parse(msg)
		require.NoError(t, err)
		var b strings.Builder
		require.NoError(t, tpl.Execute(&b, e.Data()), "%s %s with %v", l, e.Key(), e.Data())
		assert.NotContains(t, b.String(), "<no value>")
		if strings.Contains(msg, "{{.Field}}") {
			assert.NotEmpty(t, e.Field, "%s shows an empty field id", e.Key())
		}
	}
}

// keysInCode returns every translation key written in the package's
// non-test Go files.
func keysInCode(t *testing.T) []string {
	t.Helper()
	keyRe := regexp.MustCompile(`^vietqr\.[a-z]+(\.[a-z]+)*$`)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)

	var keys []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && keyRe.MatchString(s) {
				keys = append(keys, s)
			}
			return true
		})
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// fields returns the names of the {{.Field}} actions in a template.
func fields(t *testing.T, msg string) []string {
	t.Helper()
	tpl, err := template.New("").Parse(msg)
	require.NoError(t, err)
	var names []string
	for _, n := range tpl.Tree.Root.Nodes {
		a, ok := n.(*parse.ActionNode)
		if !ok {
			continue
		}
		for _, cmd := range a.Pipe.Cmds {
			for _, arg := range cmd.Args {
				if f, ok := arg.(*parse.FieldNode); ok {
					names = append(names, strings.Join(f.Ident, "."))
				}
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// TestTranslations: every key the code names is in both files and no
// other; English fills in the same values as Vietnamese; the Vietnamese
// is written with its marks.
func TestTranslations(t *testing.T) {
	inCode := keysInCode(t)
	require.Len(t, inCode, 17)

	for _, l := range languages {
		t.Run(l, func(t *testing.T) {
			cat := catalogs(t)[l]
			assert.ElementsMatch(t, inCode, slices.Collect(maps.Keys(cat)),
				"vietqr.%s.json must hold exactly the keys the code uses", l)
			for key, msg := range cat {
				assert.NotEmpty(t, strings.TrimSpace(msg), key)
				assert.Equal(t, fields(t, catalogs(t)["vi"][key]), fields(t, msg),
					"%s: %s must use the same {{.Fields}} as Vietnamese", l, key)
				if l == "vi" {
					assert.True(t, strings.ContainsFunc(msg, func(r rune) bool {
						return r > unicode.MaxASCII && unicode.IsLetter(r)
					}), "%s is not written with Vietnamese marks", key)
				}
			}
		})
	}
}

// TestTranslationsShipped: the app loads the vietqr messages with every
// other translation file, so a screen asking lang.L for a vietqr key
// finds it in both languages.
func TestTranslationsShipped(t *testing.T) {
	for _, l := range assets.Languages {
		files, err := assets.Translations(l)
		require.NoError(t, err)
		merged := map[string]json.RawMessage{}
		for _, f := range files {
			var m map[string]json.RawMessage // plural forms are objects
			require.NoError(t, json.Unmarshal(f, &m))
			for k, v := range m {
				_, dup := merged[k]
				assert.False(t, dup && strings.HasPrefix(k, "vietqr."),
					"%s is in two %s files", k, l)
				merged[k] = v
			}
		}
		for _, k := range keysInCode(t) {
			assert.Contains(t, merged, k, l)
		}
	}
}
