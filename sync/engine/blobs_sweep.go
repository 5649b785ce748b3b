package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"tiepsuc/internal/attach"
	"tiepsuc/internal/store"
)

// sweepGrace is how old a file no draft lists must be before a round
// removes it: a file is put in the folder just before it is attached.
const sweepGrace = time.Hour

// SweepAttachments removes from the attachment folder of dataDir the files
// that no draft of st lists any more (those of drafts deleted on request,
// purged, or whose file was taken off) once they are older than grace, and
// returns how many it removed. A younger file may be one being attached
// right now. Each round of the engine runs it with an hour of grace; the
// app may run it at start, and after deleting sessions.
func SweepAttachments(ctx context.Context, st *store.Store, dataDir string,
	grace time.Duration, now time.Time) (int, error) {
	dir := filepath.Join(dataDir, AttachmentsFolder)
	files, err := attach.OpenStore(dir)
	if err != nil {
		return 0, fmt.Errorf("sweep attachments: %w", err)
	}
	list, err := files.List(ctx)
	if err != nil {
		return 0, fmt.Errorf("sweep attachments: %w", err)
	}
	inUse, err := st.AttachmentsInUse(ctx)
	if err != nil {
		return 0, fmt.Errorf("sweep attachments: %w", err)
	}
	used := make(map[string]bool, len(inUse))
	for _, a := range inUse {
		used[a.SHA256] = true
	}
	removed := 0
	for _, ref := range list {
		if used[ref.SHA256] {
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, ref.FileName()))
		if errors.Is(err, fs.ErrNotExist) || (err == nil && now.Sub(fi.ModTime()) < grace) {
			continue
		}
		// Asked again: the file may have been attached since the list.
		if again, err := st.AttachmentInUse(ctx, ref.SHA256); err != nil || again {
			continue
		}
		if err := files.Remove(ref.SHA256); err != nil {
			return removed, fmt.Errorf("sweep attachments: %w", err)
		}
		removed++
	}
	return removed, nil
}

// sweepFiles runs SweepAttachments after a round, when the engine keeps
// attachments.
func (e *Engine) sweepFiles(ctx context.Context) {
	if e.cfg.DataDir == "" {
		return
	}
	n, err := SweepAttachments(ctx, e.st, e.cfg.DataDir, sweepGrace, time.Now())
	if err != nil {
		e.log.Warn("sweep attachments", "err", err)
	}
	if n > 0 {
		e.log.Info("attachments no draft uses removed", "files", n)
	}
}
