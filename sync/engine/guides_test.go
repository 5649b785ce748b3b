package engine_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/guides"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hub"
	"tiepsuc/sync/hubapi"
)

// packProxy stands between a desk and the hub on 127.0.0.1, in plain HTTP
// (which a desk allows only to its own machine). It counts the hub's
// answers to guide pack requests and, when Flip is set, changes one byte of
// every pack on its way, as a broken middlebox would.
type packProxy struct {
	URL  string
	Flip atomic.Bool

	mu      sync.Mutex
	answers map[int]int
}

// startPackProxy starts a proxy in front of the hub h.
func startPackProxy(t *testing.T, h *enginetest.Hub) *packProxy {
	t.Helper()
	up, err := url.Parse(h.URL)
	require.NoError(t, err)
	hc, err := hubapi.PinnedHTTPClient(h.Fingerprint, 30*time.Second)
	require.NoError(t, err)
	p := &packProxy{answers: map[int]int{}}
	rp := httputil.NewSingleHostReverseProxy(up)
	rp.Transport = hc.Transport
	rp.ModifyResponse = p.modify
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// modify counts a guide pack answer and damages its body when asked to.
func (p *packProxy) modify(resp *http.Response) error {
	if resp.Request.URL.Path != hubapi.PathGuidePack {
		return nil
	}
	p.mu.Lock()
	p.answers[resp.StatusCode]++
	p.mu.Unlock()
	if resp.StatusCode != http.StatusOK || !p.Flip.Load() {
		return nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	b[len(b)/2] ^= 0x20
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return nil
}

// count returns how many guide pack answers had the status.
func (p *packProxy) count(status int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.answers[status]
}

// guideDesk starts a desk that reaches h through p and installs guide
// packs, asking the hub after every round.
func guideDesk(t *testing.T, h *enginetest.Hub, p *packProxy) *enginetest.Desk {
	t.Helper()
	d := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: guideConfig(), Guides: true, URL: p.URL})
	d.Run()
	return d
}

// guideConfig is a fast engine configuration that asks for guide packs
// after every round.
func guideConfig() engine.Config {
	cfg := enginetest.FastConfig()
	cfg.GuideEvery = 10 * time.Millisecond
	return cfg
}

// restart stops the desk's engine and starts a new one on the same store
// and folder, as when the app is opened again.
func restart(d *enginetest.Desk) {
	d.Stop()
	cfg := guideConfig()
	cfg.DataDir = d.DataDir
	d.Engine = engine.New(d.Store, cfg)
	d.Run()
}

// builtin is the version of the guides built into the app.
func builtin(t *testing.T) int {
	v, err := guides.BuiltinVersion()
	require.NoError(t, err)
	return v
}

// inUse returns the version of the guides the desk would load at its next
// start, and the Vietnamese title of the guide vneid-activate in them.
func inUse(t *testing.T, d *enginetest.Desk) (int, string) {
	t.Helper()
	lib, v, err := guides.LoadNewest(d.DataDir)
	require.NoError(t, err)
	g, ok := lib.Guide("vneid-activate")
	require.True(t, ok)
	return v, g.Title.In("vi")
}

// publish checks a pack as `hub guides publish` does and keeps it on h.
func publish(t *testing.T, h *enginetest.Hub, zip []byte) {
	t.Helper()
	check, err := hub.CheckGuidePack("pack.zip", zip)
	require.NoError(t, err)
	require.True(t, check.Clean, "%s", strings.Join(check.Lines, "\n"))
	_, err = h.DB.PublishGuidePack(context.Background(), check.Version, zip, time.Now())
	require.NoError(t, err)
}

// guideKey waits until the desk's status tells key about its guides.
func guideKey(t *testing.T, d *enginetest.Desk, key string) engine.GuideUpdate {
	t.Helper()
	return d.WaitFor(t, 15*time.Second, func(s engine.Status) bool {
		return s.Guides.Key == key
	}).Guides
}

func TestGuidePackInstalledForNextStart(t *testing.T) {
	b := builtin(t)
	h := enginetest.StartHub(t)
	p := startPackProxy(t, h)
	publish(t, h, enginetest.GuidePack(t, b+1,
		enginetest.RetitleGuide(t, "vneid-activate", "Kích hoạt VNeID, bản mới")))
	d := guideDesk(t, h, p)

	u := guideKey(t, d, engine.KeyGuidesInstalled)
	assert.Equal(t, b+1, u.Version)
	v, title := inUse(t, d)
	assert.Equal(t, b+1, v, "the next start uses the new pack")
	assert.Equal(t, "Kích hoạt VNeID, bản mới", title)

	// The desk asks again and again, but downloads the pack once; the news
	// stays on screen until the app starts again.
	require.Eventually(t, func() bool { return p.count(http.StatusNoContent) >= 3 },
		10*time.Second, 10*time.Millisecond)
	assert.Equal(t, 1, p.count(http.StatusOK))
	assert.Equal(t, engine.KeyGuidesInstalled, d.Engine.Status().Guides.Key)

	// Started again, the desk asks with the new version and has nothing to say.
	asked := p.count(http.StatusNoContent)
	restart(d)
	require.Eventually(t, func() bool { return p.count(http.StatusNoContent) > asked },
		10*time.Second, 10*time.Millisecond)
	assert.Equal(t, 1, p.count(http.StatusOK))
	assert.Empty(t, d.Engine.Status().Guides.Key)
}

func TestDamagedGuidePackNotInstalled(t *testing.T) {
	b := builtin(t)
	h := enginetest.StartHub(t)
	p := startPackProxy(t, h)
	p.Flip.Store(true)
	publish(t, h, enginetest.GuidePack(t, b+1, nil))
	d := guideDesk(t, h, p)

	u := guideKey(t, d, engine.KeyGuidesDamaged)
	assert.Contains(t, u.Detail, "SHA-256")
	v, _ := inUse(t, d)
	assert.Equal(t, b, v, "the built-in guides stay in use")
	entries, err := os.ReadDir(filepath.Join(d.DataDir, "guides"))
	if err == nil {
		assert.Empty(t, entries, "nothing of the damaged pack is on disk")
	}
	st := d.Engine.Status()
	assert.Empty(t, st.ErrorKey, "sync itself is fine")

	// Once the line is clean, the next ask installs it.
	p.Flip.Store(false)
	u = guideKey(t, d, engine.KeyGuidesInstalled)
	assert.Equal(t, b+1, u.Version)
	v, _ = inUse(t, d)
	assert.Equal(t, b+1, v)
}

func TestRefusedGuidePackNotDownloadedAgain(t *testing.T) {
	b := builtin(t)
	h := enginetest.StartHub(t)
	p := startPackProxy(t, h)
	// A hub of an older release may pass a pack this desk's check refuses;
	// here it goes into the hub's database unchecked.
	bad := enginetest.GuidePack(t, b+1, func(f map[string][]byte) {
		f["vneid-activate.json"] = bytes.Replace(f["vneid-activate.json"],
			[]byte(`"en"`), []byte(`"em"`), 1)
	})
	_, err := h.DB.PublishGuidePack(context.Background(), b+1, bad, time.Now())
	require.NoError(t, err)
	d := guideDesk(t, h, p)

	u := guideKey(t, d, engine.KeyGuidesRefused)
	assert.Equal(t, b+1, u.Version)
	assert.Equal(t, b, u.InUse)
	assert.Equal(t, 2, u.Problems)
	assert.Contains(t, u.Detail, "vneid-activate.json: title")
	v, title := inUse(t, d)
	assert.Equal(t, b, v, "the old guides stay")
	assert.Equal(t, "Kích hoạt tài khoản VNeID", title)

	// The hub is asked to skip it, also after a restart.
	require.Eventually(t, func() bool { return p.count(http.StatusNotModified) >= 3 },
		10*time.Second, 10*time.Millisecond)
	restart(d)
	skipped := p.count(http.StatusNotModified)
	u = guideKey(t, d, engine.KeyGuidesRefused)
	assert.Equal(t, 2, u.Problems, "the refusal is still shown")
	require.Eventually(t, func() bool { return p.count(http.StatusNotModified) > skipped },
		10*time.Second, 10*time.Millisecond)
	assert.Equal(t, 1, p.count(http.StatusOK), "downloaded once")

	// A newer, good pack is taken.
	publish(t, h, enginetest.GuidePack(t, b+2, nil))
	u = guideKey(t, d, engine.KeyGuidesInstalled)
	assert.Equal(t, b+2, u.Version)
	v, _ = inUse(t, d)
	assert.Equal(t, b+2, v)
}

func TestGuidePackNotNewerThanOneFromAStick(t *testing.T) {
	b := builtin(t)
	h := enginetest.StartHub(t)
	p := startPackProxy(t, h)
	d := guideDesk(t, h, p)
	require.Eventually(t, func() bool { return p.count(http.StatusNoContent) >= 1 },
		10*time.Second, 10*time.Millisecond)

	// While the app runs, a volunteer installs version b+2 from a USB stick;
	// then the hub publishes the same version.
	zip := enginetest.GuidePack(t, b+2, nil)
	require.NoError(t, guides.InstallPackZip(d.DataDir, zip))
	publish(t, h, zip)

	u := guideKey(t, d, engine.KeyGuidesNotNewer)
	assert.Equal(t, b+2, u.Version)
	assert.Equal(t, b+2, u.InUse, "the desk learnt which guides it has")
	v, _ := inUse(t, d)
	assert.Equal(t, b+2, v, "the pack from the stick stays in use")

	// From then on the desk asks with that version: nothing newer.
	asked := p.count(http.StatusNoContent)
	require.Eventually(t, func() bool { return p.count(http.StatusNoContent) >= asked+2 },
		10*time.Second, 10*time.Millisecond)
	assert.Equal(t, 1, p.count(http.StatusOK))
	assert.Equal(t, engine.KeyGuidesNotNewer, d.Engine.Status().Guides.Key)
}
