package hub_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/guides"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hub"
	"tiepsuc/sync/hubapi"
)

// publish checks a pack zip as `hub guides publish` does and keeps it.
func publish(tb testing.TB, h *testHub, zip []byte) string {
	tb.Helper()
	check, err := hub.CheckGuidePack("pack.zip", zip)
	require.NoError(tb, err)
	require.True(tb, check.Clean, "%s", strings.Join(check.Lines, "\n"))
	gp, err := h.DB.PublishGuidePack(context.Background(), check.Version, zip, time.Now())
	require.NoError(tb, err)
	return gp.SHA256
}

func TestGuidePackServedToDesks(t *testing.T) {
	builtin, err := guides.BuiltinVersion()
	require.NoError(t, err)
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			other, _ := h.enrolDesk(t, "Long Bình", "Bàn 1")

			offer, err := desk.GuidePack(ctx, builtin, "")
			require.NoError(t, err)
			assert.Equal(t, hubapi.GuidePackOffer{}, offer, "nothing published yet")

			// Every commune's desks get the pack, byte for byte.
			zip := enginetest.GuidePack(t, builtin+1, nil)
			sum := publish(t, h, zip)
			for _, c := range []*hubapi.Client{desk, other} {
				offer, err := c.GuidePack(ctx, builtin, "")
				require.NoError(t, err)
				assert.True(t, offer.Newer)
				assert.Equal(t, builtin+1, offer.Version)
				assert.Equal(t, sum, offer.SHA256)
				assert.True(t, bytes.Equal(zip, offer.Zip))
			}

			// A desk that has it gets nothing; one that refused it skips it.
			offer, err = desk.GuidePack(ctx, builtin+1, "")
			require.NoError(t, err)
			assert.Equal(t, hubapi.GuidePackOffer{}, offer)
			offer, err = desk.GuidePack(ctx, builtin, sum)
			require.NoError(t, err)
			assert.Equal(t, hubapi.GuidePackOffer{Skipped: true}, offer)

			// A newer pack reaches the desk that refused the last one, also
			// after the hub restarts.
			zip2 := enginetest.GuidePack(t, builtin+2, nil)
			publish(t, h, zip2)
			h2 := h.restart(t)
			offer, err = h2.client(t, desk.Token).GuidePack(ctx, builtin, sum)
			require.NoError(t, err)
			assert.True(t, offer.Newer)
			assert.Equal(t, builtin+2, offer.Version)
			assert.True(t, bytes.Equal(zip2, offer.Zip))
		})
	}
}

// get sends a GET with a token and extra headers and returns the answer,
// its body read.
func get(tb testing.TB, h *testHub, token, path string, header map[string]string) (
	*http.Response, []byte) {
	tb.Helper()
	hc, err := hubapi.PinnedHTTPClient(h.Fingerprint, 30*time.Second)
	require.NoError(tb, err)
	req, err := http.NewRequest(http.MethodGet, h.URL+path, nil)
	require.NoError(tb, err)
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(tb, err)
	return resp, b
}

func TestGuidePackHeaders(t *testing.T) {
	h := newHub(t, "sqlite")
	desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	zip := enginetest.GuidePack(t, 7, nil)
	sum := publish(t, h, zip)

	resp, body := get(t, h, desk.Token, hubapi.PathGuidePack+"?have=6", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, zip, body)
	assert.Equal(t, "application/zip", resp.Header.Get("Content-Type"))
	assert.Equal(t, `"`+sum+`"`, resp.Header.Get("ETag"))
	assert.Equal(t, "7", resp.Header.Get(hubapi.HeaderGuidePackVersion))
	assert.Equal(t, sum, resp.Header.Get(hubapi.HeaderGuidePackSHA256))
	assert.Equal(t, int64(len(zip)), resp.ContentLength)

	for _, inm := range []string{`W/"` + sum + `"`, `"` + strings.Repeat("0", 64) + `", "` +
		sum + `"`, "*"} {
		resp, body = get(t, h, desk.Token, hubapi.PathGuidePack+"?have=6",
			map[string]string{"If-None-Match": inm})
		assert.Equal(t, http.StatusNotModified, resp.StatusCode, inm)
		assert.Empty(t, body)
	}
	resp, body = get(t, h, desk.Token, hubapi.PathGuidePack+"?have=7", nil)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Empty(t, body)
}

func TestGuidePackRequestErrors(t *testing.T) {
	h := newHub(t, "sqlite")
	desk, resp := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	gone, goneResp := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
	require.NoError(t, h.DB.RevokeDesk(context.Background(), goneResp.DeskID, time.Now()))
	publish(t, h, enginetest.GuidePack(t, 9, nil))
	require.NotEmpty(t, resp.DeskID)

	tests := []struct {
		name, token, method, query string
		status                     int
		code                       string
	}{
		{"no token", "", "GET", "?have=1", 401, hubapi.CodeUnauthorized},
		{"revoked desk", gone.Token, "GET", "?have=1", 401, hubapi.CodeUnauthorized},
		{"have missing", desk.Token, "GET", "", 400, hubapi.CodeBadRequest},
		{"have negative", desk.Token, "GET", "?have=-1", 400, hubapi.CodeBadRequest},
		{"have not a number", desk.Token, "GET", "?have=v2", 400, hubapi.CodeBadRequest},
		{"have twice", desk.Token, "GET", "?have=1&have=2", 400, hubapi.CodeBadRequest},
		{"wrong method", desk.Token, "POST", "?have=1", 405, hubapi.CodeMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := raw(t, h, tt.token, tt.method, hubapi.PathGuidePack+tt.query, "")
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.code, errCode(body))
		})
	}
}

func TestCheckGuidePack(t *testing.T) {
	tooBig := make([]byte, hubapi.MaxGuidePackBytes+1)
	tests := []struct {
		name  string
		zip   []byte
		clean bool
		want  string // in the findings
	}{
		{"a good pack", enginetest.GuidePack(t, 4, nil), true, "pack.zip: "},
		{"an English title missing", enginetest.GuidePack(t, 4, func(f map[string][]byte) {
			f["vneid-activate.json"] = bytes.Replace(f["vneid-activate.json"],
				[]byte(`"en"`), []byte(`"em"`), 1)
		}), false, "vneid-activate.json: title"},
		{"no pack.json", enginetest.GuidePack(t, 4, func(f map[string][]byte) {
			f["pack.json"] = nil
		}), false, "pack.json: missing"},
		{"a picture missing", enginetest.GuidePack(t, 4, func(f map[string][]byte) {
			for name := range f {
				if strings.HasPrefix(name, "pictures/") {
					f[name] = nil
				}
			}
		}), false, "pictures/"},
		{"not a zip", []byte("PK but not really"), false, "pack.zip"},
		{"over 20 MiB", tooBig, false, "at most 20971520"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check, err := hub.CheckGuidePack("pack.zip", tt.zip)
			require.NoError(t, err)
			all := strings.Join(check.Lines, "\n")
			assert.Equal(t, tt.clean, check.Clean, all)
			assert.Contains(t, all, tt.want)
			assert.NotContains(t, all, os.TempDir()+"/", "the pack is named, not its copy")
			if tt.clean {
				assert.Equal(t, 4, check.Version)
			} else {
				assert.Zero(t, check.Version)
			}
		})
	}
}

// BenchmarkGuidePack measures a desk's hourly ask over HTTPS against a
// local hub: with nothing newer (204, what nearly every ask gets) and with
// a download of the built-in guides as a pack, checked against its SHA-256.
func BenchmarkGuidePack(b *testing.B) {
	for _, backend := range backends {
		h := newHub(b, backend)
		desk, _ := h.enrolDesk(b, "Tam Hiệp", "Bàn 1")
		zip := enginetest.GuidePack(b, 2, nil)
		_, err := h.DB.PublishGuidePack(context.Background(), 2, zip, time.Now())
		require.NoError(b, err)
		for _, have := range []int{2, 1} {
			name := backend + "/nothing-newer"
			if have == 1 {
				name = fmt.Sprintf("%s/download-%dKB", backend, len(zip)>>10)
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					offer, err := desk.GuidePack(context.Background(), have, "")
					require.NoError(b, err)
					require.Equal(b, have == 1, offer.Newer)
				}
			})
		}
	}
}
