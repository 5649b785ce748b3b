package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the Argon2id costs of a PIN hash. Every hash carries the
// Params it was made with, so they can be raised later without locking
// anyone out.
type Params struct {
	// Memory is in KiB.
	Memory uint32
	// Time is the number of passes over the memory.
	Time uint32
	// Threads is the number of lanes.
	Threads uint8
	// SaltLen and KeyLen are in bytes.
	SaltLen uint32
	KeyLen  uint32
}

// DefaultParams cost 64 MiB and 0.2 to 0.3 s a check on one core of the
// build machine (BenchmarkVerify), more on an older desk PC: fast enough
// for a sign-in, slow enough that trying the million 6-digit PINs against
// a stolen file takes days of one core rather than seconds.
var DefaultParams = Params{Memory: 64 * 1024, Time: 3, Threads: 1, SaltLen: 16, KeyLen: 32}

// CheapParams make hashing take microseconds; only tests should use them.
var CheapParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds on the Params a stored hash may name, so that an edited hash
// cannot make a sign-in take the desk's memory or minutes of work.
const (
	maxMemory  = 256 * 1024
	maxTime    = 16
	maxThreads = 16
	minSalt    = 8
	maxSalt    = 64
	minKey     = 16
	maxKey     = 64
)

// ErrBadHash is returned for a stored hash that is not one this package
// wrote or could have written.
var ErrBadHash = errors.New("malformed PIN hash")

// hashPrefix opens every encoded hash: the algorithm and its version.
const hashPrefix = "$argon2id$v=19$"

// b64 is the unpadded base64 of encoded hashes; Strict refuses stray bits,
// so each hash has one spelling.
var b64 = base64.RawStdEncoding.Strict()

// check reports whether p is within the bounds a stored hash may have.
func (p Params) check() error {
	switch {
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("threads %d: %w", p.Threads, ErrBadHash)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("memory %d KiB: %w", p.Memory, ErrBadHash)
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("time %d: %w", p.Time, ErrBadHash)
	case p.SaltLen < minSalt || p.SaltLen > maxSalt:
		return fmt.Errorf("salt length %d: %w", p.SaltLen, ErrBadHash)
	case p.KeyLen < minKey || p.KeyLen > maxKey:
		return fmt.Errorf("key length %d: %w", p.KeyLen, ErrBadHash)
	}
	return nil
}

// Hasher hashes new PINs with its Params and checks PINs against stored
// hashes made with any Params.
type Hasher struct {
	params Params
	rand   io.Reader
}

// HasherOption changes a Hasher made by NewHasher.
type HasherOption func(*Hasher)

// WithParams makes new hashes with p instead of DefaultParams.
func WithParams(p Params) HasherOption {
	return func(h *Hasher) { h.params = p }
}

// WithRandom reads salts from r instead of crypto/rand.
func WithRandom(r io.Reader) HasherOption {
	return func(h *Hasher) { h.rand = r }
}

// NewHasher returns a Hasher with DefaultParams unless an option says
// otherwise.
func NewHasher(opts ...HasherOption) *Hasher {
	h := &Hasher{params: DefaultParams, rand: rand.Reader}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Params returns the Params new hashes are made with.
func (h *Hasher) Params() Params { return h.params }

// Hash returns the encoded Argon2id hash of pin with a fresh salt. It does
// not judge the PIN; CheckPIN does.
func (h *Hasher) Hash(pin string) (string, error) {
	if err := h.params.check(); err != nil {
		return "", fmt.Errorf("hash PIN: %w", err)
	}
	salt := make([]byte, h.params.SaltLen)
	if _, err := io.ReadFull(h.rand, salt); err != nil {
		return "", fmt.Errorf("hash PIN: salt: %w", err)
	}
	key := derive(pin, salt, h.params)
	return encodeHash(h.params, salt, key), nil
}

// Verify reports whether pin is the PIN encoded was made from, comparing in
// constant time. A malformed encoded gives ErrBadHash.
func (h *Hasher) Verify(encoded, pin string) (bool, error) {
	p, salt, key, err := DecodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := derive(pin, salt, p)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// Stale reports whether encoded was made with other Params than the
// Hasher's, so that it should be made again the next time the PIN is known.
func (h *Hasher) Stale(encoded string) bool {
	p, _, _, err := DecodeHash(encoded)
	return err != nil || p != h.params
}

// derive runs Argon2id; salt and key lengths come from the salt and p.
func derive(pin string, salt []byte, p Params) []byte {
	return argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// encodeHash writes the usual text form of an Argon2id hash:
// $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<key>.
func encodeHash(p Params, salt, key []byte) string {
	return fmt.Sprintf("%sm=%d,t=%d,p=%d$%s$%s", hashPrefix, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// DecodeHash reads a hash written by Hash, refusing any other spelling and
// any Params out of bounds, and returns its Params, salt and key.
func DecodeHash(encoded string) (Params, []byte, []byte, error) {
	rest, ok := strings.CutPrefix(encoded, hashPrefix)
	if !ok {
		return Params{}, nil, nil, fmt.Errorf("algorithm or version: %w", ErrBadHash)
	}
	parts := strings.Split(rest, "$")
	if len(parts) != 3 {
		return Params{}, nil, nil, fmt.Errorf("parts: %w", ErrBadHash)
	}
	var p Params
	if err := decodeCosts(parts[0], &p); err != nil {
		return Params{}, nil, nil, err
	}
	salt, ok := decodeB64(parts[1])
	if !ok {
		return Params{}, nil, nil, fmt.Errorf("salt: %w", ErrBadHash)
	}
	key, ok := decodeB64(parts[2])
	if !ok {
		return Params{}, nil, nil, fmt.Errorf("key: %w", ErrBadHash)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.check(); err != nil {
		return Params{}, nil, nil, err
	}
	return p, salt, key, nil
}

// decodeB64 reads unpadded base64 in its one spelling; the decoder alone
// would skip line breaks.
func decodeB64(s string) ([]byte, bool) {
	b, err := b64.DecodeString(s)
	return b, err == nil && b64.EncodeToString(b) == s
}

// decodeCosts reads "m=<n>,t=<n>,p=<n>" into p.
func decodeCosts(s string, p *Params) error {
	fields := strings.Split(s, ",")
	names := [...]string{"m=", "t=", "p="}
	if len(fields) != len(names) {
		return fmt.Errorf("costs: %w", ErrBadHash)
	}
	var vals [len(names)]uint32
	for i, f := range fields {
		digits, ok := strings.CutPrefix(f, names[i])
		if !ok || !canonicalNumber(digits) {
			return fmt.Errorf("cost %q: %w", names[i], ErrBadHash)
		}
		v, err := strconv.ParseUint(digits, 10, 32)
		if err != nil {
			return fmt.Errorf("cost %q: %w", names[i], ErrBadHash)
		}
		vals[i] = uint32(v)
	}
	if vals[2] > maxThreads {
		return fmt.Errorf("threads %d: %w", vals[2], ErrBadHash)
	}
	p.Memory, p.Time, p.Threads = vals[0], vals[1], uint8(vals[2])
	return nil
}

// canonicalNumber reports whether s is a decimal number without a sign or
// leading zero.
func canonicalNumber(s string) bool {
	if s == "" || len(s) > 10 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
