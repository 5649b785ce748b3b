package hub_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hubapi"
)

// requireRequestError asserts a decoding error is a hub error a desk can
// act on: a 4xx status and a known code.
func requireRequestError(t *testing.T, err error) {
	var he *hubapi.Error
	require.True(t, errors.As(err, &he), "decoding errors are hub errors: %v", err)
	assert.GreaterOrEqual(t, he.Status, 400)
	assert.Less(t, he.Status, 500)
	assert.NotEmpty(t, he.Code)
}

var decodeSeeds = []string{
	`{"protocol":"1.0","code":"ABCDE-FGH23"}`,
	`{"protocol":"1.0","changes":[{"draft_id":"0190f0e2-7b1a-7c3d-8e4f-0123456789ab",` +
		`"base_version":0,"new_version":1,"payload":{"a":1},"desk_time":"2025-07-25T08:00:00Z"}]}`,
	`{"protocol":"1.0","changes":[{"base_version":"x"},{},null,1]}`,
	`{"protocol":"1.0","cursor":12,"limit":5000}`,
	`{"protocol":"2.0"}`, `{"protocol":"01.0"}`, `{"protocol":1}`, `[]`, `null`, ``,
	`{"protocol":"1.0","changes":{}}`, `{"protocol":"1.0","cursor":-1}`,
}

func FuzzDecodeEnrol(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := hub.DecodeEnrol(body)
		if err != nil {
			requireRequestError(t, err)
			return
		}
		assert.NotEmpty(t, req.Code)
		assert.NoError(t, hubapi.CheckProtocol(req.Protocol))
	})
}

func FuzzDecodePush(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		changes, err := hub.DecodePush(body)
		if err != nil {
			requireRequestError(t, err)
			return
		}
		assert.LessOrEqual(t, len(changes), hubapi.MaxBatch)
		for _, c := range changes {
			assert.LessOrEqual(t, len(c.Change.DraftID), len(body))
			if c.Problem != "" {
				assert.Zero(t, c.Change.NewVersion, "an unreadable change carries its id only")
			}
		}
	})
}

func FuzzDecodePull(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := hub.DecodePull(body)
		if err != nil {
			requireRequestError(t, err)
			return
		}
		assert.GreaterOrEqual(t, req.Cursor, int64(0))
		assert.True(t, req.Limit >= 1 && req.Limit <= hubapi.MaxPullLimit,
			"limit %d filled in and bounded", req.Limit)
	})
}

// TestDecodeErrorsAreRequestErrors keeps the seeds, and any input the fuzz
// targets found, as table rows.
func TestDecodeErrorsAreRequestErrors(t *testing.T) {
	for _, s := range decodeSeeds {
		t.Run(s, func(t *testing.T) {
			if _, err := hub.DecodePull([]byte(s)); err != nil {
				requireRequestError(t, err)
			}
			if _, err := hub.DecodePush([]byte(s)); err != nil {
				requireRequestError(t, err)
			}
		})
	}
	_, err := hub.DecodePush([]byte(`{"protocol":"3.1","changes":[]}`))
	var he *hubapi.Error
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusBadRequest, he.Status)
	assert.Equal(t, hubapi.CodeProtocolUnsupported, he.Code)
	assert.Contains(t, he.Message, "this hub speaks 1.0")
}
