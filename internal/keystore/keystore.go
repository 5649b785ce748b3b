// Package keystore keeps the desk's data key: the random 256-bit key that
// the citizens' details in the database are encrypted under. The key lives
// in a small file of its own, never in the database, wrapped by the
// system where the system can: on Windows by DPAPI for the signed-in user,
// elsewhere as a file that only its owner may read.
package keystore

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"tiepsuc/internal/secret"
)

// KeySize is the length of the data key in bytes (AES-256).
const KeySize = 32

// FileName is the name of the key file in the folder given to Load.
const FileName = "data.key"

// magic opens every key file this package writes; the byte after it is
// the file format's version, and the byte after that the wrapping scheme.
const magic = "TSDK"

// formatVersion is the version of the key file format.
const formatVersion = 1

// headerSize is the length of magic, version and scheme.
const headerSize = len(magic) + 2

// Wrapping schemes, as the third byte after magic names them.
const (
	// schemeFile keeps the key as it is, in a file only its owner may read.
	schemeFile byte = 'F'
	// schemeDPAPI keeps the key as a Windows DPAPI blob of the current user.
	schemeDPAPI byte = 'D'
)

// ErrNoKey is returned by Existing when the folder holds no key file.
var ErrNoKey = errors.New("no data key file")

// ErrBadKey is returned when a key file is not one this package wrote, or
// was cut short or changed.
var ErrBadKey = errors.New("data key file is damaged")

// ErrUnwrap is returned when the key file is sound but this computer or
// user cannot unwrap it: a DPAPI key of another Windows user or computer,
// or a key file made on another kind of system.
var ErrUnwrap = errors.New("data key is protected for another user or computer")

// Scheme names how this build protects the key: "dpapi" or "file".
func Scheme() string {
	if nativeScheme == schemeDPAPI {
		return "dpapi"
	}
	return "file"
}

// Load returns the data key kept in dir, making a new random key and
// keeping it there when dir holds none. An existing key is never replaced:
// a damaged or unreadable key file is an error, so that data encrypted
// under it is not cut off by a new key.
func Load(dir string) ([]byte, error) {
	key, err := Existing(dir)
	if !errors.Is(err, ErrNoKey) {
		return key, err
	}

	key = make([]byte, KeySize)
	rand.Read(key) //nolint:errcheck // crypto/rand.Read never fails since Go 1.24
	blob, err := wrap(key)
	if err != nil {
		return nil, fmt.Errorf("create data key: %w", err)
	}
	file := append([]byte(magic), formatVersion, nativeScheme)
	file = append(file, blob...)
	if err := secret.WriteNew(filepath.Join(dir, FileName), file); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another process made the key first: use its key.
			return Existing(dir)
		}
		return nil, fmt.Errorf("create data key: %w", err)
	}
	return key, nil
}

// Existing returns the data key kept in dir, or ErrNoKey when there is
// none; it never makes one.
func Existing(dir string) ([]byte, error) {
	path := filepath.Join(dir, FileName)
	file, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("load data key %s: %w", path, ErrNoKey)
	}
	if err != nil {
		return nil, fmt.Errorf("load data key: %w", err)
	}
	if len(file) < headerSize || string(file[:len(magic)]) != magic ||
		file[len(magic)] != formatVersion {
		return nil, fmt.Errorf("load data key %s: %w", path, ErrBadKey)
	}
	if scheme := file[len(magic)+1]; scheme != nativeScheme {
		return nil, fmt.Errorf("load data key %s: scheme %q: %w", path, scheme, ErrUnwrap)
	}
	key, err := unwrap(file[headerSize:])
	if err != nil {
		return nil, fmt.Errorf("load data key %s: %w", path, err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("load data key %s: %w", path, ErrBadKey)
	}
	tighten(path)
	return key, nil
}

// tighten makes a key file that others may read (copied in with loose
// permissions) readable by its owner only, where the system has such modes.
func tighten(path string) {
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(path, 0o600)
	}
}
