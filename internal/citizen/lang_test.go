package citizen

import (
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/langcheck"
)

// languages are the translation files this package owns, Vietnamese first.
var languages = []string{"vi", "en"}

// keyRe is how every translation key of this package is written.
var keyRe = regexp.MustCompile(`^citizen\.[a-z0-9]+(\.[a-z0-9]+)+$`)

// loadCatalogs reads assets/lang/citizen.<language>.json once.
var loadCatalogs = sync.OnceValues(func() (map[string]map[string]string, error) {
	return langcheck.Catalogs(filepath.Join("..", ".."), "citizen", languages...)
})

// catalogs returns the citizen translations by language, read once.
func catalogs(t testing.TB) map[string]map[string]string {
	t.Helper()
	c, err := loadCatalogs()
	require.NoError(t, err, "citizen translation files")
	return c
}

// render fills the template of p in language l, failing when the key is
// missing or the template needs data the problem does not carry.
func render(t testing.TB, l string, p Problem) string {
	t.Helper()
	msg, ok := catalogs(t)[l][p.Key]
	require.True(t, ok, "%s has no %q", l, p.Key)
	got, err := langcheck.Render(msg, p.Data)
	require.NoError(t, err, "%s %s with %v", l, p.Key, p.Data)
	return got
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

// TestTranslations: every problem key the checks can return has a message
// in both languages and no unused one is left; English fills in the same
// values as Vietnamese; the Vietnamese is written with its marks.
func TestTranslations(t *testing.T) {
	inCode, err := langcheck.KeysInCode(".", keyRe)
	require.NoError(t, err)
	require.NotEmpty(t, inCode)
	assert.Empty(t, langcheck.Check("citizen", inCode, catalogs(t)))
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
