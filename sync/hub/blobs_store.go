package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tiepsuc/sync/hubapi"
)

// Blobs keeps the files desks attach to drafts in a folder of the hub's
// data folder, not in the database: each under its SHA-256, in a
// subfolder named by its first two hex digits. A blob being uploaded is
// <sha>.part, which only grows, one chunk at a time, at the offset the desk
// names; once whole and checked against its SHA-256 it is renamed <sha>.
// The same bytes are so kept once, whichever desks send them.
type Blobs struct {
	dir   string
	limit int64

	mu   sync.Mutex
	busy map[string]chan struct{} // blobs being appended to; closed when done

	written atomic.Int64
}

// Reasons an append is refused, mapped to answers by the handlers.
var (
	// errBlobBusy: another request is appending to the same blob.
	errBlobBusy = errors.New("another upload of this blob is under way")
	// errBlobOffset: the chunk does not start where the copy ends.
	errBlobOffset = errors.New("chunk does not start where the hub's copy ends")
	// errBlobChecksum: the whole blob does not match its SHA-256.
	errBlobChecksum = errors.New("blob does not match its SHA-256")
	// errBlobOverrun: the chunk runs past the blob's announced size.
	errBlobOverrun = errors.New("chunk runs past the blob's size")
)

// OpenBlobs opens the blob folder dir, creating it (mode 0700) when
// missing. Blobs over limit bytes are refused; limit 0 means
// hubapi.MaxBlobBytes.
func OpenBlobs(dir string, limit int64) (*Blobs, error) {
	if limit <= 0 || limit > hubapi.MaxBlobBytes {
		limit = hubapi.MaxBlobBytes
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open blobs: %w", err)
	}
	return &Blobs{dir: dir, limit: limit, busy: map[string]chan struct{}{}}, nil
}

// Limit is the largest blob taken, in bytes.
func (b *Blobs) Limit() int64 { return b.limit }

// Written counts the bytes written into blobs since OpenBlobs.
func (b *Blobs) Written() int64 { return b.written.Load() }

// path is where the whole blob sha is kept; part where it grows.
func (b *Blobs) path(sha string) string { return filepath.Join(b.dir, sha[:2], sha) }
func (b *Blobs) part(sha string) string { return b.path(sha) + ".part" }

// State says how much of blob sha the hub has.
func (b *Blobs) State(sha string) (hubapi.BlobState, error) {
	if fi, err := os.Stat(b.path(sha)); err == nil {
		return hubapi.BlobState{Offset: fi.Size(), Complete: true}, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return hubapi.BlobState{}, fmt.Errorf("blob state: %w", err)
	}
	fi, err := os.Stat(b.part(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return hubapi.BlobState{}, nil
	}
	if err != nil {
		return hubapi.BlobState{}, fmt.Errorf("blob state: %w", err)
	}
	return hubapi.BlobState{Offset: fi.Size()}, nil
}

// lockWait is how long an append waits for another one of the same blob:
// after a cut, the desk's next request may come before the hub has seen
// the old one end.
const lockWait = 5 * time.Second

// lock marks blob sha as being appended to, waiting up to wait for another
// request to finish with it; it reports false when that one goes on.
func (b *Blobs) lock(ctx context.Context, sha string, wait time.Duration) bool {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		b.mu.Lock()
		done, busy := b.busy[sha]
		if !busy {
			b.busy[sha] = make(chan struct{})
			b.mu.Unlock()
			return true
		}
		b.mu.Unlock()
		select {
		case <-done:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// unlock ends lock.
func (b *Blobs) unlock(sha string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.busy[sha])
	delete(b.busy, sha)
}

// Append writes the bytes of body at offset of blob sha, which is size
// bytes in all, and returns the state after it; it waits a few seconds for
// another append of the same blob to end, and then gives errBlobBusy. What arrives is kept even
// when body breaks off, so a cut line loses nothing it sent. A blob the hub
// has whole takes nothing and answers complete. An offset other than the
// copy's end gives errBlobOffset with the state; a chunk running past size
// keeps the part within size and gives errBlobOverrun; a whole blob whose
// SHA-256 is not sha is dropped, with errBlobChecksum.
func (b *Blobs) Append(ctx context.Context, sha string, size, offset int64,
	body io.Reader) (hubapi.BlobState, error) {
	if !b.lock(ctx, sha, lockWait) {
		st, err := b.State(sha)
		return st, errors.Join(errBlobBusy, err)
	}
	defer b.unlock(sha)

	st, err := b.State(sha)
	if err != nil || st.Complete {
		return st, err
	}
	if st.Offset != offset || offset > size {
		return st, errBlobOffset
	}
	if err := os.MkdirAll(filepath.Dir(b.part(sha)), 0o700); err != nil {
		return st, fmt.Errorf("append blob: %w", err)
	}
	f, err := os.OpenFile(b.part(sha), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return st, fmt.Errorf("append blob: %w", err)
	}
	n, readErr := io.Copy(f, io.LimitReader(body, size-offset))
	b.written.Add(n)
	if readErr == nil {
		// Anything past size is refused; what came within it is kept.
		if extra, _ := body.Read(make([]byte, 1)); extra > 0 {
			readErr = errBlobOverrun
		}
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return st, fmt.Errorf("append blob: %w", err)
	}
	st.Offset = offset + n
	if readErr != nil || st.Offset < size {
		return st, readErr
	}
	return b.finish(sha, size)
}

// finish checks the whole part of blob sha against its SHA-256 and gives
// it its final name, or drops it.
func (b *Blobs) finish(sha string, size int64) (hubapi.BlobState, error) {
	part := b.part(sha)
	f, err := os.Open(part)
	if err != nil {
		return hubapi.BlobState{}, fmt.Errorf("finish blob: %w", err)
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return hubapi.BlobState{}, fmt.Errorf("finish blob: %w", err)
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		if err := os.Remove(part); err != nil {
			return hubapi.BlobState{}, fmt.Errorf("drop blob: %w", err)
		}
		return hubapi.BlobState{}, errBlobChecksum
	}
	if err := os.Rename(part, b.path(sha)); err != nil {
		return hubapi.BlobState{}, fmt.Errorf("finish blob: %w", err)
	}
	if err := syncFolder(filepath.Dir(part)); err != nil {
		return hubapi.BlobState{}, fmt.Errorf("finish blob: %w", err)
	}
	return hubapi.BlobState{Offset: size, Complete: true}, nil
}

// Open opens the whole blob sha for reading; fs.ErrNotExist when the hub
// does not have all of it.
func (b *Blobs) Open(sha string) (*os.File, error) {
	return os.Open(b.path(sha))
}

// Sweep removes the whole blobs that inUse says no draft lists and the
// parts no desk added to, once they are older than grace, so a blob sent
// just before the draft that lists it is kept. It returns how many files
// it removed. The hub should run it after deleting drafts, and now and
// then, so photos of papers are not kept after their drafts are gone.
func (b *Blobs) Sweep(ctx context.Context, grace time.Duration, now time.Time,
	inUse func(ctx context.Context, sha string) (bool, error)) (int, error) {
	removed := 0
	err := filepath.WalkDir(b.dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := e.Name()
		sha := strings.TrimSuffix(name, ".part")
		fi, err := e.Info()
		if !hubapi.IsSHA256(sha) || err != nil || now.Sub(fi.ModTime()) < grace {
			return nil
		}
		if name == sha {
			used, err := inUse(ctx, sha)
			if err != nil || used {
				return err
			}
		}
		if !b.lock(ctx, sha, 0) {
			return nil
		}
		defer b.unlock(sha)
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("sweep blobs: %w", err)
	}
	return removed, nil
}

// syncFolder makes a rename in dir durable; Windows has no folder sync.
func syncFolder(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
