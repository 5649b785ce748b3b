package guides

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Installed packs live under <data folder>/guides/, one folder per version:
//
//	guides/v7/            pack.json, guide files, pictures/
//	guides/.incoming-123/ a pack being installed, or left by a crash
//
// A version folder only ever appears by renaming a complete, checked and
// synced temporary folder, so a crash at any moment leaves either the old
// pack or the new one, never half of one.
const (
	// packsDir is the folder under the data folder that holds the packs.
	packsDir = "guides"
	// incomingPrefix starts the name of a pack folder still being written.
	incomingPrefix = ".incoming-"
)

// ErrNotNewer is wrapped by the error of InstallPack when the pack's
// version is not newer than the guides the desk already has.
var ErrNotNewer = errors.New("guide pack is not newer than the guides in use")

// installMu keeps two installs in one process from racing.
var installMu sync.Mutex

// InstallPackZip installs a pack sent as a zip file; see InstallPack.
func InstallPackZip(dataDir string, data []byte) error {
	if len(data) > maxPackBytes {
		return fmt.Errorf("install guide pack: %w", &LoadError{Problems: []Problem{{
			Message: fmt.Sprintf("pack is %d bytes, at most %d", len(data), maxPackBytes)}}})
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("install guide pack: %w", &LoadError{Problems: []Problem{{
			Message: "not a zip file: " + err.Error()}}})
	}
	return InstallPack(dataDir, zr)
}

// InstallPack installs the guide pack in pack under dataDir/guides/. The
// pack is copied to a temporary folder and checked there exactly as
// CheckDir checks a folder, with pack.json required. It is refused, and the
// guides in use are left untouched, if the check finds any problem (the
// error then wraps a *LoadError listing them) or if its version is not
// newer than both the installed pack and the built-in guides (the error
// wraps ErrNotNewer). Otherwise the checked copy is synced to disk and
// renamed into place, and older installed packs are removed.
func InstallPack(dataDir string, pack fs.FS) error {
	installMu.Lock()
	defer installMu.Unlock()

	root := filepath.Join(dataDir, packsDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("install guide pack: %w", err)
	}
	removeLeftovers(root)
	tmp, err := os.MkdirTemp(root, incomingPrefix+"*")
	if err != nil {
		return fmt.Errorf("install guide pack: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = os.RemoveAll(tmp)
		}
	}()

	man, err := unpackChecked(pack, tmp)
	if err != nil {
		return fmt.Errorf("install guide pack: %w", err)
	}
	inUse, err := versionInUse(root)
	if err != nil {
		return fmt.Errorf("install guide pack: %w", err)
	}
	if man.Version <= inUse {
		return fmt.Errorf("install guide pack: version %d, but version %d is in use: %w",
			man.Version, inUse, ErrNotNewer)
	}

	if err := syncTree(tmp); err != nil {
		return fmt.Errorf("install guide pack: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(root, versionDir(man.Version))); err != nil {
		return fmt.Errorf("install guide pack: %w", err)
	}
	done = true
	if err := syncDir(root); err != nil {
		return fmt.Errorf("install guide pack: %w", err)
	}
	removeOlder(root, man.Version)
	return nil
}

// unpackChecked copies pack into the empty folder dir and checks the copy.
func unpackChecked(pack fs.FS, dir string) (Manifest, error) {
	rep, err := unpack(pack, dir)
	if err != nil {
		return Manifest{}, err
	}
	if !rep.Clean() {
		return Manifest{}, &LoadError{Problems: rep.Problems}
	}
	rep, _, man, err := inspect(os.DirFS(dir), true)
	if err != nil {
		return Manifest{}, err
	}
	if !rep.Clean() {
		return Manifest{}, &LoadError{Problems: rep.Problems}
	}
	return man, nil
}

// versionInUse is the version of the guides a desk would use now: the
// newest installed pack, or the built-in guides if they are newer.
func versionInUse(root string) (int, error) {
	builtin, err := BuiltinVersion()
	if err != nil {
		return 0, err
	}
	versions, err := installedVersions(root)
	if err != nil {
		return 0, err
	}
	if len(versions) > 0 {
		return max(builtin, versions[0]), nil
	}
	return builtin, nil
}

// LoadNewest returns the newest usable guides and their pack version: the
// newest installed pack under dataDir/guides/ that checks clean and is newer
// than the built-in guides, or else the built-in guides. A damaged
// installed pack is logged and skipped, never fatal. The error is only for
// built-in guides that cannot be loaded.
func LoadNewest(dataDir string) (*Library, int, error) {
	lib, err := Builtin()
	if err != nil {
		return nil, 0, fmt.Errorf("load guides: %w", err)
	}
	builtin, err := BuiltinVersion()
	if err != nil {
		return nil, 0, fmt.Errorf("load guides: %w", err)
	}
	if dataDir == "" {
		return lib, builtin, nil
	}

	root := filepath.Join(dataDir, packsDir)
	versions, err := installedVersions(root)
	if err != nil {
		slog.Warn("installed guide packs unreadable", "op", "guides.load", "err", err)
	}
	for _, v := range versions {
		if v <= builtin {
			break
		}
		installed, err := loadInstalled(filepath.Join(root, versionDir(v)), v)
		if err != nil {
			slog.Warn("installed guide pack skipped", "op", "guides.load", "version", v,
				"err", err)
			continue
		}
		return installed, v, nil
	}
	return lib, builtin, nil
}

// loadInstalled loads and checks the installed pack in dir, which must
// carry version.
func loadInstalled(dir string, version int) (*Library, error) {
	rep, lib, man, err := inspect(os.DirFS(dir), true)
	if err != nil {
		return nil, err
	}
	if !rep.Clean() {
		return nil, &LoadError{Problems: rep.Problems}
	}
	if man.Version != version {
		return nil, fmt.Errorf("%s says version %d but is installed as version %d",
			manifestName, man.Version, version)
	}
	return lib, nil
}

// versionDir names the folder of an installed pack version.
func versionDir(v int) string {
	return "v" + strconv.Itoa(v)
}

// parseVersionDir returns the version a folder name stands for, if it is one.
func parseVersionDir(name string) (int, bool) {
	digits, ok := strings.CutPrefix(name, "v")
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(digits)
	if err != nil || v < 1 || v > maxPackVersion || versionDir(v) != name {
		return 0, false
	}
	return v, true
}

// installedVersions lists the versions installed under root, newest first.
func installedVersions(root string) ([]int, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read installed guide packs: %w", err)
	}
	var out []int
	for _, e := range entries {
		if v, ok := parseVersionDir(e.Name()); ok && e.IsDir() {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

// removeLeftovers deletes temporary folders left by an install that was cut
// short; they were never used, so failing to delete one is only logged.
func removeLeftovers(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), incomingPrefix) {
			if err := os.RemoveAll(filepath.Join(root, e.Name())); err != nil {
				slog.Warn("leftover guide pack not removed", "op", "guides.install", "err", err)
			}
		}
	}
}

// removeOlder deletes the installed packs older than keep. They are no
// longer used, so failing to delete one is only logged.
func removeOlder(root string, keep int) {
	versions, err := installedVersions(root)
	if err != nil {
		slog.Warn("old guide packs not removed", "op", "guides.install", "err", err)
		return
	}
	for _, v := range versions {
		if v >= keep {
			continue
		}
		if err := os.RemoveAll(filepath.Join(root, versionDir(v))); err != nil {
			slog.Warn("old guide pack not removed", "op", "guides.install", "version", v,
				"err", err)
		}
	}
}

// syncTree flushes dir and its pictures folder to disk. The files in them
// were synced as they were written.
func syncTree(dir string) error {
	pics := filepath.Join(dir, picturesDir)
	if _, err := os.Stat(pics); err == nil {
		if err := syncDir(pics); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

// syncDir flushes a folder's entries to disk, so that a file created in it
// or renamed into it survives a power cut.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		// Windows cannot open a folder for syncing; NTFS journals the
		// folder's entries itself.
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("sync folder: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}
