package catalogue

import (
	"bytes"
	"os"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuiltinIgnoresAWrongClock checks that a desk whose clock is behind
// still loads procedures checked "after" its today, while Load (used by
// the check command) still refuses such a date.
func TestBuiltinIgnoresAWrongClock(t *testing.T) {
	data, err := os.ReadFile("content/temporary_residence.json")
	require.NoError(t, err)
	data = bytes.Replace(data, []byte(`"checked": "2026-12-04"`),
		[]byte(`"checked": "2031-01-01"`), 1)
	fsys := fstest.MapFS{"temporary_residence.json": {Data: data}}

	c, err := load(fsys, time.Time{})
	require.NoError(t, err)
	assert.Len(t, c.All(), 1)

	_, err = load(fsys, time.Date(2030, 12, 31, 12, 0, 0, 0, time.UTC))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "checked: 2031-01-01 is after today")
}
