package handoff

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCodeShape: a code is HS- and two groups of four symbols from the
// alphabet, the same for the same uid in any case, and different for
// different uids.
func TestCodeShape(t *testing.T) {
	uid := "01938a2c-5d4e-7f00-8a1b-2c3d4e5f6a7b"
	c := Code(uid)
	assert.Regexp(t, `^HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$`, c)
	assert.Equal(t, c, Code("01938A2C-5D4E-7F00-8A1B-2C3D4E5F6A7B"))
	assert.NotEqual(t, c, Code("01938a2c-5d4e-7f00-8a1b-2c3d4e5f6a7c"))
}

// TestCodesRarelyCollide: 5,000 drafts, more than a center keeps, get
// 5,000 different codes.
func TestCodesRarelyCollide(t *testing.T) {
	seen := map[string]bool{}
	for range 5000 {
		c := Code(uuid.Must(uuid.NewV7()).String())
		require.False(t, seen[c], "collision on %s", c)
		seen[c] = true
	}
}

// TestParse: codes typed by a person or a scanner are read back; what is
// not a code says why.
func TestParse(t *testing.T) {
	good := Code("01938a2c-5d4e-7f00-8a1b-2c3d4e5f6a7b")
	for _, in := range []string{good, " " + good + "\n", "hs-" + good[3:], good[3:7] + good[8:],
		good[3:7] + " " + good[8:]} {
		got, err := Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, good, got)
	}
	// A code whose symbols start with H and S, typed without its prefix.
	got, err := Parse("hs23-4567")
	require.NoError(t, err)
	assert.Equal(t, "HS-HS23-4567", got)
	for _, in := range []string{"", "HS-", "HS-ABCD", "HS-ABCD-EFGH-J", "HS-AB0D-EFGH",
		"HS-ABID-EFGH", "HS-ABCD-EFGĐ", "5LMB-4"} {
		_, err := Parse(in)
		assert.True(t, errors.Is(err, ErrCode), "%q: %v", in, err)
	}
}

// FuzzParse: Parse never panics, and what it accepts it gives back in the
// form Code writes, which it accepts again unchanged.
func FuzzParse(f *testing.F) {
	f.Add(Code("x"))
	f.Add("hs 2345 6789")
	f.Add("HS-ABCD-EFGĐ")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(got)
		require.NoError(t, err)
		assert.Equal(t, got, again)
		assert.Len(t, got, len("HS-2345-6789"))
	})
}
