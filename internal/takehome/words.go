package takehome

import (
	"embed"
	"encoding/json"
	"fmt"
	"sync"
)

// langFiles holds the words printed on a card, one flat JSON object of
// key → text per language (card.vi.json, card.en.json). A card is printed
// in the citizen's language, which need not be the desk's, so these are
// read here rather than through the app's Fyne translations. Texts with a
// value to fill in carry a fmt verb (%s, %d).
//
//go:embed lang/*.json
var langFiles embed.FS

// languages are the languages a card can be printed in, default first.
var languages = []string{"vi", "en"}

// loadWords reads every language's words once.
var loadWords = sync.OnceValues(func() (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, code := range languages {
		data, err := langFiles.ReadFile("lang/card." + code + ".json")
		if err != nil {
			return nil, fmt.Errorf("read card words %s: %w", code, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("parse card words %s: %w", code, err)
		}
		out[code] = m
	}
	return out, nil
})

// words is the card's fixed text in one language.
type words map[string]string

// wordsFor returns the words of lang, which must be one of languages.
func wordsFor(lang string) (words, error) {
	all, err := loadWords()
	if err != nil {
		return nil, err
	}
	w, ok := all[lang]
	if !ok {
		return nil, fmt.Errorf("no card words in language %q", lang)
	}
	return w, nil
}

// get returns the text of key with args filled in. A missing key shows as
// the key itself, which the tests catch, rather than as an empty gap.
func (w words) get(key string, args ...any) string {
	s, ok := w[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}
