package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/searchindex"
)

// version2Desk writes a database as a build with migrations 1 and 2 left it:
// two named drafts whose folded name and identity number sit in clear in
// search_name and id_number, and an anonymous one.
func version2Desk(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, m := range migrations[:2] {
		_, err := db.Exec(m.sql)
		require.NoError(t, err, m.name)
	}
	stmts := []string{
		fmt.Sprintf("PRAGMA application_id = %d", appID),
		"PRAGMA user_version = 2",
		"INSERT INTO volunteers(id, name, created_at) VALUES(1, 'Mai', '2025-01-01T00:00:00Z')",
		"INSERT INTO sessions(id, volunteer_id, started_at) VALUES" +
			" (1, 1, '2025-01-02T08:00:00.000000000Z'), (2, 1, '2025-01-02T09:00:00.000000000Z')",
		"INSERT INTO sessions(id, volunteer_id, started_at, anonymous)" +
			" VALUES(3, 1, '2025-01-02T10:00:00.000000000Z', 1)",
		`INSERT INTO drafts(id, session_id, version, fields, search_name, id_number,
			updated_at, uid) VALUES
			(1, 1, 2, '{"citizen.full_name":"Nguyễn Văn Đức","citizen.id_number":"075 201 234 567"}',
			 'nguyen van duc', '075201234567', '2025-01-02T08:05:00.000000000Z', 'u1'),
			(2, 2, 1, '{"citizen.full_name":"Nguyễn Thị Lụa","citizen.phone":"0912 345 678"}',
			 'nguyen thi lua', '', '2025-01-02T09:05:00.000000000Z', 'u2'),
			(3, 3, 1, '{"need.kind":"question"}', '', '', '2025-01-02T10:05:00.000000000Z', 'u3')`,
	}
	for _, q := range stmts {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
}

// searchIDs runs SearchDrafts for text and returns the draft ids found.
func searchIDs(t *testing.T, s *Store, text string) []int64 {
	t.Helper()
	got, err := s.SearchDrafts(context.Background(), DraftQuery{Text: text})
	require.NoError(t, err)
	var ids []int64
	for _, d := range got {
		ids = append(ids, d.DraftID)
	}
	return ids
}

func TestMigrationBuildsSearchIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	version2Desk(t, path)

	s, err := Open(ctx, path)
	require.NoError(t, err)
	assert.Equal(t, []int64{2, 1}, searchIDs(t, s, "nguyen"))
	assert.Equal(t, []int64{1}, searchIDs(t, s, "duc van"))
	assert.Equal(t, []int64{1}, searchIDs(t, s, "075201234567"))
	assert.Equal(t, []int64{2}, searchIDs(t, s, "+84 912 345 678"))
	assert.Equal(t, []int64{3, 2, 1}, searchIDs(t, s, ""))

	var plain int
	require.NoError(t, s.db.QueryRow("SELECT count(*) FROM drafts"+
		" WHERE search_name != '' OR id_number != ''").Scan(&plain))
	assert.Zero(t, plain, "no folded name or identity number kept in clear")
	require.NoError(t, s.Close())

	b, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, secret := range []string{"nguyen van duc", "nguyen thi lua", "075201234567"} {
		assert.False(t, bytes.Contains(b, []byte(secret)), "%q left in the file", secret)
	}

	// Opening again finds the index built and keeps it.
	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	var docs int
	require.NoError(t, s.db.QueryRow("SELECT count(*) FROM search_docs").Scan(&docs))
	assert.Equal(t, 2, docs, "the anonymous draft has nothing to be found by")
	assert.Equal(t, []int64{1}, searchIDs(t, s, "duc"))
}

func TestSearchIndexRebuiltUnderNewKey(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	version2Desk(t, path)
	s, err := Open(ctx, path)
	require.NoError(t, err)
	// An index made under the older key file, as a build before migration
	// 0004 left it: other terms, another fingerprint.
	old, err := searchindex.New(bytes.Repeat([]byte{9}, 32))
	require.NoError(t, err)
	require.NoError(t, rebuildTerms(ctx, s.db, old, s.keys, s.log))
	require.NoError(t, s.Close())

	var logs bytes.Buffer
	s, err = Open(ctx, path, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, []int64{1}, searchIDs(t, s, "nguyen van duc"))
	assert.Equal(t, []int64{1}, searchIDs(t, s, "075 201 234 567"))
	assert.Equal(t, []int64{2}, searchIDs(t, s, "0912345678"))
	assert.Contains(t, logs.String(), "search index built")
	for _, secret := range []string{"Nguyễn", "nguyen", "075", "0912"} {
		assert.NotContains(t, logs.String(), secret, "no personal data in the log")
	}
}

func TestSearchIndexForgetsDeletedDraft(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	version2Desk(t, path)
	s, err := Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()

	_, err = s.db.ExecContext(ctx, "DELETE FROM sessions WHERE id = 1")
	require.NoError(t, err)
	ix, err := s.searchIndex()
	require.NoError(t, err)
	var left int
	err = s.db.QueryRow("SELECT count(*) FROM draft_search WHERE draft_search MATCH ?",
		matchAny(ix.Query("075201234567").Any)).Scan(&left)
	require.NoError(t, err)
	assert.Zero(t, left, "the deleted draft's terms left the index")
	assert.Equal(t, []int64{2}, searchIDs(t, s, "nguyen"))
}

func TestSearchQueryPlan(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "desk.db"))
	require.NoError(t, err)
	defer s.Close()
	queries := map[string]searchindex.Query{
		"name":  {All: []searchindex.Term{"a", "b", "c"}},
		"exact": {Any: []searchindex.Term{"a", "b"}},
	}
	for name, q := range queries {
		for _, st := range []DraftState{StateAll, StateDone, StateOpen} {
			t.Run(name+" "+string(st), func(t *testing.T) {
				query, args, err := termQuery(q, st, 10)
				require.NoError(t, err)
				rows, err := s.db.Query("EXPLAIN QUERY PLAN "+query, args...)
				require.NoError(t, err)
				defer rows.Close()
				var steps []string
				for rows.Next() {
					var id, parent, unused int
					var detail string
					require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
					steps = append(steps, detail)
				}
				require.NoError(t, rows.Err())
				plan := strings.Join(steps, "\n")
				require.NotEmpty(t, steps)
				if st == StateOpen {
					// From the few open sessions, each draft's doc asked of
					// the index; the few found are sorted.
					assert.Equal(t, "SCAN s USING INDEX sessions_open", steps[0], plan)
					assert.Contains(t, plan, "draft_search VIRTUAL TABLE INDEX 0:=", plan)
					return
				}
				// Read from the index in doc order, each draft then found by
				// its key, and nothing sorted: the search stops at the limit.
				assert.Contains(t, steps[0], "draft_search VIRTUAL TABLE", plan)
				for _, step := range steps[1:] {
					assert.True(t, strings.HasPrefix(step, "SEARCH "), plan)
					assert.Contains(t, step, "PRIMARY KEY", plan)
				}
				assert.NotContains(t, plan, "TEMP B-TREE", plan)
			})
		}
	}
}

func TestSortKeyKeepsTimeOrder(t *testing.T) {
	times := []time.Time{
		{},
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2025, 12, 4, 8, 0, 0, 0, time.UTC),
		time.Date(2025, 12, 4, 8, 0, 0, 1, time.UTC),
		time.Date(2096, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
	}
	for i := 1; i < len(times); i++ {
		assert.LessOrEqual(t, sortKey(times[i-1]), sortKey(times[i]), "%v, %v", times[i-1],
			times[i])
		assert.Less(t, formatTime(times[i-1]), formatTime(times[i]))
	}
	assert.Less(t, sortKey(times[4]), sortKey(times[5]), "nanoseconds count")
}
