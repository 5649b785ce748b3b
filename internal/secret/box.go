package secret

import (
	"crypto/cipher"
	"crypto/rand"
	"fmt"
)

// boxVersion opens every value a Box seals and names its scheme:
// AES-256-GCM with a random 96-bit nonce.
const boxVersion byte = 1

// Box seals and opens values under one key with AES-256-GCM, each bound
// to associated data that names where the value is kept, so that a value
// moved elsewhere does not open. A Box is safe for use by many goroutines.
//
// Nonces are random: a key should seal fewer than 2³² values, which is
// about a thousand years of a busy desk's edits.
type Box struct {
	aead cipher.AEAD
}

// NewBox makes a Box for a key of KeySize bytes.
func NewBox(key []byte) (*Box, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, fmt.Errorf("new box: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Overhead is how many bytes sealing adds to a value.
func (b *Box) Overhead() int {
	return 1 + b.aead.NonceSize() + b.aead.Overhead()
}

// Seal encrypts plain bound to ad and returns version, nonce and
// ciphertext in one slice.
func (b *Box) Seal(plain, ad []byte) []byte {
	n := b.aead.NonceSize()
	out := make([]byte, 1+n, b.Overhead()+len(plain))
	out[0] = boxVersion
	rand.Read(out[1:]) //nolint:errcheck // crypto/rand.Read never fails since Go 1.24
	return b.aead.Seal(out, out[1:1+n], plain, ad)
}

// Open decrypts a value made by Seal with the same key and ad; any other
// value gives ErrOpen.
func (b *Box) Open(sealed, ad []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) < b.Overhead() || sealed[0] != boxVersion {
		return nil, fmt.Errorf("open box: malformed: %w", ErrOpen)
	}
	plain, err := b.aead.Open(nil, sealed[1:1+n], sealed[1+n:], ad)
	if err != nil {
		return nil, fmt.Errorf("open box: %w", ErrOpen)
	}
	return plain, nil
}
