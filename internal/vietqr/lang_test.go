package vietqr

import (
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/langcheck"
)

// languages are the translation files this package owns, Vietnamese first.
var languages = []string{"vi", "en"}

// keyRe is how every translation key of this package is written.
var keyRe = regexp.MustCompile(`^vietqr\.[a-z]+(\.[a-z]+)*$`)

// loadCatalogs reads assets/lang/vietqr.<language>.json once; the app
// embeds the same files (TestTranslationsShipped).
var loadCatalogs = sync.OnceValues(func() (map[string]map[string]string, error) {
	return langcheck.Catalogs(filepath.Join("..", ".."), "vietqr", languages...)
})

// catalogs returns the vietqr translations by language, read once.
func catalogs(t testing.TB) map[string]map[string]string {
	t.Helper()
	c, err := loadCatalogs()
	require.NoError(t, err, "vietqr translation files")
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
		got, err := langcheck.Render(msg, e.Data())
		require.NoError(t, err, "%s %s with %v", l, e.Key(), e.Data())
		assert.NotContains(t, got, "<no value>")
		if strings.Contains(msg, "{{.Field}}") {
			assert.NotEmpty(t, e.Field, "%s shows an empty field id", e.Key())
		}
	}
}

// TestTranslations: every key the code names is in both files and no
// other; English fills in the same values as Vietnamese; the Vietnamese
// is written with its marks.
func TestTranslations(t *testing.T) {
	inCode, err := langcheck.KeysInCode(".", keyRe)
	require.NoError(t, err)
	require.Len(t, inCode, 17)
	assert.Empty(t, langcheck.Check("vietqr", inCode, catalogs(t)))
}

// TestTranslationsShipped: the app loads the vietqr messages with every
// other translation file, so a screen asking lang.L for a vietqr key
// finds it in both languages.
func TestTranslationsShipped(t *testing.T) {
	inCode, err := langcheck.KeysInCode(".", keyRe)
	require.NoError(t, err)
	faults, err := langcheck.Shipped("vietqr.", inCode)
	require.NoError(t, err)
	assert.Empty(t, faults)
}
