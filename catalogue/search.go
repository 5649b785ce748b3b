package catalogue

import (
	"cmp"
	"slices"
	"strings"

	"tiepsuc/internal/textfold"
)

// searchText is a procedure's text folded for search.
type searchText struct {
	// names are the Vietnamese and English names.
	names []string
	// all is every searchable word: names, code, id, keywords.
	all string
}

// foldProcedure folds the searchable text of p.
func foldProcedure(p Procedure) searchText {
	names := []string{textfold.Fold(p.Name.VI), textfold.Fold(p.Name.EN)}
	parts := append(slices.Clone(names), p.Code, strings.ReplaceAll(p.ID, "_", " "))
	for _, k := range p.Keywords {
		parts = append(parts, textfold.Fold(k))
	}
	return searchText{names: names, all: strings.Join(parts, " | ")}
}

// Search returns the procedures whose name, code, id or keywords hold
// every word of query, ignoring accents and case, so "tam tru" finds
// "Đăng ký tạm trú". A procedure whose name holds the whole query comes
// first, shortest name first, so "thuong tru" puts "Đăng ký thường trú"
// before the linked procedures that name it too; then one whose name holds
// every word, then the rest, each group in catalogue order. An empty query
// returns every procedure, and a national code the procedure with it.
func (c *Catalogue) Search(query string) []Procedure {
	q := textfold.Fold(query)
	if q == "" {
		return c.All()
	}
	if p, ok := c.ByCode(q); ok {
		return []Procedure{p}
	}

	words := strings.Fields(q)
	type hit struct{ index, rank, length int }
	var hits []hit
	for i, st := range c.folded {
		r := st.rank(q, words)
		switch {
		case r == nameHoldsQuery:
			hits = append(hits, hit{i, r, len(st.names[0])})
		case r > 0:
			hits = append(hits, hit{i, r, 0})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		return cmp.Or(b.rank-a.rank, a.length-b.length)
	})

	out := make([]Procedure, len(hits))
	for i, h := range hits {
		out[i] = c.procedures[h.index].clone()
	}
	return out
}

// Ranks of a search hit, best first; 0 is no match.
const (
	nameHoldsQuery = 3
	nameHoldsWords = 2
	textHoldsWords = 1
)

// rank says how well st matches the folded query q, split into words.
func (st searchText) rank(q string, words []string) int {
	switch {
	case slices.ContainsFunc(st.names, func(n string) bool { return strings.Contains(n, q) }):
		return nameHoldsQuery
	case slices.ContainsFunc(st.names, func(n string) bool { return holdsAll(n, words) }):
		return nameHoldsWords
	case holdsAll(st.all, words):
		return textHoldsWords
	}
	return 0
}

// holdsAll reports whether s holds every one of words.
func holdsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}
