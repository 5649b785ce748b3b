package hub_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hubapi"
)

// blobOf makes n bytes that do not repeat, and their SHA-256.
func blobOf(n int, seed uint64) ([]byte, string) {
	data := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, 11))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:])
}

// blobHub is a hub that keeps blobs, and its blob folder.
type blobHub struct {
	*testHub
	blobs *hub.Blobs
	dir   string
}

// newBlobHub starts a hub keeping blobs on a fresh database of backend.
func newBlobHub(t *testing.T, backend string) *blobHub {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blobs")
	b, err := hub.OpenBlobs(dir, 0)
	require.NoError(t, err)
	h := startHubWith(t, newDSN(t, backend), t.TempDir(),
		slog.New(slog.NewTextHandler(io.Discard, nil)), hub.WithBlobs(b))
	return &blobHub{testHub: h, blobs: b, dir: dir}
}

// files lists the files under the blob folder, by name.
func (h *blobHub) files(t *testing.T) []string {
	t.Helper()
	var names []string
	require.NoError(t, filepath.WalkDir(h.dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			names = append(names, e.Name())
		}
		return err
	}))
	return names
}

// hubError returns the *hubapi.Error in err, failing the test without one.
func hubError(t *testing.T, err error) *hubapi.Error {
	t.Helper()
	var he *hubapi.Error
	require.ErrorAs(t, err, &he)
	return he
}

// listing makes a change of a new draft whose payload lists the blob sha.
func listing(t *testing.T, sha string, size int) hubapi.Change {
	payload, err := json.Marshal(map[string]any{"fields": map[string]string{},
		"attachments": []map[string]any{{"sha256": sha, "kind": "jpeg", "size": size}}})
	require.NoError(t, err)
	return hubapi.Change{DraftID: newDraftID(t), NewVersion: 1, Payload: payload,
		DeskTime: time.Now()}
}

func TestBlobUploadOnce(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newBlobHub(t, backend)
			a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			b, _ := h.enrolDesk(t, "Phú Lợi", "Bàn 1")
			data, sha := blobOf(4<<20+123, 1)

			st, err := a.BlobState(ctx, sha)
			require.NoError(t, err)
			assert.Equal(t, hubapi.BlobState{}, st, "nothing yet")

			var seen []int64
			require.NoError(t, a.UploadBlob(ctx, sha, bytes.NewReader(data),
				int64(len(data)), func(n int64) { seen = append(seen, n) }))
			assert.Equal(t, []int64{1 << 20, 2 << 20, 3 << 20, 4 << 20, 4<<20 + 123}, seen)
			st, err = b.BlobState(ctx, sha)
			require.NoError(t, err)
			assert.Equal(t, hubapi.BlobState{Offset: int64(len(data)), Complete: true}, st)

			// The same photo from a desk of another commune: one HEAD, no bytes.
			require.NoError(t, b.UploadBlob(ctx, sha, bytes.NewReader(data),
				int64(len(data)), nil))
			assert.Equal(t, int64(len(data)), h.blobs.Written(), "stored once")
			assert.Equal(t, []string{sha}, h.files(t))
			got, err := os.ReadFile(filepath.Join(h.dir, sha[:2], sha))
			require.NoError(t, err)
			assert.Equal(t, data, got)

			// A chunk sent again after completion is answered 200 and not kept.
			st, err = a.PutBlob(ctx, sha, int64(len(data)), 0, data[:1<<20])
			require.NoError(t, err)
			assert.True(t, st.Complete)
			assert.Equal(t, int64(len(data)), h.blobs.Written())
		})
	}
}

// cutPut sends a PUT of chunk at offset whose body breaks off after cut
// bytes, as when the line drops in the middle of a chunk.
func cutPut(t *testing.T, h *blobHub, c *hubapi.Client, sha string, size, offset int64,
	chunk []byte, cut int) {
	t.Helper()
	body := io.MultiReader(bytes.NewReader(chunk[:cut]), errReader{})
	req, err := http.NewRequest(http.MethodPut, h.URL+hubapi.BlobPath(sha), body)
	require.NoError(t, err)
	req.ContentLength = int64(len(chunk))
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set(hubapi.HeaderUploadOffset, strconv.FormatInt(offset, 10))
	req.Header.Set(hubapi.HeaderUploadLength, strconv.FormatInt(size, 10))
	_, err = c.HTTP.Do(req)
	require.Error(t, err, "the request never completes")
}

// errReader fails every read, as a dropped line does.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("line dropped") }

func TestBlobUploadResumesAfterCut(t *testing.T) {
	ctx := context.Background()
	h := newBlobHub(t, "sqlite")
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	data, sha := blobOf(4<<20, 2)
	size := int64(len(data))

	require.Error(t, a.UploadBlob(ctx, sha, bytes.NewReader(data[:2<<20]), size, nil),
		"a reader that ends early stops the upload")
	st, err := a.BlobState(ctx, sha)
	require.NoError(t, err)
	require.False(t, st.Complete)
	require.Equal(t, int64(2<<20), st.Offset)

	cutPut(t, h, a, sha, size, st.Offset, data[st.Offset:st.Offset+1<<20], 700_000)
	require.Eventually(t, func() bool {
		st, err = a.BlobState(ctx, sha)
		return err == nil && st.Offset > 2<<20
	}, 5*time.Second, 20*time.Millisecond, "what arrived before the cut is kept")
	assert.LessOrEqual(t, st.Offset, int64(2<<20+700_000))

	require.NoError(t, a.UploadBlob(ctx, sha, bytes.NewReader(data), size, nil))
	assert.LessOrEqual(t, h.blobs.Written(), size+hubapi.BlobChunkBytes,
		"the cut costs at most one chunk again")
	assert.Equal(t, size, h.blobs.Written(), "in fact nothing is sent twice")
	assert.Equal(t, []string{sha}, h.files(t), "one file, no part left")
}

func TestBlobRefusals(t *testing.T) {
	ctx := context.Background()
	h := newBlobHub(t, "sqlite")
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	data, sha := blobOf(3<<20, 3)
	size := int64(len(data))

	_, err := a.PutBlob(ctx, sha, size, 1<<20, data[1<<20:2<<20])
	he := hubError(t, err)
	assert.Equal(t, http.StatusConflict, he.Status)
	assert.Equal(t, hubapi.CodeOffsetMismatch, he.Code)
	st, err := a.PutBlob(ctx, sha, size, 0, data[:1<<20])
	require.NoError(t, err)
	assert.Equal(t, int64(1<<20), st.Offset)
	st, err = a.PutBlob(ctx, sha, size, 0, data[:1<<20])
	require.Error(t, err, "the same chunk again is not appended twice")
	assert.Equal(t, int64(1<<20), st.Offset, "the 409 says where to go on")

	// A whole file whose bytes are not its name's: 422, dropped, start again.
	bad := bytes.Clone(data)
	bad[len(bad)-1] ^= 0xff
	err = a.UploadBlob(ctx, sha, bytes.NewReader(bad), size, nil)
	he = hubError(t, err)
	assert.Equal(t, http.StatusUnprocessableEntity, he.Status)
	assert.Equal(t, hubapi.CodeChecksumMismatch, he.Code)
	st, err = a.BlobState(ctx, sha)
	require.NoError(t, err)
	assert.Equal(t, hubapi.BlobState{}, st)
	assert.Empty(t, h.files(t))

	// A chunk over 1 MiB, and one running past the announced size.
	_, err = a.PutBlob(ctx, sha, size, 0, data[:1<<20+1])
	assert.Equal(t, http.StatusRequestEntityTooLarge, hubError(t, err).Status)
	small, smallSHA := blobOf(1000, 4)
	_, err = a.PutBlob(ctx, smallSHA, 900, 0, small)
	assert.Equal(t, http.StatusBadRequest, hubError(t, err).Status)
}

func TestBlobOver30MBRefused(t *testing.T) {
	ctx := context.Background()
	h := newBlobHub(t, "sqlite")
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	data, sha := blobOf(31<<20, 5)

	err := a.UploadBlob(ctx, sha, bytes.NewReader(data), int64(len(data)), nil)
	he := hubError(t, err)
	assert.Equal(t, http.StatusRequestEntityTooLarge, he.Status)
	assert.Equal(t, hubapi.CodeTooLarge, he.Code)
	assert.False(t, he.Retryable(), "never worth sending again")
	assert.Zero(t, h.blobs.Written(), "refused before a byte is kept")
	assert.Empty(t, h.files(t))
}

func TestBlobHeaders(t *testing.T) {
	h := newBlobHub(t, "sqlite")
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	_, sha := blobOf(10, 6)
	tests := []struct {
		name           string
		method, path   string
		offset, length string
		want           int
	}{
		{"no length", http.MethodPut, hubapi.BlobPath(sha), "0", "", 400},
		{"zero length", http.MethodPut, hubapi.BlobPath(sha), "0", "0", 400},
		{"negative offset", http.MethodPut, hubapi.BlobPath(sha), "-1", "10", 400},
		{"offset past length", http.MethodPut, hubapi.BlobPath(sha), "11", "10", 400},
		{"padded offset", http.MethodPut, hubapi.BlobPath(sha), "00", "10", 400},
		{"offset with plus", http.MethodPut, hubapi.BlobPath(sha), "+0", "10", 400},
		{"huge length", http.MethodPut, hubapi.BlobPath(sha), "0", "99999999999999999999", 400},
		{"length over 30 MB", http.MethodPut, hubapi.BlobPath(sha), "0", "31457281", 413},
		{"upper-case checksum", http.MethodHead, hubapi.PathBlobs + "A" + sha[1:], "", "", 404},
		{"short checksum", http.MethodHead, hubapi.PathBlobs + sha[1:], "", "", 404},
		{"path after checksum", http.MethodHead, hubapi.BlobPath(sha) + "/x", "", "", 404},
		{"other method", http.MethodDelete, hubapi.BlobPath(sha), "", "", 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, h.URL+tt.path, nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+a.Token)
			if tt.offset != "" {
				req.Header.Set(hubapi.HeaderUploadOffset, tt.offset)
			}
			if tt.length != "" {
				req.Header.Set(hubapi.HeaderUploadLength, tt.length)
			}
			resp, err := a.HTTP.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tt.want, resp.StatusCode)
			if tt.want == 405 {
				assert.Equal(t, "GET, HEAD, PUT", resp.Header.Get("Allow"))
			}
		})
	}
	assert.Zero(t, h.blobs.Written())

	_, err := h.client(t, "").BlobState(context.Background(), sha)
	assert.Equal(t, hubapi.CodeUnauthorized, hubError(t, err).Code, "a token is needed")
}

func TestBlobDownloadScope(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newBlobHub(t, backend)
			a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			a2, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			b, _ := h.enrolDesk(t, "Phú Lợi", "Bàn 1")
			data, sha := blobOf(2<<20+5, 7)
			_, unlisted := blobOf(100, 8)

			require.NoError(t, a.UploadBlob(ctx, sha, bytes.NewReader(data),
				int64(len(data)), nil))
			_, err := a2.DownloadBlob(ctx, sha, nil, nil)
			assert.Equal(t, http.StatusNotFound, hubError(t, err).Status,
				"no draft of the commune lists it yet")

			_, err = a.Push(ctx, []hubapi.Change{listing(t, sha, len(data)),
				listing(t, unlisted, 100)})
			require.NoError(t, err)

			part, total, err := a2.BlobRange(ctx, sha, 1<<20, 1000)
			require.NoError(t, err)
			assert.Equal(t, data[1<<20:1<<20+1000], part)
			assert.Equal(t, int64(len(data)), total)
			got, err := a2.DownloadBlob(ctx, sha, data[:12345], nil)
			require.NoError(t, err)
			assert.Equal(t, data, got, "goes on after what it has")

			_, err = b.DownloadBlob(ctx, sha, nil, nil)
			assert.Equal(t, http.StatusNotFound, hubError(t, err).Status,
				"another commune's file reads as missing")
			_, err = a2.DownloadBlob(ctx, unlisted, nil, nil)
			assert.Equal(t, http.StatusNotFound, hubError(t, err).Status,
				"listed but never sent")
		})
	}
}

func TestBlobDownloadDamaged(t *testing.T) {
	ctx := context.Background()
	h := newBlobHub(t, "sqlite")
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	data, sha := blobOf(1500, 9)
	require.NoError(t, a.UploadBlob(ctx, sha, bytes.NewReader(data), 1500, nil))
	_, err := a.Push(ctx, []hubapi.Change{listing(t, sha, 1500)})
	require.NoError(t, err)

	// The hub's disk damaged the file: the desk does not keep it.
	path := filepath.Join(h.dir, sha[:2], sha)
	require.NoError(t, os.WriteFile(path, append(data[:1499:1499], 'x'), 0o600))
	_, err = a.DownloadBlob(ctx, sha, nil, nil)
	assert.ErrorIs(t, err, hubapi.ErrBlobDamaged)
}

func TestHubWithoutBlobs(t *testing.T) {
	h := newHub(t, "sqlite")
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	_, sha := blobOf(10, 10)
	_, err := a.BlobState(context.Background(), sha)
	assert.Equal(t, hubapi.CodeNotFound, hubError(t, err).Code)
}

func TestBlobSweep(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newBlobHub(t, backend)
			a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			kept, keptSHA := blobOf(2000, 12)
			gone, goneSHA := blobOf(3000, 13)
			for _, d := range [][]byte{kept, gone} {
				sum := sha256.Sum256(d)
				require.NoError(t, a.UploadBlob(ctx, hex.EncodeToString(sum[:]),
					bytes.NewReader(d), int64(len(d)), nil))
			}
			partData, partSHA := blobOf(5000, 14)
			_, err := a.PutBlob(ctx, partSHA, 5000, 0, partData[:100])
			require.NoError(t, err)
			_, err = a.Push(ctx, []hubapi.Change{listing(t, keptSHA, 2000)})
			require.NoError(t, err)

			n, err := h.blobs.Sweep(ctx, time.Hour, time.Now(), h.DB.BlobInUse)
			require.NoError(t, err)
			assert.Zero(t, n, "files younger than the grace are kept")
			n, err = h.blobs.Sweep(ctx, time.Hour, time.Now().Add(2*time.Hour), h.DB.BlobInUse)
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			assert.Equal(t, []string{keptSHA}, h.files(t), "the listed file stays")
			st, err := a.BlobState(ctx, goneSHA)
			require.NoError(t, err)
			assert.Equal(t, hubapi.BlobState{}, st)
		})
	}
}
