package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/mail"
)

// deskWithCodes opens a store with one draft per dossier code.
func deskWithCodes(t *testing.T, codes ...string) (*store.Store, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tiepsuc.db"),
		store.WithLogger(quiet()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	v, err := st.EnsureVolunteer(ctx, "Mai")
	require.NoError(t, err)
	ids := map[string]int64{}
	for _, c := range codes {
		sess, err := st.StartSession(ctx, store.NewSession{VolunteerID: v.ID,
			Consents: []store.Consent{{Purpose: store.PurposeKeepDetails, Granted: true,
				TextVersion: "v1"}}})
		require.NoError(t, err)
		_, err = st.SetField(ctx, sess.DraftID, store.FieldDossierCode, c)
		require.NoError(t, err)
		ids[c] = sess.DraftID
	}
	return st, ids
}

func TestMailRecorder(t *testing.T) {
	const known = "000.00.00.H19-250725-0012"
	st, ids := deskWithCodes(t, known)
	rec := engine.MailRecorder{Store: st}
	ctx := context.Background()
	at := time.Date(2025, 7, 25, 3, 0, 0, 0, time.UTC)
	both := mail.Finding{Code: "000.00.00.h19-250725-0012", Status: mail.StatusAccepted,
		Payment: mail.PaymentPaid}
	tests := []struct {
		name       string
		f          mail.Finding
		ref        mail.MailRef
		wantNew    bool
		wantNoDraf bool
	}{
		{"status and payment", both, mail.MailRef{UIDValidity: 7, UID: 3, MessageID: "m1",
			Date: at}, true, false},
		{"same mail again", both, mail.MailRef{UIDValidity: 7, UID: 3, MessageID: "m1"},
			false, false},
		{"same mail after renumbering", both, mail.MailRef{UIDValidity: 9, UID: 1,
			MessageID: "m1"}, false, false},
		{"code no draft has", mail.Finding{Code: "000.00.00.H19-250901-0001",
			Status: mail.StatusRejected}, mail.MailRef{UIDValidity: 7, UID: 4}, true, true},
		{"that code again", mail.Finding{Code: "000.00.00.H19-250901-0001",
			Status: mail.StatusRejected}, mail.MailRef{UIDValidity: 7, UID: 4}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rec.Record(ctx, tt.f, tt.ref)
			assert.Equal(t, tt.wantNew, got)
			if tt.wantNoDraf {
				assert.ErrorIs(t, err, mail.ErrNoDraft)
			} else {
				assert.NoError(t, err)
			}
		})
	}
	ss, err := st.Statuses(ctx, ids[known])
	require.NoError(t, err)
	require.Len(t, ss, 2)
	assert.Equal(t, "received", ss[0].Status)
	assert.Equal(t, "paid", ss[1].Status)
	assert.Equal(t, at, ss[0].At, "the mail's date is the status's date")
	un, err := st.Unmatched(ctx)
	require.NoError(t, err)
	require.Len(t, un, 1, "kept for the draft that gets the code later")
	assert.Equal(t, "rejected", un[0].Status)
}

func TestMailRecorderWithRealMails(t *testing.T) {
	codes := []string{"000.00.00.H19-250725-0012", "000.00.00.H19-250821-0001",
		"000.00.00.H19-250821-0002", "000.00.05.H19-250810-0222"}
	st, ids := deskWithCodes(t, codes...)
	var mails []mail.Fetched
	for i, name := range []string{"accepted-split-subject-qp.eml", "digest.eml",
		"forwarded-rfc822.eml", "no-code.eml", "rejected-q-split.eml"} {
		raw, err := os.ReadFile(filepath.Join("..", "mail", "testdata", name))
		require.NoError(t, err)
		mails = append(mails, mail.Fetched{Ref: mail.MailRef{UIDValidity: 7,
			UID: uint32(i + 1)}, Raw: raw})
	}
	ctx := context.Background()
	res, err := mail.Process(ctx, engine.MailRecorder{Store: st}, mails)
	require.NoError(t, err)
	assert.Positive(t, res.Recorded)

	again, err := mail.Process(ctx, engine.MailRecorder{Store: st}, mails)
	require.NoError(t, err)
	assert.Zero(t, again.Recorded, "the same mails read again record nothing")
	assert.Equal(t, res.Recorded, again.Repeated)

	ss, err := st.Statuses(ctx, ids["000.00.05.H19-250810-0222"])
	require.NoError(t, err)
	require.Len(t, ss, 1, "the forwarded system mail's status, not the citizen's words")
	assert.Equal(t, "supplement_requested", ss[0].Status)
}

func TestMailLoopShowsUnreachableServer(t *testing.T) {
	st, _ := deskWithCodes(t)
	cfg := engine.Config{Idle: time.Hour, Log: quiet(), Mail: &engine.MailConfig{
		Every: 50 * time.Millisecond,
		Watcher: &mail.Watcher{Addr: "127.0.0.1:1", Username: "desk", Password: "x",
			Security: mail.Plain, Timeout: time.Second}}}
	e := engine.New(st, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.Run(ctx) }()
	defer func() { cancel(); <-done }()

	ch, stop := e.Subscribe()
	defer stop()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-ch:
			if s.MailErrorKey == "" {
				continue
			}
			assert.True(t, s.MailConfigured)
			assert.Equal(t, engine.KeyMailOffline, s.MailErrorKey)
			assert.Contains(t, s.MailErrorCause, "connect")
			v, u, err := st.MailState(context.Background(), "desk@127.0.0.1:1/INBOX")
			require.NoError(t, err)
			assert.Zero(t, v+u, "nothing read, nothing moved")
			return
		case <-timeout:
			t.Fatal("the mail failure was never shown")
		}
	}
}
