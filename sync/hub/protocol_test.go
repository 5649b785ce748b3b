package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hubapi"
)

// raw sends a request with a body and returns the status and decoded body.
func raw(tb testing.TB, h *testHub, token, method, path, body string) (int, map[string]any) {
	tb.Helper()
	hc, err := hubapi.PinnedHTTPClient(h.Fingerprint, 30*time.Second)
	require.NoError(tb, err)
	req, err := http.NewRequest(method, h.URL+path, strings.NewReader(body))
	require.NoError(tb, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(tb, err)
	var v map[string]any
	require.NoError(tb, json.Unmarshal(b, &v), "every answer is JSON: %s", b)
	return resp.StatusCode, v
}

// errCode digs the error code out of a decoded error body.
func errCode(v map[string]any) string {
	e, _ := v["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func TestProtocolErrors(t *testing.T) {
	h := newHub(t, "sqlite")
	desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	tok := desk.Token
	big := `{"protocol":"1.0","changes":[` + strings.Repeat(`{},`, hubapi.MaxBatch) + `{}]}`
	huge := `{"protocol":"1.0","pad":"` + strings.Repeat("x", hubapi.MaxBodyBytes) + `"}`

	tests := []struct {
		name, token, method, path, body string
		status                          int
		code                            string
	}{
		{"newer major in body", tok, "POST", "/v1/push", `{"protocol":"2.0","changes":[]}`,
			400, hubapi.CodeProtocolUnsupported},
		{"newer major in path", tok, "POST", "/v2/push", `{"protocol":"2.0"}`,
			400, hubapi.CodeProtocolUnsupported},
		{"protocol missing", tok, "POST", "/v1/pull", `{"cursor":0}`,
			400, hubapi.CodeProtocolUnsupported},
		{"not json", tok, "POST", "/v1/pull", `cursor=0`, 400, hubapi.CodeBadRequest},
		{"negative cursor", tok, "POST", "/v1/pull", `{"protocol":"1.0","cursor":-1}`,
			400, hubapi.CodeBadRequest},
		{"no token", "", "POST", "/v1/push", `{"protocol":"1.0","changes":[]}`,
			401, hubapi.CodeUnauthorized},
		{"unknown path", tok, "GET", "/v1/drafts", ``, 404, hubapi.CodeNotFound},
		{"wrong method", tok, "GET", "/v1/push", ``, 405, hubapi.CodeMethodNotAllowed},
		{"batch over the limit", tok, "POST", "/v1/push", big, 413, hubapi.CodeTooLarge},
		{"body over the limit", tok, "POST", "/v1/push", huge, 413, hubapi.CodeTooLarge},
		{"enrol without code", "", "POST", "/v1/enrol", `{"protocol":"1.0"}`,
			400, hubapi.CodeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := raw(t, h, tt.token, tt.method, tt.path, tt.body)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.code, errCode(body))
			assert.Equal(t, hubapi.Protocol, body["protocol"])
		})
	}
}

func TestUnreadableChangeIsInvalidAlone(t *testing.T) {
	h := newHub(t, "sqlite")
	desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	good := change(newDraftID(t), 0, 1, "ok")
	goodJSON, err := json.Marshal(good)
	require.NoError(t, err)
	body := fmt.Sprintf(`{"protocol":"1.3","future_field":true,"changes":[`+
		`{"draft_id":"abc","base_version":"one"},%s,{"desk_time":"yesterday"}]}`, goodJSON)

	status, v := raw(t, h, desk.Token, "POST", "/v1/push", body)
	require.Equal(t, http.StatusOK, status, "a newer minor version is understood")
	results := v["results"].([]any)
	require.Len(t, results, 3)
	var got []string
	for _, r := range results {
		got = append(got, r.(map[string]any)["status"].(string))
	}
	assert.Equal(t, []string{"invalid", "applied", "invalid"}, got)
	assert.Equal(t, "abc", results[0].(map[string]any)["draft_id"])
}

func TestInfoAndPinning(t *testing.T) {
	ctx := context.Background()
	h := newHub(t, "sqlite")
	info, err := h.client(t, "").Info(ctx)
	require.NoError(t, err)
	assert.Equal(t, hubapi.Protocol, info.Protocol)
	assert.WithinDuration(t, time.Now(), info.HubTime, time.Minute)

	// A desk that pinned another hub's certificate refuses to talk.
	other := newHub(t, "sqlite")
	hc, err := hubapi.PinnedHTTPClient(other.Fingerprint, 5*time.Second)
	require.NoError(t, err)
	c := &hubapi.Client{BaseURL: h.URL, HTTP: hc}
	_, err = c.Info(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pinned fingerprint")

	// Without a pin, the self-signed certificate is not trusted either.
	_, err = (&hubapi.Client{BaseURL: h.URL}).Info(ctx)
	require.Error(t, err)
}
