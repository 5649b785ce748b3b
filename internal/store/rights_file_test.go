package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"tiepsuc/internal/store"
)

// marker is a dossier code: not personal, so kept in clear whatever the
// store encrypts. Finding it in the file before a deletion and not after
// shows that the test reads what the deletion should have wiped.
const marker = "000.00.00.H49-251204-0042"

// secrets are the citizen's details that must not be found in the file
// once deleted, in the forms a file could hold them.
var secrets = []string{"Phạm Thị Tuyết Nhung", norm.NFD.String("Phạm Thị Tuyết Nhung"),
	"075160001234", "0912345678", "12 Lê Lợi, Tam Hiệp", "Phạm Văn Tâm",
	"con gái đi cùng"}

// rawFile returns the bytes of the database file and of its WAL.
func rawFile(t *testing.T, s *store.Store) []byte {
	t.Helper()
	var all []byte
	for _, p := range []string{s.Path(), s.Path() + "-wal"} {
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		require.NoError(t, err)
		all = append(all, b...)
	}
	return all
}

// typed fills a draft as a volunteer types: the name letter by letter, so
// that many old versions of the row pass through the file, then the rest.
func typed(t *testing.T, s *store.Store, draftID int64) {
	t.Helper()
	name := []rune("Phạm Thị Tuyết Nhung")
	for i := 1; i <= len(name); i++ {
		set(t, s, draftID, store.FieldFullName, string(name[:i]))
	}
	citizen(t, s, draftID)
	set(t, s, draftID, store.FieldDossierCode, marker)
}

// crowd adds other citizens' sessions around the one under test, so their
// rows share pages with it.
func crowd(t *testing.T, s *store.Store, n int) []store.Session {
	t.Helper()
	out := make([]store.Session, n)
	for i := range out {
		out[i] = start(t, s, true)
		set(t, s, out[i].DraftID, store.FieldFullName, fmt.Sprintf("Người Khác %03d", i))
		set(t, s, out[i].DraftID, store.FieldNeedKind, "guide")
	}
	return out
}

// assertWiped fails when the file still holds any of the secrets.
func assertWiped(t *testing.T, raw []byte) {
	t.Helper()
	for _, sec := range secrets {
		assert.False(t, bytes.Contains(raw, []byte(sec)), "%q is still in the file", sec)
	}
}

func TestDeletedSessionNotInFile(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	crowd(t, s, 20)
	sess := start(t, s, true)
	typed(t, s, sess.DraftID)
	crowd(t, s, 20)
	require.True(t, bytes.Contains(rawFile(t, s), []byte(marker)), "the test sees the draft")

	require.NoError(t, s.DeleteSession(ctx, sess.ID, store.DeleteRequested))

	raw := rawFile(t, s)
	assert.False(t, bytes.Contains(raw, []byte(marker)), "nothing of the draft is left")
	assertWiped(t, raw)
}

func TestWithdrawnDetailsNotInFile(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	crowd(t, s, 10)
	sess := start(t, s, true)
	typed(t, s, sess.DraftID)

	require.NoError(t, s.WithdrawConsent(ctx, sess.ID, store.PurposeKeepDetails, time.Time{}))

	raw := rawFile(t, s)
	assert.True(t, bytes.Contains(raw, []byte(marker)), "the anonymous visit stays")
	assertWiped(t, raw)
}

func TestPurgedSessionNotInFile(t *testing.T) {
	ctx := context.Background()
	s, clock := openTemp(t)
	sess := start(t, s, false)
	typed(t, s, sess.DraftID)
	require.NoError(t, s.CloseSession(ctx, sess.ID, store.OutcomeDone))
	crowd(t, s, 10)

	rep, err := s.Purge(ctx, 24*time.Hour, clock.Now().Add(48*time.Hour))
	require.NoError(t, err)
	require.Equal(t, 1, rep.Count)
	raw := rawFile(t, s)
	assert.False(t, bytes.Contains(raw, []byte(marker)))
	assertWiped(t, raw)
}
