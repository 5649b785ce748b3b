package hub_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// FuzzBlobRequest sends the hub's blob endpoints any path, offset, length
// and body, and checks that the hub never fails, never keeps more of a
// blob than its length, and only calls a blob complete when its bytes
// match its name.
func FuzzBlobRequest(f *testing.F) {
	small := []byte("ảnh giấy tờ")
	sum := sha256.Sum256(small)
	smallSHA := hex.EncodeToString(sum[:])
	f.Add(http.MethodPut, smallSHA, "0", "15", small)
	f.Add(http.MethodPut, smallSHA, "0", "14", small)
	f.Add(http.MethodPut, smallSHA, "3", "15", small[3:])
	f.Add(http.MethodPut, smallSHA, "00", "15", small)
	f.Add(http.MethodPut, smallSHA, "-1", "15", small)
	f.Add(http.MethodPut, smallSHA+"/", "0", "15", small)
	f.Add(http.MethodHead, smallSHA, "", "", []byte{})
	f.Add(http.MethodGet, smallSHA, "", "", []byte{})
	f.Add(http.MethodPut, "../../"+smallSHA[6:], "0", "15", small)
	f.Add(http.MethodPut, smallSHA, "0", "31457281", small)

	dir := f.TempDir()
	ctx := context.Background()
	db, err := hubstore.Open(ctx, "sqlite://"+filepath.Join(dir, "hub.db"))
	require.NoError(f, err)
	f.Cleanup(func() { db.Close() })
	_, code, err := db.CreateDesk(ctx, "Tam Hiệp", "Bàn 1", time.Hour, time.Now())
	require.NoError(f, err)
	_, token, err := db.Enrol(ctx, code, time.Now())
	require.NoError(f, err)
	blobDir := filepath.Join(dir, "blobs")
	blobs, err := hub.OpenBlobs(blobDir, 0)
	require.NoError(f, err)
	srv := hub.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)),
		hub.WithLimits(hub.Limits{}), hub.WithBlobs(blobs))

	f.Fuzz(func(t *testing.T, method, name, offset, length string, body []byte) {
		req := httptest.NewRequest(http.MethodGet, "/", bytes.NewReader(body))
		req.Method = method
		req.URL.Path = hubapi.PathBlobs + name
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set(hubapi.HeaderUploadOffset, offset)
		req.Header.Set(hubapi.HeaderUploadLength, length)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)

		require.Less(t, w.Code, 500, "the hub never fails on what a desk sends")
		sha, ok := hubapi.ParseBlobPath(req.URL.Path)
		if !ok {
			assert.Contains(t, []int{http.StatusNotFound, http.StatusBadRequest}, w.Code)
			return
		}
		st, err := blobs.State(sha)
		require.NoError(t, err)
		assert.LessOrEqual(t, st.Offset, int64(hubapi.MaxBlobBytes))
		if w.Code == http.StatusNoContent {
			size, _ := hubapi.ParseBlobNumber(length, hubapi.MaxBlobBytes)
			got, ok := hubapi.ParseBlobNumber(w.Header().Get(hubapi.HeaderUploadOffset), size)
			assert.True(t, ok, "a chunk taken never runs past the blob's length")
			assert.Less(t, got, size, "a blob at its length is complete or dropped")
		}
		if w.Code == http.StatusOK && method == http.MethodPut {
			require.True(t, st.Complete)
			data, err := os.ReadFile(filepath.Join(blobDir, sha[:2], sha))
			require.NoError(t, err)
			got := sha256.Sum256(data)
			assert.Equal(t, sha, hex.EncodeToString(got[:]), "a complete blob matches its name")
		}
	})
}
