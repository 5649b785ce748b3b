package takehome

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// wordKey matches a key of the card's words as the code names it.
var wordKey = regexp.MustCompile(`"(card\.[a-zA-Z.]+)"`)

func TestCardWordsInEveryLanguage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range wordKey.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
	}
	require.NotEmpty(t, used)

	vi, err := wordsFor("vi")
	require.NoError(t, err)
	for _, lang := range languages {
		w, err := wordsFor(lang)
		require.NoError(t, err)
		for key := range used {
			assert.NotEmpty(t, w[key], "%s: %s is printed but has no text", lang, key)
		}
		for key, text := range w {
			assert.True(t, used[key], "%s: %s is never printed", lang, key)
			assert.True(t, norm.NFC.IsNormalString(text), "%s: %s is not NFC", lang, key)
			assert.Equal(t, verbs(vi[key]), verbs(text), "%s: %s fills other values", lang, key)
		}
	}
}

// verbs lists the fmt verbs in s, sorted.
func verbs(s string) []string {
	out := regexp.MustCompile(`%[a-z]`).FindAllString(s, -1)
	slices.Sort(out)
	return out
}
