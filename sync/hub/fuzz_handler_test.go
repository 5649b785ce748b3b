package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// deleteSeeds are delete request bodies, good and bad.
var deleteSeeds = []string{
	`{"protocol":"1.0","deletions":[{"draft_id":"0190f0e2-7b1a-7c3d-8e4f-0123456789ab",` +
		`"reason":"request","desk_time":"2025-07-25T08:00:00Z"}]}`,
	`{"protocol":"1.1","deletions":[{"draft_id":"x","reason":"Nguyễn"},{},null,1]}`,
	`{"protocol":"1.0","deletions":{}}`, `{"protocol":"1.0","deletions":null}`,
	`{"protocol":"1.0","deletions":[{"draft_id":7}]}`, `{"protocol":"2.0","deletions":[]}`,
}

func FuzzDecodeDelete(f *testing.F) {
	for _, s := range append(slices.Clone(decodeSeeds), deleteSeeds...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := hub.DecodeDelete(body)
		if err != nil {
			requireRequestError(t, err)
			return
		}
		assert.NoError(t, hubapi.CheckProtocol(req.Protocol))
		assert.LessOrEqual(t, len(req.Deletions), hubapi.MaxDeletions)
	})
}

// tokenMark in a fuzzed Authorization header stands for the token of the
// enrolled desk, so the fuzzer reaches what lies behind authentication.
const tokenMark = "$TOKEN"

// fuzzHub is a hub server over a real SQLite store with one enrolled desk,
// called without the network, its limits off.
func fuzzHub(f *testing.F) (http.Handler, string) {
	ctx := context.Background()
	db, err := hubstore.Open(ctx, "sqlite://"+filepath.Join(f.TempDir(), "hub.db"))
	require.NoError(f, err)
	f.Cleanup(func() { db.Close() })
	_, code, err := db.CreateDesk(ctx, "Tam Hiệp", "Bàn 1", time.Hour, time.Now())
	require.NoError(f, err)
	_, token, err := db.Enrol(ctx, code, time.Now())
	require.NoError(f, err)
	return hub.New(db, quiet(), hub.WithLimits(hub.Limits{})), token
}

// statusOfCode is the HTTP status each error code comes with.
var statusOfCode = map[string][]int{
	hubapi.CodeBadRequest:          {http.StatusBadRequest},
	hubapi.CodeProtocolUnsupported: {http.StatusBadRequest},
	hubapi.CodeUnauthorized:        {http.StatusUnauthorized},
	hubapi.CodeEnrolRejected:       {http.StatusForbidden},
	hubapi.CodeNotFound:            {http.StatusNotFound},
	hubapi.CodeMethodNotAllowed:    {http.StatusMethodNotAllowed},
	hubapi.CodeTooLarge:            {http.StatusRequestEntityTooLarge},
}

// handlerSeeds are whole requests: method, target, Authorization, body.
var handlerSeeds = []struct{ method, target, auth, body string }{
	{"GET", hubapi.PathInfo, "", ""},
	{"POST", hubapi.PathEnrol, "", `{"protocol":"1.0","code":"ABCDE-FGHJK"}`},
	{"POST", hubapi.PathPush, "Bearer " + tokenMark, decodeSeeds[1]},
	{"POST", hubapi.PathPush, "Bearer " + tokenMark, decodeSeeds[2]},
	{"POST", hubapi.PathPull, "Bearer " + tokenMark, `{"protocol":"1.0","cursor":0}`},
	{"GET", hubapi.PathGuidePack + "?have=3", "Bearer " + tokenMark, ""},
	{"POST", hubapi.PathDelete, "Bearer " + tokenMark, deleteSeeds[0]},
	{"POST", hubapi.PathDelete, "Bearer " + tokenMark, deleteSeeds[1]},
	{"POST", hubapi.PathPull, "Bearer tsd1_x", `{"protocol":"1.0"}`},
	{"PUT", hubapi.PathPush, "Bearer " + tokenMark, ""},
	{"GET", "/v2/pull", "", ""},
	{"GET", "/v1/../v1/info", "", ""},
	{"POST", "/v1/push?x=%zz", "Basic " + tokenMark, "{}"},
}

// FuzzHandler sends whole requests to the hub's handler: whatever a client
// sends, the hub answers with a documented status, and every failure with
// an error body a desk can read. It never fails as a server (5xx).
func FuzzHandler(f *testing.F) {
	for _, s := range handlerSeeds {
		f.Add(s.method, s.target, s.auth, []byte(s.body))
	}
	h, token := fuzzHub(f)
	f.Fuzz(func(t *testing.T, method, target, auth string, body []byte) {
		u, err := url.ParseRequestURI(target)
		if err != nil || method == "" || strings.ContainsAny(method, " \r\n") {
			return // the HTTP server refuses these before the hub sees them
		}
		req := (&http.Request{Method: method, URL: u, RequestURI: target,
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: "hub",
			Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)), RemoteAddr: "192.0.2.7:40000",
		}).WithContext(context.Background())
		if auth != "" {
			req.Header.Set("Authorization", strings.ReplaceAll(auth, tokenMark, token))
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)

		assert.NotEmpty(t, w.Header().Get("X-Request-Id"))
		switch w.Code {
		case http.StatusOK:
			if w.Header().Get("Content-Type") == "application/json" {
				var v struct{ Protocol string }
				require.NoError(t, json.Unmarshal(w.Body.Bytes(), &v), "%s", w.Body)
				assert.Equal(t, hubapi.Protocol, v.Protocol)
			}
			return
		case http.StatusNoContent, http.StatusNotModified:
			assert.Zero(t, w.Body.Len())
			return
		}
		var eb hubapi.ErrorBody
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &eb), "status %d: %s", w.Code,
			w.Body)
		require.NotNil(t, eb.Error, "status %d: %s", w.Code, w.Body)
		assert.Equal(t, hubapi.Protocol, eb.Protocol)
		assert.Contains(t, statusOfCode[eb.Error.Code], w.Code, "code %q: %s",
			eb.Error.Code, eb.Error.Message)
	})
}
