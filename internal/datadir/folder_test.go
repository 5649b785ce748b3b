package datadir_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/datadir"
	"tiepsuc/internal/instancelock"
	"tiepsuc/internal/store"
	"tiepsuc/tests/windows/winetest"
)

// TestVietnameseFolderHoldsTheDesk opens the desk's database, lock and log
// folder in a data folder named in Vietnamese, as a center may name it, and
// finds the data again after closing.
func TestVietnameseFolderHoldsTheDesk(t *testing.T) {
	dir, err := datadir.Resolve(filepath.Join(winetest.TempDir(t), "Dữ liệu Tiếp Sức"))
	require.NoError(t, err)
	lock, err := instancelock.Acquire(dir)
	require.NoError(t, err)
	defer lock.Release()

	ctx := context.Background()
	path := filepath.Join(dir, datadir.DBName)
	st, err := store.Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, st.SetSetting(ctx, "desk.name", "Bàn 2 – Phường Tân Định"))
	require.NoError(t, st.Close())

	require.NoError(t, os.MkdirAll(filepath.Join(dir, "logs"), 0o700))
	entries, err := os.ReadDir(filepath.Dir(dir))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "Dữ liệu Tiếp Sức", entries[0].Name())

	st, err = store.Open(ctx, path)
	require.NoError(t, err, "the database reopens and passes its check")
	defer st.Close()
	got, ok, err := st.Setting(ctx, "desk.name")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "Bàn 2 – Phường Tân Định", got)
}
