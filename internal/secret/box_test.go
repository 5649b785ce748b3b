package secret_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/secret"
)

func TestBoxSealOpen(t *testing.T) {
	key := bytes.Repeat([]byte{3}, secret.KeySize)
	other := bytes.Repeat([]byte{4}, secret.KeySize)
	box, err := secret.NewBox(key)
	require.NoError(t, err)
	otherBox, err := secret.NewBox(other)
	require.NoError(t, err)
	plain := []byte(`{"citizen.id_number":"075160001234"}`)
	ad := []byte("drafts.fields/7")

	sealed := box.Seal(plain, ad)
	assert.False(t, bytes.Contains(sealed, []byte("075160001234")))
	assert.Len(t, sealed, len(plain)+box.Overhead())
	assert.NotEqual(t, sealed, box.Seal(plain, ad), "a fresh nonce every time")

	changed := bytes.Clone(sealed)
	changed[len(changed)/2] ^= 1
	otherVersion := bytes.Clone(sealed)
	otherVersion[0] = 2
	tests := []struct {
		name   string
		box    *secret.Box
		sealed []byte
		ad     string
		want   []byte
	}{
		{"same key and place", box, sealed, string(ad), plain},
		{"another row", box, sealed, "drafts.fields/8", nil},
		{"another column", box, sealed, "outbox.payload/7", nil},
		{"another key", otherBox, sealed, string(ad), nil},
		{"changed byte", box, changed, string(ad), nil},
		{"unknown version", box, otherVersion, string(ad), nil},
		{"cut short", box, sealed[:box.Overhead()-1], string(ad), nil},
		{"empty", box, nil, string(ad), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.box.Open(tt.sealed, []byte(tt.ad))
			if tt.want == nil {
				assert.ErrorIs(t, err, secret.ErrOpen)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	empty := box.Seal(nil, ad)
	got, err := box.Open(empty, ad)
	require.NoError(t, err)
	assert.Empty(t, got, "an empty value seals and opens too")

	_, err = secret.NewBox(key[:16])
	assert.ErrorIs(t, err, secret.ErrBadKey)
}

func FuzzBoxOpen(f *testing.F) {
	box, err := secret.NewBox(make([]byte, secret.KeySize))
	require.NoError(f, err)
	f.Add(box.Seal([]byte("Trần Thị Hoà"), []byte("ad")))
	f.Add([]byte{1})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, sealed []byte) {
		got, err := box.Open(sealed, []byte("ad"))
		if err != nil {
			assert.Nil(t, got)
			return
		}
		// Only a value sealed under the key opens, and it holds what was sealed.
		assert.Equal(t, "Trần Thị Hoà", string(got))
	})
}
