package faults_test

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// tcpRelay passes bytes both ways between desks and the hub on 127.0.0.1,
// TLS and all, and calls a hook as the desks' bytes go through, so a test
// can act at an exact point of a request, e.g. half-way through its body.
type tcpRelay struct {
	Addr string
	// Sent counts the bytes desks sent through the relay.
	Sent atomic.Int64

	ln     net.Listener
	target string
	hook   func(sent int64)

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// startRelay relays to target and calls hook after each chunk from a desk
// is counted and before it is passed on.
func startRelay(t *testing.T, target string, hook func(sent int64)) *tcpRelay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	r := &tcpRelay{Addr: ln.Addr().String(), ln: ln, target: target, hook: hook,
		conns: map[net.Conn]struct{}{}}
	r.wg.Go(r.accept)
	t.Cleanup(r.stop)
	return r
}

// accept relays each connection until the listener closes.
func (r *tcpRelay) accept() {
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.wg.Go(func() { r.relay(c) })
	}
}

// track remembers an open connection, so stop can close it.
func (r *tcpRelay) track(c net.Conn, open bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if open {
		r.conns[c] = struct{}{}
	} else {
		delete(r.conns, c)
	}
}

// relay copies one desk connection to the target and back.
func (r *tcpRelay) relay(desk net.Conn) {
	defer desk.Close()
	hub, err := net.Dial("tcp", r.target)
	if err != nil {
		return // the hub is down: the desk sees its connection close
	}
	defer hub.Close()
	r.track(desk, true)
	r.track(hub, true)
	defer r.track(desk, false)
	defer r.track(hub, false)

	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(desk, hub)
		desk.Close()
	}()
	buf := make([]byte, 4096)
	for {
		n, err := desk.Read(buf)
		if n > 0 {
			r.hook(r.Sent.Add(int64(n)))
			if _, werr := hub.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	hub.Close()
	<-done
}

// stop closes the listener and every connection and waits for them.
func (r *tcpRelay) stop() {
	r.ln.Close()
	r.mu.Lock()
	for c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
}
