package keystore_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/keystore"
	"tiepsuc/tests/windows/winetest"
)

func TestLoadMakesKeyOnceAndKeepsIt(t *testing.T) {
	dir := filepath.Join(winetest.TempDir(t), "data")
	_, err := keystore.Existing(dir)
	require.ErrorIs(t, err, keystore.ErrNoKey, "nothing is made by Existing")

	k1, err := keystore.Load(dir)
	require.NoError(t, err)
	assert.Len(t, k1, keystore.KeySize)
	assert.NotEqual(t, make([]byte, keystore.KeySize), k1)

	k2, err := keystore.Load(dir)
	require.NoError(t, err)
	assert.Equal(t, k1, k2, "the same key comes back after a restart")
	k3, err := keystore.Existing(dir)
	require.NoError(t, err)
	assert.Equal(t, k1, k3)

	path := filepath.Join(dir, keystore.FileName)
	st, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "readable by its owner only")
	}
	left, err := filepath.Glob(filepath.Join(dir, ".data-key-*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary files left behind")

	other, err := keystore.Load(winetest.TempDir(t))
	require.NoError(t, err)
	assert.NotEqual(t, k1, other, "every desk gets its own random key")
}

func TestLoadRace(t *testing.T) {
	dir := winetest.TempDir(t)
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k, err := keystore.Load(dir)
			assert.NoError(t, err)
			keys[i] = k
		})
	}
	wg.Wait()
	for _, k := range keys[1:] {
		assert.Equal(t, keys[0], k, "every caller ends with the one key on disk")
	}
}

func TestLoadNeverReplacesAKeyFile(t *testing.T) {
	tests := []struct {
		name string
		file []byte
		want error
	}{
		{"empty", []byte{}, keystore.ErrBadKey},
		{"raw key of the old hub-token.key kind", bytes.Repeat([]byte{7}, 32),
			keystore.ErrBadKey},
		{"other format version", []byte("TSDK\x02F" + string(make([]byte, 32))),
			keystore.ErrBadKey},
		{"cut short", append([]byte("TSDK\x01"), nativeSchemeByte()), keystore.ErrBadKey},
		{"other system's scheme", append([]byte("TSDK\x01"),
			append([]byte{foreignSchemeByte()}, make([]byte, 32)...)...), keystore.ErrUnwrap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := winetest.TempDir(t)
			path := filepath.Join(dir, keystore.FileName)
			require.NoError(t, os.WriteFile(path, tt.file, 0o600))

			_, err := keystore.Load(dir)
			require.ErrorIs(t, err, tt.want)
			_, err = keystore.Existing(dir)
			require.ErrorIs(t, err, tt.want)
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tt.file, got, "the file is left as it was")
		})
	}
}

func TestExistingTightensLooseMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows files have no Unix modes")
	}
	dir := winetest.TempDir(t)
	_, err := keystore.Load(dir)
	require.NoError(t, err)
	path := filepath.Join(dir, keystore.FileName)
	require.NoError(t, os.Chmod(path, 0o644))

	_, err = keystore.Existing(dir)
	require.NoError(t, err)
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
}

// nativeSchemeByte is the scheme byte of key files this system writes.
func nativeSchemeByte() byte {
	if keystore.Scheme() == "dpapi" {
		return 'D'
	}
	return 'F'
}

// foreignSchemeByte is the scheme byte of key files another system writes.
func foreignSchemeByte() byte {
	if keystore.Scheme() == "dpapi" {
		return 'F'
	}
	return 'D'
}

// FuzzExisting reads any bytes as a key file: it never panics, gives a key
// of KeySize bytes or an error, and leaves the file as it was.
func FuzzExisting(f *testing.F) {
	f.Add([]byte("TSDK\x01F" + string(bytes.Repeat([]byte{1}, 32))))
	f.Add([]byte("TSDK\x01D\x01\x00\x00\x00"))
	f.Add([]byte("TSDK"))
	dir := winetest.TempDir(f)
	path := filepath.Join(dir, keystore.FileName)
	f.Fuzz(func(t *testing.T, file []byte) {
		require.NoError(t, os.WriteFile(path, file, 0o600))
		key, err := keystore.Existing(dir)
		if err == nil {
			assert.Len(t, key, keystore.KeySize)
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, file, got)
	})
}
