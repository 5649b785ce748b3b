package app

import (
	"encoding/json"
	"fmt"
	"maps"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/jeandeaual/go-locale"

	"tiepsuc/assets"
)

// UseLanguage makes every later lang.L call answer in the language code
// ("vi" or "en").
//
// Fyne's lang package follows the computer's locale and has no setter, but
// a desk's language is the volunteer's choice in Settings. So the chosen
// language's files are registered both as the bundle's fallback ("en") and
// under each of the computer's own locales: whichever locale Fyne matches,
// it finds our text.
func UseLanguage(code string) error {
	files, err := assets.Translations(code)
	if err != nil {
		return fmt.Errorf("read %s translations: %w", code, err)
	}
	if len(files) == 0 {
		return fmt.Errorf("no translations for %q", code)
	}
	targets := []fyne.Locale{"en"}
	if locs, err := locale.GetLocales(); err == nil {
		for _, l := range locs {
			targets = append(targets, fyne.Locale(l))
		}
	}
	// One merged file per locale: each call makes Fyne match locales again,
	// which is a visible part of the start when done file by file.
	merged := map[string]json.RawMessage{}
	for _, f := range files {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(f, &m); err != nil {
			return fmt.Errorf("read %s translations: %w", code, err)
		}
		maps.Copy(merged, m)
	}
	all, err := json.Marshal(merged)
	if err != nil {
		return fmt.Errorf("merge %s translations: %w", code, err)
	}
	for i, t := range targets {
		err := lang.AddTranslationsForLocale(all, t)
		if err != nil && i == 0 {
			return fmt.Errorf("add %s translations: %w", code, err)
		}
		// A locale Fyne cannot parse (such as "C") is no match anyway.
	}
	return nil
}
