package hub_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hub/internal/pgtest"
	"tiepsuc/sync/hubapi"
)

// pg is the throw-away PostgreSQL cluster of this test binary.
var pg *pgtest.Cluster

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, "hub tests", func(c *pgtest.Cluster) { pg = c }))
}

// backends are the two databases every hub test runs on.
var backends = []string{"sqlite", "postgres"}

// newDSN returns the address of an empty database of the backend.
func newDSN(tb testing.TB, backend string) string {
	tb.Helper()
	if backend == "sqlite" {
		return "sqlite://" + filepath.Join(tb.TempDir(), "hub.db")
	}
	dsn, err := pg.NewDatabase(context.Background())
	require.NoError(tb, err)
	return dsn
}

// testHub is a real hub: a store, a TLS listener on 127.0.0.1 and Serve.
type testHub struct {
	dsn, dataDir string
	DB           *hubstore.DB
	URL          string
	Fingerprint  string
	stop         func()
}

// startHub starts a hub on dsn with its certificate in dataDir; it stops at
// the end of the test.
func startHub(tb testing.TB, dsn, dataDir string) *testHub {
	tb.Helper()
	return startHubWith(tb, dsn, dataDir, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// startHubWith starts a hub as startHub does, logging to log, with options.
func startHubWith(tb testing.TB, dsn, dataDir string, log *slog.Logger,
	opts ...hub.Option) *testHub {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := hubstore.Open(ctx, dsn)
	require.NoError(tb, err)
	cert, _, err := hub.SelfSignedCert(dataDir, nil, time.Now())
	require.NoError(tb, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	srv := hub.NewHTTPServer(hub.New(db, log, opts...), cert, log)
	done := make(chan error, 1)
	go func() { done <- hub.Serve(ctx, ln, srv) }()

	h := &testHub{dsn: dsn, dataDir: dataDir, DB: db, Fingerprint: hub.CertFingerprint(cert),
		URL: "https://" + ln.Addr().String()}
	stopped := false
	h.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		require.NoError(tb, <-done)
		require.NoError(tb, db.Close())
	}
	tb.Cleanup(h.stop)
	return h
}

// newHub starts a hub on a fresh database of the backend.
func newHub(tb testing.TB, backend string) *testHub {
	return startHub(tb, newDSN(tb, backend), tb.TempDir())
}

// restart stops the hub and starts it again on the same database and data
// folder, as after a power cut or an update.
func (h *testHub) restart(tb testing.TB) *testHub {
	h.stop()
	return startHub(tb, h.dsn, h.dataDir)
}

// client returns a client of the hub that pins its certificate.
func (h *testHub) client(tb testing.TB, token string) *hubapi.Client {
	tb.Helper()
	hc, err := hubapi.PinnedHTTPClient(h.Fingerprint, 30*time.Second)
	require.NoError(tb, err)
	return &hubapi.Client{BaseURL: h.URL, HTTP: hc, Token: token}
}

// enrolDesk adds a desk of a commune and enrols it; it returns its client.
func (h *testHub) enrolDesk(tb testing.TB, commune, name string) (*hubapi.Client,
	hubapi.EnrolResponse) {
	tb.Helper()
	_, code, err := h.DB.CreateDesk(context.Background(), commune, name, 7*24*time.Hour,
		time.Now())
	require.NoError(tb, err)
	c := h.client(tb, "")
	resp, err := c.Enrol(context.Background(), code)
	require.NoError(tb, err)
	c.Token = resp.Token
	return c, resp
}
