package hubstore_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hub/internal/pgtest"
	"tiepsuc/sync/hubapi"
)

var pg *pgtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, "hub store tests", func(c *pgtest.Cluster) { pg = c }))
}

// newDSN returns the address of an empty database of the backend.
func newDSN(t *testing.T, backend string) string {
	if backend == "sqlite" {
		return "sqlite://" + filepath.Join(t.TempDir(), "sub", "hub.db")
	}
	dsn, err := pg.NewDatabase(context.Background())
	require.NoError(t, err)
	return dsn
}

func TestReopenKeepsData(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			dsn := newDSN(t, backend)
			db, err := hubstore.Open(ctx, dsn)
			require.NoError(t, err)
			assert.Equal(t, backend, db.Engine())
			desk, code, err := db.CreateDesk(ctx, "Tam Hiệp", "Bàn 1", time.Hour, time.Now())
			require.NoError(t, err)
			require.NoError(t, db.Close())

			// Migrations run again without harm; the desk and its code are kept.
			db, err = hubstore.Open(ctx, dsn)
			require.NoError(t, err)
			defer db.Close()
			got, token, err := db.Enrol(ctx, code, time.Now())
			require.NoError(t, err)
			assert.Equal(t, desk.ID, got.ID)
			byToken, err := db.DeskByToken(ctx, token)
			require.NoError(t, err)
			assert.Equal(t, "Tam Hiệp", byToken.Commune)
			desks, err := db.Desks(ctx)
			require.NoError(t, err)
			assert.Len(t, desks, 1)
		})
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	dsn := newDSN(t, "sqlite")
	db, err := hubstore.Open(ctx, dsn)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	raw, err := sql.Open("sqlite", dsn[len("sqlite://"):])
	require.NoError(t, err)
	_, err = raw.Exec("INSERT INTO schema_migrations VALUES (999, 'future', '')")
	require.NoError(t, err)
	require.NoError(t, raw.Close())

	_, err = hubstore.Open(ctx, dsn)
	assert.ErrorContains(t, err, "newer than this hub")
}

func TestOpenErrors(t *testing.T) {
	tests := []string{"", "mysql://x", "sqlite://", "postgres://nobody@127.0.0.1:1/x"}
	for _, dsn := range tests {
		t.Run(dsn, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err := hubstore.Open(ctx, dsn)
			assert.Error(t, err)
		})
	}
}

func TestAdminArguments(t *testing.T) {
	ctx := context.Background()
	db, err := hubstore.Open(ctx, newDSN(t, "sqlite"))
	require.NoError(t, err)
	defer db.Close()
	now := time.Now()

	_, _, err = db.CreateDesk(ctx, "  ", "Bàn 1", time.Hour, now)
	assert.ErrorIs(t, err, hubstore.ErrInvalid)
	assert.ErrorIs(t, db.RevokeDesk(ctx, "no-such-desk", now), hubstore.ErrNotFound)
	err = db.SetStatus(ctx, "Tam Hiệp", "0190f0e2-7b1a-7c3d-8e4f-0123456789ab",
		hubapi.StatusChange{Status: hubapi.DossierPaid}, now)
	assert.ErrorIs(t, err, hubstore.ErrNotFound)
	err = db.SetStatus(ctx, "Tam Hiệp", "x", hubapi.StatusChange{Status: "lost"}, now)
	assert.ErrorIs(t, err, hubstore.ErrInvalid)
	_, err = db.DeskByToken(ctx, "tsd1_unknown")
	assert.ErrorIs(t, err, hubstore.ErrUnauthorized)
	assert.Equal(t, "Tam Hiệp", hubstore.NormaliseCommune(" Tam\u00a0 Hie\u0323\u0302p "))
}

// TestSQLiteFileIsPrivate: the hub's file holds citizens' personal data, so
// only the hub's own user may read it, its log included.
func TestSQLiteFileIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := hubstore.Open(context.Background(), "sqlite://"+path)
	require.NoError(t, err)
	defer db.Close()
	for _, p := range []string{path, path + "-wal"} {
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), p)
	}
}
