package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// hubClient is the API client of the hub the desk is enrolled with.
type hubClient struct {
	key string // URL and fingerprint the HTTP client was made for
	api *hubapi.Client
}

// errNoHub ends a round quietly when the desk is not enrolled.
var errNoHub = errors.New("no hub")

// clientFor returns the client of the enrolled hub with the current token,
// making a new HTTP client only when the address or fingerprint changed.
func (e *Engine) clientFor(ctx context.Context) (*hubClient, error) {
	h, err := e.st.Hub(ctx)
	if errors.Is(err, store.ErrNoHub) {
		return nil, errNoHub
	}
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	key := h.URL + "\x00" + h.Fingerprint
	if e.client == nil || e.client.key != key {
		if err := checkHubURL(h.URL); err != nil {
			return nil, err
		}
		hc, err := e.cfg.HTTPClient(h, e.cfg.Timeout)
		if err != nil {
			return nil, &Error{Key: KeyHubAddress, Err: err}
		}
		e.client = &hubClient{key: key, api: &hubapi.Client{BaseURL: h.URL, HTTP: hc}}
	}
	c := *e.client.api
	c.Token = h.Token
	return &hubClient{key: key, api: &c}, nil
}

// defaultHTTPClient pins the hub's certificate when a fingerprint was given
// at enrolment, and otherwise trusts the system's certificate authorities.
func defaultHTTPClient(h store.Hub, timeout time.Duration) (*http.Client, error) {
	if h.Fingerprint != "" {
		return hubapi.PinnedHTTPClient(h.Fingerprint, timeout)
	}
	return &http.Client{Timeout: timeout}, nil
}

// checkHubURL accepts https addresses, and plain http only to this machine
// (for tests), since the token would otherwise cross the network in clear.
func checkHubURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return &Error{Key: KeyHubAddress, Err: err}
	case u.Host == "":
		return &Error{Key: KeyHubAddress, Err: fmt.Errorf("hub address %q has no host", raw)}
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && loopback(u.Hostname()):
		return nil
	}
	return &Error{Key: KeyHubAddress, Err: fmt.Errorf("hub address must start with https://")}
}

// loopback reports whether host names this machine.
func loopback(host string) bool {
	return host == "127.0.0.1" || host == "::1" || host == "localhost"
}

// round pushes what is queued and pulls what is new, and reports whether
// more is queued than one round sends. Its outcome is stored and shown.
func (e *Engine) round(ctx context.Context) (more bool, err error) {
	c, err := e.clientFor(ctx)
	if errors.Is(err, errNoHub) {
		e.update(func(s *Status) { s.Configured = false })
		e.refreshCounts(ctx)
		return false, nil
	}
	e.update(func(s *Status) { s.Configured = true })
	if err == nil {
		err = e.pushDeletions(ctx, c)
	}
	if err == nil {
		// Files first: the snapshots pushed next list them.
		err = e.sendBlobs(ctx, c)
	}
	if err == nil {
		more, err = e.pushAll(ctx, c)
	}
	if err == nil {
		err = e.pullAll(ctx, c)
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	e.finish(ctx, err)
	if err == nil {
		e.checkGuides(ctx, c)
		e.fetchBlobs(ctx, c)
		e.sweepFiles(ctx)
	}
	return more, err
}

// finish stores and shows the outcome of a round.
func (e *Engine) finish(ctx context.Context, err error) {
	now := time.Now()
	st, serr := e.st.SyncState(ctx)
	if serr != nil {
		e.log.Warn("read sync state", "err", serr)
	}
	if err == nil {
		st.LastSuccess, st.LastError, st.LastErrorCause = now, "", ""
	} else {
		ae := classify(err)
		st.LastError, st.LastErrorCause, st.LastErrorAt = ae.Key, causeText(ae), now
		e.log.Warn("sync round failed", "key", ae.Key, "err", causeText(ae))
	}
	if serr == nil {
		if err := e.st.SetSyncState(ctx, st); err != nil {
			e.log.Warn("store sync state", "err", err)
		}
	}
	// One update with the counts, so no one sees the success beside an old
	// queue length.
	c, cerr := e.st.SyncCounts(ctx)
	if cerr != nil {
		e.log.Warn("read sync counts", "err", cerr)
	}
	e.refreshDeletions(ctx)
	e.update(func(s *Status) {
		s.Sending, s.Progress = false, 0
		s.LastSuccess, s.ErrorKey, s.ErrorCause = st.LastSuccess, st.LastError,
			st.LastErrorCause
		if err == nil {
			s.NextTry = time.Time{}
		}
		if cerr == nil {
			setCounts(s, c)
		}
	})
}

// causeText is the technical cause of a failure, kept short for the log
// view; hub messages and transport errors carry no personal data.
func causeText(e *Error) string {
	if e.Err == nil {
		return ""
	}
	s := e.Err.Error()
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}
