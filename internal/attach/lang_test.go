package attach

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
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

// languages are the languages of the translation files this package owns,
// Vietnamese first.
var languages = []string{"vi", "en"}

// loadCatalogs reads assets/lang/attach.<language>.json once.
var loadCatalogs = sync.OnceValues(func() (map[string]map[string]string, error) {
	all := make(map[string]map[string]string)
	for _, l := range languages {
		b, err := os.ReadFile(filepath.Join("..", "..", "assets", "lang", "attach."+l+".json"))
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

// message renders err's sentence in language l, the way the screen will,
// failing when err is no *Error, its key is missing, or its template needs
// data the error does not carry.
func message(t testing.TB, l string, err error) string {
	t.Helper()
	var e *Error
	require.True(t, errors.As(err, &e), "%v is not an *attach.Error", err)
	msg, ok := catalogs(t)[l][e.Key]
	require.True(t, ok, "attach.%s.json has no %q", l, e.Key)
	tpl, perr := template.New(e.Key).Option("missingkey=error").Parse(msg)
	require.NoError(t, perr)
	var b strings.Builder
	require.NoError(t, tpl.Execute(&b, e.Data), "%s %s with %v", l, e.Key, e.Data)
	return b.String()
}

// assertReadable checks that err reads as a whole sentence in every
// language and returns the Vietnamese one.
func assertReadable(t testing.TB, err error) string {
	t.Helper()
	var vi string
	for _, l := range languages {
		got := message(t, l, err)
		assert.NotContains(t, got, "<no value>")
		assert.NotContains(t, got, "{{")
		if l == "vi" {
			vi = got
		}
	}
	return vi
}

// keysInCode returns every translation key written in the package's
// non-test Go files.
func keysInCode(t *testing.T) []string {
	t.Helper()
	keyRe := regexp.MustCompile(`^attach\.[a-z]+(\.[a-z]+)*$`)
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

// TestTranslations: the two files hold exactly the keys the code uses, with
// the same {{.Fields}}, and the Vietnamese is written with its marks.
func TestTranslations(t *testing.T) {
	inCode := keysInCode(t)
	require.NotEmpty(t, inCode)
	for _, l := range languages {
		t.Run(l, func(t *testing.T) {
			cat := catalogs(t)[l]
			assert.ElementsMatch(t, inCode, slices.Collect(maps.Keys(cat)),
				"attach.%s.json must hold exactly the keys the code uses", l)
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

// TestTranslationsShipped: the app embeds attach.*.json with every other
// translation file, so a screen asking lang.L for an attach key finds it in
// both languages, defined once.
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
				assert.False(t, dup && strings.HasPrefix(k, "attach."),
					"%s is in two %s files", k, l)
				merged[k] = v
			}
		}
		for _, k := range keysInCode(t) {
			assert.Contains(t, merged, k, l)
		}
	}
}
