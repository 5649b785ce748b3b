package citizen

import (
	"encoding/json"
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
)

// languages are the translation files this package owns.
var languages = []string{"vi", "en"}

var loadCatalogs = sync.OnceValues(func() (map[string]map[string]string, error) {
	all := make(map[string]map[string]string)
	for _, l := range languages {
		b, err := os.ReadFile(filepath.Join("..", "..", "assets", "lang", "citizen."+l+".json"))
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

func catalogs(t testing.TB) map[string]map[string]string {
	t.Helper()
	c, err := loadCatalogs()
	require.NoError(t, err)
	return c
}

// render fills the template of p in language l, failing when the key is
// missing or the template needs data the problem does not carry.
func render(t testing.TB, l string, p Problem) string {
	t.Helper()
	msg, ok := catalogs(t)[l][p.Key]
	require.True(t, ok, "%s has no %q", l, p.Key)
	tpl, err := template.New(p.Key).Option("missingkey=error").Parse(msg)
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, tpl.Execute(&b, p.Data), "%s %s with %v", l, p.Key, p.Data)
	return b.String()
}

// assertReadable checks that every problem shows as a whole sentence in
// every language, the way the volunteer will read it.
func assertReadable(t testing.TB, ps []Problem) {
	t.Helper()
	for _, p := range ps {
		assert.Contains(t, []Level{Warning, Error}, p.Level)
		for _, l := range languages {
			got := render(t, l, p)
			assert.NotContains(t, got, "<no value>")
			assert.NotContains(t, got, "{{")
		}
	}
}

// keysInCode returns every translation key written in the package's
// non-test Go files.
func keysInCode(t *testing.T) []string {
	t.Helper()
	keyRe := regexp.MustCompile(`^citizen\.[a-z0-9]+(\.[a-z0-9]+)+$`)
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
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			for _, cmd := range n.Pipe.Cmds {
				for _, arg := range cmd.Args {
					if f, ok := arg.(*parse.FieldNode); ok {
						names = append(names, strings.Join(f.Ident, "."))
					}
				}
			}
		}
	}
	walk(tpl.Tree.Root)
	slices.Sort(names)
	return slices.Compact(names)
}

func TestTranslations(t *testing.T) {
	inCode := keysInCode(t)
	require.NotEmpty(t, inCode)

	for _, l := range languages {
		t.Run(l, func(t *testing.T) {
			cat := catalogs(t)[l]
			assert.ElementsMatch(t, inCode, slices.Collect(maps.Keys(cat)),
				"citizen.%s.json must hold exactly the keys the code uses", l)
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

func TestLevelString(t *testing.T) {
	assert.Equal(t, "warning", Warning.String())
	assert.Equal(t, "error", Error.String())
	assert.Equal(t, "level(0)", Level(0).String())
}

func TestHasError(t *testing.T) {
	assert.False(t, HasError(nil))
	assert.False(t, HasError([]Problem{{Level: Warning, Key: "citizen.id.old9"}}))
	assert.True(t, HasError([]Problem{
		{Level: Warning, Key: "citizen.id.abroad"},
		{Level: Error, Key: "citizen.id.birthyear"},
	}))
}

// prob builds an expected Problem; kv lists Data as key, value, ...
func prob(level Level, key string, kv ...string) Problem {
	p := Problem{Level: level, Key: key}
	if len(kv) > 0 {
		p.Data = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			p.Data[kv[i]] = kv[i+1]
		}
	}
	return p
}
