package guides

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits on a whole pack, enforced while it is copied and before any of it
// is parsed: a pack comes over the network, and a zip can claim any size.
const (
	// maxPackFiles is the most files a pack may hold.
	maxPackFiles = 1000
	// maxPackBytes is the most bytes a pack may hold, zipped or unzipped.
	maxPackBytes = 32 << 20
)

// errPackFull stops a copy once the pack is over a limit.
var errPackFull = errors.New("pack over its size limits")

// unpacker copies the files of a pack that the app would read into a folder,
// and nothing else.
type unpacker struct {
	src   fs.FS
	dst   string
	files int
	bytes int64
	rep   Report
}

// unpack copies the guide files, pack.json and pictures of src into the
// empty folder dst, so that they can be checked and installed there. Each
// file is read through a limit, so no claimed size is ever trusted, and
// synced to disk. Only names the check can accept are written, which also
// keeps every name inside dst. What breaks a limit or has a wrong name is
// in the report's problems; what is left out is in its warnings.
func unpack(src fs.FS, dst string) (Report, error) {
	u := &unpacker{src: src, dst: dst}
	err := u.root()
	if errors.Is(err, errPackFull) {
		err = nil
	}
	return u.rep, err
}

// root copies the files at the root of the pack and its pictures folder.
func (u *unpacker) root() error {
	entries, err := fs.ReadDir(u.src, ".")
	if err != nil {
		return fmt.Errorf("read pack: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
		case e.IsDir() && name == picturesDir:
			if err := u.pictures(); err != nil {
				return err
			}
		case e.Type().IsRegular() && name == manifestName:
			if err := u.copy(name, maxManifestBytes); err != nil {
				return err
			}
		case e.Type().IsRegular() && path.Ext(name) == ".json":
			if !validID(strings.TrimSuffix(name, ".json")) {
				u.problem(name, "not a guide file name: use lower-case letters, digits "+
					"and single dashes, then .json")
				continue
			}
			if err := u.copy(name, maxFileBytes); err != nil {
				return err
			}
		default:
			u.warn(name, "left out: a pack holds guide files (*.json), pack.json and pictures/")
		}
	}
	return nil
}

// pictures copies the pack's pictures folder.
func (u *unpacker) pictures() error {
	entries, err := fs.ReadDir(u.src, picturesDir)
	if err != nil {
		return fmt.Errorf("read pack: %w", err)
	}
	if err := os.Mkdir(filepath.Join(u.dst, picturesDir), 0o755); err != nil {
		return fmt.Errorf("unpack: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		file := path.Join(picturesDir, name)
		switch {
		case strings.HasPrefix(name, "."):
		case !e.Type().IsRegular():
			u.warn(file, "left out: pictures/ holds picture files only")
		case !validPictureName(name):
			u.problem(file, "not a picture name: use lower-case letters, digits, dashes "+
				"and .svg or .png")
		default:
			if err := u.copy(file, maxPictureBytes); err != nil {
				return err
			}
		}
	}
	return nil
}

// copy copies the file at name (a slash path) into dst, reading at most
// limit bytes of it, and syncs the copy. A file that cannot be read, such as
// a damaged zip entry, is a problem of the pack; one that cannot be written
// is an error of the desk.
func (u *unpacker) copy(name string, limit int64) error {
	u.files++
	if u.files > maxPackFiles {
		u.problem("", fmt.Sprintf("pack holds more than %d files", maxPackFiles))
		return errPackFull
	}
	data, err := readLimited(u.src, name, limit)
	if err != nil {
		u.problem(name, "cannot be read: "+err.Error())
		return nil
	}
	u.bytes += int64(len(data))
	switch {
	case int64(len(data)) > limit:
		u.problem(name, fmt.Sprintf("file is more than %d bytes", limit))
		return nil
	case u.bytes > maxPackBytes:
		u.problem("", fmt.Sprintf("pack holds more than %d bytes", maxPackBytes))
		return errPackFull
	}
	if err := writeSynced(filepath.Join(u.dst, filepath.FromSlash(name)), data); err != nil {
		return fmt.Errorf("unpack %s: %w", name, err)
	}
	return nil
}

// readLimited reads up to limit+1 bytes of the file at name, so that a file
// over the limit shows as one byte too long whatever size it claims.
func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// writeSynced creates the file at dst, which must not exist, with data and
// flushes it to disk.
func writeSynced(dst string, data []byte) error {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// problem records something that makes the pack unusable.
func (u *unpacker) problem(file, msg string) {
	u.rep.Problems = append(u.rep.Problems, Problem{File: file, Message: msg})
}

// warn records something left out of the pack.
func (u *unpacker) warn(file, msg string) {
	u.rep.Warnings = append(u.rep.Warnings, Problem{File: file, Message: msg})
}
