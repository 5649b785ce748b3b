package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

func TestSetAside(t *testing.T) {
	at := time.Date(2025, 12, 4, 15, 4, 5, 0, ict)
	tests := []struct {
		name    string
		taken   []string // names already in the folder
		sidecar bool     // leave a -wal and -shm beside the file
		want    string
	}{
		{"plain", nil, false, "desk-damaged-20251204-150405.db"},
		{"with log and index", nil, true, "desk-damaged-20251204-150405.db"},
		{"name taken", []string{"desk-damaged-20251204-150405.db"}, false,
			"desk-damaged-20251204-150405-2.db"},
		{"two names taken", []string{
			"desk-damaged-20251204-150405.db", "desk-damaged-20251204-150405-2.db",
		}, true, "desk-damaged-20251204-150405-3.db"},
		{"only a log taken", []string{"desk-damaged-20251204-150405.db-wal"}, false,
			"desk-damaged-20251204-150405-2.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "desk.db")
			require.NoError(t, os.WriteFile(path, []byte("broken"), 0o600))
			if tt.sidecar {
				require.NoError(t, os.WriteFile(path+"-wal", []byte("log"), 0o600))
				require.NoError(t, os.WriteFile(path+"-shm", []byte("index"), 0o600))
			}
			for _, name := range tt.taken {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o600))
			}

			got, err := store.SetAside(path, at)
			require.NoError(t, err)
			assert.Equal(t, filepath.Join(dir, tt.want), got)

			b, err := os.ReadFile(got)
			require.NoError(t, err)
			assert.Equal(t, "broken", string(b), "the damaged file is kept, not lost")
			assert.NoFileExists(t, path)
			assert.NoFileExists(t, path+"-wal")
			assert.NoFileExists(t, path+"-shm")
			if tt.sidecar {
				assert.FileExists(t, got+"-wal")
				assert.FileExists(t, got+"-shm")
			}
			for _, name := range tt.taken {
				b, err := os.ReadFile(filepath.Join(dir, name))
				require.NoError(t, err)
				assert.Equal(t, "old", string(b), "earlier files set aside are not overwritten")
			}
		})
	}
}

func TestSetAsideThenStartAfresh(t *testing.T) {
	ctx := context.Background()
	path, _ := makeDesk(t, t.TempDir())
	zeroRange(0, 100)(t, path)
	_, err := store.Open(ctx, path)
	require.ErrorIs(t, err, store.ErrDamaged)

	aside, err := store.SetAside(path, time.Now())
	require.NoError(t, err)
	assert.FileExists(t, aside)

	s, err := store.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	got, err := s.SearchDrafts(ctx, store.DraftQuery{})
	require.NoError(t, err)
	assert.Empty(t, got, "the fresh database starts empty")
}

func TestSetAsideMissingFile(t *testing.T) {
	_, err := store.SetAside(filepath.Join(t.TempDir(), "desk.db"), time.Now())
	assert.ErrorIs(t, err, os.ErrNotExist)
}
