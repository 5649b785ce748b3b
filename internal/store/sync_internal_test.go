package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeVersion1 makes a database as a build with only migration 1 left it:
// two sessions with drafts (one with a dossier code), history and outbox.
func writeVersion1(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	stmts := []string{
		"PRAGMA journal_mode = WAL",
		migrations[0].sql,
		fmt.Sprintf("PRAGMA application_id = %d", appID),
		"PRAGMA user_version = 1",
		"INSERT INTO volunteers(id, name, created_at) VALUES(1, 'Mai', " +
			"'2025-11-01T01:00:00.000000000Z')",
		"INSERT INTO sessions(id, volunteer_id, started_at, state, outcome) VALUES" +
			" (1, 1, '2025-11-01T01:00:00.000000000Z', 'closed', 'continue')," +
			" (2, 1, '2025-11-02T01:00:00.000000000Z', 'open', '')",
		`INSERT INTO drafts(id, session_id, version, fields, sync_allowed, updated_at) VALUES` +
			` (1, 1, 2, '{"citizen.full_name":"Lê Văn Tám","dossier.code":` +
			` " 000.00.00.h49-250725-0001 "}', 1, '2025-11-01T01:05:00.123456789Z'),` +
			` (2, 2, 0, '{}', 0, '2025-11-02T01:00:00.000000000Z')`,
		"INSERT INTO draft_history(draft_id, version, field, value, at) VALUES" +
			" (1, 1, 'citizen.full_name', 'Lê Văn Tám', '2025-11-01T01:04:00.000000000Z')",
		`INSERT INTO outbox(draft_id, base_version, new_version, payload, created_at) VALUES` +
			` (1, 0, 1, '{"version":1}', '2025-11-01T01:04:00.000000000Z'),` +
			` (1, 1, 2, '{"version":2}', '2025-11-01T01:05:00.000000000Z')`,
	}
	for _, q := range stmts {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
}

func TestMigrateVersion1KeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	writeVersion1(t, path)

	s, err := Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()

	var version int
	require.NoError(t, s.db.QueryRow("PRAGMA user_version").Scan(&version))
	assert.Equal(t, knownVersion(), version)

	uids := map[string]bool{}
	for _, id := range []int64{1, 2} {
		d, err := s.Draft(ctx, id)
		require.NoError(t, err)
		u, err := uuid.Parse(d.UID)
		require.NoError(t, err, "draft %d uid %q", id, d.UID)
		assert.Equal(t, uuid.Version(7), u.Version())
		assert.Equal(t, uuid.RFC4122, u.Variant())
		assert.Equal(t, u.String(), d.UID, "canonical lower case")
		uids[d.UID] = true
	}
	assert.Len(t, uids, 2, "every draft gets its own uid")

	d, err := s.Draft(ctx, 1)
	require.NoError(t, err)
	u := uuid.MustParse(d.UID)
	sec, nsec := u.Time().UnixTime()
	assert.Equal(t, int64(1761959100), sec, "the uid carries the draft's last change time")
	assert.InDelta(t, 123e6, float64(nsec), 1e6)

	var code string
	require.NoError(t, s.db.QueryRow("SELECT dossier_code FROM drafts WHERE id = 1").
		Scan(&code))
	assert.Equal(t, "000.00.00.H49-250725-0001", code)

	sess, err := s.Session(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(1), sess.VolunteerID)
	assert.Equal(t, OutcomeContinue, sess.Outcome)
	assert.False(t, sess.FromHub)

	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 2, "queued rows survive the outbox rebuild")
	assert.Equal(t, d.UID, rows[0].DraftUID)
	h, err := s.History(ctx, 1)
	require.NoError(t, err)
	assert.Len(t, h, 1)

	var fk int
	require.NoError(t, s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk))
	assert.Equal(t, 1, fk, "foreign keys are back on after migrating")
}

func FuzzReadHubDraft(f *testing.F) {
	const uid = "01936b2e-8a4c-7d3e-9f10-123456789abc"
	f.Add(uid, int64(3), `{"fields":{"citizen.full_name":"Võ Thị Sáu"},"guide_id":"g",`+
		`"guide_step":2}`)
	f.Add(uid, int64(1), `{"fields":{"":"x","guide.step":"y","a":"\ud800"}}`)
	f.Add("01936B2E-8A4C-7D3E-9F10-123456789ABC", int64(1), `{}`)
	f.Add(uid, int64(0), `{}`)
	f.Add(uid, int64(1), `{"guide_step":-1}`)
	f.Add(uid, int64(1), `[]`)
	f.Add(uid, int64(1), `{"fields":{"a":"e\u0301"}}`)
	f.Fuzz(func(t *testing.T, id string, version int64, payload string) {
		c, err := readHubDraft(HubDraft{UID: id, Version: version, Payload: []byte(payload)})
		if err != nil {
			assert.ErrorIs(t, err, ErrInvalid)
			return
		}
		assert.Positive(t, c.Version)
		assert.GreaterOrEqual(t, c.GuideStep, 0)
		assert.Equal(t, clean(c.GuideID), c.GuideID)
		for k, v := range c.Fields {
			assert.NotEmpty(t, k)
			assert.NotEmpty(t, v, "empty values are absent, as on the desk")
			assert.Equal(t, clean(k), k)
			assert.Equal(t, clean(v), v, "values are NFC and valid UTF-8")
			assert.NotEqual(t, historyGuideStep, k)
		}
	})
}
