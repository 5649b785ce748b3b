package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// auditTen writes ten entries by volunteer, about two drafts, and returns
// the drafts' ids.
func auditTen(t testing.TB, d *desk, volunteer int64) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	a, b := start(t, d.Store, false).DraftID, start(t, d.Store, false).DraftID
	for i := range 5 {
		require.NoError(t, d.Audit(ctx, volunteer, store.AuditView, a, ""))
		require.NoError(t, d.Audit(ctx, volunteer, store.AuditChange, b,
			fmt.Sprintf("citizen.phone #%d", i)))
	}
	return a, b
}

func TestAuditEntries(t *testing.T) {
	d := openDesk(t)
	admin, volunteer, trainer := staff(t, d)
	a, b := auditTen(t, d, volunteer.ID)
	ctx := as(admin.ID)

	all, err := d.AuditEntries(ctx, store.AuditFilter{Actor: volunteer.ID})
	require.NoError(t, err)
	require.Len(t, all, 10)
	assert.Equal(t, store.AuditChange, all[0].Action, "newest first")
	assert.Equal(t, "citizen.phone #4", all[0].Detail)
	assert.Equal(t, b, all[0].DraftID)
	assert.NotEmpty(t, all[0].DraftUID)
	assert.Greater(t, all[0].Seq, all[1].Seq)

	views, err := d.AuditEntries(ctx, store.AuditFilter{DraftID: a})
	require.NoError(t, err)
	require.Len(t, views, 5)
	for _, e := range views {
		assert.Equal(t, store.AuditView, e.Action)
		assert.Equal(t, volunteer.ID, e.Actor)
	}

	page, err := d.AuditEntries(ctx, store.AuditFilter{Actor: volunteer.ID, Limit: 3,
		Before: all[2].Seq})
	require.NoError(t, err)
	require.Len(t, page, 3)
	assert.Equal(t, all[3].Seq, page[0].Seq, "the next page starts where the first ended")

	none, err := d.AuditEntries(ctx, store.AuditFilter{Since: at.Add(24 * time.Hour)})
	require.NoError(t, err)
	assert.Empty(t, none)

	_, err = d.AuditEntries(as(volunteer.ID), store.AuditFilter{})
	assert.ErrorIs(t, err, store.ErrForbidden, "a volunteer may not read the log")
	_, err = d.AuditEntries(context.Background(), store.AuditFilter{})
	assert.ErrorIs(t, err, store.ErrForbidden, "nor may no one")
	_, err = d.AuditEntries(as(trainer.ID), store.AuditFilter{})
	assert.NoError(t, err, "a trainer may")
}

func TestAuditRefusesPersonalData(t *testing.T) {
	d := openDesk(t)
	ctx := context.Background()
	for _, detail := range []string{
		"id 001203004567",        // an identity number
		"phone 0912345678",       // a phone
		"cmnd 123456789",         // an old 9-digit identity number
		"line one\nline 2",       // not one plain line
		strings.Repeat("a", 201), // too long
	} {
		err := d.Audit(ctx, 1, store.AuditChange, 0, detail)
		assert.ErrorIs(t, err, store.ErrInvalid, "%q", detail)
	}
	for _, action := range []store.AuditAction{"", "View", "drop table", "x;y"} {
		assert.ErrorIs(t, d.Audit(ctx, 1, action, 0, ""), store.ErrInvalid, "%q", action)
	}
	assert.ErrorIs(t, d.Audit(ctx, -1, store.AuditView, 0, ""), store.ErrInvalid)
	assert.NoError(t, d.Audit(ctx, 0, store.AuditPurge, 0, "sessions=12 older than 30 days"))
}

func TestAuditIsAppendOnly(t *testing.T) {
	d := openDesk(t)
	_, volunteer, _ := staff(t, d)
	auditTen(t, d, volunteer.ID)
	db := d.raw(t)

	_, err := db.Exec("UPDATE audit_log SET actor = 99 WHERE seq = 3")
	assert.ErrorContains(t, err, "append-only")
	_, err = db.Exec("DELETE FROM audit_log WHERE seq = 3")
	assert.ErrorContains(t, err, "append-only")
	_, err = db.Exec("DELETE FROM audit_log")
	assert.ErrorContains(t, err, "append-only")
}

// tamper closes the desk, runs stmts on its file with the triggers
// dropped, as someone with a database tool could, and opens it again.
func tamper(t *testing.T, d *desk, stmts ...string) {
	t.Helper()
	db := d.raw(t)
	stmts = append([]string{"DROP TRIGGER audit_log_no_update",
		"DROP TRIGGER audit_log_no_delete"}, stmts...)
	for _, s := range stmts {
		_, err := db.Exec(s)
		require.NoError(t, err, s)
	}
	require.NoError(t, db.Close())
	d.Store = nil
	d.reopen(t)
}

func TestVerifyAuditFindsTampering(t *testing.T) {
	tests := []struct {
		name  string
		stmts []string
		want  int64
	}{
		{"nothing done", nil, 0},
		{"an entry's actor changed", []string{"UPDATE audit_log SET actor = 1 WHERE seq = 7"},
			7},
		{"an entry's detail changed", []string{
			"UPDATE audit_log SET detail = 'citizen.notes' WHERE seq = 8"}, 8},
		{"an entry and its hash changed", []string{
			"UPDATE audit_log SET action = 'view', hash = '" + fakeHash + "' WHERE seq = 6"}, 6},
		{"a middle entry deleted", []string{"DELETE FROM audit_log WHERE seq = 9"}, 9},
		{"the last two entries cut off", []string{"DELETE FROM audit_log WHERE seq > 11"},
			12},
		{"the whole log emptied", []string{"DELETE FROM audit_log"}, 1},
		{"the anchor removed", []string{"DELETE FROM settings WHERE key = 'audit.head'"}, 1},
		{"the last entry copied onto the end", []string{"INSERT INTO audit_log" +
			" SELECT seq + 1, at, actor, action, draft_id, draft_uid, detail, hash, hash" +
			" FROM audit_log" +
			" ORDER BY seq DESC LIMIT 1"}, 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := openDesk(t)
			_, volunteer, _ := staff(t, d)
			auditTen(t, d, volunteer.ID) // entries 4 to 13, after the three additions
			tamper(t, d, tt.stmts...)

			bad, err := d.VerifyAudit(context.Background())
			assert.Equal(t, tt.want, bad)
			if tt.want == 0 {
				assert.NoError(t, err)
				return
			}
			var te *store.AuditTamperError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.want, te.Seq)
			assert.ErrorIs(t, err, store.ErrAuditTampered)
		})
	}
}

// fakeHash is a well-formed hash that no entry has.
const fakeHash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

func TestAuditSurvivesDraftRowsGoing(t *testing.T) {
	// Entries are not tied to the draft row: deleting the row, as a
	// citizen's deletion request does, keeps every entry about it.
	d := openDesk(t)
	admin, volunteer, _ := staff(t, d)
	a, _ := auditTen(t, d, volunteer.ID)
	db := d.raw(t)
	_, err := db.Exec("PRAGMA foreign_keys = ON; DELETE FROM drafts WHERE id = ?", a)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	d.Store = nil
	d.reopen(t)

	entries, err := d.AuditEntries(as(admin.ID), store.AuditFilter{DraftID: a})
	require.NoError(t, err)
	assert.Len(t, entries, 5)
	bad, err := d.VerifyAudit(context.Background())
	assert.NoError(t, err)
	assert.Zero(t, bad)
}

// BenchmarkAudit measures one entry appended in its own transaction.
func BenchmarkAudit(b *testing.B) {
	d := openDesk(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := d.Audit(ctx, 1, store.AuditView, 0, "citizen.phone"); err != nil {
			b.Fatal(err)
		}
	}
}
