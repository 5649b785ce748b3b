package attach

import (
	"errors"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/langcheck"
)

// languages are the languages of the translation files this package owns,
// Vietnamese first.
var languages = []string{"vi", "en"}

// keyRe is how every translation key of this package is written.
var keyRe = regexp.MustCompile(`^attach\.[a-z]+(\.[a-z]+)*$`)

// loadCatalogs reads assets/lang/attach.<language>.json once.
var loadCatalogs = sync.OnceValues(func() (map[string]map[string]string, error) {
	return langcheck.Catalogs(filepath.Join("..", ".."), "attach", languages...)
})

// catalogs returns the attach translations by language, read once.
func catalogs(t testing.TB) map[string]map[string]string {
	t.Helper()
	c, err := loadCatalogs()
	require.NoError(t, err, "attach translation files")
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
	got, rerr := langcheck.Render(msg, e.Data)
	require.NoError(t, rerr, "%s %s with %v", l, e.Key, e.Data)
	return got
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

// TestTranslations: the two files hold exactly the keys the code uses, with
// the same {{.Fields}}, and the Vietnamese is written with its marks.
func TestTranslations(t *testing.T) {
	inCode, err := langcheck.KeysInCode(".", keyRe)
	require.NoError(t, err)
	require.NotEmpty(t, inCode)
	assert.Empty(t, langcheck.Check("attach", inCode, catalogs(t)))
}

// TestTranslationsShipped: the app embeds attach.*.json with every other
// translation file, so a screen asking lang.L for an attach key finds it in
// both languages, defined once.
func TestTranslationsShipped(t *testing.T) {
	inCode, err := langcheck.KeysInCode(".", keyRe)
	require.NoError(t, err)
	faults, err := langcheck.Shipped("attach.", inCode)
	require.NoError(t, err)
	assert.Empty(t, faults)
}
