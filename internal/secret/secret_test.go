package secret_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/secret"
)

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "hub.key")
	k1, err := secret.LoadOrCreateKey(path)
	require.NoError(t, err)
	assert.Len(t, k1, secret.KeySize)

	k2, err := secret.LoadOrCreateKey(path)
	require.NoError(t, err)
	assert.Equal(t, k1, k2, "the same key comes back, so sealed tokens still open")

	st, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "key readable by owner only")
	}
	left, err := filepath.Glob(filepath.Join(filepath.Dir(path), ".key-*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary files left behind")
}

func TestLoadOrCreateKeyRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.key")
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k, err := secret.LoadOrCreateKey(path)
			assert.NoError(t, err)
			keys[i] = k
		})
	}
	wg.Wait()
	for _, k := range keys[1:] {
		assert.Equal(t, keys[0], k, "every caller ends with the one key on disk")
	}
}

func TestLoadOrCreateKeyRefusesBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.key")
	require.NoError(t, os.WriteFile(path, []byte("short"), 0o600))
	_, err := secret.LoadOrCreateKey(path)
	assert.ErrorIs(t, err, secret.ErrBadKey)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "short", string(b), "a bad key file is never replaced silently")
}

func TestSealOpen(t *testing.T) {
	key := make([]byte, secret.KeySize)
	other := make([]byte, secret.KeySize)
	other[0] = 1
	const token = "tok_8f3a9c2e1b7d"

	sealed, err := secret.Seal(key, token, "hub token")
	require.NoError(t, err)
	assert.NotContains(t, sealed, token)
	again, err := secret.Seal(key, token, "hub token")
	require.NoError(t, err)
	assert.NotEqual(t, sealed, again, "a fresh nonce every time")

	tamper := []byte(sealed)
	tamper[len(tamper)-2] ^= 1
	tests := []struct {
		name    string
		key     []byte
		sealed  string
		purpose string
		wantErr error
	}{
		{"same key and purpose", key, sealed, "hub token", nil},
		{"other key", other, sealed, "hub token", secret.ErrOpen},
		{"other purpose", key, sealed, "mail password", secret.ErrOpen},
		{"changed byte", key, string(tamper), "hub token", secret.ErrOpen},
		{"cut short", key, sealed[:10], "hub token", secret.ErrOpen},
		{"no scheme", key, strings.TrimPrefix(sealed, "v1:"), "hub token", secret.ErrOpen},
		{"short key", key[:16], sealed, "hub token", secret.ErrBadKey},
		{"empty", key, "", "hub token", secret.ErrOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := secret.Open(tt.key, tt.sealed, tt.purpose)
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, token, got)
		})
	}
}

func FuzzOpen(f *testing.F) {
	key := make([]byte, secret.KeySize)
	s, err := secret.Seal(key, "tok", "p")
	require.NoError(f, err)
	f.Add(s)
	f.Add("v1:")
	f.Add("v1:AAAA")
	f.Fuzz(func(t *testing.T, sealed string) {
		got, err := secret.Open(key, sealed, "p")
		if err != nil {
			assert.Empty(t, got)
			return
		}
		// Only text sealed under the key opens, and it holds what was sealed.
		assert.True(t, strings.HasPrefix(sealed, "v1:"))
		assert.Equal(t, "tok", got)
	})
}
