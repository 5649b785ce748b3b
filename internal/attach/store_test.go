package attach

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openStore opens a store in a new attachments folder of a data folder.
func openStore(t testing.TB) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "attachments")
	s, err := OpenStore(dir)
	require.NoError(t, err)
	return s, dir
}

// names lists the names in dir.
func names(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// sumOf is the SHA-256 of data in hex.
func sumOf(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// storedName is what a stored file's name must look like: the SHA-256 and
// the kind's extension, nothing about the citizen.
var storedName = regexp.MustCompile(`^[0-9a-f]{64}\.(jpg|png|pdf)$`)

func TestStorePutAndOpen(t *testing.T) {
	s, dir := openStore(t)
	jpg := encJPEG(t, docPhoto(300, 200, 2, 5, 1), 85)

	ref, err := s.Put(jpg)
	require.NoError(t, err)
	assert.Equal(t, Ref{SHA256: sumOf(jpg), Size: int64(len(jpg)), Kind: JPEG}, ref)
	assert.Equal(t, []string{ref.SHA256 + ".jpg"}, names(t, dir))
	assert.Regexp(t, storedName, ref.FileName())
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(filepath.Join(dir, ref.FileName()))
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm(), "papers of a citizen")
	}

	f, err := s.Open(ref.SHA256)
	require.NoError(t, err)
	var rc io.ReadCloser = f
	got, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, jpg, got)
	assert.Equal(t, ref, f.Ref())

	// An upload that resumes reads from where it stopped.
	part := make([]byte, 100)
	n, err := f.ReadAt(part, 1000)
	require.NoError(t, err)
	assert.Equal(t, jpg[1000:1000+n], part)
	_, err = f.Seek(int64(len(jpg)-10), io.SeekStart)
	require.NoError(t, err)
	tail, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.Equal(t, jpg[len(jpg)-10:], tail)
}

func TestStorePutSameBytesTwice(t *testing.T) {
	s, dir := openStore(t)
	pdf := textPDF(t, 2)
	first, err := s.Put(pdf)
	require.NoError(t, err)
	path := filepath.Join(dir, first.FileName())
	backdate(t, path)
	before, err := os.Stat(path)
	require.NoError(t, err)

	again, err := s.Put(pdf)
	require.NoError(t, err)
	assert.Equal(t, first, again)
	after, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, before.ModTime(), after.ModTime(), "not written again")
	assert.Len(t, names(t, dir), 1)
}

func TestStorePutFromManyGoroutines(t *testing.T) {
	s, dir := openStore(t)
	png := encPNG(t, docPhoto(400, 300, 2, 10, 2))
	var wg sync.WaitGroup
	refs := make([]Ref, 8)
	errs := make([]error, 8)
	for i := range refs {
		wg.Go(func() { refs[i], errs[i] = s.Put(png) })
	}
	wg.Wait()
	for i := range refs {
		require.NoError(t, errs[i])
		assert.Equal(t, refs[0], refs[i])
	}
	assert.Equal(t, []string{refs[0].FileName()}, names(t, dir))
}

func TestStorePutRefuses(t *testing.T) {
	s, dir := openStore(t)
	_, err := s.Put(paddedPDF(MaxBytes + 1))
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = s.Put(heicHead)
	assert.ErrorIs(t, err, ErrHEIC)
	assert.Empty(t, names(t, dir), "nothing kept")
}

// spoil changes one byte in the middle of the file at path.
func spoil(t testing.TB, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	data[len(data)/2] ^= 0x40
	require.NoError(t, os.WriteFile(path, data, 0o600))
}

func TestStoreFindsADamagedFile(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	jpg := encJPEG(t, docPhoto(300, 200, 2, 5, 3), 85)
	ref, err := s.Put(jpg)
	require.NoError(t, err)
	path := filepath.Join(dir, ref.FileName())

	for _, damage := range []struct {
		name string
		do   func()
	}{
		{"a byte changed", func() { spoil(t, path) }},
		{"cut short", func() { require.NoError(t, os.Truncate(path, int64(len(jpg)/2))) }},
	} {
		t.Run(damage.name, func(t *testing.T) {
			damage.do()

			f, err := s.Open(ref.SHA256)
			require.ErrorIs(t, err, ErrCorrupt)
			assert.Nil(t, f, "no bad data handed out")
			assertReadable(t, err)
			data, _, err := s.Load(ref.SHA256)
			require.ErrorIs(t, err, ErrCorrupt)
			assert.Nil(t, data)

			faults, err := s.Verify(ctx, []string{ref.SHA256})
			require.NoError(t, err)
			require.Len(t, faults, 1)
			assert.Equal(t, ref.SHA256, faults[0].SHA256)
			assert.ErrorIs(t, faults[0].Err, ErrCorrupt)

			// Adding the photo again repairs the stored copy.
			again, err := s.Put(jpg)
			require.NoError(t, err)
			assert.Equal(t, ref, again)
			data, _, err = s.Load(ref.SHA256)
			require.NoError(t, err)
			assert.Equal(t, jpg, data)
			faults, err = s.Verify(ctx, []string{ref.SHA256})
			require.NoError(t, err)
			assert.Empty(t, faults)
		})
	}
}

func TestStoreFindsAMissingFile(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	kept, err := s.Put(textPDF(t, 1))
	require.NoError(t, err)
	gone := sumOf([]byte("a photo never stored"))

	_, err = s.Open(gone)
	require.ErrorIs(t, err, ErrMissing)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assertReadable(t, err)

	faults, err := s.Verify(ctx, []string{kept.SHA256, gone, gone})
	require.NoError(t, err)
	require.Len(t, faults, 1, "each missing file once")
	assert.Equal(t, gone, faults[0].SHA256)
	assert.ErrorIs(t, faults[0].Err, ErrMissing)
}

func TestStoreCleansWhatACrashLeft(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "attachments")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	old := filepath.Join(dir, tempPrefix+"1234")
	require.NoError(t, os.WriteFile(old, []byte("\xFF\xD8\xFF half a photo"), 0o600))
	backdate(t, old)
	fresh := filepath.Join(dir, tempPrefix+"5678")
	require.NoError(t, os.WriteFile(fresh, []byte("\xFF\xD8\xFF being written"), 0o600))

	s, err := OpenStore(dir)
	require.NoError(t, err)
	assert.NoFileExists(t, old, "a crash's leftover is removed")
	assert.FileExists(t, fresh, "a write under way is left alone")

	refs, err := s.List(context.Background())
	require.NoError(t, err)
	assert.Empty(t, refs, "half-written files are not attachments")
	faults, err := s.Verify(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, faults)

	backdate(t, fresh)
	_, err = s.Verify(context.Background(), nil)
	require.NoError(t, err)
	assert.NoFileExists(t, fresh, "Verify cleans too, once the write is long over")
}

func TestStoreRemove(t *testing.T) {
	s, dir := openStore(t)
	ref, err := s.Put(textPDF(t, 1))
	require.NoError(t, err)
	outside := filepath.Join(filepath.Dir(dir), "keep.txt")
	require.NoError(t, os.WriteFile(outside, []byte("x"), 0o600))

	require.NoError(t, s.Remove(ref.SHA256))
	assert.Empty(t, names(t, dir))
	_, err = s.Open(ref.SHA256)
	assert.ErrorIs(t, err, ErrMissing)
	require.NoError(t, s.Remove(ref.SHA256), "already gone is fine")

	assert.Error(t, s.Remove("../keep.txt"))
	assert.Error(t, s.Remove("../keep"))
	_, err = s.Open("../keep")
	assert.Error(t, err)
	assert.FileExists(t, outside)
}

func TestStoreList(t *testing.T) {
	s, dir := openStore(t)
	var want []Ref
	for _, data := range [][]byte{
		encJPEG(t, docPhoto(90, 60, 2, 0, 1), 80), encPNG(t, docPhoto(90, 60, 2, 0, 2)),
		textPDF(t, 2),
	} {
		ref, err := s.Put(data)
		require.NoError(t, err)
		want = append(want, ref)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "desktop.ini"), []byte("x"), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, sumOf(nil)+".pdf"), 0o700))

	got, err := s.List(context.Background())
	require.NoError(t, err)
	assert.ElementsMatch(t, want, got)
	for i := 1; i < len(got); i++ {
		assert.Less(t, got[i-1].SHA256, got[i].SHA256)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.Verify(ctx, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestStoreFileNames(t *testing.T) {
	s, dir := openStore(t)
	for _, data := range [][]byte{
		encJPEG(t, docPhoto(90, 60, 2, 0, 3), 80), encPNG(t, docPhoto(90, 60, 2, 0, 4)),
		textPDF(t, 1),
	} {
		_, err := s.Put(data)
		require.NoError(t, err)
	}
	for _, n := range names(t, dir) {
		assert.Regexp(t, storedName, n)
	}
}

func FuzzFileName(f *testing.F) {
	for _, s := range []string{sumOf(nil) + ".jpg", sumOf(nil) + ".jpeg", "desktop.ini",
		".put-123", sumOf(nil)[:63] + ".pdf", strings.ToUpper(sumOf(nil)) + ".png",
		"../" + sumOf(nil) + ".png", sumOf(nil) + ".pdf.pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		ref, ok := parseFileName(name)
		if !ok {
			return
		}
		assert.Equal(t, name, ref.FileName(), "a name read back is written the same")
		assert.Regexp(t, storedName, name)
		assert.True(t, validSHA(ref.SHA256))
	})
}
