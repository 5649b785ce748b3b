package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openAudit opens a fresh store and appends n entries in one transaction.
func openAudit(t testing.TB, n int) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "desk.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	appendN(t, s, n)
	return s
}

// appendN appends n entries in one transaction.
func appendN(t testing.TB, s *Store, n int) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	require.NoError(t, err)
	defer rollback(tx)
	for i := range n {
		require.NoError(t, appendAudit(ctx, tx, s.stamp(), int64(1+i%3), AuditChange, 0,
			fmt.Sprintf("citizen.field%d", i%7)))
	}
	require.NoError(t, tx.Commit())
}

// unguard drops the triggers that keep the log append-only, as someone
// with a database tool could.
func unguard(t testing.TB, s *Store) {
	t.Helper()
	_, err := s.db.Exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete")
	require.NoError(t, err)
}

func TestVerifyAuditAnchorShowsEntryAddedByHand(t *testing.T) {
	// An entry forged with the right hashes but written without moving the
	// anchor is found by the anchor.
	s := openAudit(t, 5)
	head, _, err := s.Setting(context.Background(), auditHeadKey)
	require.NoError(t, err)
	appendN(t, s, 1)
	require.NoError(t, s.SetSetting(context.Background(), auditHeadKey, head))

	bad, err := s.VerifyAudit(context.Background())
	assert.Equal(t, int64(6), bad)
	assert.ErrorContains(t, err, "added after the anchor")
}

func TestVerifyAuditRewrittenChainShowsOnlyAgainstAKeptHead(t *testing.T) {
	// Someone with this source can rewrite an entry and every hash after
	// it, anchor included; the chain then checks, and only a head kept
	// elsewhere before shows the rewrite. docs/security.md says so.
	s := openAudit(t, 6)
	ctx := context.Background()
	keptSeq, keptHead, err := s.AuditHead(ctx)
	require.NoError(t, err)

	unguard(t, s)
	_, err = s.db.Exec("UPDATE audit_log SET actor = 2 WHERE seq = 3")
	require.NoError(t, err)
	rows, err := s.db.Query("SELECT seq, at, actor, action, draft_id, draft_uid, detail" +
		" FROM audit_log WHERE seq >= 3 ORDER BY seq")
	require.NoError(t, err)
	var forged []AuditEntry
	var stamps []string
	for rows.Next() {
		var e AuditEntry
		var at string
		require.NoError(t, rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.DraftID,
			&e.DraftUID, &e.Detail))
		forged, stamps = append(forged, e), append(stamps, at)
	}
	require.NoError(t, rows.Close())
	var prev string
	require.NoError(t, s.db.QueryRow("SELECT hash FROM audit_log WHERE seq = 2").Scan(&prev))
	for i, e := range forged {
		h := chainHash(prev, e, stamps[i])
		_, err := s.db.Exec("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
			prev, h, e.Seq)
		require.NoError(t, err)
		prev = h
	}
	require.NoError(t, s.SetSetting(ctx, auditHeadKey, formatHead(keptSeq, prev)))

	bad, err := s.VerifyAudit(ctx)
	require.NoError(t, err)
	assert.Zero(t, bad, "a full rewrite passes the chain check")
	seq, head, err := s.AuditHead(ctx)
	require.NoError(t, err)
	assert.Equal(t, keptSeq, seq)
	assert.NotEqual(t, keptHead, head, "but not the head kept before")
}

func TestCheckAudit(t *testing.T) {
	ok := []string{"", "citizen.phone", "sessions=12 older than 30 days", "volunteer=12345678",
		"auth.idle_lock_minutes=10", "minutes=60", "Đã in phiếu"}
	for _, d := range ok {
		assert.NoError(t, checkAudit(AuditChange, d), d)
	}
	bad := []string{"001203004567", "0912 345678x0912345678", "tab\there", "\x00",
		strings.Repeat("a", maxDetail+1), "\xff"}
	for _, d := range bad {
		assert.ErrorIs(t, checkAudit(AuditChange, d), ErrInvalid, "%q", d)
	}
}

// FuzzCheckAudit checks that an accepted detail is short plain text without
// a number long enough to be an identity number or a phone.
func FuzzCheckAudit(f *testing.F) {
	for _, s := range []string{"citizen.phone", "001203004567", "0912 345 678", "a\nb", ""} {
		f.Add("change", s)
	}
	f.Fuzz(func(t *testing.T, action, detail string) {
		if checkAudit(AuditAction(action), detail) != nil {
			return
		}
		if len(detail) > maxDetail || strings.ContainsAny(detail, "\n\r\t\x00") {
			t.Fatalf("accepted detail %q", detail)
		}
		if strings.Trim(action, "abcdefghijklmnopqrstuvwxyz_") != "" || action == "" {
			t.Fatalf("accepted action %q", action)
		}
		run := 0
		for _, r := range detail {
			if r >= '0' && r <= '9' {
				run++
			} else {
				run = 0
			}
			if run > maxDigitRun {
				t.Fatalf("accepted %q with a run of %d digits", detail, run)
			}
		}
	})
}

// FuzzParseHead checks that the anchor is read only as it is written.
func FuzzParseHead(f *testing.F) {
	f.Add(formatHead(12, genesisHash))
	f.Add("0:")
	f.Add("-1:abc")
	f.Fuzz(func(t *testing.T, v string) {
		seq, hash, ok := parseHead(v)
		if ok && (seq < 0 || formatHead(seq, hash) != v) {
			t.Fatalf("parseHead(%q) = %d, %q", v, seq, hash)
		}
	})
}

// BenchmarkVerifyAudit measures checking a log of 10,000 entries, about a
// year of a busy desk's views and changes.
func BenchmarkVerifyAudit(b *testing.B) {
	s := openAudit(b, 10_000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if bad, err := s.VerifyAudit(ctx); err != nil || bad != 0 {
			b.Fatal(bad, err)
		}
	}
}
