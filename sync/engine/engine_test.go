package engine_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hubapi"
)

const commune = "Tam Hiệp"

func TestEnrolStoresTokenSealed(t *testing.T) {
	h := enginetest.StartHub(t)
	d := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "Bàn 1"),
		enginetest.DeskOptions{})
	hub, err := d.Store.Hub(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "Tam Hiệp", hub.Commune)
	assert.Equal(t, "Bàn 1", hub.DeskName)
	assert.NotEmpty(t, hub.Token)

	files, err := filepath.Glob(d.Store.Path() + "*")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.False(t, bytes.Contains(b, []byte(hub.Token)), "token in clear in %s", f)
	}
}

func TestEnrolRefuses(t *testing.T) {
	h := enginetest.StartHub(t)
	other := enginetest.StartHub(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		url, fp string
		code    string
		wantKey string
	}{
		{"code typed wrong", h.URL, h.Fingerprint, "ABC", engine.KeyEnrolCode},
		{"code unknown to the hub", h.URL, h.Fingerprint, "ABCDE-FGHJK", engine.KeyEnrolCode},
		{"another hub's certificate", h.URL, other.Fingerprint, h.NewCode(t, commune, "x"),
			engine.KeyCertificate},
		{"plain http to another machine", "http://10.0.0.5:8443", "",
			h.NewCode(t, commune, "y"), engine.KeyHubAddress},
		{"nobody at the address", "https://127.0.0.1:1", h.Fingerprint,
			h.NewCode(t, commune, "z"), engine.KeyOffline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tiepsuc.db"),
				store.WithLogger(enginetest.Quiet))
			require.NoError(t, err)
			defer st.Close()
			_, err = engine.Enrol(ctx, st, tt.url, tt.fp, tt.code)
			var ae *engine.Error
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.wantKey, ae.Key)
			_, err = st.Hub(ctx)
			assert.ErrorIs(t, err, store.ErrNoHub, "nothing stored on failure")
		})
	}
}

func TestEnrolFromQRText(t *testing.T) {
	h := enginetest.StartHub(t)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "tiepsuc.db"),
		store.WithLogger(enginetest.Quiet))
	require.NoError(t, err)
	defer st.Close()
	link := hubapi.EnrolLink{Code: h.NewCode(t, commune, "Bàn 3"), Hub: h.URL,
		Fingerprint: h.Fingerprint}
	got, err := engine.Enrol(context.Background(), st, "", "", link.String())
	require.NoError(t, err)
	assert.Equal(t, h.URL, got.URL, "address and fingerprint come from the QR code")
	assert.Equal(t, h.Fingerprint, got.Fingerprint)
}

func TestSyncHandsOffAndBringsStatuses(t *testing.T) {
	h := enginetest.StartHub(t)
	a := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: enginetest.FastConfig()})
	b := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "B"),
		enginetest.DeskOptions{Config: enginetest.FastConfig()})
	a.Run()
	b.Run()

	id := a.NewDraft(t)
	a.Edit(t, id, store.FieldFullName, "Nguyễn Văn Đức")
	a.Edit(t, id, store.FieldNeedProcedure, "1.004194")
	st := a.WaitSynced(t, 10*time.Second)
	assert.Zero(t, st.Queued)
	assert.Empty(t, st.ErrorKey)

	// Desk B finds the draft handed off, as a session to continue.
	b.WaitSynced(t, 10*time.Second)
	draft, err := a.Store.Draft(context.Background(), id)
	require.NoError(t, err)
	got, err := b.Store.DraftByUID(context.Background(), draft.UID)
	require.NoError(t, err)
	assert.Equal(t, draft.Fields, got.Fields)
	assert.Equal(t, int64(2), got.Version)
	sess, err := b.Store.Session(context.Background(), got.SessionID)
	require.NoError(t, err)
	assert.True(t, sess.FromHub)
	assert.Equal(t, store.OutcomeContinue, sess.Outcome)

	// The province sets a status; desk A shows it as new.
	require.NoError(t, h.DB.SetStatus(context.Background(), commune, draft.UID,
		hubapi.StatusChange{Status: hubapi.DossierReceived,
			DossierCode: "000.00.00.H49-250725-0001"}, time.Now()))
	a.Engine.SyncNow()
	st = a.WaitFor(t, 10*time.Second, func(s engine.Status) bool { return s.NewStatuses == 1 })
	statuses, err := a.Store.Statuses(context.Background(), id)
	require.NoError(t, err)
	require.Len(t, statuses, 1)
	assert.Equal(t, "received", statuses[0].Status)
	assert.Equal(t, store.SourceHub, statuses[0].Source)

	enginetest.Audit(t, h.Client(t, commune, "audit"), a, b)
}

func TestInvalidChangeIsSetAsideNotBlocking(t *testing.T) {
	h := enginetest.StartHub(t)
	d := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: enginetest.FastConfig()})
	big := d.NewDraft(t)
	d.Edit(t, big, store.FieldNeedKind, "procedure")
	d.Edit(t, big, store.FieldNotes, strings.Repeat("ghi chú dài ", 30_000))
	d.Edit(t, big, store.FieldNotes, "ngắn lại")
	small := d.NewDraft(t)
	d.Edit(t, small, store.FieldNeedKind, "guide")
	d.Run()

	st := d.WaitSynced(t, 10*time.Second)
	assert.Equal(t, 1, st.Quarantined, "the too-large change is shown, set aside")
	q, err := d.Store.Quarantined(context.Background())
	require.NoError(t, err)
	require.Len(t, q, 1)
	assert.Contains(t, q[0].Reason, "payload is over")
	rep := enginetest.Audit(t, h.Client(t, commune, "audit"), d)
	assert.Equal(t, 3, rep.Sent, "the changes around it went through")
	assert.Equal(t, int64(3), rep.Latest[q[0].DraftUID], "version 2 is skipped, 3 applies")
}

func TestStatusWhenNotEnrolled(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "tiepsuc.db"),
		store.WithLogger(enginetest.Quiet))
	require.NoError(t, err)
	defer st.Close()
	e := engine.New(st, enginetest.FastConfig())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.Run(ctx) }()
	defer func() { cancel(); <-done }()

	ch, stop := e.Subscribe()
	defer stop()
	rounds := 0
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		select {
		case s := <-ch:
			assert.False(t, s.Configured)
			assert.Empty(t, s.ErrorKey, "not enrolled is not an error")
			assert.True(t, s.LastSuccess.IsZero(), "nor a success")
			rounds++
		case <-time.After(50 * time.Millisecond):
			e.SyncNow()
		}
	}
	assert.Positive(t, rounds)
}

func TestRevokedDeskWaitsForAPerson(t *testing.T) {
	h := enginetest.StartHub(t)
	cfg := enginetest.FastConfig()
	cfg.MaxBackoff = time.Minute
	d := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: cfg})
	d.Run()
	id := d.NewDraft(t)
	d.Edit(t, id, store.FieldNeedKind, "guide")
	d.WaitSynced(t, 10*time.Second)

	require.NoError(t, h.DB.RevokeDesk(context.Background(), d.DeskID, time.Now()))
	d.Edit(t, id, store.FieldNeedKind, "procedure")
	st := d.WaitFor(t, 10*time.Second, func(s engine.Status) bool {
		return s.ErrorKey != "" && !s.NextTry.IsZero()
	})
	assert.Equal(t, engine.KeyUnauthorized, st.ErrorKey, "the volunteer is told to enrol again")
	assert.Equal(t, 1, st.Queued, "the edit is kept for later")
	assert.Greater(t, time.Until(st.NextTry), 30*time.Second,
		"no quick retries while the token is refused")

	// Enrolling again with a new code lets the waiting edit through.
	_, err := engine.Enrol(context.Background(), d.Store, h.URL, h.Fingerprint,
		h.NewCode(t, commune, "A again"))
	require.NoError(t, err)
	st = d.WaitSynced(t, 10*time.Second)
	assert.Zero(t, st.Queued)
}
