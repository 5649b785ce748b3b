package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"tiepsuc/internal/attach"
	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// AttachmentsFolder is the folder of the data folder that holds the
// attachments (package attach), as the app keeps them.
const AttachmentsFolder = "attachments"

// Bounds of the attachment sync.
const (
	// uploadsPerRound is the most files one round looks at; the next round
	// goes on.
	uploadsPerRound = 200
	// maxUploadTries is how many answers that are neither a success nor a
	// network failure a file gets before it is refused for good.
	maxUploadTries = 3
	// absentWait is how long a file the hub does not have (yet) is left
	// before the desk asks for it again.
	absentWait = 5 * time.Minute
)

// blobState is the engine's part of the attachment sync: the desk's
// attachment folder, what a cut download brought so far, and the files
// the hub said it does not have.
type blobState struct {
	mu      sync.Mutex
	files   *attach.Store
	partSHA string
	part    []byte
	absent  map[string]time.Time
}

// attachments opens the desk's attachment folder on first use; nil when
// the engine has no data folder.
func (e *Engine) attachments() (*attach.Store, error) {
	if e.cfg.DataDir == "" {
		return nil, nil
	}
	b := &e.blobs
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.files == nil {
		s, err := attach.OpenStore(filepath.Join(e.cfg.DataDir, AttachmentsFolder))
		if err != nil {
			return nil, err
		}
		b.files = s
	}
	return b.files, nil
}

// sendBlobs sends the queued files to the hub, before the push of the
// snapshots that list them. A file the hub will not take, or that this
// desk can no longer read, is marked refused and never sent again; a
// network failure ends the round, and the next one goes on from what the
// hub has.
func (e *Engine) sendBlobs(ctx context.Context, c *hubClient) error {
	files, err := e.attachments()
	if files == nil {
		return local(err)
	}
	ups, err := e.st.PendingUploads(ctx, uploadsPerRound)
	if err != nil {
		return local(err)
	}
	if len(ups) > 0 {
		e.update(func(s *Status) { s.Sending = true })
	}
	for _, u := range ups {
		if err := e.sendBlob(ctx, c, files, u); err != nil {
			return err
		}
	}
	return nil
}

// sendBlob sends one file and records what became of it.
func (e *Engine) sendBlob(ctx context.Context, c *hubClient, files *attach.Store,
	u store.Upload) error {
	short := u.SHA256[:12]
	st, err := c.api.BlobState(ctx, u.SHA256)
	if err != nil {
		return e.blobFailed(ctx, u, err)
	}
	if st.Complete {
		e.log.Info("attachment already at the hub", "blob", short)
		return local(e.st.MarkUploaded(ctx, u.SHA256))
	}
	f, err := files.Open(u.SHA256)
	if err != nil {
		return e.unreadable(ctx, u, err)
	}
	size := f.Ref().Size
	err = c.api.UploadBlob(ctx, u.SHA256, f, size, func(sent int64) {
		if err := e.st.SetUploadSent(ctx, u.SHA256, sent); err != nil {
			e.log.Warn("record upload progress", "blob", short, "err", err)
		}
	})
	if err == nil {
		e.log.Info("attachment sent", "blob", short, "bytes", size)
		return local(e.st.MarkUploaded(ctx, u.SHA256))
	}
	return e.blobFailed(ctx, u, err)
}

// unreadable records a file this desk cannot send because its copy is
// missing or damaged: the volunteer must add it again.
func (e *Engine) unreadable(ctx context.Context, u store.Upload, err error) error {
	var ae *attach.Error
	if !errors.As(err, &ae) {
		return local(err)
	}
	e.log.Warn("attachment cannot be read; not sent", "blob", u.SHA256[:12], "err", err)
	return local(e.st.RefuseUpload(ctx, u.SHA256, ae.Key))
}

// blobFailed decides what a failed upload means: a network failure or a
// busy hub ends the round; a file too large for the hub is refused at
// once; a checksum mismatch has the desk check its own copy; other answers
// are counted and the file refused after maxUploadTries. A hub without the
// blob endpoints (404) leaves the file queued and the drafts go on.
func (e *Engine) blobFailed(ctx context.Context, u store.Upload, err error) error {
	short := u.SHA256[:12]
	var he *hubapi.Error
	switch {
	case !errors.As(err, &he) || he.Retryable():
		return err
	case he.Code == hubapi.CodeOffsetMismatch:
		return &Error{Key: KeyHubBusy, Err: err}
	case he.Status == http.StatusNotFound:
		e.log.Warn("hub takes no attachments; file left queued", "blob", short)
		return nil
	case he.Status == http.StatusRequestEntityTooLarge:
		e.log.Warn("hub refused attachment as too large", "blob", short, "bytes", u.Size)
		return local(e.st.RefuseUpload(ctx, u.SHA256, store.ReasonRefused))
	case he.Code == hubapi.CodeChecksumMismatch:
		if _, lerr := e.attachmentsOpen(u.SHA256); lerr != nil {
			return e.unreadable(ctx, u, lerr)
		}
	case he.Code == hubapi.CodeUnauthorized, he.Code == hubapi.CodeProtocolUnsupported:
		return err
	}
	tries, cerr := e.st.CountUploadTry(ctx, u.SHA256)
	if cerr != nil {
		return local(cerr)
	}
	e.log.Warn("attachment not taken", "blob", short, "tries", tries, "err", err)
	if tries >= maxUploadTries {
		return local(e.st.RefuseUpload(ctx, u.SHA256, store.ReasonRefused))
	}
	return nil
}

// attachmentsOpen checks the desk's copy of a file again.
func (e *Engine) attachmentsOpen(sha string) (*attach.File, error) {
	files, err := e.attachments()
	if err != nil || files == nil {
		return nil, fmt.Errorf("attachment folder: %w", err)
	}
	return files.Open(sha)
}

// fetchBlobs fetches from the hub the files the desk's drafts list but its
// attachment folder lacks: those of drafts handed off from another desk.
// It never fails the round; a cut download goes on next time from where
// it stopped, and a file the hub does not have is asked for again later.
func (e *Engine) fetchBlobs(ctx context.Context, c *hubClient) {
	files, err := e.attachments()
	if files == nil {
		if err != nil {
			e.log.Warn("open attachment folder", "err", err)
		}
		return
	}
	want, err := e.st.AttachmentsInUse(ctx)
	if err != nil {
		e.log.Warn("list attachments", "err", err)
		return
	}
	list, err := files.List(ctx)
	if err != nil {
		e.log.Warn("list attachment folder", "err", err)
		return
	}
	have := make(map[string]bool, len(list))
	for _, r := range list {
		have[r.SHA256] = true
	}
	for _, w := range want {
		if have[w.SHA256] || e.recentlyAbsent(w.SHA256) {
			continue
		}
		if !e.fetchBlob(ctx, c, files, w.SHA256) {
			return
		}
	}
}

// fetchBlob fetches one file into the attachment folder and reports
// whether to go on with the next one.
func (e *Engine) fetchBlob(ctx context.Context, c *hubClient, files *attach.Store,
	sha string) bool {
	short := sha[:12]
	b := &e.blobs
	b.mu.Lock()
	var have []byte
	if b.partSHA == sha {
		have = b.part
	}
	b.mu.Unlock()

	data, err := c.api.DownloadBlob(ctx, sha, have, nil)
	var he *hubapi.Error
	switch {
	case errors.Is(err, hubapi.ErrBlobDamaged):
		e.log.Warn("attachment damaged on the way; asked again later", "blob", short)
		e.keepPart("", nil)
		e.markAbsent(sha)
		return true
	case errors.As(err, &he) && !he.Retryable():
		e.log.Info("attachment not at the hub", "blob", short, "code", he.Code)
		e.markAbsent(sha)
		return true
	case err != nil:
		e.log.Warn("attachment download cut; goes on next time", "blob", short,
			"bytes", len(data), "err", err)
		e.keepPart(sha, data)
		return false
	}
	e.keepPart("", nil)
	if _, err := files.Put(data); err != nil {
		e.log.Warn("attachment from the hub not kept", "blob", short, "err", err)
		e.markAbsent(sha)
		return true
	}
	e.log.Info("attachment fetched", "blob", short, "bytes", len(data))
	return true
}

// keepPart keeps what a cut download brought, to go on from next time.
func (e *Engine) keepPart(sha string, data []byte) {
	e.blobs.mu.Lock()
	defer e.blobs.mu.Unlock()
	e.blobs.partSHA, e.blobs.part = sha, data
}

// markAbsent notes that the hub did not give a file now.
func (e *Engine) markAbsent(sha string) {
	e.blobs.mu.Lock()
	defer e.blobs.mu.Unlock()
	if e.blobs.absent == nil {
		e.blobs.absent = map[string]time.Time{}
	}
	e.blobs.absent[sha] = time.Now()
}

// recentlyAbsent reports whether the hub did not give a file a moment ago.
func (e *Engine) recentlyAbsent(sha string) bool {
	e.blobs.mu.Lock()
	defer e.blobs.mu.Unlock()
	at, ok := e.blobs.absent[sha]
	if ok && time.Since(at) >= absentWait {
		delete(e.blobs.absent, sha)
		return false
	}
	return ok
}
