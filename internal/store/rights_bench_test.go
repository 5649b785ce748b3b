package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"
)

// fillerPerDraft is what a draft's history and outbox snapshots weigh in
// the file, about: fifteen edits, each a history row and a sealed snapshot.
const fillerPerDraft = 20 << 10

// BenchmarkDeleteSession measures a deletion on request, the scrub of the
// whole file included (search index merge, VACUUM, WAL emptied), on desks
// of 1,000 drafts (a month at a busy desk, what the purge keeps) and 5,000
// (half a year never purged), each draft weighing fillerPerDraft.
func BenchmarkDeleteSession(b *testing.B) {
	for _, n := range []int{1_000, 5_000} {
		b.Run(fmt.Sprintf("drafts=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s := benchRightsDesk(b, n)
			id := int64(0)
			b.ReportAllocs()
			for b.Loop() {
				id++
				if id > int64(n) {
					b.Fatal("ran out of sessions")
				}
				if err := s.DeleteSession(ctx, id, DeleteRequested); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPurge measures a daily purge that deletes 30 of 1,000 drafts,
// the scrub included.
func BenchmarkPurge(b *testing.B) {
	ctx := context.Background()
	s := benchRightsDesk(b, 1_000)
	var started []string
	rows, err := s.db.QueryContext(ctx, "SELECT started_at FROM sessions"+
		" WHERE state = 'closed' ORDER BY started_at")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var at string
		if err := rows.Scan(&at); err != nil {
			b.Fatal(err)
		}
		started = append(started, at)
	}
	rows.Close()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i += 30
		if i >= len(started) {
			b.Fatal("ran out of sessions")
		}
		now, err := parseTime(sql.NullString{String: started[i], Valid: true})
		if err != nil {
			b.Fatal(err)
		}
		// Sessions end up to three hours after they start: a day's margin.
		rep, err := s.Purge(ctx, 24*time.Hour, now.Add(24*time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		if rep.Count == 0 {
			b.Fatal("nothing purged")
		}
	}
}

// benchRightsDesk makes a store of n made-up drafts with their search
// terms and fillerPerDraft bytes each of other rows.
func benchRightsDesk(b *testing.B, n int) *Store {
	b.Helper()
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(ctx, filepath.Join(b.TempDir(), "desk.db"), WithLogger(quiet))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := insertBenchDrafts(ctx, s, benchPeople()[:n]); err != nil {
		b.Fatal(err)
	}
	ix, err := s.searchIndex()
	if err != nil {
		b.Fatal(err)
	}
	if err := rebuildTerms(ctx, s.db, ix, s.keys, quiet); err != nil {
		b.Fatal(err)
	}
	// Random bytes, as sealed values are: they do not compress.
	filler := make([]byte, fillerPerDraft)
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE bench_filler (id INTEGER PRIMARY KEY,"+
		" blob BLOB NOT NULL)"); err != nil {
		b.Fatal(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for range n {
		rand.Read(filler)
		if _, err := tx.ExecContext(ctx, "INSERT INTO bench_filler(blob) VALUES(?)",
			filler); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return s
}
