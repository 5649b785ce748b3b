package engine

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBackoffCappedFullJitter(t *testing.T) {
	top := func(n int64) int64 { return n - 1 }
	bottom := func(int64) int64 { return 0 }
	cfg := Config{MinBackoff: time.Second, MaxBackoff: time.Minute}
	tests := []struct {
		name     string
		failures int
		rand     func(int64) int64
		want     time.Duration
	}{
		{"first failure, top of the range", 1, top, time.Second},
		{"second failure doubles the cap", 2, top, 2 * time.Second},
		{"sixth failure", 6, top, 32 * time.Second},
		{"seventh failure meets the cap", 7, top, time.Minute},
		{"many failures stay at the cap", 500, top, time.Minute},
		{"shift past 64 bits stays at the cap", 64, top, time.Minute},
		{"bottom of the range is never a busy loop", 3, bottom, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg
			c.Rand = tt.rand
			e := New(nil, c)
			assert.Equal(t, tt.want, e.backoff(tt.failures))
		})
	}
}

func TestBackoffSpreadsDesks(t *testing.T) {
	e := New(nil, Config{MinBackoff: time.Second, MaxBackoff: time.Minute})
	seen := map[time.Duration]bool{}
	for range 50 {
		d := e.backoff(6)
		assert.LessOrEqual(t, d, 32*time.Second)
		assert.GreaterOrEqual(t, d, 100*time.Millisecond)
		seen[d] = true
	}
	assert.Greater(t, len(seen), 40, "300 desks coming back together do not retry in step")
}
