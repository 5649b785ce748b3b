package hub_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// hubCode asserts err is a hub error with the code.
func hubCode(tb testing.TB, err error, code string) {
	tb.Helper()
	var he *hubapi.Error
	require.True(tb, errors.As(err, &he), "want a hub error, got %v", err)
	assert.Equal(tb, code, he.Code)
}

func TestEnrolmentCode(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			_, code, err := h.DB.CreateDesk(ctx, " Tam  Hiệp ", "Bàn 2", 7*24*time.Hour,
				time.Now())
			require.NoError(t, err)
			require.Len(t, code, hubapi.CodeLength)

			// Typed as printed, in lower case with its dash: accepted once.
			c := h.client(t, "")
			typed := strings.ToLower(hubapi.FormatCode(code))
			resp, err := c.Enrol(ctx, typed)
			require.NoError(t, err)
			assert.Equal(t, "Tam Hiệp", resp.Commune)
			assert.Equal(t, "Bàn 2", resp.DeskName)
			require.NotEmpty(t, resp.Token)

			_, err = c.Enrol(ctx, code)
			hubCode(t, err, hubapi.CodeEnrolRejected)

			// A code past its seven days is refused.
			_, old, err := h.DB.CreateDesk(ctx, "Tam Hiệp", "Bàn 3", 7*24*time.Hour,
				time.Now().Add(-7*24*time.Hour-time.Minute))
			require.NoError(t, err)
			_, err = c.Enrol(ctx, old)
			hubCode(t, err, hubapi.CodeEnrolRejected)

			// The token works until the desk is revoked.
			c.Token = resp.Token
			_, err = c.Pull(ctx, 0, 10)
			require.NoError(t, err)
			require.NoError(t, h.DB.RevokeDesk(ctx, resp.DeskID, time.Now()))
			_, err = c.Pull(ctx, 0, 10)
			hubCode(t, err, hubapi.CodeUnauthorized)

			for _, bad := range []string{"", "tsd1_forged", "Bearer", resp.Token + "x"} {
				c.Token = bad
				_, err = c.Push(ctx, nil)
				hubCode(t, err, hubapi.CodeUnauthorized)
			}
		})
	}
}

func TestTokenHashedAtRest(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			_, code, err := h.DB.CreateDesk(ctx, "Tam Hiệp", "Bàn 1", time.Hour, time.Now())
			require.NoError(t, err)
			resp, err := h.client(t, "").Enrol(ctx, code)
			require.NoError(t, err)
			h.stop()

			files := dbFiles(t, backend, h.dsn)
			require.NotEmpty(t, files)
			var all []byte
			for _, f := range files {
				b, err := os.ReadFile(f)
				require.NoError(t, err)
				all = append(all, b...)
			}
			assert.False(t, bytes.Contains(all, []byte(resp.Token)), "token in plain text")
			assert.False(t, bytes.Contains(all, []byte(code)), "enrolment code in plain text")
			assert.True(t, bytes.Contains(all, []byte(hubstore.HashSecret(resp.Token))),
				"the token's hash is what the hub keeps")
		})
	}
}

// dbFiles returns the files that hold a database: the SQLite file and its
// WAL, or every file of the PostgreSQL cluster after a checkpoint.
func dbFiles(tb testing.TB, backend, dsn string) []string {
	tb.Helper()
	if backend == "sqlite" {
		path := strings.TrimPrefix(dsn, "sqlite://")
		files, _ := filepath.Glob(path + "*")
		return files
	}
	db, err := hubstore.Open(context.Background(), dsn)
	require.NoError(tb, err)
	require.NoError(tb, db.Checkpoint(context.Background()))
	require.NoError(tb, db.Close())
	out, err := exec.Command("find", pg.Dir(), "-type", "f").Output()
	require.NoError(tb, err)
	return strings.Fields(string(out))
}
