package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hubapi"
)

// lockedBuffer is a bytes.Buffer safe to write from the serving goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what was written so far.
func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// hubRun runs one command and returns its standard output.
func hubRun(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), args, &out, io.Discard), "hub %v", args)
	return out.String()
}

func TestAdminAndServe(t *testing.T) {
	dir := t.TempDir()
	db, data := "--db=sqlite://"+filepath.Join(dir, "hub.db"), "--data="+dir

	// Serve on a free port; the address and the fingerprint are printed.
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", db, data, "--addr=127.0.0.1:0"}, out, io.Discard)
	}()
	var addr, fp string
	require.Eventually(t, func() bool {
		m := regexp.MustCompile(`listening on (\S+)\n.*fingerprint: (\S+)`).
			FindStringSubmatch(out.String())
		if m != nil {
			addr, fp = m[1], m[2]
		}
		return m != nil
	}, 10*time.Second, 20*time.Millisecond)
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})

	// The admin adds a desk; the printed code enrols it once.
	added := hubRun(t, "desk", "add", db, data, "--commune=Tam Hiệp", "--name=Bàn 2",
		"--hub="+addr)
	code := regexp.MustCompile(`enrolment code: (\S+)`).FindStringSubmatch(added)
	require.NotNil(t, code, added)
	assert.Contains(t, added, "█", "a QR code is printed")
	hc, err := hubapi.PinnedHTTPClient(fp, 10*time.Second)
	require.NoError(t, err)
	c := &hubapi.Client{BaseURL: addr, HTTP: hc}
	resp, err := c.Enrol(context.Background(), code[1])
	require.NoError(t, err)
	c.Token = resp.Token
	assert.Contains(t, hubRun(t, "desk", "list", db, data), "enrolled")

	// A second desk pushes a draft; the admin sets its status and publishes
	// a guide pack; the first desk pulls all three.
	added = hubRun(t, "desk", "add", db, data, "--commune=Tam Hiệp", "--name=Bàn 3")
	code = regexp.MustCompile(`enrolment code: (\S+)`).FindStringSubmatch(added)
	c2 := &hubapi.Client{BaseURL: addr, HTTP: hc}
	r2, err := c2.Enrol(context.Background(), code[1])
	require.NoError(t, err)
	c2.Token = r2.Token
	id := uuid.Must(uuid.NewV7()).String()
	_, err = c2.Push(context.Background(), []hubapi.Change{{DraftID: id, NewVersion: 1,
		Payload: []byte(`{"procedure":"1.004194"}`)}})
	require.NoError(t, err)
	hubRun(t, "status", "set", db, data, "--commune=Tam Hiệp", "--draft="+id,
		"--status=received", "--code=000.00.00.H49-250725-0001")
	pack := filepath.Join(dir, "guides-9.zip")
	require.NoError(t, os.WriteFile(pack, enginetest.GuidePack(t, 9, nil), 0o600))
	hubRun(t, "guides", "publish", pack, db)
	pulled, err := c.Pull(context.Background(), 0, 0)
	require.NoError(t, err)
	var kinds []string
	for _, e := range pulled.Events {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []string{"draft", "status", "guide_pack"}, kinds)

	// Revoked, the desk is shut out at once.
	hubRun(t, "desk", "revoke", db, data, "--id="+resp.DeskID)
	_, err = c.Pull(context.Background(), 0, 0)
	assert.ErrorContains(t, err, hubapi.CodeUnauthorized)
}

func TestCommandErrors(t *testing.T) {
	tests := [][]string{
		{"bogus"},
		{"desk", "add", "--commune=Tam Hiệp"},
		{"serve", "--tls-cert=x.pem"},
		{"serve", "--db=mysql://x"},
		{"status", "set", "--status=lost"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir := t.TempDir()
			args = append(args, "--data="+dir)
			if !strings.HasPrefix(args[len(args)-2], "--db") && args[0] != "bogus" {
				args = append(args, "--db=sqlite://"+filepath.Join(dir, "hub.db"))
			}
			err := run(context.Background(), args, io.Discard, io.Discard)
			assert.Error(t, err)
		})
	}
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), nil, &out, io.Discard))
	assert.Contains(t, out.String(), "hub desk add")
}
