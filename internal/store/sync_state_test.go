package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/keystore"
	"tiepsuc/internal/store"
)

// testToken is a token shaped like the hub's, easy to find in a file.
const testToken = "tsk_Q2hhbmdlTWVJZllvdUNhblJlYWRNZQ"

// setHub enrols the store with a test hub as desk self.
func setHub(t testing.TB, s *store.Store, self string) {
	t.Helper()
	require.NoError(t, s.SetHub(context.Background(), store.Hub{URL: "https://127.0.0.1:8443",
		Token: testToken, DeskID: self, DeskName: "Bàn 1", Commune: "Tam Hiệp"}))
}

func TestHubTokenNeverInDatabaseFile(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	dir := filepath.Dir(s.Path())
	_, err := s.Hub(ctx)
	assert.ErrorIs(t, err, store.ErrNoHub)

	setHub(t, s, "desk-a")
	h, err := s.Hub(ctx)
	require.NoError(t, err)
	assert.Equal(t, testToken, h.Token)
	assert.Equal(t, "Tam Hiệp", h.Commune)
	assert.False(t, h.EnrolledAt.IsZero())

	// Before and after a checkpoint: the log and the main file.
	for _, when := range []string{"with the log", "after close"} {
		files, err := filepath.Glob(filepath.Join(dir, "desk.db*"))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			assert.False(t, bytes.Contains(b, []byte(testToken)), "%s: token in %s", when, f)
			assert.False(t, bytes.Contains(b, []byte(testToken[4:20])), "%s: part of token", when)
		}
		if when == "with the log" {
			require.NoError(t, s.Close())
		}
	}

	key, err := os.Stat(filepath.Join(dir, keystore.FileName))
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), key.Mode().Perm())
	}
	_, err = os.Stat(filepath.Join(dir, store.KeyFileName))
	assert.ErrorIs(t, err, os.ErrNotExist, "the older key file is no longer made")

	s2, err := store.Open(ctx, s.Path())
	require.NoError(t, err)
	h, err = s2.Hub(ctx)
	require.NoError(t, err)
	assert.Equal(t, testToken, h.Token, "the token opens again after a restart")
	require.NoError(t, s2.Close())

	rawExec(t, s.Path(), "UPDATE hub SET token_sealed = 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA'")
	s3, err := store.Open(ctx, s.Path())
	require.NoError(t, err)
	defer s3.Close()
	_, err = s3.Hub(ctx)
	assert.ErrorIs(t, err, store.ErrTokenUnreadable, "a changed token means enrolling again")
}

func TestSetHubResetsCursorForAnotherHub(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	_, err := s.ApplyPull(ctx, nil, 120)
	require.NoError(t, err)

	tests := []struct {
		name string
		hub  store.Hub
		want int64
	}{
		{"same hub, new token", store.Hub{URL: "https://127.0.0.1:8443", Token: "t2",
			DeskID: "desk-a"}, 120},
		{"another desk id", store.Hub{URL: "https://127.0.0.1:8443", Token: "t3",
			DeskID: "desk-b"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, s.SetHub(ctx, tt.hub))
			st, err := s.SyncState(ctx)
			require.NoError(t, err)
			assert.Equal(t, tt.want, st.PullCursor)
		})
	}
	assert.ErrorIs(t, s.SetHub(ctx, store.Hub{URL: "https://x"}), store.ErrInvalid)
}

func TestSyncState(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	st, err := s.SyncState(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.SyncState{}, st)

	at := time.Date(2025, 12, 4, 3, 0, 0, 0, time.UTC)
	want := store.SyncState{LastSuccess: at, LastError: "sync.error.offline",
		LastErrorCause: "dial tcp: connection refused", LastErrorAt: at.Add(time.Minute)}
	require.NoError(t, s.SetSyncState(ctx, want))
	_, err = s.ApplyPull(ctx, nil, 7)
	require.NoError(t, err)
	_, err = s.ApplyPull(ctx, nil, 5)
	require.NoError(t, err)
	got, err := s.SyncState(ctx)
	require.NoError(t, err)
	want.PullCursor = 7
	assert.Equal(t, want, got, "the cursor never goes back")
}

func TestMailState(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	v, u, err := s.MailState(ctx, "INBOX")
	require.NoError(t, err)
	assert.Zero(t, v+u)
	require.NoError(t, s.SetMailState(ctx, "INBOX", 4000000000, 12))
	require.NoError(t, s.SetMailState(ctx, "INBOX", 4000000000, 15))
	v, u, err = s.MailState(ctx, "INBOX")
	require.NoError(t, err)
	assert.Equal(t, uint32(4000000000), v, "UIDVALIDITY is 32 bits unsigned")
	assert.Equal(t, uint32(15), u)
}

func TestUnmatchedMails(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	m := store.UnmatchedMail{Mailbox: "INBOX", UIDValidity: 7, UID: 3,
		Subject: "Thông báo", Sender: "motcua@dongnai.gov.vn", Reason: "no-code"}
	added, err := s.RecordUnmatchedMail(ctx, m)
	require.NoError(t, err)
	assert.True(t, added)
	added, err = s.RecordUnmatchedMail(ctx, m)
	require.NoError(t, err)
	assert.False(t, added, "listed once")
	m.Reason, m.Codes = "no-status", []string{"000.00.00.H49-250725-0001"}
	added, err = s.RecordUnmatchedMail(ctx, m)
	require.NoError(t, err)
	assert.True(t, added)

	list, err := s.UnmatchedMails(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, m.Codes, list[0].Codes)
	c, err := s.SyncCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, c.Unmatched)

	require.NoError(t, s.MarkUnmatchedMailSeen(ctx, list[0].ID))
	c, err = s.SyncCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, c.Unmatched)
	assert.ErrorIs(t, s.MarkUnmatchedMailSeen(ctx, 999), store.ErrNotFound)
	_, err = s.RecordUnmatchedMail(ctx, store.UnmatchedMail{Mailbox: "INBOX"})
	assert.ErrorIs(t, err, store.ErrInvalid)
}
