package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/searchindex"
)

// TestDeletedTermsLeaveTheFile: the keyed search terms of a deleted draft
// do not stay in the search index's segments, where someone holding the
// desk's key could still test whether a name was ever typed here.
func TestDeletedTermsLeaveTheFile(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	require.NoError(t, err)
	defer s.Close()
	v, err := s.EnsureVolunteer(ctx, "Mai")
	require.NoError(t, err)
	named := func(name, id string) Session {
		sess, err := s.StartSession(ctx, NewSession{VolunteerID: v.ID, Consents: []Consent{
			{Purpose: PurposeKeepDetails, Granted: true, TextVersion: "v1"}}})
		require.NoError(t, err)
		_, err = s.SetField(ctx, sess.DraftID, FieldFullName, name)
		require.NoError(t, err)
		_, err = s.SetField(ctx, sess.DraftID, FieldIDNumber, id)
		require.NoError(t, err)
		return sess
	}
	ix, err := s.searchIndex()
	require.NoError(t, err)
	shared := map[searchindex.Term]bool{}
	for _, p := range [][2]string{{"Đỗ Thị Hà", "001190000001"},
		{"Trần Văn Hùng", "001190000002"}, {"Lê Thị Thu", "001190000003"}} {
		named(p[0], p[1])
		for _, term := range ix.Terms(personOf(map[string]string{FieldFullName: p[0],
			FieldIDNumber: p[1]})) {
			shared[term] = true
		}
	}
	gone := named("Vương Quốc Khánh", "079085000123")
	// Only the terms no other draft has ("v" starts "Văn" too) must go.
	var terms []searchindex.Term
	for _, term := range ix.Terms(personOf(map[string]string{FieldFullName: "Vương Quốc Khánh",
		FieldIDNumber: "079085000123"})) {
		if !shared[term] {
			terms = append(terms, term)
		}
	}
	require.NotEmpty(t, terms)
	// The index keeps terms sorted and cuts the prefix a term shares with
	// the one before it, a few letters at most: the rest is stored as is.
	inFile := func() int {
		_, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		require.NoError(t, err)
		raw, err := os.ReadFile(s.Path())
		require.NoError(t, err)
		n := 0
		for _, term := range terms {
			if bytes.Contains(raw, []byte(term[4:])) {
				n++
			}
		}
		return n
	}
	require.Equal(t, len(terms), inFile(), "the test finds the terms while they are there")

	require.NoError(t, s.DeleteSession(ctx, gone.ID, DeleteRequested))
	assert.Zero(t, inFile(), "no term of the deleted draft is left")
}
