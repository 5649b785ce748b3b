// Package assets holds what the desk app ships inside its binary: the
// translation files of every screen and the app icon.
package assets

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

// lang holds the Fyne lang JSON files, named <part>.<language>.json.
//
//go:embed lang/*.json
var lang embed.FS

// Icon is the app icon, a 512x512 PNG rendered from icon.svg.
//
//go:embed icon.png
var Icon []byte

// Languages lists the languages the desk app can be shown in, default first.
var Languages = []string{"vi", "en"}

// Translations returns the contents of every translation file for the
// language code, in a stable order, so each screen's part can live in its
// own file (app.vi.json, citizen.vi.json...).
func Translations(code string) ([][]byte, error) {
	names, err := fs.Glob(lang, path.Join("lang", "*."+code+".json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([][]byte, 0, len(names))
	for _, n := range names {
		b, err := lang.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// TranslationFiles returns the names of every translation file, for tests
// that check the languages agree.
func TranslationFiles() ([]string, error) {
	return fs.Glob(lang, "lang/*.json")
}

// ReadTranslationFile returns one translation file by the name that
// TranslationFiles gave.
func ReadTranslationFile(name string) ([]byte, error) {
	return lang.ReadFile(name)
}
