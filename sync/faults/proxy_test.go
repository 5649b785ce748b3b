package faults_test

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hubapi"
)

// fate is what the proxy does to one request.
type fate int

const (
	pass  fate = iota // forward it and its answer, after a random delay
	reset             // close the desk's connection; the hub never sees it
	stall             // hold it unanswered until the desk gives up
	cut               // forward it, let the hub answer, close before the desk reads
)

// proxyStats counts what the proxy did.
type proxyStats struct {
	requests, passed, delayed, reset, stalled, cut atomic.Int64
}

// faultProxy stands between desks and the hub on 127.0.0.1. It ends the
// desks' TLS with its own certificate, reads each HTTP request, and gives it
// a fate: a third are dropped (reset or stalled), one in six is cut after
// the hub committed and answered, the rest are delayed up to maxDelay.
type faultProxy struct {
	URL, Fingerprint string
	Stats            proxyStats

	ln       net.Listener
	upstream *http.Client
	hubURL   string
	maxDelay time.Duration

	mu    sync.Mutex
	rng   *rand.Rand
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// startProxy starts a proxy in front of the hub at hubURL, whose
// certificate it pins; seed makes the fates repeatable.
func startProxy(t *testing.T, hubURL, hubFP string, seed uint64) *faultProxy {
	t.Helper()
	cert, _, err := hub.SelfSignedCert(t.TempDir(), nil, time.Now())
	require.NoError(t, err)
	// No ALPN: the desks speak HTTP/1.1 to the proxy, one request at a time.
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	require.NoError(t, err)
	up, err := hubapi.PinnedHTTPClient(hubFP, 30*time.Second)
	require.NoError(t, err)
	p := &faultProxy{URL: "https://" + ln.Addr().String(),
		Fingerprint: hub.CertFingerprint(cert), ln: ln, upstream: up, hubURL: hubURL,
		maxDelay: 80 * time.Millisecond, rng: rand.New(rand.NewPCG(seed, 7)),
		conns: map[net.Conn]struct{}{}}
	t.Logf("fault proxy seed %d", seed)
	p.wg.Go(p.accept)
	t.Cleanup(p.stop)
	return p
}

// accept serves each desk connection until the listener closes.
func (p *faultProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns[c] = struct{}{}
		p.mu.Unlock()
		p.wg.Go(func() {
			p.serve(c)
			p.mu.Lock()
			delete(p.conns, c)
			p.mu.Unlock()
			c.Close()
		})
	}
}

// stop closes the listener and every connection and waits for them.
func (p *faultProxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// draw picks the fate of the next request and its delay.
func (p *faultProxy) draw() (fate, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delay := time.Duration(p.rng.Int64N(int64(p.maxDelay)))
	switch n := p.rng.IntN(6); n {
	case 0:
		return reset, 0
	case 1:
		return stall, 0
	case 2:
		return cut, delay
	}
	return pass, delay
}

// serve reads the requests of one desk connection and deals each its fate.
func (p *faultProxy) serve(c net.Conn) {
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return
		}
		p.Stats.requests.Add(1)
		f, delay := p.draw()
		switch f {
		case reset:
			p.Stats.reset.Add(1)
			return
		case stall:
			p.Stats.stalled.Add(1)
			// Wait for the desk to give up and close, or for the proxy to stop.
			_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
			_, _ = io.Copy(io.Discard, c)
			return
		}
		time.Sleep(delay)
		status, header, answer, err := p.forward(req, body)
		if err != nil {
			return // the hub is down: the desk sees the connection close
		}
		if f == cut {
			// The hub committed and answered; the desk never reads it.
			p.Stats.cut.Add(1)
			return
		}
		p.Stats.passed.Add(1)
		if delay > 0 {
			p.Stats.delayed.Add(1)
		}
		if err := writeAnswer(c, status, header, answer); err != nil {
			return
		}
	}
}

// forward sends a request to the hub and reads its whole answer.
func (p *faultProxy) forward(req *http.Request, body []byte) (int, http.Header, []byte,
	error) {
	out, err := http.NewRequest(req.Method, p.hubURL+req.URL.RequestURI(),
		bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	for _, h := range []string{"Authorization", "Content-Type"} {
		if v := req.Header.Get(h); v != "" {
			out.Header.Set(h, v)
		}
	}
	resp, err := p.upstream.Do(out)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, answer, err
}

// writeAnswer writes an HTTP/1.1 response to the desk.
func writeAnswer(c net.Conn, status int, header http.Header, body []byte) error {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	if ct := header.Get("Content-Type"); ct != "" {
		b.WriteString("Content-Type: " + ct + "\r\n")
	}
	b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n")
	b.Write(body)
	_, err := c.Write(b.Bytes())
	return err
}
