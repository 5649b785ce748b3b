package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/secret"
)

// twoNamedDrafts opens a store with two synced drafts, each with a name and
// a phone, and returns it with the two draft ids.
func twoNamedDrafts(t *testing.T) (*Store, int64, int64) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	v, err := s.EnsureVolunteer(ctx, "Mai")
	require.NoError(t, err)
	var ids []int64
	for _, name := range []string{"Trần Thị Hoà", "Lê Văn Tám"} {
		sess, err := s.StartSession(ctx, NewSession{VolunteerID: v.ID, Consents: []Consent{
			{Purpose: PurposeKeepDetails, Granted: true, TextVersion: "v1"},
			{Purpose: PurposeSendToHub, Granted: true, TextVersion: "v1"}}})
		require.NoError(t, err)
		_, err = s.SetField(ctx, sess.DraftID, FieldFullName, name)
		require.NoError(t, err)
		_, err = s.SetField(ctx, sess.DraftID, FieldPhone, "0912345678")
		require.NoError(t, err)
		ids = append(ids, sess.DraftID)
	}
	return s, ids[0], ids[1]
}

func TestSealedValueDoesNotOpenElsewhere(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// move copies one sealed value onto another row or column.
		move string
		read func(s *Store, a, b int64) error
	}{
		{"draft fields onto another draft",
			"UPDATE drafts SET fields_sealed = (SELECT fields_sealed FROM drafts WHERE id = %[1]d)" +
				" WHERE id = %[2]d",
			func(s *Store, a, b int64) error { _, err := s.Draft(ctx, b); return err }},
		{"history value onto another row of the same field",
			"UPDATE draft_history SET value_sealed = (SELECT value_sealed FROM draft_history" +
				" WHERE draft_id = %[1]d AND field = 'citizen.full_name')" +
				" WHERE draft_id = %[2]d AND field = 'citizen.full_name'",
			func(s *Store, a, b int64) error { _, err := s.History(ctx, b); return err }},
		{"history value onto another field of the same draft",
			"UPDATE draft_history SET value_sealed = (SELECT value_sealed FROM draft_history" +
				" WHERE draft_id = %[1]d AND field = 'citizen.full_name')" +
				" WHERE draft_id = %[1]d AND field = 'citizen.phone'",
			func(s *Store, a, b int64) error { _, err := s.History(ctx, a); return err }},
		{"outbox payload onto another row",
			"UPDATE outbox SET payload_sealed = (SELECT payload_sealed FROM outbox" +
				" WHERE draft_id = %[1]d ORDER BY id LIMIT 1) WHERE id = (SELECT max(id)" +
				" FROM outbox WHERE draft_id = %[2]d)",
			func(s *Store, a, b int64) error { _, err := s.PendingOutbox(ctx, 10); return err }},
		{"outbox payload into a draft's fields",
			"UPDATE drafts SET fields_sealed = (SELECT payload_sealed FROM outbox" +
				" WHERE draft_id = %[1]d ORDER BY id LIMIT 1) WHERE id = %[1]d",
			func(s *Store, a, b int64) error {
				_, err := s.SearchDrafts(ctx, DraftQuery{})
				return err
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, a, b := twoNamedDrafts(t)
			require.NoError(t, tt.read(s, a, b), "it reads before the move")
			_, err := s.db.ExecContext(ctx, fmt.Sprintf(tt.move, a, b))
			require.NoError(t, err)
			err = tt.read(s, a, b)
			assert.ErrorIs(t, err, ErrTampered)
			assert.ErrorIs(t, err, secret.ErrOpen)
		})
	}
}

func TestChangedByteDoesNotOpen(t *testing.T) {
	ctx := context.Background()
	s, a, _ := twoNamedDrafts(t)
	var sealed []byte
	require.NoError(t, s.db.QueryRow("SELECT fields_sealed FROM drafts WHERE id = ?", a).
		Scan(&sealed))
	sealed[20] ^= 1
	_, err := s.db.ExecContext(ctx, "UPDATE drafts SET fields_sealed = ? WHERE id = ?",
		sealed, a)
	require.NoError(t, err)
	_, err = s.Draft(ctx, a)
	assert.ErrorIs(t, err, ErrTampered)
	_, err = s.SetField(ctx, a, FieldNotes, "x")
	assert.ErrorIs(t, err, ErrTampered, "nothing is written over a value that does not open")
}

// legacyHubToken is the hub token a desk enrolled before the data key.
const legacyHubToken = "tsd1_LegacyTokenSealedUnderTheOldKeyFile0000"

// version3Desk writes a database as a build with migrations 1 to 3 left it,
// in the write-ahead log of a writer that was killed: the citizen's details
// in clear in every column that held them, deleted history rows whose text
// still sits in free space of a page and in free pages, and the hub token
// sealed under hub-token.key.
func version3Desk(t *testing.T, dir string) string {
	t.Helper()
	key, err := secret.LoadOrCreateKey(filepath.Join(dir, KeyFileName))
	require.NoError(t, err)
	token, err := secret.Seal(key, legacyHubToken, tokenPurpose)
	require.NoError(t, err)

	src := filepath.Join(t.TempDir(), "desk.db")
	db, err := sql.Open("sqlite", src+"?_pragma=journal_mode(WAL)")
	require.NoError(t, err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	fields := `{"citizen.full_name":"Trần Thị Hoà","citizen.id_number":"075160001234",` +
		`"citizen.phone":"0912345678"}`
	payload := `{"uid":"u1","fields":` + fields + `}`
	stmts := []string{"PRAGMA wal_autocheckpoint = 0"}
	for _, m := range migrations[:3] {
		stmts = append(stmts, m.sql)
	}
	stmts = append(stmts,
		fmt.Sprintf("PRAGMA application_id = %d", appID),
		"PRAGMA user_version = 3",
		"INSERT INTO volunteers(id, name, created_at) VALUES(1, 'Mai', '2025-01-01T00:00:00Z')",
		"INSERT INTO sessions(id, volunteer_id, started_at) VALUES"+
			" (1, 1, '2025-01-02T08:00:00.000000000Z')",
		"INSERT INTO drafts(id, session_id, version, fields, sync_allowed, updated_at, uid)"+
			" VALUES(1, 1, 3, '"+fields+"', 1, '2025-01-02T08:05:00.000000000Z',"+
			" '01936b2e-8a4c-7d3e-9f10-123456789abc')",
		"INSERT INTO draft_history(id, draft_id, version, field, value, at) VALUES"+
			" (1, 1, 1, 'citizen.full_name', 'Trần Thị Hoà', '2025-01-02T08:01:00Z'),"+
			" (2, 1, 2, 'citizen.id_number', '075160001234', '2025-01-02T08:02:00Z'),"+
			" (3, 1, 3, 'citizen.phone', '0912345678', '2025-01-02T08:03:00Z'),"+
			" (4, 1, 3, 'notes', 'gọi 0912345678 trước', '2025-01-02T08:03:00Z')",
		"DELETE FROM draft_history WHERE id = 4",
		// Pages of deleted rows go to the free list as they were.
		"WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"+
			" INSERT INTO draft_history(id, draft_id, version, field, value, at)"+
			" SELECT i, 1, 3, 'notes', 'gọi 0912345678 ' || printf('%0200d', i),"+
			" '2025-01-02T08:03:00Z' FROM n",
		"DELETE FROM draft_history WHERE id >= 10",
		"INSERT INTO outbox(id, draft_id, base_version, new_version, payload, created_at)"+
			" VALUES(1, 1, 2, 3, '"+payload+"', '2025-01-02T08:03:00Z')",
		"INSERT INTO conflicts(id, draft_id, hub_version, hub_payload, local_version,"+
			" local_payload, created_at) VALUES(1, 1, 4, '"+payload+"', 3, '"+payload+"',"+
			" '2025-01-02T08:04:00Z')",
		"INSERT INTO dossier_statuses(id, source, ref, draft_id, status, note, at, recorded_at)"+
			" VALUES(1, 'hub', '1', 1, 'received', 'bà Trần Thị Hoà', '2025-01-03T00:00:00Z',"+
			" '2025-01-03T00:00:00Z')",
		"INSERT INTO unmatched_mails(id, mailbox, uidvalidity, uid, subject, sender, reason,"+
			" recorded_at) VALUES(1, 'INBOX', 1, 2, 'Hồ sơ của Trần Thị Hoà',"+
			" '0912345678@sms.example', 'no-code', '2025-01-03T00:00:00Z')",
		"INSERT INTO hub(id, url, token_sealed, desk_id, enrolled_at) VALUES(1,"+
			" 'https://127.0.0.1:8443', '"+token+"', 'desk-a', '2025-01-01T00:00:00Z')",
	)
	for _, q := range stmts {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	dst := filepath.Join(dir, "desk.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(src + suffix)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(dst+suffix, b, 0o600))
	}
	return dst
}

// needlesIn counts the citizen's details in clear in the file and its log.
func needlesIn(t *testing.T, path string) int {
	t.Helper()
	n := 0
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		for _, needle := range []string{"075160001234", "Trần Thị Hoà", "0912345678"} {
			n += bytes.Count(b, []byte(needle))
		}
	}
	return n
}

func TestUpgradeSealsRowsKeptInClear(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := version3Desk(t, dir)
	require.Positive(t, needlesIn(t, path), "the old build kept the details in clear")

	s, err := Open(ctx, path)
	require.NoError(t, err)
	assert.Zero(t, needlesIn(t, path), "no detail in clear, not even in free space or the log")

	d, err := s.Draft(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "Trần Thị Hoà", d.Fields[FieldFullName])
	assert.Equal(t, []int64{1}, searchIDs(t, s, "tran thi hoa"), "search rebuilt")
	assert.Equal(t, []int64{1}, searchIDs(t, s, "075160001234"))
	h, err := s.History(ctx, 1)
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.Equal(t, "0912345678", h[2].Value)
	rows, err := s.OutboxRows(ctx, 1)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Contains(t, string(rows[0].Payload), "075160001234")
	c, err := s.Conflict(ctx, 1)
	require.NoError(t, err)
	assert.True(t, c.HubKnown)
	assert.Equal(t, "0912345678", c.Hub.Fields[FieldPhone])
	assert.Equal(t, "0912345678", c.Pushed.Fields[FieldPhone])
	st, err := s.Statuses(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "bà Trần Thị Hoà", st[0].Note)
	mails, err := s.UnmatchedMails(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Hồ sơ của Trần Thị Hoà", mails[0].Subject)
	assert.Equal(t, "0912345678@sms.example", mails[0].Sender)
	require.NoError(t, s.Close())

	// The hub token moved under the data key: the old key file may go.
	require.NoError(t, os.Remove(filepath.Join(dir, KeyFileName)))
	sealed := sealedColumns(t, path)
	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	hub, err := s.Hub(ctx)
	require.NoError(t, err)
	assert.Equal(t, legacyHubToken, hub.Token)
	assert.Equal(t, sealed, sealedColumns(t, path), "a second start seals nothing again")
	var state string
	require.NoError(t, s.db.QueryRow("SELECT value FROM settings WHERE key = ?",
		settingSealed).Scan(&state))
	assert.Equal(t, sealedDone, state)
}

// sealedColumns reads every sealed value of the file at path.
func sealedColumns(t *testing.T, path string) [][]byte {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var out [][]byte
	for _, c := range plainColumns {
		rows, err := db.Query(fmt.Sprintf("SELECT %s FROM %s ORDER BY id", c.sealed, c.table))
		require.NoError(t, err)
		for rows.Next() {
			var b []byte
			require.NoError(t, rows.Scan(&b))
			out = append(out, b)
		}
		require.NoError(t, rows.Err())
		rows.Close()
	}
	return out
}
