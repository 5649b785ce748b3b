package guides

import (
	"runtime"
	"slices"
	"sync"
	"weak"
)

// searchIndex holds a library's texts folded and split into words once, in
// each language, so that a search only compares words.
type searchIndex struct {
	vi, en []foldedGuide
}

// foldedGuide is one guide's searchable words in one language. Each list
// already holds the words that count with it: the summary's list has the
// title's words too, and a step's lists have the guide title's words.
type foldedGuide struct {
	id, title    string
	titleWords   []string
	summaryWords []string
	steps        []foldedStep
}

// foldedStep is one step's searchable words in one language.
type foldedStep struct {
	id, title  string
	titleWords []string
	textWords  []string
}

// searchIndexes caches the index of each library searched. A library never
// changes, so its index stays right; the weak key lets a library that is no
// longer used be collected, and its entry goes with it.
var searchIndexes = struct {
	sync.Mutex
	m map[weak.Pointer[Library]]*searchIndex
}{m: map[weak.Pointer[Library]]*searchIndex{}}

// searchIndex returns the index of l, building it on first use.
func (l *Library) searchIndex() *searchIndex {
	key := weak.Make(l)
	searchIndexes.Lock()
	defer searchIndexes.Unlock()
	if idx, ok := searchIndexes.m[key]; ok {
		return idx
	}
	idx := &searchIndex{vi: foldGuides(l.guides, "vi"), en: foldGuides(l.guides, "en")}
	searchIndexes.m[key] = idx
	runtime.AddCleanup(l, func(k weak.Pointer[Library]) {
		searchIndexes.Lock()
		delete(searchIndexes.m, k)
		searchIndexes.Unlock()
	}, key)
	return idx
}

// foldGuides folds the texts of guides in lang, keeping their order.
func foldGuides(guides []Guide, lang string) []foldedGuide {
	out := make([]foldedGuide, len(guides))
	for i, g := range guides {
		fg := foldedGuide{id: g.ID, title: g.Title.In(lang)}
		fg.titleWords = searchWords(fg.title)
		fg.summaryWords = append(slices.Clip(fg.titleWords), searchWords(g.Summary.In(lang))...)
		for _, s := range g.Steps {
			fs := foldedStep{id: s.ID, title: s.Title.In(lang)}
			fs.titleWords = append(slices.Clip(fg.titleWords), searchWords(fs.title)...)
			fs.textWords = append(slices.Clip(fs.titleWords), searchWords(s.Text.In(lang))...)
			fg.steps = append(fg.steps, fs)
		}
		out[i] = fg
	}
	return out
}
