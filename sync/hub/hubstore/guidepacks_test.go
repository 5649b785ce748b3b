package hubstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// randomBytes returns n bytes of every value, as a zip's compressed data is.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestGuidePacksKeptWholeAndNewestServed(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			dsn := newDSN(t, backend)
			db, err := hubstore.Open(ctx, dsn)
			require.NoError(t, err)

			_, err = db.LatestGuidePack(ctx)
			assert.ErrorIs(t, err, hubstore.ErrNotFound, "nothing published yet")

			// The largest pack allowed, with every byte value, and a small one.
			big := randomBytes(hubapi.MaxGuidePackBytes, 1)
			small := randomBytes(1000, 2)
			t0 := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
			gp2, err := db.PublishGuidePack(ctx, 2, big, t0)
			require.NoError(t, err)
			sum := sha256.Sum256(big)
			assert.Equal(t, hex.EncodeToString(sum[:]), gp2.SHA256)
			assert.Equal(t, int64(len(big)), gp2.Size)
			_, err = db.PublishGuidePack(ctx, 5, small, t0.Add(time.Hour))
			require.NoError(t, err)

			// Older or equal versions are refused and change nothing.
			for _, v := range []int{5, 4, 1} {
				_, err = db.PublishGuidePack(ctx, v, small, t0.Add(2*time.Hour))
				assert.ErrorIs(t, err, hubstore.ErrNotNewer, "version %d", v)
			}
			require.NoError(t, db.Close())

			// After a restart both are there, byte for byte; 5 is the newest.
			db, err = hubstore.Open(ctx, dsn)
			require.NoError(t, err)
			defer db.Close()
			latest, err := db.LatestGuidePack(ctx)
			require.NoError(t, err)
			assert.Equal(t, 5, latest.Version)
			assert.Equal(t, t0.Add(time.Hour), latest.PublishedAt)
			got, err := db.GuidePackZip(ctx, 2)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(big, got), "the 20 MiB pack comes back intact")
			got, err = db.GuidePackZip(ctx, 5)
			require.NoError(t, err)
			assert.Equal(t, small, got)
			_, err = db.GuidePackZip(ctx, 3)
			assert.ErrorIs(t, err, hubstore.ErrNotFound)

			list, err := db.GuidePacks(ctx)
			require.NoError(t, err)
			require.Len(t, list, 2)
			assert.Equal(t, []int{5, 2}, []int{list[0].Version, list[1].Version})
			assert.Equal(t, gp2, list[1])
		})
	}
}

func TestGuidePackArguments(t *testing.T) {
	ctx := context.Background()
	db, err := hubstore.Open(ctx, newDSN(t, "sqlite"))
	require.NoError(t, err)
	defer db.Close()
	tests := []struct {
		name    string
		version int
		size    int
	}{
		{"version 0", 0, 10},
		{"version over the limit", hubapi.MaxGuidePackVersion + 1, 10},
		{"empty zip", 1, 0},
		{"zip over 20 MiB", 1, hubapi.MaxGuidePackBytes + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.PublishGuidePack(ctx, tt.version, make([]byte, tt.size), time.Now())
			assert.ErrorIs(t, err, hubstore.ErrInvalid)
		})
	}
	list, err := db.GuidePacks(ctx)
	require.NoError(t, err)
	assert.Empty(t, list, "nothing kept")
}
