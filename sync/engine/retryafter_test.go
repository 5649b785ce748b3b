package engine

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"tiepsuc/sync/hubapi"
)

func TestPauseHonoursRetryAfter(t *testing.T) {
	limited := func(d time.Duration) error {
		return fmt.Errorf("push: %w", &hubapi.Error{Status: http.StatusTooManyRequests,
			Code: hubapi.CodeUnavailable, Message: "too many requests", RetryAfter: d})
	}
	e := New(nil, Config{MinBackoff: time.Second, MaxBackoff: 5 * time.Minute})
	tests := []struct {
		name string
		wait time.Duration
		err  error
		want time.Duration
	}{
		{"the hub asks for longer than the backoff", time.Second, limited(42 * time.Second),
			42 * time.Second},
		{"the backoff is already longer", 2 * time.Minute, limited(42 * time.Second),
			2 * time.Minute},
		{"never past the longest pause", time.Second, limited(time.Hour), 5 * time.Minute},
		{"a 429 without the header keeps the backoff", time.Second, limited(0), time.Second},
		{"a network error keeps the backoff", time.Second, errors.New("connection reset"),
			time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, e.notBefore(tt.wait, tt.err))
		})
	}
}
