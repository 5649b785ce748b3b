// Package enginetest starts real hubs and desks on 127.0.0.1 for the sync
// tests, and audits what reached the hub against what the desks hold.
package enginetest

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// Quiet is a logger that drops everything, for servers under test.
var Quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Hub is the real hub server in this process, on SQLite, over HTTPS on
// 127.0.0.1; it can be stopped and started again on the same address.
type Hub struct {
	DB          *hubstore.DB
	URL         string
	Fingerprint string
	Addr        string

	tb     testing.TB
	cert   tls.Certificate
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan error
}

// StartHub starts a hub with its database and certificate in a fresh
// folder; it stops at the end of the test.
func StartHub(tb testing.TB) *Hub {
	tb.Helper()
	dir := tb.TempDir()
	db, err := hubstore.Open(context.Background(), "sqlite://"+filepath.Join(dir, "hub.db"))
	require.NoError(tb, err)
	cert, _, err := hub.SelfSignedCert(dir, nil, time.Now())
	require.NoError(tb, err)
	h := &Hub{DB: db, tb: tb, cert: cert, Fingerprint: hub.CertFingerprint(cert)}
	h.listen("127.0.0.1:0")
	h.URL = "https://" + h.Addr
	tb.Cleanup(func() {
		h.Stop()
		_ = db.Close()
	})
	return h
}

// listen serves on addr.
func (h *Hub) listen(addr string) {
	h.tb.Helper()
	ln, err := net.Listen("tcp", addr)
	require.NoError(h.tb, err)
	h.Addr = ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	srv := hub.NewHTTPServer(hub.New(h.DB, Quiet, hub.WithLimits(limits())), h.cert, Quiet)
	done := make(chan error, 1)
	go func() { done <- hub.Serve(ctx, ln, srv) }()
	h.mu.Lock()
	h.cancel, h.done = cancel, done
	h.mu.Unlock()
}

// limits are the hub's default limits but the per-desk one: the engine's
// benchmarks push 10,000 drafts a request each from one desk, which that
// limit would slow to ten a second.
func limits() hub.Limits {
	l := hub.DefaultLimits()
	l.PerDesk = hub.Rate{}
	return l
}

// Stop closes the hub's listener and waits for requests in flight; desks
// then find nobody at the address, as when the hub's machine is off.
func (h *Hub) Stop() {
	h.mu.Lock()
	cancel, done := h.cancel, h.done
	h.cancel, h.done = nil, nil
	h.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

// Start serves again on the same address after Stop.
func (h *Hub) Start() {
	h.tb.Helper()
	h.listen(h.Addr)
}

// NewCode adds a desk of commune to the hub and returns its enrolment code.
func (h *Hub) NewCode(tb testing.TB, commune, name string) string {
	tb.Helper()
	_, code, err := h.DB.CreateDesk(context.Background(), commune, name, time.Hour,
		time.Now())
	require.NoError(tb, err)
	return code
}

// Client enrols a new desk of commune directly over the protocol and
// returns its client: an auditor that reads what the commune's desks see.
func (h *Hub) Client(tb testing.TB, commune, name string) *hubapi.Client {
	tb.Helper()
	return Auditor(tb, h.URL, h.Fingerprint, h.NewCode(tb, commune, name))
}

// Auditor enrols with code at the hub and returns the desk's client.
func Auditor(tb testing.TB, url, fingerprint, code string) *hubapi.Client {
	tb.Helper()
	hc, err := hubapi.PinnedHTTPClient(fingerprint, 30*time.Second)
	require.NoError(tb, err)
	c := &hubapi.Client{BaseURL: url, HTTP: hc}
	resp, err := c.Enrol(context.Background(), code)
	require.NoError(tb, err)
	c.Token = resp.Token
	return c
}
