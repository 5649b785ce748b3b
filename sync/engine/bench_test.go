package engine_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hubapi"
)

// benchDrafts is how many queued drafts BenchmarkPushQueued sends.
const benchDrafts = 10_000

// queuedDesk writes, once per benchmark, a desk database holding
// benchDrafts drafts with one queued change each, closed cleanly so that
// copying the file copies everything.
func queuedDesk(b *testing.B) string {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "tiepsuc.db")
	st, err := store.Open(ctx, path, store.WithLogger(quiet()))
	require.NoError(b, err)
	v, err := st.EnsureVolunteer(ctx, "Mai")
	require.NoError(b, err)
	for i := range benchDrafts {
		sess, err := st.StartSession(ctx, store.NewSession{VolunteerID: v.ID,
			Consents: []store.Consent{
				{Purpose: store.PurposeKeepDetails, Granted: true, TextVersion: "v1"},
				{Purpose: store.PurposeSendToHub, Granted: true, TextVersion: "v1"}}})
		require.NoError(b, err)
		_, err = st.SetField(ctx, sess.DraftID, store.FieldFullName,
			"Nguyễn Văn Đức "+strconv.Itoa(i))
		require.NoError(b, err)
	}
	require.NoError(b, st.Close())
	return path
}

// copyFile copies src to dst.
func copyFile(b *testing.B, src, dst string) {
	b.Helper()
	in, err := os.Open(src)
	require.NoError(b, err)
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	require.NoError(b, err)
	_, err = io.Copy(out, in)
	require.NoError(b, err)
	require.NoError(b, out.Close())
}

// BenchmarkPushQueued measures the desk end to end: 10,000 queued drafts
// read from the desk's SQLite file, pushed over HTTPS to a local hub on
// SQLite, and marked sent, in batches and one request per draft.
func BenchmarkPushQueued(b *testing.B) {
	tpl := queuedDesk(b)
	for _, batch := range []int{200, hubapi.MaxBatch, 1} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			var (
				spent time.Duration
				runs  int
			)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				e, st, stop := benchDesk(b, tpl, batch)
				ch, unsubscribe := e.Subscribe()
				start := time.Now()
				b.StartTimer()

				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan struct{})
				go func() { defer close(done); e.Run(ctx) }()
				for s := range ch {
					if s.ErrorKey != "" {
						b.Fatalf("push failed: %s: %s", s.ErrorKey, s.ErrorCause)
					}
					if s.Configured && !s.LastSuccess.IsZero() && s.Queued == 0 {
						break
					}
				}

				b.StopTimer()
				spent += time.Since(start)
				runs++
				unsubscribe()
				cancel()
				<-done
				n, err := st.OutboxLen(context.Background())
				require.NoError(b, err)
				require.Zero(b, n)
				stop()
				b.StartTimer()
			}
			b.ReportMetric(float64(benchDrafts*runs)/spent.Seconds(), "drafts/s")
		})
	}
}

// benchDesk copies the queued desk, starts a fresh hub, enrols the copy and
// returns its engine, its store and a function that closes the store.
func benchDesk(b *testing.B, tpl string, batch int) (*engine.Engine, *store.Store, func()) {
	b.Helper()
	h := enginetest.StartHub(b)
	path := filepath.Join(b.TempDir(), "tiepsuc.db")
	copyFile(b, tpl, path)
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.WithLogger(quiet()))
	require.NoError(b, err)
	_, err = engine.Enrol(ctx, st, h.URL, h.Fingerprint, h.NewCode(b, "Tam Hiệp", "Bàn 1"))
	require.NoError(b, err)
	e := engine.New(st, engine.Config{BatchSize: batch, Idle: time.Hour, Log: quiet()})
	return e, st, func() { _ = st.Close() }
}
