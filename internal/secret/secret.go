// Package secret seals values with AES-256-GCM: small secrets such as the
// mail password as printable text (Seal, Open) under a key kept in its own
// file, and the citizens' details in the database as bytes bound to where
// they are kept (Box), so that a copy of the database file alone (a backup,
// a file set aside as damaged, a file sent for support) gives none away.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

// sealPrefix marks sealed text and names the scheme, so another scheme can
// be told apart later.
const sealPrefix = "v1:"

// ErrBadKey is returned when a key file is not a key this package wrote.
var ErrBadKey = errors.New("key file is not a valid key")

// ErrOpen is returned when sealed text cannot be opened with the key: it was
// sealed under another key or for another purpose, or it was changed.
var ErrOpen = errors.New("sealed text does not open with this key")

// LoadKey reads the key kept at path; a missing file gives an error that
// matches fs.ErrNotExist.
func LoadKey(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load key: %w", err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("load key: %w", ErrBadKey)
	}
	return key, nil
}

// LoadOrCreateKey reads the key kept at path, or makes a new random key and
// writes it there, readable by its owner only, when the file is missing.
func LoadOrCreateKey(path string) ([]byte, error) {
	key, err := LoadKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}

	key = make([]byte, KeySize)
	rand.Read(key) //nolint:errcheck // crypto/rand.Read never fails since Go 1.24
	if err := WriteNew(path, key); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another process made the key first: use its key.
			return LoadKey(path)
		}
		return nil, fmt.Errorf("create key: %w", err)
	}
	return key, nil
}

// WriteNew writes data to a new file at path with mode 0600, synced to
// disk through a temporary file, so that a crash never leaves half a key
// and an existing file is never replaced (the error matches fs.ErrExist).
// Both the key files of this package and the desk's data key use it.
func WriteNew(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// A hard link fails when path exists, where a rename would replace it.
	if err := os.Link(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a new name in dir durable where the system allows syncing
// a folder; elsewhere (Windows) it is durable once made.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// Seal encrypts plain under key and binds it to purpose, which must be given
// again to Open; the result is printable text.
func Seal(key []byte, plain, purpose string) (string, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce) //nolint:errcheck // crypto/rand.Read never fails since Go 1.24
	out := aead.Seal(nonce, nonce, []byte(plain), []byte(purpose))
	return sealPrefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// Open decrypts text made by Seal with the same key and purpose.
func Open(key []byte, sealed, purpose string) (string, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return "", fmt.Errorf("open sealed: %w", err)
	}
	body, ok := strings.CutPrefix(sealed, sealPrefix)
	if !ok {
		return "", fmt.Errorf("open sealed: unknown scheme: %w", ErrOpen)
	}
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", fmt.Errorf("open sealed: malformed: %w", ErrOpen)
	}
	n := aead.NonceSize()
	plain, err := aead.Open(nil, raw[:n], raw[n:], []byte(purpose))
	if err != nil {
		return "", fmt.Errorf("open sealed: %w", ErrOpen)
	}
	return string(plain), nil
}

// newAEAD makes the AES-256-GCM cipher of key.
func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, ErrBadKey
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
