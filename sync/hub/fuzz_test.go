package hub_test

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
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
	assert.Contains(t, he.Message, "this hub speaks "+hubapi.Protocol)
}

// guidePackSeeds are query strings and If-None-Match headers of guide pack
// requests, good and bad.
var guidePackSeeds = [][2]string{
	{"have=3", ""},
	{"have=0", `"` + strings.Repeat("ab", 32) + `"`},
	{"have=2147483647", `W/"` + strings.Repeat("0", 64) + `", *`},
	{"have=2147483648", ""}, {"have=+3", ""}, {"have=-1", ""}, {"have=", ""}, {"", ""},
	{"have=1&have=2", ""}, {"have=1&x=y", "*"}, {"have=%zz", ""}, {"have=1;x=2", ""},
	{"have=007", `"ABAB"`}, {"have=%31", `""`}, {"have=１", ""},
}

func FuzzDecodeGuidePack(f *testing.F) {
	for _, s := range guidePackSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, query, ifNoneMatch string) {
		req, err := hub.DecodeGuidePack(query, ifNoneMatch)
		if err != nil {
			requireRequestError(t, err)
			return
		}
		assert.True(t, req.Have >= 0 && req.Have <= hubapi.MaxGuidePackVersion,
			"have %d in range", req.Have)
		assert.LessOrEqual(t, len(req.Skip), 16, "a bounded number of tags")
		for _, s := range req.Skip {
			assert.True(t, hubapi.IsSHA256(s), "skip %q is a SHA-256", s)
		}
		again, err := hub.DecodeGuidePack("have="+strconv.Itoa(req.Have), "")
		require.NoError(t, err)
		assert.Equal(t, req.Have, again.Have, "the version reads back the same")
	})
}

func TestDecodeGuidePack(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	many := strings.Repeat(`"`+sum+`",`, 20)
	tests := []struct {
		query, inm string
		want       hub.GuidePackRequest
		ok         bool
	}{
		{"have=3", "", hub.GuidePackRequest{Have: 3}, true},
		{"have=007&later=1", "", hub.GuidePackRequest{Have: 7}, true},
		{"have=%31", "", hub.GuidePackRequest{Have: 1}, true},
		{"have=2147483647", "", hub.GuidePackRequest{Have: 2147483647}, true},
		{"have=0", `W/"` + sum + `", "nope", *`,
			hub.GuidePackRequest{Skip: []string{sum}, SkipAny: true}, true},
		{"have=0", many, hub.GuidePackRequest{Skip: strings.Split(
			strings.Repeat(sum+",", 16), ",")[:16]}, true},
		{"have=2147483648", "", hub.GuidePackRequest{}, false},
		{"have=+3", "", hub.GuidePackRequest{}, false},
		{"have=", "", hub.GuidePackRequest{}, false},
		{"", "", hub.GuidePackRequest{}, false},
		{"have=1&have=1", "", hub.GuidePackRequest{}, false},
		{"have=%zz", "", hub.GuidePackRequest{}, false},
		{"have=1;x=2", "", hub.GuidePackRequest{}, false},
		{"have=１", "", hub.GuidePackRequest{}, false},
	}
	for _, tt := range tests {
		name := tt.query + " " + tt.inm
		t.Run(name[:min(len(name), 60)], func(t *testing.T) {
			got, err := hub.DecodeGuidePack(tt.query, tt.inm)
			if !tt.ok {
				requireRequestError(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
