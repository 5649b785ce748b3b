package hubapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Client calls a hub on behalf of one desk.
type Client struct {
	// BaseURL is the hub's address, e.g. "https://10.0.0.5:8443".
	BaseURL string
	// HTTP sends the requests; PinnedHTTPClient makes one for a hub with a
	// self-signed certificate. Nil means http.DefaultClient.
	HTTP *http.Client
	// Token is the desk's token from Enrol; empty before enrolment.
	Token string
}

// Info asks the hub who it is; it needs no token.
func (c *Client) Info(ctx context.Context) (InfoResponse, error) {
	var resp InfoResponse
	err := c.do(ctx, http.MethodGet, PathInfo, nil, &resp)
	return resp, err
}

// Enrol exchanges a one-time enrolment code for a desk token. It does not
// set c.Token: the caller stores the token safely first.
func (c *Client) Enrol(ctx context.Context, code string) (EnrolResponse, error) {
	var resp EnrolResponse
	err := c.do(ctx, http.MethodPost, PathEnrol,
		EnrolRequest{Protocol: Protocol, Code: code}, &resp)
	return resp, err
}

// Push sends a batch of changes; the results answer them one for one. An
// error means nothing in the batch is known to be committed: send it again.
func (c *Client) Push(ctx context.Context, changes []Change) (PushResponse, error) {
	var resp PushResponse
	err := c.do(ctx, http.MethodPost, PathPush,
		PushRequest{Protocol: Protocol, Changes: changes}, &resp)
	if err == nil && len(resp.Results) != len(changes) {
		err = fmt.Errorf("push: hub answered %d of %d changes", len(resp.Results),
			len(changes))
	}
	return resp, err
}

// Pull fetches up to limit events after cursor (limit 0: the hub's default).
func (c *Client) Pull(ctx context.Context, cursor int64, limit int) (PullResponse, error) {
	var resp PullResponse
	err := c.do(ctx, http.MethodPost, PathPull,
		PullRequest{Protocol: Protocol, Cursor: cursor, Limit: limit}, &resp)
	return resp, err
}

// do sends one request and decodes the answer or the hub's *Error.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	op := strings.TrimPrefix(path, PathPrefix)
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s: encode: %w", op, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method,
		strings.TrimSuffix(c.BaseURL, "/")+path, body)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s: read answer: %w", op, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %w", op, errorFrom(resp.StatusCode, resp.Header, data))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s: decode answer: %w", op, err)
	}
	return nil
}

// errorFrom reads a hub error body, or makes an error of the bare status
// when a proxy or a broken hub sent something else; either way with the
// wait a Retry-After header asks for.
func errorFrom(status int, h http.Header, data []byte) *Error {
	wait := ParseRetryAfter(h.Get("Retry-After"))
	var eb ErrorBody
	if json.Unmarshal(data, &eb) == nil && eb.Error != nil && eb.Error.Code != "" {
		eb.Error.Status, eb.Error.RetryAfter = status, wait
		return eb.Error
	}
	code := CodeBadRequest
	if status >= 500 {
		code = CodeUnavailable
	}
	return &Error{Status: status, Code: code, Message: http.StatusText(status), RetryAfter: wait}
}
