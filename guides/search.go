package guides

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"tiepsuc/internal/textfold"
)

// Match says where in a guide a search matched, best first.
type Match int

const (
	// MatchTitle is a match in the guide's title alone.
	MatchTitle Match = iota + 1
	// MatchSummary is a match in the guide's title and summary.
	MatchSummary
	// MatchStepTitle is a match in a step's title (with the guide's title).
	MatchStepTitle
	// MatchStepText is a match in a step's title and text (with the guide's
	// title).
	MatchStepText
)

// Hit is one guide found by Search.
type Hit struct {
	// GuideID is the id of the guide.
	GuideID string
	// Title is the guide's title in the language searched.
	Title string
	// Where says which of the guide's texts matched.
	Where Match
	// Step is the 1-based number of the step that matched, or 0 when the
	// guide's title or summary did.
	Step int
	// StepID and StepTitle name that step; both are empty when Step is 0.
	StepID    string
	StepTitle string
}

// Search finds the guides whose texts in lang ("vi" or "en", as for
// Text.In) hold every word of query. Case and Vietnamese marks are ignored
// ("dang ky" finds "Đăng ký"), and a query word matches any word it starts:
// "kha" finds "khai sinh", but "inh" does not.
//
// Each guide is listed once, at the first of these places where every query
// word matches: its title, its title and summary, one step's title, one
// step's title and text (a step also counts the guide's title, so
// "vneid otp" finds the OTP step of a VNeID guide). Hits are ranked by that
// place, then by how many query words matched a whole word, then in library
// order. A query without letters or digits finds nothing.
func (l *Library) Search(query, lang string) []Hit {
	words := searchWords(query)
	if len(words) == 0 {
		return nil
	}
	idx := l.searchIndex()
	guides := idx.vi
	if isEnglish(lang) {
		guides = idx.en
	}

	type ranked struct {
		hit   Hit
		exact int
		order int
	}
	var found []ranked
	for i, g := range guides {
		if hit, exact, ok := g.match(words); ok {
			found = append(found, ranked{hit: hit, exact: exact, order: i})
		}
	}
	slices.SortFunc(found, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.hit.Where, b.hit.Where),
			cmp.Compare(b.exact, a.exact), cmp.Compare(a.order, b.order))
	})
	hits := make([]Hit, len(found))
	for i, f := range found {
		hits[i] = f.hit
	}
	return hits
}

// match returns where g best matches every word, and how many words
// matched a whole word there.
func (g *foldedGuide) match(words []string) (Hit, int, bool) {
	hit := Hit{GuideID: g.id, Title: g.title}
	if exact, ok := matchAll(words, g.titleWords); ok {
		hit.Where = MatchTitle
		return hit, exact, true
	}
	if exact, ok := matchAll(words, g.summaryWords); ok {
		hit.Where = MatchSummary
		return hit, exact, true
	}

	// The first step whose title matches wins over any step whose text does.
	var best Hit
	bestExact := 0
	for i, s := range g.steps {
		where := MatchStepTitle
		exact, ok := matchAll(words, s.titleWords)
		if !ok {
			where = MatchStepText
			exact, ok = matchAll(words, s.textWords)
		}
		if !ok || (best.Where != 0 && best.Where <= where) {
			continue
		}
		best = hit
		best.Where, best.Step, best.StepID, best.StepTitle = where, i+1, s.id, s.title
		bestExact = exact
	}
	return best, bestExact, best.Where != 0
}

// matchAll reports whether every query word starts some word of text, and
// counts the query words that equal a word of text.
func matchAll(query, text []string) (exact int, ok bool) {
	for _, q := range query {
		prefix, whole := false, false
		for _, w := range text {
			if strings.HasPrefix(w, q) {
				prefix = true
				if len(w) == len(q) {
					whole = true
					break
				}
			}
		}
		if !prefix {
			return 0, false
		}
		if whole {
			exact++
		}
	}
	return exact, true
}

// searchWords folds s for search and splits it into words: runs of letters
// and digits, so that "dichvucong.gov.vn" and "VNeID," give plain words.
func searchWords(s string) []string {
	return strings.FieldsFunc(textfold.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
