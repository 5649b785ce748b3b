package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/keystore"
	"tiepsuc/internal/store"
	"tiepsuc/internal/textfold"
)

func FuzzSearchDrafts(f *testing.F) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(f.TempDir(), "desk.db"))
	require.NoError(f, err)
	f.Cleanup(func() { _ = s.Close() })
	v, err := s.EnsureVolunteer(ctx, "Mai")
	require.NoError(f, err)
	for _, name := range []string{"Nguyễn Văn A", "Lan_Anh", "50% Hà", "Ông Đức", ""} {
		sess, err := s.StartSession(ctx, store.NewSession{VolunteerID: v.ID,
			Consents: consents(false), Anonymous: name == ""})
		require.NoError(f, err)
		if name != "" {
			_, err = s.SetField(ctx, sess.DraftID, store.FieldFullName, name)
			require.NoError(f, err)
			_, err = s.SetField(ctx, sess.DraftID, store.FieldIDNumber, "075123456789")
			require.NoError(f, err)
		}
	}
	for _, seed := range []string{"", "nguyen van a", "ĐỨC", "075 123 456 789", "%", "_",
		"\\", "'", "\x00", "a\xffb", "\u0301", "[a-z]*", "lan_", "50%", "075-123-456-789",
		"075.123.456.789", "0 7 5 1 2 3 4 5 6 7 8 9"} {
		f.Add(seed, uint8(0))
	}
	states := []store.DraftState{store.StateAll, store.StateOpen, store.StateContinue,
		store.StateDone, store.StateCounter}

	f.Fuzz(func(t *testing.T, text string, state uint8) {
		q := store.DraftQuery{Text: text, State: states[int(state)%len(states)]}
		got, err := s.SearchDrafts(ctx, q)
		require.NoError(t, err)

		folded := textfold.Fold(text)
		id := compactID(text)
		for _, d := range got {
			if folded == "" {
				continue
			}
			assert.False(t, d.Anonymous, "anonymous drafts only without text")
			byName := strings.Contains(" "+textfold.Fold(d.FullName), " "+folded)
			byID := compactID(d.IDNumber) == id
			assert.True(t, byName || byID, "%q matched %q", text, d.FullName)
		}
	})
}

func FuzzOpen(f *testing.F) {
	// A real store built with small pages keeps the seed near 10 KB, so that
	// mutations land on headers, pages and the schema rather than free space.
	path := filepath.Join(f.TempDir(), "desk.db")
	rawExec(f, path, "PRAGMA page_size = 512", "CREATE TABLE x(a)", "DROP TABLE x")
	s, err := store.Open(context.Background(), path)
	require.NoError(f, err)
	sess := start(f, s, true)
	set(f, s, sess.DraftID, store.FieldFullName, "Nguyễn Văn Đức")
	require.NoError(f, s.Close())
	valid, err := os.ReadFile(path)
	require.NoError(f, err)
	key, err := os.ReadFile(filepath.Join(filepath.Dir(path), keystore.FileName))
	require.NoError(f, err)

	f.Add(valid)
	f.Add(valid[:512])
	f.Add([]byte{})
	f.Add([]byte("SQLite format 3\x00"))
	f.Add(garbage(1024))

	f.Fuzz(func(t *testing.T, content []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "desk.db")
		require.NoError(t, os.WriteFile(path, content, 0o600))
		require.NoError(t, os.WriteFile(filepath.Join(dir, keystore.FileName), key, 0o600))
		before := dirSums(t, dir)

		s, err := store.Open(context.Background(), path)
		if err == nil {
			require.NoError(t, s.Close())
			return
		}
		if !errors.Is(err, store.ErrDamaged) && !errors.Is(err, store.ErrTooNew) &&
			!errors.Is(err, store.ErrKey) {
			t.Fatalf("open %d bytes: want ErrDamaged, ErrTooNew or ErrKey, got %v", len(content),
				err)
		}
		assert.Equal(t, before, dirSums(t, dir), "a refused file is untouched")
	})
}

// compactID drops what people type between the digits of an identity number.
func compactID(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '.' {
			return -1
		}
		return r
	}, s)
}
