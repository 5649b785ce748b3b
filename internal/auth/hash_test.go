package auth_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/auth"
)

// cheap hashes with CheapParams, so tests take microseconds.
func cheap() *auth.Hasher {
	return auth.NewHasher(auth.WithParams(auth.CheapParams))
}

func TestHashVerify(t *testing.T) {
	h := cheap()
	enc, err := h.Hash("482137")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$"), enc)
	assert.NotContains(t, enc, "482137")

	ok, err := h.Verify(enc, "482137")
	require.NoError(t, err)
	assert.True(t, ok, "the right PIN")

	for _, wrong := range []string{"482138", "48213", "4821370", "", "482137 "} {
		ok, err := h.Verify(enc, wrong)
		require.NoError(t, err)
		assert.False(t, ok, "wrong PIN %q", wrong)
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	h := cheap()
	a, err := h.Hash("482137")
	require.NoError(t, err)
	b, err := h.Hash("482137")
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "two volunteers with one PIN must not share a hash")
}

func TestHashKnownAnswer(t *testing.T) {
	// The expected text was made by the reference argon2 command
	// (echo -n 482137 | argon2 saltsaltsaltsalt -id -t 1 -k 64 -p 1 -l 32 -e):
	// a change of algorithm or encoding would lock every volunteer out.
	const want = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$" +
		"ahsIfk8fFHRdvNw2X2xbmfasr0WV2xfcJsGij0F75ow"
	h := auth.NewHasher(auth.WithParams(auth.CheapParams),
		auth.WithRandom(strings.NewReader("saltsaltsaltsalt")))
	enc, err := h.Hash("482137")
	require.NoError(t, err)
	assert.Equal(t, want, enc)

	ok, err := cheap().Verify(want, "482137")
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestVerifyUsesStoredParams(t *testing.T) {
	// A hash made with old costs still verifies after the costs change,
	// and is reported stale so it can be made again.
	old := auth.NewHasher(auth.WithParams(auth.Params{Memory: 128, Time: 2, Threads: 1,
		SaltLen: 16, KeyLen: 32}))
	enc, err := old.Hash("482137")
	require.NoError(t, err)

	h := cheap()
	ok, err := h.Verify(enc, "482137")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.True(t, h.Stale(enc))
	assert.False(t, old.Stale(enc))
}

func TestDecodeHashRefuses(t *testing.T) {
	good, err := cheap().Hash("482137")
	require.NoError(t, err)
	_, _, _, err = auth.DecodeHash(good)
	require.NoError(t, err)

	salt := "$BwcHBwcHBwcHBwcHBwcHBw$"
	key := "$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	tests := map[string]string{
		"empty":             "",
		"argon2i":           "$argon2i$v=19$m=64,t=1,p=1" + salt[:len(salt)-1] + key,
		"old version":       "$argon2id$v=16$m=64,t=1,p=1" + salt[:len(salt)-1] + key,
		"leading zero":      "$argon2id$v=19$m=064,t=1,p=1" + salt[:len(salt)-1] + key,
		"sign":              "$argon2id$v=19$m=+64,t=1,p=1" + salt[:len(salt)-1] + key,
		"costs out of turn": "$argon2id$v=19$t=1,m=64,p=1" + salt[:len(salt)-1] + key,
		"memory too big":    "$argon2id$v=19$m=4194304,t=1,p=1" + salt[:len(salt)-1] + key,
		"memory too small":  "$argon2id$v=19$m=7,t=1,p=1" + salt[:len(salt)-1] + key,
		"too many passes":   "$argon2id$v=19$m=64,t=17,p=1" + salt[:len(salt)-1] + key,
		"no lanes":          "$argon2id$v=19$m=64,t=1,p=0" + salt[:len(salt)-1] + key,
		"lanes overflow":    "$argon2id$v=19$m=64,t=1,p=257" + salt[:len(salt)-1] + key,
		"short salt":        "$argon2id$v=19$m=64,t=1,p=1$BwcH" + key,
		"short key":         "$argon2id$v=19$m=64,t=1,p=1" + salt + "AAAA",
		"padded salt":       "$argon2id$v=19$m=64,t=1,p=1$BwcHBwcHBwcHBwcHBwcHBw==" + key,
		"extra part":        good + "$",
		"stray bits":        "$argon2id$v=19$m=64,t=1,p=1$BwcHBwcHBwcHBwcHBwcHBx" + key,
		// Found by FuzzDecodeHash: the base64 decoder skips line breaks.
		"line break in key":  "$argon2id$v=19$m=10,t=1,p=1$00000000000$000000000000000\r00000000",
		"line break in salt": "$argon2id$v=19$m=64,t=1,p=1$BwcHBwcHBwcH\nBwcHBwcHBw" + key,
	}
	for name, enc := range tests {
		t.Run(name, func(t *testing.T) {
			_, _, _, err := auth.DecodeHash(enc)
			assert.ErrorIs(t, err, auth.ErrBadHash)
			ok, err := cheap().Verify(enc, "482137")
			assert.ErrorIs(t, err, auth.ErrBadHash)
			assert.False(t, ok)
		})
	}
}

func TestHashRefusesBadParams(t *testing.T) {
	h := auth.NewHasher(auth.WithParams(auth.Params{Memory: 64, Time: 0, Threads: 1,
		SaltLen: 16, KeyLen: 32}))
	_, err := h.Hash("482137")
	assert.ErrorIs(t, err, auth.ErrBadHash)
}

// FuzzDecodeHash checks that a hash is read only in the one spelling Hash
// writes: whatever decodes, encodes back to the same text.
func FuzzDecodeHash(f *testing.F) {
	good, err := cheap().Hash("482137")
	require.NoError(f, err)
	f.Add(good)
	f.Add("$argon2id$v=19$m=65536,t=3,p=1$BwcHBwcHBwcHBwcHBwcHBw$" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, enc string) {
		p, salt, key, err := auth.DecodeHash(enc)
		if err != nil {
			return
		}
		again := auth.EncodeHash(p, salt, key)
		if again != enc {
			t.Fatalf("DecodeHash accepted %q, which encodes back as %q", enc, again)
		}
	})
}

// BenchmarkVerify measures one sign-in check with DefaultParams; the
// target on a desk PC is 0.2 to 0.5 s.
func BenchmarkVerify(b *testing.B) {
	h := auth.NewHasher()
	enc, err := h.Hash("482137")
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Verify(enc, "482137"); err != nil {
			b.Fatal(err)
		}
	}
}
