package store

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/url"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryPooledConnectionIsSafe(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	require.NoError(t, err)
	defer s.Close()

	// Hold every pooled connection at once so none is reused.
	for i := range maxOpenConns {
		conn, err := s.db.Conn(ctx)
		require.NoError(t, err)
		defer conn.Close()

		var mode string
		var syncLevel, fk, busy int
		require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
		require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&syncLevel))
		require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
		require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy))
		assert.Equal(t, "wal", mode, "connection %d", i)
		assert.Equal(t, 2, syncLevel, "connection %d: synchronous=FULL survives power cuts", i)
		assert.Equal(t, 1, fk, "connection %d", i)
		assert.Equal(t, 5000, busy, "connection %d", i)
	}
}

// embeddedVersions is 1, 2, 3… up to the number of embedded migration files.
func embeddedVersions(t *testing.T) []int {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	require.NoError(t, err)
	var want []int
	for i := range names {
		want = append(want, i+1)
	}
	return want
}

func TestLoadMigrations(t *testing.T) {
	sql := &fstest.MapFile{Data: []byte("CREATE TABLE x(a);")}
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []int
		wantErr string
	}{
		{"embedded", nil, embeddedVersions(t), ""},
		{"ordered by number", fstest.MapFS{
			"migrations/0002_b.sql": sql, "migrations/0001_a.sql": sql,
			"migrations/0010_c.sql": sql,
		}, nil, "expected number 3"},
		{"two in order", fstest.MapFS{
			"migrations/0002_b.sql": sql, "migrations/0001_a.sql": sql,
		}, []int{1, 2}, ""},
		{"gap", fstest.MapFS{
			"migrations/0001_a.sql": sql, "migrations/0003_c.sql": sql,
		}, nil, "expected number 2"},
		{"unnumbered", fstest.MapFS{"migrations/init.sql": sql}, nil, "start with a number"},
		{"zero", fstest.MapFS{"migrations/0000_a.sql": sql}, nil, "start with a number"},
		{"none", fstest.MapFS{}, nil, "no migrations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ms []migration
			var err error
			if tt.files == nil {
				ms, err = loadMigrations(migrationFS)
			} else {
				ms, err = loadMigrations(tt.files)
			}
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			var got []int
			for _, m := range ms {
				got = append(got, m.version)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFileURI(t *testing.T) {
	q := url.Values{"mode": {"ro"}}
	tests := []struct {
		path, want string
	}{
		{"/home/mai/desk.db", "file:///home/mai/desk.db?mode=ro"},
		{"/home/mai/Tiếp Sức/a?b#c%d.db",
			"file:///home/mai/Ti%E1%BA%BFp%20S%E1%BB%A9c/a%3Fb%23c%25d.db?mode=ro"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			assert.Equal(t, tt.want, fileURI(tt.path, q))
		})
	}
}

func TestOpenOddPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("? is not allowed in Windows file names")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "Tiếp Sức?#%", "desk 1.db")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, s.SetSetting(ctx, "k", "v"))
	require.NoError(t, s.Close())

	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	v, ok, err := s.Setting(ctx, "k")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "v", v)
}

func TestOutboxPayloadIsSnapshot(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	require.NoError(t, err)
	defer s.Close()
	v, err := s.EnsureVolunteer(ctx, "Mai")
	require.NoError(t, err)
	sess, err := s.StartSession(ctx, NewSession{VolunteerID: v.ID, Consents: []Consent{
		{Purpose: PurposeKeepDetails, Granted: true, TextVersion: "v1"},
		{Purpose: PurposeSendToHub, Granted: true, TextVersion: "v1"},
	}})
	require.NoError(t, err)
	_, err = s.SetField(ctx, sess.DraftID, FieldFullName, "Đỗ Thị Hà")
	require.NoError(t, err)
	_, err = s.SetGuideStep(ctx, sess.DraftID, "vneid-level1", 4)
	require.NoError(t, err)

	rows, err := s.OutboxRows(ctx, sess.DraftID)
	require.NoError(t, err)
	var got []snapshot
	for _, r := range rows {
		var snap snapshot
		require.NoError(t, json.Unmarshal(r.Payload, &snap))
		assert.Equal(t, r.BaseVersion+1, r.NewVersion)
		assert.Equal(t, r.NewVersion, snap.Version, "the payload carries its version")
		assert.Equal(t, OutboxQueued, r.State)
		got = append(got, snap)
	}
	require.Len(t, got, 2)
	assert.Equal(t, map[string]string{FieldFullName: "Đỗ Thị Hà"}, got[0].Fields)
	assert.Equal(t, "", got[0].GuideID)
	assert.Equal(t, map[string]string{FieldFullName: "Đỗ Thị Hà"}, got[1].Fields)
	assert.Equal(t, "vneid-level1", got[1].GuideID)
	assert.Equal(t, 4, got[1].GuideStep)
	assert.Equal(t, sess.ID, got[1].SessionID)
}
