package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// ict is the desk's time zone (UTC+7) without depending on tzdata.
var ict = time.FixedZone("ICT", 7*3600)

// fakeClock hands out times that move forward by step on every reading.
type fakeClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func newClock(start time.Time) *fakeClock {
	return &fakeClock{t: start, step: time.Second}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// openTemp opens a store in a fresh folder with a fake clock.
func openTemp(t testing.TB) (*store.Store, *fakeClock) {
	t.Helper()
	clock := newClock(time.Date(2025, 12, 4, 8, 0, 0, 0, ict))
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "desk.db"),
		store.WithClock(clock.Now))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s, clock
}

// volunteer adds the volunteer every test session is started by.
func volunteer(t testing.TB, s *store.Store) int64 {
	t.Helper()
	v, err := s.EnsureVolunteer(context.Background(), "Trần Thị Mai")
	require.NoError(t, err)
	return v.ID
}

// consents grants keeping details and, when hub is true, sending to the hub.
func consents(hub bool) []store.Consent {
	return []store.Consent{
		{Purpose: store.PurposeKeepDetails, Granted: true, TextVersion: "v1"},
		{Purpose: store.PurposeSendToHub, Granted: hub, TextVersion: "v1"},
	}
}

// start opens a named session, with hub sync when hub is true.
func start(t testing.TB, s *store.Store, hub bool) store.Session {
	t.Helper()
	sess, err := s.StartSession(context.Background(), store.NewSession{
		VolunteerID: volunteer(t, s), Desk: "desk-1", Consents: consents(hub),
	})
	require.NoError(t, err)
	return sess
}

// startAnon opens an anonymous session.
func startAnon(t testing.TB, s *store.Store) store.Session {
	t.Helper()
	sess, err := s.StartSession(context.Background(), store.NewSession{
		VolunteerID: volunteer(t, s), Desk: "desk-1", Anonymous: true,
	})
	require.NoError(t, err)
	return sess
}

// set stores a field and fails the test on error.
func set(t testing.TB, s *store.Store, draftID int64, field, value string) int64 {
	t.Helper()
	v, err := s.SetField(context.Background(), draftID, field, value)
	require.NoError(t, err)
	return v
}

// dirSums maps every file in dir to the SHA-256 of its bytes.
func dirSums(t testing.TB, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	sums := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			sums[e.Name()+"/"] = "dir"
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		h := sha256.Sum256(b)
		sums[e.Name()] = hex.EncodeToString(h[:])
	}
	return sums
}
