package attach

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Ref names a stored file: its SHA-256 in lower-case hex, its size in bytes
// and its kind. Drafts and the hub refer to a file by its SHA-256 alone.
type Ref struct {
	SHA256 string
	Size   int64
	Kind   Kind
}

// FileName is the name of the stored file: the SHA-256 and the kind's
// extension. It never holds anything about the citizen.
func (r Ref) FileName() string { return r.SHA256 + r.Kind.Ext() }

// Store keeps attachments in one folder (the data folder's "attachments"),
// each file named by the SHA-256 of its bytes. The same bytes are kept once;
// a file is written whole or not at all, and checked against its name
// whenever it is read. The Store keeps no list of which draft uses which
// file: that is the database's job, and the caller's before Remove.
//
// One Store at a time should use a folder, as the data folder's instance
// lock ensures; its methods are safe to call from several goroutines.
type Store struct {
	dir string
	log *slog.Logger
}

// tempPrefix starts the name of a file still being written; staleTemp is
// the age after which such a file is taken for the leftover of a crash.
const (
	tempPrefix = ".put-"
	staleTemp  = 10 * time.Minute
)

// OpenStore opens the attachment folder dir, creating it (mode 0700) when
// missing, and removes the leftovers of writes a crash interrupted.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open attachments: %w", err)
	}
	s := &Store{dir: dir, log: slog.Default()}
	if err := s.cleanTemps(); err != nil {
		return nil, fmt.Errorf("open attachments: %w", err)
	}
	return s, nil
}

// Put keeps data, after checking it as Check does, and returns its Ref. It
// writes a temporary file, syncs it, links it under its final name and
// syncs the folder, so a crash leaves either the whole file or none. The
// same bytes again write nothing and return the same Ref; a stored file is
// never replaced by other bytes. A stored copy found damaged is replaced by
// these bytes, which are by their name the right ones.
func (s *Store) Put(data []byte) (Ref, error) {
	kind, err := Check("", data)
	if err != nil {
		return Ref{}, err
	}
	sum := sha256.Sum256(data)
	ref := Ref{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Kind: kind}
	path := s.path(ref)

	err = checkFile(path, ref)
	if err == nil {
		return ref, nil
	}
	repair := !errors.Is(err, fs.ErrNotExist)
	if repair {
		s.log.Warn("stored attachment damaged; writing it again", "op", "put",
			"attachment", shortSHA(ref.SHA256), "err", err)
	}

	tmp, err := s.writeTemp(data)
	if err != nil {
		return Ref{}, fmt.Errorf("put attachment: %w", err)
	}
	defer os.Remove(tmp)
	if err := s.settle(tmp, path, ref, repair); err != nil {
		return Ref{}, fmt.Errorf("put attachment: %w", err)
	}
	if err := syncDir(s.dir); err != nil {
		return Ref{}, fmt.Errorf("put attachment: %w", err)
	}
	return ref, nil
}

// settle gives the written temporary file tmp its final name path. A hard
// link never replaces a file, so a copy another Put finished meanwhile is
// kept when it is sound; a damaged copy (repair) is replaced by a rename, as
// is any copy where the file system has no hard links.
func (s *Store) settle(tmp, path string, ref Ref, repair bool) error {
	if !repair {
		err := os.Link(tmp, path)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, fs.ErrExist):
			if checkFile(path, ref) == nil {
				return nil
			}
		default:
			s.log.Info("no hard links here; renaming", "op", "put", "err", err)
		}
	}
	return os.Rename(tmp, path)
}

// writeTemp writes data to a new temporary file in the folder, synced to
// disk, and returns its path.
func (s *Store) writeTemp(data []byte) (string, error) {
	f, err := os.CreateTemp(s.dir, tempPrefix+"*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// File is a stored attachment opened for reading, held in memory after its
// checksum was verified. Besides io.ReadCloser it is an io.Seeker and an
// io.ReaderAt, for an upload that resumes at an offset.
type File struct {
	r   *bytes.Reader
	ref Ref
}

// Read reads the next bytes of the file.
func (f *File) Read(p []byte) (int, error) { return f.r.Read(p) }

// ReadAt reads the bytes at offset off.
func (f *File) ReadAt(p []byte, off int64) (int, error) { return f.r.ReadAt(p, off) }

// Seek sets where the next Read starts.
func (f *File) Seek(offset int64, whence int) (int64, error) { return f.r.Seek(offset, whence) }

// Close releases nothing, the file being read already; it is there for
// io.ReadCloser.
func (f *File) Close() error { return nil }

// Ref returns the Ref of the file.
func (f *File) Ref() Ref { return f.ref }

// Open returns the stored file with SHA-256 sha, after reading it whole and
// checking its bytes against sha: a damaged file gives an *Error matching
// ErrCorrupt, never its bytes, and a file not in the folder one matching
// ErrMissing (and fs.ErrNotExist).
func (s *Store) Open(sha string) (*File, error) {
	data, ref, err := s.Load(sha)
	if err != nil {
		return nil, err
	}
	return &File{r: bytes.NewReader(data), ref: ref}, nil
}

// Load returns the bytes and Ref of the stored file with SHA-256 sha,
// checked as Open does.
func (s *Store) Load(sha string) ([]byte, Ref, error) {
	if !validSHA(sha) {
		return nil, Ref{}, fmt.Errorf("open attachment %q: not a SHA-256", sha)
	}
	path, kind, err := s.find(sha)
	if err != nil {
		return nil, Ref{}, err
	}
	data, err := readChecked(path, sha)
	if err != nil {
		return nil, Ref{}, err
	}
	return data, Ref{SHA256: sha, Size: int64(len(data)), Kind: kind}, nil
}

// find returns the path and kind of the stored file with SHA-256 sha.
func (s *Store) find(sha string) (string, Kind, error) {
	for _, k := range kinds {
		path := filepath.Join(s.dir, sha+k.Ext())
		_, err := os.Lstat(path)
		if err == nil {
			return path, k, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", "", fmt.Errorf("open attachment %s: %w", shortSHA(sha), err)
		}
	}
	return "", "", refuse(ErrMissing, "attach.missing", "", fs.ErrNotExist)
}

// readChecked reads the file at path, which must hold at most MaxBytes
// whose SHA-256 is sha.
func readChecked(path, sha string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, refuse(ErrMissing, "attach.missing", "", err)
	}
	if err != nil {
		return nil, fmt.Errorf("read attachment %s: %w", shortSHA(sha), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read attachment %s: %w", shortSHA(sha), err)
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != sha {
		return nil, refuse(ErrCorrupt, "attach.corrupt", "",
			fmt.Errorf("%d bytes do not match the checksum", len(data)))
	}
	return data, nil
}

// checkFile returns nil when the file at path is ref's, or why it is not:
// an error matching fs.ErrNotExist when there is no such file.
func checkFile(path string, ref Ref) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Size() != ref.Size {
		return fmt.Errorf("%d bytes where %d were written", fi.Size(), ref.Size)
	}
	_, err = readChecked(path, ref.SHA256)
	return err
}

// Remove deletes the stored file with SHA-256 sha. The Store cannot know
// whether a draft still uses it: call it only once the database says no
// draft refers to the file. A file already gone is not an error.
func (s *Store) Remove(sha string) error {
	if !validSHA(sha) {
		return fmt.Errorf("remove attachment %q: not a SHA-256", sha)
	}
	for _, k := range kinds {
		err := os.Remove(filepath.Join(s.dir, sha+k.Ext()))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove attachment %s: %w", shortSHA(sha), err)
		}
	}
	if err := syncDir(s.dir); err != nil {
		return fmt.Errorf("remove attachment %s: %w", shortSHA(sha), err)
	}
	return nil
}

// validSHA reports whether sha is a SHA-256 in lower-case hex, which also
// keeps any path out of a file name made from it.
func validSHA(sha string) bool {
	if len(sha) != 2*sha256.Size {
		return false
	}
	return strings.Trim(sha, "0123456789abcdef") == ""
}

// cleanTemps removes the temporary files of writes older than staleTemp,
// which a crash left behind; a write still under way is left alone.
func (s *Store) cleanTemps() error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		fi, err := e.Info()
		if err != nil || time.Since(fi.ModTime()) < staleTemp {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, e.Name())); err != nil &&
			!errors.Is(err, fs.ErrNotExist) {
			return err
		}
		s.log.Info("removed an unfinished attachment write", "op", "clean")
	}
	return nil
}

// syncDir makes the names just linked, renamed or removed in dir durable.
// Windows has no way to sync a folder; NTFS journals the names itself.
func syncDir(dir string) error {
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
