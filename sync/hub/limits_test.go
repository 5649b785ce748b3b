package hub_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hub"
	"tiepsuc/sync/hubapi"
)

// clientFrom returns a client of the hub whose connections leave from src,
// an address of the loopback network such as 127.0.0.2, as if the desk sat
// at another address.
func clientFrom(tb testing.TB, h *testHub, src, token string) *hubapi.Client {
	tb.Helper()
	hc, err := hubapi.PinnedHTTPClient(h.Fingerprint, 30*time.Second)
	require.NoError(tb, err)
	d := &net.Dialer{Timeout: 10 * time.Second,
		LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	hc.Transport.(*http.Transport).DialContext = d.DialContext
	// Before the hub stops, which waits for open connections.
	tb.Cleanup(hc.CloseIdleConnections)
	return &hubapi.Client{BaseURL: h.URL, HTTP: hc, Token: token}
}

// limited asserts err is the hub's 429 and returns the wait it asked for.
func limited(tb testing.TB, err error) time.Duration {
	tb.Helper()
	var he *hubapi.Error
	require.True(tb, errors.As(err, &he), "want a hub error, got %v", err)
	assert.Equal(tb, http.StatusTooManyRequests, he.Status)
	assert.Equal(tb, hubapi.CodeUnavailable, he.Code)
	assert.True(tb, he.Retryable(), "a desk tries again later")
	assert.Positive(tb, he.RetryAfter, "the answer says how long to wait")
	return he.RetryAfter
}

// quiet is a logger that drops everything.
func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// limitedHub starts a SQLite hub with limits.
func limitedHub(tb testing.TB, l hub.Limits) *testHub {
	tb.Helper()
	return startHubWith(tb, newDSN(tb, "sqlite"), tb.TempDir(), quiet(), hub.WithLimits(l))
}

func TestPerAddressLimit(t *testing.T) {
	ctx := context.Background()
	h := limitedHub(t, hub.Limits{PerAddress: hub.Rate{Every: time.Hour, Burst: 3},
		Exempt: hub.DefaultLimits().Exempt})
	desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1") // from 127.0.0.1, exempt

	from2 := clientFrom(t, h, "127.0.0.2", desk.Token)
	for i := range 3 {
		_, err := from2.Info(ctx)
		require.NoError(t, err, "request %d of the burst", i+1)
	}
	_, err := from2.Info(ctx)
	wait := limited(t, err)
	assert.InDelta(t, time.Hour.Seconds(), wait.Seconds(), 5, "a token an hour")

	// The address is limited before its token is even read.
	_, err = from2.Pull(ctx, 0, 10)
	limited(t, err)
	from2.Token = "tsd1_guess"
	_, err = from2.Pull(ctx, 0, 10)
	limited(t, err)

	// Another address, and the exempt loopback address of a local proxy,
	// are served.
	_, err = clientFrom(t, h, "127.0.0.3", desk.Token).Pull(ctx, 0, 10)
	require.NoError(t, err)
	for range 10 {
		_, err = desk.Pull(ctx, 0, 10)
		require.NoError(t, err)
	}
}

func TestPerDeskLimit(t *testing.T) {
	ctx := context.Background()
	h := limitedHub(t, hub.Limits{PerDesk: hub.Rate{Every: time.Hour, Burst: 3}})
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	b, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")

	for i := range 3 {
		_, err := a.Pull(ctx, 0, 10)
		require.NoError(t, err, "request %d of the burst", i+1)
	}
	_, err := a.Push(ctx, []hubapi.Change{change(newDraftID(t), 0, 1, "x")})
	limited(t, err)
	_, err = a.GuidePack(ctx, 0, "")
	limited(t, err)

	// The desk beside it, at the same address, is not slowed down; a
	// request that names no desk spends no desk's requests.
	for range 3 {
		_, err = b.Pull(ctx, 0, 10)
		require.NoError(t, err)
	}
	_, err = h.client(t, "").Info(ctx)
	require.NoError(t, err)
}

func TestEnrolAttemptsLimited(t *testing.T) {
	ctx := context.Background()
	h := limitedHub(t, hub.Limits{EnrolPerAddress: hub.Rate{Every: time.Hour, Burst: 3},
		EnrolHubWide: hub.Rate{Every: time.Hour, Burst: 5}})
	newCode := func() string {
		_, code, err := h.DB.CreateDesk(ctx, "Tam Hiệp", "Bàn", time.Hour, time.Now())
		require.NoError(t, err)
		return code
	}
	enrol := func(src, code string) error {
		_, err := clientFrom(t, h, src, "").Enrol(ctx, code)
		return err
	}

	// Right codes cost nothing, however many.
	for range 6 {
		require.NoError(t, enrol("127.0.0.2", newCode()))
	}

	// Three wrong codes from one address, then even a right one waits.
	for range 3 {
		hubCode(t, enrol("127.0.0.2", "ABCDE-FGHJK"), hubapi.CodeEnrolRejected)
	}
	kept := newCode()
	wait := limited(t, enrol("127.0.0.2", kept))
	assert.InDelta(t, time.Hour.Seconds(), wait.Seconds(), 5)

	// Two more from another address use up the hub's five: then nobody
	// may try, from any address, until a token is earned.
	for range 2 {
		hubCode(t, enrol("127.0.0.3", "ABCDE-FGHJK"), hubapi.CodeEnrolRejected)
	}
	limited(t, enrol("127.0.0.3", newCode()))
	limited(t, enrol("127.0.0.4", newCode()))

	// The code refused while limited was not spent: it works on a hub
	// whose limits allow it again, here the same database without limits.
	h.stop()
	again := startHubWith(t, h.dsn, h.dataDir, quiet(), hub.WithLimits(hub.Limits{}))
	_, err := again.client(t, "").Enrol(ctx, kept)
	require.NoError(t, err)
}

func TestParallelGuessesAreCounted(t *testing.T) {
	ctx := context.Background()
	h := limitedHub(t, hub.Limits{EnrolPerAddress: hub.Rate{Every: time.Hour, Burst: 3}})
	c := clientFrom(t, h, "127.0.0.2", "")
	var (
		mu    sync.Mutex
		codes = map[string]int{}
		wg    sync.WaitGroup
	)
	for range 20 {
		wg.Go(func() {
			_, err := c.Enrol(ctx, "ABCDE-FGHJK")
			var he *hubapi.Error
			if !assert.ErrorAs(t, err, &he) {
				return
			}
			mu.Lock()
			codes[he.Code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	assert.Equal(t, map[string]int{hubapi.CodeEnrolRejected: 3, hubapi.CodeUnavailable: 17},
		codes, "twenty guesses at once: three looked up, the rest refused")
}

func TestDefaultEnrolLimit(t *testing.T) {
	ctx := context.Background()
	h := limitedHub(t, hub.DefaultLimits())
	c := clientFrom(t, h, "127.0.0.2", "")
	for range 10 {
		_, err := c.Enrol(ctx, "ABCDE-FGHJK")
		hubCode(t, err, hubapi.CodeEnrolRejected)
	}
	_, err := c.Enrol(ctx, "ABCDE-FGHJK")
	wait := limited(t, err)
	assert.LessOrEqual(t, wait, 6*time.Second, "ten a minute: one more within 6 s")

	// Ten more from another address reach the hub-wide twenty.
	c3 := clientFrom(t, h, "127.0.0.3", "")
	for range 10 {
		_, err := c3.Enrol(ctx, "ABCDE-FGHJK")
		hubCode(t, err, hubapi.CodeEnrolRejected)
	}
	_, err = clientFrom(t, h, "127.0.0.4", "").Enrol(ctx, "ABCDE-FGHJK")
	wait = limited(t, err)
	assert.LessOrEqual(t, wait, 3*time.Second, "twenty a minute: one more within 3 s")
}

// send makes one request with a body read from r (chunked when r is not a
// bytes.Reader) and returns the status and the error code of the answer.
func send(tb testing.TB, h *testHub, method, path string, r io.Reader,
	header map[string]string) (int, string) {
	tb.Helper()
	hc, err := hubapi.PinnedHTTPClient(h.Fingerprint, 30*time.Second)
	require.NoError(tb, err)
	req, err := http.NewRequest(method, h.URL+path, r)
	require.NoError(tb, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(tb, err)
	code := ""
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		var eb hubapi.ErrorBody
		require.NoError(tb, json.Unmarshal(b, &eb))
		if eb.Error != nil {
			code = eb.Error.Code
		}
	}
	return resp.StatusCode, code
}

// chunked hides a reader's length, so the body is sent without a
// Content-Length and the hub learns its size only by reading it.
type chunked struct{ io.Reader }

func TestBodyLimitsPerEndpoint(t *testing.T) {
	h := newHub(t, "sqlite")
	desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	auth := map[string]string{"Authorization": "Bearer " + desk.Token}
	pad := func(n int) string {
		return `{"protocol":"1.0","cursor":0,"pad":"` + strings.Repeat("x", n) + `"}`
	}
	tests := []struct {
		name, method, path string
		body               io.Reader
		header             map[string]string
		status             int
	}{
		{"pull of 3 KiB", "POST", hubapi.PathPull, strings.NewReader(pad(3 << 10)), auth, 200},
		{"pull of 5 KiB", "POST", hubapi.PathPull, strings.NewReader(pad(5 << 10)), auth, 413},
		{"pull of 5 KiB, chunked", "POST", hubapi.PathPull,
			chunked{strings.NewReader(pad(5 << 10))}, auth, 413},
		{"enrol of 5 KiB", "POST", hubapi.PathEnrol,
			strings.NewReader(`{"protocol":"1.0","code":"` + strings.Repeat("A", 5<<10) + `"}`),
			nil, 413},
		{"info with a body", "GET", hubapi.PathInfo, bytes.NewReader(make([]byte, 2<<10)), nil,
			413},
		{"guide pack with a body", "GET", hubapi.PathGuidePack + "?have=0",
			bytes.NewReader(make([]byte, 2<<10)), auth, 413},
		{"push of 9 MiB without a token", "POST", hubapi.PathPush,
			bytes.NewReader(make([]byte, 9<<20)), nil, 413},
		{"push of 9 MiB, chunked", "POST", hubapi.PathPush,
			chunked{bytes.NewReader(make([]byte, 9<<20))}, auth, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, code := send(t, h, tt.method, tt.path, tt.body, tt.header)
			assert.Equal(t, tt.status, status)
			if tt.status == 413 {
				assert.Equal(t, hubapi.CodeTooLarge, code)
			}
		})
	}
}

func TestHeaderLimit(t *testing.T) {
	h := newHub(t, "sqlite")
	status, _ := send(t, h, "GET", hubapi.PathInfo, nil,
		map[string]string{"X-Pad": strings.Repeat("x", 12<<10)})
	assert.Equal(t, http.StatusOK, status, "12 KiB of headers is within the 16 KiB")
	status, _ = send(t, h, "GET", hubapi.PathInfo, nil,
		map[string]string{"X-Pad": strings.Repeat("x", 40<<10)})
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, status)
}

// TestSlowClientsAreCut opens the connections of a slowloris attack: one
// that never starts TLS, one that sends its headers a line a second. The
// hub closes both once its 10 s for the headers are over, and serves a
// desk meanwhile.
func TestSlowClientsAreCut(t *testing.T) {
	t.Parallel()
	h := newHub(t, "sqlite")
	srv := hub.NewHTTPServer(http.NotFoundHandler(), tls.Certificate{}, quiet())
	require.Equal(t, 10*time.Second, srv.ReadHeaderTimeout)
	addr := strings.TrimPrefix(h.URL, "https://")

	closedWithin := func(conn net.Conn, drip bool) time.Duration {
		start := time.Now()
		require.NoError(t, conn.SetDeadline(start.Add(30*time.Second)))
		if !drip {
			_, err := conn.Read(make([]byte, 1))
			require.Error(t, err)
			return time.Since(start)
		}
		_, err := io.WriteString(conn, "POST /v1/pull HTTP/1.1\r\nHost: hub\r\n")
		require.NoError(t, err)
		for i := 0; ; i++ {
			time.Sleep(time.Second)
			if _, err := io.WriteString(conn, "X-"+strconv.Itoa(i)+": 1\r\n"); err != nil {
				return time.Since(start)
			}
		}
	}

	var silent, dripping time.Duration
	var wg sync.WaitGroup
	wg.Go(func() {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		silent = closedWithin(conn, false)
	})
	wg.Go(func() {
		conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true}) //nolint:gosec
		require.NoError(t, err)
		defer conn.Close()
		dripping = closedWithin(conn, true)
	})
	_, err := h.client(t, "").Info(context.Background())
	require.NoError(t, err, "a desk is served while the slow ones wait")
	wg.Wait()
	assert.Less(t, silent, 15*time.Second, "a connection that never speaks TLS is closed")
	assert.Less(t, dripping, 15*time.Second, "headers a line a second are cut off")
}

func TestAddressKey(t *testing.T) {
	exempt := hub.DefaultLimits().Exempt
	tests := []struct{ remote, want string }{
		{"203.0.113.7:51000", "203.0.113.7"},
		{"203.0.113.7:1", "203.0.113.7"},
		{"[::ffff:203.0.113.7]:443", "203.0.113.7"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:443", "2001:db8:1:2::/64"},
		{"[fe80::1%eth0]:443", "fe80::/64"},
		{"127.0.0.1:5000", ""},
		{"[::1]:5000", ""},
		{"127.0.0.2:5000", "127.0.0.2"},
		{"203.0.113.7", "203.0.113.7"},
		{"", "?"},
		{"pipe", "?"},
		{"1.2.3:80", "?"},
	}
	for _, tt := range tests {
		t.Run(tt.remote, func(t *testing.T) {
			assert.Equal(t, tt.want, hub.AddressKey(tt.remote, exempt))
		})
	}
}

func FuzzAddressKey(f *testing.F) {
	for _, s := range []string{"203.0.113.7:51000", "[2001:db8::1]:443", "[fe80::1%eth0]:1",
		"127.0.0.1:1", "[::1]:1", "[::ffff:127.0.0.1]:1", "", "x:y"} {
		f.Add(s)
	}
	exempt := hub.DefaultLimits().Exempt
	f.Fuzz(func(t *testing.T, remote string) {
		key := hub.AddressKey(remote, exempt)
		if key == "" || key == "?" {
			return
		}
		if p, err := netip.ParsePrefix(key); err == nil {
			assert.Equal(t, 64, p.Bits(), "an IPv6 client counts by its /64")
			assert.Equal(t, p, p.Masked())
			return
		}
		a, err := netip.ParseAddr(key)
		require.NoError(t, err, "key %q is an address", key)
		assert.True(t, a.Is4(), "key %q", key)
		assert.NotEqual(t, "127.0.0.1", key, "the exempt address has no key")
	})
}

// TestDeskWaitsAsAsked runs a desk's sync engine against a hub that lets a
// desk make two requests, then one every two minutes. Told to wait by the
// 429's Retry-After, the desk waits that long, not its own short backoff,
// and an edit in the meantime does not bring it back early.
func TestDeskWaitsAsAsked(t *testing.T) {
	log, logs := capture()
	h := startHubWith(t, newDSN(t, "sqlite"), t.TempDir(), log,
		hub.WithLimits(hub.Limits{PerDesk: hub.Rate{Every: 2 * time.Minute, Burst: 2}}))
	_, code, err := h.DB.CreateDesk(context.Background(), "Tam Hiệp", "Bàn 1", time.Hour,
		time.Now())
	require.NoError(t, err)
	cfg := enginetest.FastConfig()
	cfg.MaxBackoff = 10 * time.Minute
	d := enginetest.NewDesk(t, h.URL, h.Fingerprint, code, enginetest.DeskOptions{Config: cfg})
	d.Run()

	st := d.WaitFor(t, time.Minute, func(s engine.Status) bool {
		return s.ErrorKey == engine.KeyHubBusy && !s.NextTry.IsZero()
	})
	assert.Greater(t, time.Until(st.NextTry), 100*time.Second,
		"the desk waits the two minutes it was asked to, not its 50 ms backoff")

	d.Edit(t, d.NewDraft(t), store.FieldNotes, "đợi")
	time.Sleep(time.Second)
	assert.Equal(t, 1, strings.Count(logs.String(), `"status":429`),
		"the desk did not come back before its time")
	assert.Equal(t, 1, d.Engine.Status().Queued, "the edit waits for the next try")
}
