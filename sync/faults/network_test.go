package faults_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
)

const commune = "Tam Hiệp"

// editDrafts makes n drafts on d with edits edits each and returns them.
func editDrafts(t *testing.T, d *enginetest.Desk, n, edits int, tag string) []int64 {
	t.Helper()
	fields := []string{store.FieldFullName, store.FieldNeedProcedure, store.FieldAddress,
		store.FieldPhone, store.FieldNotes}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = d.NewDraft(t)
		for e := range edits {
			d.Edit(t, ids[i], fields[e%len(fields)], fmt.Sprintf("%s %d.%d Nguyễn", tag, i, e))
		}
	}
	return ids
}

// seed returns the seed of a random test, from TIEPSUC_FAULT_SEED to replay.
func seed(t *testing.T) uint64 {
	if v := os.Getenv("TIEPSUC_FAULT_SEED"); v != "" {
		s, err := strconv.ParseUint(v, 10, 64)
		require.NoError(t, err)
		return s
	}
	return rand.Uint64()
}

func TestHubDownThenUp(t *testing.T) {
	h := enginetest.StartHub(t)
	cfg := enginetest.FastConfig()
	// A long backoff: only the probe can explain a quick return.
	cfg.MinBackoff, cfg.MaxBackoff = 20*time.Second, time.Minute
	cfg.Probe = 100 * time.Millisecond
	d := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: cfg})
	d.Run()
	editDrafts(t, d, 5, 3, "before")
	d.WaitSynced(t, 10*time.Second)

	h.Stop()
	ids := editDrafts(t, d, 20, 4, "offline")
	// The offline edits wait, shown as queued beside the failure.
	d.WaitFor(t, 10*time.Second, func(s engine.Status) bool {
		return s.ErrorKey == engine.KeyOffline && !s.NextTry.IsZero() && s.Queued == 80
	})
	time.Sleep(500 * time.Millisecond) // a while down, failing probes

	// The hub comes back; no edit, no button: the engine must find it.
	h.Start()
	back := time.Now()
	st := d.WaitFor(t, 10*time.Second, func(s engine.Status) bool {
		return s.Queued == 0 && s.ErrorKey == "" && s.LastSuccess.After(back)
	})
	assert.Less(t, time.Since(back), 5*time.Second, "sync resumed without waiting for backoff")
	assert.True(t, st.NextTry.IsZero())

	rep := enginetest.Audit(t, h.Client(t, commune, "audit"), d)
	assert.Equal(t, 15+80, rep.Sent)
	assert.Len(t, rep.Latest, 25)
	assert.Len(t, ids, 20)
}

func TestFlakyNetwork(t *testing.T) {
	h := enginetest.StartHub(t)
	p := startProxy(t, h.URL, h.Fingerprint, seed(t))
	cfg := enginetest.FastConfig()
	cfg.BatchSize, cfg.Timeout = 20, time.Second
	var desks []*enginetest.Desk
	for _, name := range []string{"A", "B"} {
		d := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, name),
			enginetest.DeskOptions{Config: cfg, URL: p.URL, Fingerprint: p.Fingerprint})
		d.Run()
		desks = append(desks, d)
	}

	// Edits keep coming while the network misbehaves.
	for round := range 4 {
		for i, d := range desks {
			editDrafts(t, d, 10, 5, fmt.Sprintf("r%d d%d", round, i))
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, d := range desks {
		d.WaitSynced(t, 90*time.Second)
	}

	rep := enginetest.Audit(t, h.Client(t, commune, "audit"), desks...)
	assert.Equal(t, 2*4*10*5, rep.Sent, "every edit reached the hub once")
	assert.Zero(t, rep.Conflicts, "a resent change is never taken for a conflict")
	t.Logf("proxy: %d requests, %d passed (%d delayed), %d reset, %d stalled, %d cut",
		p.Stats.requests.Load(), p.Stats.passed.Load(), p.Stats.delayed.Load(),
		p.Stats.reset.Load(), p.Stats.stalled.Load(), p.Stats.cut.Load())
	assert.Positive(t, p.Stats.cut.Load(), "some answers were lost after the hub committed")
	assert.Positive(t, p.Stats.reset.Load()+p.Stats.stalled.Load())
}

func TestHubKilledMidBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the hub binary")
	}
	h := startHubProc(t)
	// The hub is killed once the desk has sent killAt bytes: some batches
	// in, half-way through the body of a push.
	var (
		killAt atomic.Int64
		once   atomic.Bool
	)
	killAt.Store(math.MaxInt64)
	killed := make(chan struct{})
	relay := startRelay(t, h.addr, func(sent int64) {
		if sent >= killAt.Load() && once.CompareAndSwap(false, true) {
			_ = h.cmd.Process.Signal(syscall.SIGKILL)
			close(killed)
		}
	})
	cfg := enginetest.FastConfig()
	cfg.BatchSize = 200
	d := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.newCode(t, commune, "A"),
		enginetest.DeskOptions{Config: cfg, URL: "https://" + relay.Addr,
			Fingerprint: h.Fingerprint})
	editDrafts(t, d, 600, 5, "queued")
	killAt.Store(300_000)
	d.Run()

	select {
	case <-killed:
	case <-time.After(30 * time.Second):
		require.FailNow(t, "the push never reached the kill point")
	}
	_ = h.cmd.Wait()
	h.cmd = nil
	st := d.WaitFor(t, 10*time.Second, func(s engine.Status) bool { return s.ErrorKey != "" })
	assert.Positive(t, st.Queued, "the rest of the queue waits")
	assert.Less(t, st.Queued, 3000, "batches before the kill went through")
	t.Logf("killed after %d bytes; %d changes waiting", relay.Sent.Load(), st.Queued)

	h.restart(t)
	d.WaitSynced(t, 60*time.Second)
	auditor := enginetest.Auditor(t, h.URL, h.Fingerprint, h.newCode(t, commune, "audit"))
	rep := enginetest.Audit(t, auditor, d)
	assert.Equal(t, 3000, rep.Sent)
	assert.Equal(t, 3000, rep.Versions)
	assert.Len(t, rep.Latest, 600)
}
