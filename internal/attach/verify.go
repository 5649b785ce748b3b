package attach

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Fault is a stored file that cannot be trusted: Err is an *Error matching
// ErrMissing or ErrCorrupt, whose message tells the volunteer what to do.
type Fault struct {
	SHA256 string
	Err    error
}

// List returns the Ref of every file in the folder, by SHA-256, without
// reading them; files that are not attachments (a temporary file, a
// "desktop.ini") are left out. With the database's list of used files it
// finds the files no draft uses any more.
func (s *Store) List(ctx context.Context) ([]Ref, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	var refs []Ref
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("list attachments: %w", err)
		}
		ref, ok := parseFileName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		ref.Size = fi.Size()
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, func(a, b Ref) int { return cmp.Compare(a.SHA256, b.SHA256) })
	return refs, nil
}

// Verify reads every file in the folder and checks it against its name,
// and looks for each SHA-256 in want (the files the drafts use). It returns
// a Fault for each damaged file and each wanted file that is missing, by
// SHA-256. It also removes what crashed writes left behind. A damaged file
// is left in place: putting the same bytes again repairs it.
func (s *Store) Verify(ctx context.Context, want []string) ([]Fault, error) {
	if err := s.cleanTemps(); err != nil {
		return nil, fmt.Errorf("verify attachments: %w", err)
	}
	refs, err := s.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("verify attachments: %w", err)
	}
	var faults []Fault
	have := make(map[string]bool, len(refs))
	for _, ref := range refs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("verify attachments: %w", err)
		}
		have[ref.SHA256] = true
		_, err := readChecked(s.path(ref), ref.SHA256)
		switch {
		case err == nil:
		case errors.As(err, new(*Error)):
			faults = append(faults, Fault{SHA256: ref.SHA256, Err: err})
		default:
			return nil, fmt.Errorf("verify attachments: %w", err)
		}
	}
	for _, sha := range want {
		if !have[sha] {
			have[sha] = true
			faults = append(faults, Fault{SHA256: sha,
				Err: refuse(ErrMissing, "attach.missing", "", fs.ErrNotExist)})
		}
	}
	slices.SortFunc(faults, func(a, b Fault) int { return cmp.Compare(a.SHA256, b.SHA256) })
	return faults, nil
}

// path returns where the file of ref is kept.
func (s *Store) path(ref Ref) string { return filepath.Join(s.dir, ref.FileName()) }

// parseFileName reads a stored file's name back into a Ref without size.
func parseFileName(name string) (Ref, bool) {
	for _, k := range kinds {
		sha, ok := strings.CutSuffix(name, k.Ext())
		if ok && validSHA(sha) {
			return Ref{SHA256: sha, Kind: k}, true
		}
	}
	return Ref{}, false
}
