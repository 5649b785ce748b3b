package hub_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
)

// BenchmarkBlobUpload sends a 4 MB photo to a local hub over HTTPS in
// 1 MiB chunks, each time a new one, and reports MB/s: what a desk on a
// fast line spends on the hub's side (fsync per chunk and the final check).
func BenchmarkBlobUpload(b *testing.B) {
	blobs, err := hub.OpenBlobs(filepath.Join(b.TempDir(), "blobs"), 0)
	require.NoError(b, err)
	h := startHubWith(b, newDSN(b, "sqlite"), b.TempDir(),
		slog.New(slog.NewTextHandler(io.Discard, nil)),
		hub.WithLimits(hub.Limits{}), hub.WithBlobs(blobs))
	desk, _ := h.enrolDesk(b, "Tam Hiệp", "Bàn 1")
	data, _ := blobOf(4<<20, 99)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := uint64(0)
	for b.Loop() {
		n++
		binary.LittleEndian.PutUint64(data, n)
		sum := sha256.Sum256(data)
		err := desk.UploadBlob(ctx, hex.EncodeToString(sum[:]), bytes.NewReader(data),
			int64(len(data)), nil)
		require.NoError(b, err)
	}
}
