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
	"golang.org/x/text/unicode/norm"

	"tiepsuc/internal/keystore"
	"tiepsuc/internal/store"
)

// The citizen whose details no file may show in clear.
const (
	secretID    = "075160001234"
	secretName  = "Trần Thị Hoà"
	secretPhone = "0912345678"
)

// secretNeedles are the details as a search of raw bytes looks for them:
// the name as typed (NFC) and decomposed (NFD), folded for search, the
// identity number and the phone.
var secretNeedles = []string{secretID, norm.NFC.String(secretName),
	norm.NFD.String(secretName), "tran thi hoa", secretPhone}

// citizenPayload is a whole draft holding the secret details, as the hub
// sends it.
func citizenPayload(uid string) []byte {
	return []byte(`{"uid":"` + uid + `","fields":{"citizen.full_name":"` + secretName +
		`","citizen.id_number":"` + secretID + `","citizen.phone":"` + secretPhone +
		`","notes":"gọi ` + secretPhone + `"},"guide_id":"cu-tru","guide_step":1}`)
}

// assertNoSecrets fails when any secret needle is in one of the files.
func assertNoSecrets(t *testing.T, paths ...string) {
	t.Helper()
	var all []byte
	for _, path := range paths {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		require.NotEmpty(t, b, "%s holds something to search", path)
		for _, needle := range secretNeedles {
			assert.False(t, bytes.Contains(b, []byte(needle)), "%q found in %s", needle, path)
		}
		all = append(all, b...)
	}
	// The volunteer's name is kept in clear: finding it shows the search works.
	assert.True(t, bytes.Contains(all, []byte("Trần Thị Mai")),
		"the volunteer's name is found, so a citizen's would be")
}

// fillWithSecrets writes the secret details through every public path that
// keeps personal data: fields and their history, the outbox, both sides of
// a conflict, a draft imported from the hub, a status note and the subject
// of an unmatched mail. It returns the desk's own draft.
func fillWithSecrets(t *testing.T, s *store.Store) int64 {
	t.Helper()
	ctx := context.Background()
	setHub(t, s, "desk-a")
	sess := start(t, s, true)
	set(t, s, sess.DraftID, store.FieldFullName, norm.NFD.String(secretName))
	set(t, s, sess.DraftID, store.FieldIDNumber, secretID)
	set(t, s, sess.DraftID, store.FieldPhone, secretPhone)
	set(t, s, sess.DraftID, store.FieldNotes, "Chị "+secretName+" hẹn thứ Hai")

	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 4)
	last := rows[len(rows)-1]
	require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{{RowID: last.ID,
		State: store.OutboxConflict, HubVersion: 6, HubConflictID: 3}}))
	res, err := s.ApplyPull(ctx, []store.PulledEvent{
		{Seq: 1, Conflict: &store.HubConflict{HubID: 3, DraftUID: last.DraftUID,
			DeskID: "desk-a", NewVersion: last.NewVersion, DeskPayload: last.Payload,
			HubVersion: 6, HubPayload: citizenPayload(last.DraftUID)}},
		{Seq: 2, Draft: &store.HubDraft{UID: handedUID, Version: 2, DeskID: "desk-b",
			Payload: citizenPayload(handedUID)}},
		{Seq: 3, Status: &store.StatusRecord{Source: store.SourceHub, Ref: "3",
			DraftUID: handedUID, Status: "received", Note: "bà " + secretName + " đã nộp"}},
	}, 3)
	require.NoError(t, err)
	require.Equal(t, store.PullResult{Imported: 1, Statuses: 1}, res, "the conflict was known")
	_, err = s.RecordUnmatchedMail(ctx, store.UnmatchedMail{Mailbox: "INBOX", UIDValidity: 1,
		UID: 9, Subject: "Hồ sơ của " + secretName, Sender: secretPhone + "@sms.example",
		Reason: "no-code"})
	require.NoError(t, err)
	return sess.DraftID
}

func TestNoPersonalDataAtRest(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	draftID := fillWithSecrets(t, s)

	// Everything reads back through the store.
	d, err := s.Draft(ctx, draftID)
	require.NoError(t, err)
	assert.Equal(t, secretName, d.Fields[store.FieldFullName])
	assert.Equal(t, secretID, d.Fields[store.FieldIDNumber])
	for _, q := range []string{"tran thi hoa", secretID, "+84 912 345 678"} {
		found, err := s.SearchDrafts(ctx, store.DraftQuery{Text: q})
		require.NoError(t, err)
		assert.Len(t, found, 2, "%q finds the desk's draft and the handed-off one", q)
	}
	h, err := s.History(ctx, draftID)
	require.NoError(t, err)
	assert.Equal(t, secretName, h[0].Value)
	cs, err := s.Conflicts(ctx)
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, secretPhone, cs[0].Hub.Fields[store.FieldPhone])
	assert.Equal(t, secretPhone, cs[0].Pushed.Fields[store.FieldPhone])
	handed, err := s.DraftByUID(ctx, handedUID)
	require.NoError(t, err)
	st, err := s.Statuses(ctx, handed.ID)
	require.NoError(t, err)
	require.Len(t, st, 1)
	assert.Contains(t, st[0].Note, secretName)
	mails, err := s.UnmatchedMails(ctx)
	require.NoError(t, err)
	require.Len(t, mails, 1)
	assert.Contains(t, mails[0].Subject, secretName)

	// The file and its log before a checkpoint, and a backup.
	wal, err := os.Stat(s.Path() + "-wal")
	require.NoError(t, err)
	require.Positive(t, wal.Size(), "the edits are still in the log")
	assertNoSecrets(t, s.Path(), s.Path()+"-wal")
	backup := filepath.Join(t.TempDir(), "backup", "desk-backup.db")
	require.NoError(t, s.Backup(ctx, backup))
	assertNoSecrets(t, backup)

	// And the file after the log is folded in at close.
	require.NoError(t, s.Close())
	assertNoSecrets(t, s.Path())
}

func TestBackupOpensOnlyWithTheDeskKey(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	draftID := fillWithSecrets(t, s)
	backup := filepath.Join(t.TempDir(), "desk-backup.db")
	require.NoError(t, s.Backup(ctx, backup))
	assert.ErrorIs(t, s.Backup(ctx, backup), os.ErrExist, "a backup is never overwritten")
	st, err := os.Stat(backup)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "readable by its owner only")
	}
	left, err := filepath.Glob(filepath.Join(filepath.Dir(backup), ".backup-*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file left behind")

	// A copy of the backup elsewhere opens only with the desk's key folder.
	restored := filepath.Join(t.TempDir(), "desk.db")
	b, err := os.ReadFile(backup)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(restored, b, 0o600))
	_, err = store.Open(ctx, restored)
	assert.ErrorIs(t, err, store.ErrKeyMissing, "the backup alone opens nothing")

	r, err := store.Open(ctx, restored, store.WithKeyDir(filepath.Dir(s.Path())))
	require.NoError(t, err)
	defer r.Close()
	d, err := r.Draft(ctx, draftID)
	require.NoError(t, err)
	assert.Equal(t, secretID, d.Fields[store.FieldIDNumber])
}

func TestOpenRefusesWithoutItsKey(t *testing.T) {
	otherKey := func(t *testing.T) []byte {
		dir := t.TempDir()
		_, err := keystore.Load(dir)
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(dir, keystore.FileName))
		require.NoError(t, err)
		return b
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, keyFile string)
		want  error
	}{
		{"key file lost", func(t *testing.T, keyFile string) {
			require.NoError(t, os.Remove(keyFile))
		}, store.ErrKeyMissing},
		{"another desk's key", func(t *testing.T, keyFile string) {
			require.NoError(t, os.WriteFile(keyFile, otherKey(t), 0o600))
		}, store.ErrKeyChanged},
		{"key file damaged", func(t *testing.T, keyFile string) {
			require.NoError(t, os.WriteFile(keyFile, []byte("TSDK\x01"), 0o600))
		}, store.ErrKeyUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path, draftID := makeDesk(t, t.TempDir())
			dir := filepath.Dir(path)
			keyFile := filepath.Join(dir, keystore.FileName)
			saved, err := os.ReadFile(keyFile)
			require.NoError(t, err)
			tt.setup(t, keyFile)
			before := dirSums(t, dir)

			s, err := store.Open(ctx, path)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, err, store.ErrKey)
			var ke *store.KeyError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, path, ke.Path)
			assert.Equal(t, keyFile, ke.KeyPath)
			assert.Equal(t, before, dirSums(t, dir),
				"nothing written: no new key, no text in clear")

			// With the desk's own key back, everything is there.
			require.NoError(t, os.WriteFile(keyFile, saved, 0o600))
			s, err = store.Open(ctx, path)
			require.NoError(t, err)
			defer s.Close()
			d, err := s.Draft(ctx, draftID)
			require.NoError(t, err)
			assert.Equal(t, "Nguyễn Văn Đức", d.Fields[store.FieldFullName])
		})
	}
}

func TestKeyKeptInAnotherFolder(t *testing.T) {
	ctx := context.Background()
	data, keys := t.TempDir(), t.TempDir()
	path := filepath.Join(data, "desk.db")
	s, err := store.Open(ctx, path, store.WithKeyDir(keys),
		store.WithClock(newClock(time.Date(2025, 12, 4, 8, 0, 0, 0, ict)).Now))
	require.NoError(t, err)
	sess := start(t, s, false)
	set(t, s, sess.DraftID, store.FieldIDNumber, secretID)
	require.NoError(t, s.Close())

	_, err = os.Stat(filepath.Join(data, keystore.FileName))
	assert.ErrorIs(t, err, os.ErrNotExist, "the data folder holds no key")
	_, err = os.Stat(filepath.Join(keys, keystore.FileName))
	require.NoError(t, err)
	_, err = store.Open(ctx, path)
	assert.ErrorIs(t, err, store.ErrKeyMissing, "the data folder alone opens nothing")
}

func TestDeskSecrets(t *testing.T) {
	s, _ := openTemp(t)
	sealed, err := s.SealSecret("mật khẩu thư", "mail password")
	require.NoError(t, err)
	assert.NotContains(t, sealed, "mật khẩu")
	got, err := s.OpenSecret(sealed, "mail password")
	require.NoError(t, err)
	assert.Equal(t, "mật khẩu thư", got)
	_, err = s.OpenSecret(sealed, "hub token")
	assert.Error(t, err, "bound to its purpose")
}
