package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/keystore"
	"tiepsuc/internal/store"
)

// knownVersion is the schema version this build migrates to: the number
// of migration files.
func knownVersion(t testing.TB) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return len(files)
}

// copyKey copies the data key of the database at src beside dst, as a copy
// of the whole data folder would.
func copyKey(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(filepath.Dir(src), keystore.FileName))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(dst), keystore.FileName), b,
		0o600))
}

// makeDesk leaves a closed store with one session and two fields at
// dir/desk.db and returns the path and the draft id.
func makeDesk(t testing.TB, dir string) (string, int64) {
	t.Helper()
	path := filepath.Join(dir, "desk.db")
	s, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	sess := start(t, s, true)
	set(t, s, sess.DraftID, store.FieldFullName, "Nguyễn Văn Đức")
	set(t, s, sess.DraftID, store.FieldNeedKind, "procedure")
	require.NoError(t, s.Close())
	return path, sess.DraftID
}

// rawExec runs statements on the file directly, as another program would.
func rawExec(t testing.TB, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	for _, q := range stmts {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
}

// hotCopy copies the database at src, changed by stmts but never
// checkpointed, into a new folder as a killed program would leave it: with
// its -wal and, when withShm, its -shm.
func hotCopy(t *testing.T, src string, withShm bool, stmts ...string) string {
	t.Helper()
	db, err := sql.Open("sqlite", src+"?_pragma=journal_mode(WAL)")
	require.NoError(t, err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	_, err = db.Exec("PRAGMA wal_autocheckpoint = 0")
	require.NoError(t, err)
	for _, q := range stmts {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}

	dst := filepath.Join(t.TempDir(), "desk.db")
	suffixes := []string{"", "-wal"}
	if withShm {
		suffixes = append(suffixes, "-shm")
	}
	for _, suffix := range suffixes {
		b, err := os.ReadFile(src + suffix)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(dst+suffix, b, 0o600))
	}
	copyKey(t, src, dst)
	return dst
}

func TestOpenCreatesFolderAndFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a", "b", "desk.db")

	s, err := store.Open(ctx, path)
	require.NoError(t, err)
	assert.Equal(t, path, s.Path())
	require.NoError(t, s.SetSetting(ctx, "desk", "Tam Hiệp 3"))
	require.NoError(t, s.Close())

	st, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(),
			"citizens' data readable by owner only")
	}
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var version, app int
	var mode string
	require.NoError(t, db.QueryRow("PRAGMA user_version").Scan(&version))
	require.NoError(t, db.QueryRow("PRAGMA application_id").Scan(&app))
	require.NoError(t, db.QueryRow("PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, knownVersion(t), version)
	assert.Equal(t, 0x54535543, app)
	assert.Equal(t, "wal", mode)
}

func TestOpenReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path, draftID := makeDesk(t, t.TempDir())

	for range 2 {
		s, err := store.Open(ctx, path)
		require.NoError(t, err)
		d, err := s.Draft(ctx, draftID)
		require.NoError(t, err)
		assert.Equal(t, "Nguyễn Văn Đức", d.Fields[store.FieldFullName])
		assert.Equal(t, int64(2), d.Version)
		n, err := s.OutboxLen(ctx)
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		require.NoError(t, s.Close())
	}
}

func TestOpenAcceptsEmptyFiles(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"zero bytes", func(t *testing.T, path string) {
			require.NoError(t, os.WriteFile(path, nil, 0o600))
		}},
		{"empty SQLite database", func(t *testing.T, path string) {
			rawExec(t, path, "PRAGMA journal_mode = WAL", "CREATE TABLE x(a)", "DROP TABLE x")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "desk.db")
			tt.setup(t, path)
			s, err := store.Open(context.Background(), path)
			require.NoError(t, err)
			defer s.Close()
			sess := start(t, s, false)
			assert.Equal(t, int64(1), set(t, s, sess.DraftID, store.FieldNeedKind, "guide"))
		})
	}
}

func TestOpenRefusesNewerVersion(t *testing.T) {
	known := knownVersion(t)
	newer := []string{fmt.Sprintf("PRAGMA user_version = %d", known+1)}
	tests := []struct {
		name  string
		setup func(t *testing.T, path string) string
	}{
		{"closed cleanly", func(t *testing.T, path string) string {
			rawExec(t, path, newer...)
			return path
		}},
		{"hot log with index", func(t *testing.T, path string) string {
			return hotCopy(t, path, true, newer...)
		}},
		{"hot log without index", func(t *testing.T, path string) string {
			return hotCopy(t, path, false, newer...)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, _ := makeDesk(t, t.TempDir())
			path := tt.setup(t, src)
			before := dirSums(t, filepath.Dir(path))

			s, err := store.Open(context.Background(), path)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, store.ErrTooNew)
			assert.NotErrorIs(t, err, store.ErrDamaged)
			var tooNew *store.TooNewError
			require.ErrorAs(t, err, &tooNew)
			assert.Equal(t, store.TooNewError{Path: path, Have: known + 1, Know: known}, *tooNew)
			assert.Equal(t, before, dirSums(t, filepath.Dir(path)), "files must be untouched")
		})
	}
}

func TestOpenRefusesDamaged(t *testing.T) {
	const page = 4096
	tests := []struct {
		name    string
		corrupt func(t *testing.T, path string)
	}{
		{"text file", writeBytes([]byte("Danh sách công dân\nNguyễn Văn A\n"))},
		{"garbage", writeBytes(garbage(3 * page))},
		{"header only", truncate(100)},
		{"shorter than header", truncate(50)},
		{"cut inside a page", truncate(2*page + 1000)},
		{"cut at a page boundary", truncate(2 * page)},
		{"zeroed header", zeroRange(0, 100)},
		{"zeroed page", zeroRange(2*page, page)},
		{"bad page size", zeroRange(16, 2)},
		{"tables without a schema version", func(t *testing.T, path string) {
			rawExec(t, path, "PRAGMA user_version = 0")
		}},
		{"column renamed", func(t *testing.T, path string) {
			rawExec(t, path, "ALTER TABLE drafts RENAME COLUMN fields TO data")
		}},
		{"a check naming a column that is not there", func(t *testing.T, path string) {
			// Found by FuzzOpen: only a writer reads such a schema in full,
			// and an older version's columns are not compared.
			rawExec(t, path, "PRAGMA writable_schema = ON", "UPDATE sqlite_schema"+
				" SET sql = replace(sql, 'outcome      TEXT', 'outcomx      TEXT')"+
				" WHERE name = 'sessions'", "PRAGMA user_version = 1")
		}},
		{"table dropped", func(t *testing.T, path string) {
			rawExec(t, path, "DROP TABLE outbox")
		}},
		{"another program's database", func(t *testing.T, path string) {
			require.NoError(t, os.Remove(path))
			rawExec(t, path, "CREATE TABLE songs(title TEXT)", "PRAGMA user_version = 1")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, _ := makeDesk(t, t.TempDir())
			tt.corrupt(t, path)
			before := dirSums(t, filepath.Dir(path))

			s, err := store.Open(context.Background(), path)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, store.ErrDamaged)
			var damaged *store.DamagedError
			require.ErrorAs(t, err, &damaged)
			assert.Equal(t, path, damaged.Path)
			assert.Error(t, errors.Unwrap(damaged), "the cause is kept")
			assert.Equal(t, before, dirSums(t, filepath.Dir(path)), "files must be untouched")
		})
	}
}

func TestOpenDamagedWithHotLog(t *testing.T) {
	src, _ := makeDesk(t, t.TempDir())
	path := hotCopy(t, src, true, "INSERT INTO settings VALUES('k', 'v')")
	zeroRange(10*4096, 4096)(t, path) // a page the log holds no copy of
	before := dirSums(t, filepath.Dir(path))

	_, err := store.Open(context.Background(), path)
	assert.ErrorIs(t, err, store.ErrDamaged)
	assert.Equal(t, before, dirSums(t, filepath.Dir(path)), "files must be untouched")
}

func TestOpenReplaysHotLog(t *testing.T) {
	for _, withShm := range []bool{true, false} {
		t.Run(map[bool]string{true: "with index", false: "without index"}[withShm],
			func(t *testing.T) {
				ctx := context.Background()
				src, _ := makeDesk(t, t.TempDir())
				path := hotCopy(t, src, withShm, "INSERT INTO settings VALUES('desk', 'Bàn 2')")

				s, err := store.Open(ctx, path)
				require.NoError(t, err)
				defer s.Close()
				v, ok, err := s.Setting(ctx, "desk")
				require.NoError(t, err)
				assert.True(t, ok, "a change committed before the kill survives")
				assert.Equal(t, "Bàn 2", v)
				entries, err := os.ReadDir(filepath.Dir(path))
				require.NoError(t, err)
				for _, e := range entries {
					assert.False(t, e.IsDir(), "check copy %s left behind", e.Name())
				}
			})
	}
}

func writeBytes(b []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		require.NoError(t, os.WriteFile(path, b, 0o600))
	}
}

func truncate(size int64) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		require.NoError(t, os.Truncate(path, size))
	}
}

func zeroRange(off, n int) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		require.LessOrEqual(t, off+n, len(b))
		clear(b[off : off+n])
		require.NoError(t, os.WriteFile(path, b, 0o600))
	}
}

// garbage returns n bytes of a fixed pseudo-random pattern.
func garbage(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}
