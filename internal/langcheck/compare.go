package langcheck

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"tiepsuc/assets"
)

// Check compares one part's catalogs, by language, with the keys its code
// uses (inCode) and returns one sentence per fault, in a stable order. In
// every language: a key the code uses is missing, a key the code does not
// use is present, a message is blank, or a message reads other
// {{.Fields}} than the Vietnamese one; in Vietnamese: a message is written
// without its marks. A catalog missing from cats is reported too.
func Check(part string, inCode []string, cats map[string]map[string]string) []string {
	var faults []string
	vi := cats[Vietnamese]
	if vi == nil {
		faults = append(faults, fmt.Sprintf("%s.%s.json is missing", part, Vietnamese))
	}
	for _, l := range slices.Sorted(maps.Keys(cats)) {
		cat := cats[l]
		file := part + "." + l + ".json"
		for _, k := range inCode {
			if _, ok := cat[k]; !ok {
				faults = append(faults, fmt.Sprintf("%s has no %q, which the code uses", file, k))
			}
		}
		for _, k := range slices.Sorted(maps.Keys(cat)) {
			if !slices.Contains(inCode, k) {
				faults = append(faults, fmt.Sprintf("%s has %q, which the code never uses", file, k))
			}
			faults = append(faults, checkMessage(file, l, k, cat[k], vi)...)
		}
	}
	return faults
}

// checkMessage returns the faults of one message of language l, found in
// file, against the Vietnamese catalog vi.
func checkMessage(file, l, key, msg string, vi map[string]string) []string {
	var faults []string
	if strings.TrimSpace(msg) == "" {
		faults = append(faults, fmt.Sprintf("%s: %s is blank", file, key))
	}
	got, err := Fields(msg)
	if err != nil {
		faults = append(faults, fmt.Sprintf("%s: %s: %v", file, key, err))
	}
	if base, ok := vi[key]; ok {
		want, err := Fields(base)
		if err == nil && !slices.Equal(got, want) {
			faults = append(faults, fmt.Sprintf(
				"%s: %s reads {{.Fields}} %v, Vietnamese reads %v", file, key, got, want))
		}
	}
	if l == Vietnamese && !Marked(msg) {
		faults = append(faults, fmt.Sprintf(
			"%s: %s is not written with Vietnamese marks", file, key))
	}
	return faults
}

// Shipped checks the translation files the app embeds, in every language
// it can be shown in: every key in inCode must be in one of them, and no
// key starting with prefix may be in two. It returns one sentence per
// fault, or an error when the files cannot be read.
func Shipped(prefix string, inCode []string) ([]string, error) {
	var faults []string
	for _, l := range assets.Languages {
		files, err := assets.Translations(l)
		if err != nil {
			return nil, fmt.Errorf("read %s translations: %w", l, err)
		}
		f, err := shipped(files, prefix, inCode)
		if err != nil {
			return nil, fmt.Errorf("%s translations: %w", l, err)
		}
		for _, s := range f {
			faults = append(faults, l+": "+s)
		}
	}
	return faults, nil
}

// shipped checks one language's translation files (files, as
// assets.Translations gives them) the way Shipped describes.
func shipped(files [][]byte, prefix string, inCode []string) ([]string, error) {
	var faults []string
	seen := make(map[string]bool)
	for i, f := range files {
		var m map[string]json.RawMessage // plural forms are objects
		if err := json.Unmarshal(f, &m); err != nil {
			return nil, fmt.Errorf("decode translation file %d: %w", i, err)
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if seen[k] && strings.HasPrefix(k, prefix) {
				faults = append(faults, fmt.Sprintf("%s is in two files", k))
			}
			seen[k] = true
		}
	}
	for _, k := range inCode {
		if !seen[k] {
			faults = append(faults, fmt.Sprintf("no shipped file has %s", k))
		}
	}
	return faults, nil
}
