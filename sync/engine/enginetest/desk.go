package enginetest

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
)

// DeskOptions changes how NewDesk sets a desk up.
type DeskOptions struct {
	// Config tunes the desk's engine; short timeouts suit tests.
	Config engine.Config
	// Clock is the desk's clock; nil is time.Now.
	Clock func() time.Time
	// URL and Fingerprint, when set, are where the desk reaches the hub
	// after enrolling directly: a proxy in front of it.
	URL, Fingerprint string
	// Guides lets the engine install guide packs from the hub into the
	// desk's folder, as the app does.
	Guides bool
}

// FastConfig is an engine configuration for tests: short pauses, short
// timeouts, small batches.
func FastConfig() engine.Config {
	return engine.Config{BatchSize: 50, Idle: 300 * time.Millisecond,
		KickDelay: 20 * time.Millisecond, MinBackoff: 50 * time.Millisecond,
		MaxBackoff: 400 * time.Millisecond, Probe: 50 * time.Millisecond,
		Timeout: 2 * time.Second, Log: Quiet}
}

// Desk is a desk app's store and sync engine.
type Desk struct {
	Store  *store.Store
	Engine *engine.Engine
	DeskID string
	// DataDir is the desk's folder: its store and, with Guides, its packs.
	DataDir   string
	volunteer int64

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// NewDesk opens a desk's store in a fresh folder and enrols it with the
// hub at hubURL using code; its engine is not running yet.
func NewDesk(tb testing.TB, hubURL, fingerprint, code string, opt DeskOptions) *Desk {
	tb.Helper()
	ctx := context.Background()
	opts := []store.Option{store.WithLogger(Quiet)}
	if opt.Clock != nil {
		opts = append(opts, store.WithClock(opt.Clock))
	}
	dir := tb.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "tiepsuc.db"), opts...)
	require.NoError(tb, err)
	h, err := engine.Enrol(ctx, st, hubURL, fingerprint, code)
	require.NoError(tb, err)
	if opt.URL != "" {
		h.URL, h.Fingerprint = opt.URL, opt.Fingerprint
		require.NoError(tb, st.SetHub(ctx, h))
	}
	v, err := st.EnsureVolunteer(ctx, "Trần Thị Mai")
	require.NoError(tb, err)
	if opt.Config.Log == nil {
		opt.Config.Log = Quiet
	}
	if opt.Guides && opt.Config.DataDir == "" {
		opt.Config.DataDir = dir
	}
	d := &Desk{Store: st, Engine: engine.New(st, opt.Config), DeskID: h.DeskID,
		DataDir: dir, volunteer: v.ID}
	tb.Cleanup(func() {
		d.Stop()
		_ = st.Close()
	})
	return d
}

// Run starts the desk's engine; Stop or the end of the test stops it.
func (d *Desk) Run() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	d.mu.Lock()
	d.cancel, d.done = cancel, done
	d.mu.Unlock()
	go func() {
		defer close(done)
		d.Engine.Run(ctx)
	}()
}

// Stop stops the desk's engine and waits for it.
func (d *Desk) Stop() {
	d.mu.Lock()
	cancel, done := d.cancel, d.done
	d.cancel, d.done = nil, nil
	d.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// NewDraft starts a session whose citizen agreed to sync and returns its
// draft id.
func (d *Desk) NewDraft(tb testing.TB) int64 {
	tb.Helper()
	sess, err := d.Store.StartSession(context.Background(), store.NewSession{
		VolunteerID: d.volunteer, Desk: "bàn", Consents: []store.Consent{
			{Purpose: store.PurposeKeepDetails, Granted: true, TextVersion: "v1"},
			{Purpose: store.PurposeSendToHub, Granted: true, TextVersion: "v1"},
		}})
	require.NoError(tb, err)
	return sess.DraftID
}

// Edit sets a field of a draft, kicks the engine, and returns the version.
func (d *Desk) Edit(tb testing.TB, draftID int64, field, value string) int64 {
	tb.Helper()
	v, err := d.Store.SetField(context.Background(), draftID, field, value)
	require.NoError(tb, err)
	d.Engine.Kick()
	return v
}

// WaitFor waits until cond holds for the engine's status, failing the test
// after timeout; it returns the status that satisfied cond.
func (d *Desk) WaitFor(tb testing.TB, timeout time.Duration,
	cond func(engine.Status) bool) engine.Status {
	tb.Helper()
	ch, stop := d.Engine.Subscribe()
	defer stop()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	var last engine.Status
	for {
		select {
		case last = <-ch:
			if cond(last) {
				return last
			}
		case <-deadline.C:
			require.FailNowf(tb, "sync did not settle", "after %v: %+v", timeout, last)
			return last
		}
	}
}

// WaitSynced waits until nothing is left to send but held changes and a
// round went through after the call.
func (d *Desk) WaitSynced(tb testing.TB, timeout time.Duration) engine.Status {
	tb.Helper()
	since := time.Now()
	d.Engine.SyncNow()
	return d.WaitFor(tb, timeout, func(s engine.Status) bool {
		return s.Queued == s.Held && !s.Sending && s.ErrorKey == "" &&
			s.LastSuccess.After(since)
	})
}
