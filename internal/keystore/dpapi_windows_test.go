//go:build windows

package keystore

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/tests/windows/winetest"
)

func TestDPAPIWrapsTheKey(t *testing.T) {
	key := bytes.Repeat([]byte{0x5a, 0xc3}, KeySize/2)
	blob, err := wrap(key)
	require.NoError(t, err)
	assert.False(t, bytes.Contains(blob, key), "the blob does not hold the key in clear")

	got, err := unwrap(blob)
	require.NoError(t, err)
	assert.Equal(t, key, got)

	changed := bytes.Clone(blob)
	changed[len(changed)-5] ^= 1
	_, err = unwrap(changed)
	assert.ErrorIs(t, err, ErrUnwrap, "a changed blob does not unwrap")
}

func TestDPAPIKeyFileHoldsNoKey(t *testing.T) {
	dir := winetest.TempDir(t)
	key, err := Load(dir)
	require.NoError(t, err)
	file, err := os.ReadFile(filepath.Join(dir, FileName))
	require.NoError(t, err)
	assert.Equal(t, byte('D'), file[len(magic)+1])
	assert.False(t, bytes.Contains(file, key), "the key file does not hold the key in clear")

	again, err := Existing(dir)
	require.NoError(t, err)
	assert.Equal(t, key, again)
}
