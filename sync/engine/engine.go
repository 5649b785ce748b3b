// Package engine runs the desk's sync in the background: it pushes the
// outbox to the provincial hub in batches, pulls the hub's events by cursor,
// retries with capped exponential backoff and full jitter, starts again as
// soon as the hub answers a probe, reads the center's mailbox for dossier
// statuses, and installs newer guide packs from the hub. It logs ids only,
// never personal data.
package engine

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// Config tunes an Engine; zero fields take the defaults.
type Config struct {
	// BatchSize is the most changes in one push (default 200, at most
	// hubapi.MaxBatch).
	BatchSize int
	// PullLimit is the most events asked for in one pull (default 500).
	PullLimit int
	// Idle is the pause between rounds while all is well (default 30 s); a
	// queued edit (Kick) or SyncNow starts a round sooner.
	Idle time.Duration
	// KickDelay gathers the edits of a burst of typing into one push
	// (default 1 s).
	KickDelay time.Duration
	// MinBackoff and MaxBackoff bound the pause after failures (default 1 s
	// and 5 min); each failure doubles the cap, and the pause is drawn
	// between zero and the cap (full jitter).
	MinBackoff, MaxBackoff time.Duration
	// Probe is how often the engine asks the hub's info endpoint while it
	// backs off, to start again at once when the network is back (default
	// 3 s). Negative turns probing off.
	Probe time.Duration
	// Timeout bounds one request to the hub (default 30 s).
	Timeout time.Duration
	// Log receives ids and outcomes, never personal data.
	Log *slog.Logger
	// Rand draws the jitter, in [0, n); nil uses math/rand/v2.
	Rand func(n int64) int64
	// HTTPClient makes the HTTP client for a hub; nil pins the hub's
	// certificate fingerprint, or uses the system's roots without one.
	HTTPClient func(h store.Hub, timeout time.Duration) (*http.Client, error)
	// Mail, when set, makes the engine watch the center's mailbox.
	Mail *MailConfig
	// DataDir is the desk's data folder, where guide packs from the hub are
	// installed (package guides); empty turns guide updates off.
	DataDir string
	// GuideEvery is the least time between two asks for a newer guide pack
	// (default 1 h); the first ask follows the first round that goes through.
	GuideEvery time.Duration
	// GuideVersion is the version of the guides the app loaded at start
	// (guides.LoadNewest); 0 makes the engine load them from DataDir to
	// find it.
	GuideVersion int
}

// withDefaults fills the zero fields of c.
func (c Config) withDefaults() Config {
	pos := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	if c.BatchSize <= 0 || c.BatchSize > hubapi.MaxBatch {
		c.BatchSize = 200
	}
	if c.PullLimit <= 0 || c.PullLimit > hubapi.MaxPullLimit {
		c.PullLimit = 500
	}
	pos(&c.Idle, 30*time.Second)
	pos(&c.KickDelay, time.Second)
	pos(&c.MinBackoff, time.Second)
	pos(&c.MaxBackoff, 5*time.Minute)
	pos(&c.Timeout, 30*time.Second)
	pos(&c.GuideEvery, time.Hour)
	if c.Probe == 0 {
		c.Probe = 3 * time.Second
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.Rand == nil {
		c.Rand = rand.Int64N
	}
	if c.HTTPClient == nil {
		c.HTTPClient = defaultHTTPClient
	}
	return c
}

// Engine syncs one desk's store with its hub; create it with New and start
// it with Run.
type Engine struct {
	st  *store.Store
	cfg Config
	log *slog.Logger

	kick chan struct{}
	now  chan struct{}

	mu     sync.Mutex
	status Status
	subs   map[chan Status]struct{}
	client *hubClient

	guides guideState
	blobs  blobState // attachments (blobs.go)
}

// New returns an engine for st; nothing runs until Run.
func New(st *store.Store, cfg Config) *Engine {
	cfg = cfg.withDefaults()
	return &Engine{st: st, cfg: cfg, log: cfg.Log.With("op", "sync"),
		kick: make(chan struct{}, 1), now: make(chan struct{}, 1),
		subs: map[chan Status]struct{}{}}
}

// Kick tells the engine an edit was queued: it pushes within KickDelay
// when all is well, and probes the hub first while the hub is unreachable;
// after other failures the edit waits for the next try.
func (e *Engine) Kick() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// SyncNow starts a round at once, even while backing off: the volunteer's
// "sync now" button.
func (e *Engine) SyncNow() {
	select {
	case e.now <- struct{}{}:
	default:
	}
}

// Run syncs until ctx is done, then returns; it never stops by itself.
func (e *Engine) Run(ctx context.Context) {
	var wg sync.WaitGroup
	if e.cfg.Mail != nil && e.cfg.Mail.Watcher != nil {
		wg.Go(func() { e.mailLoop(ctx) })
	}
	defer wg.Wait()

	e.loadState(ctx)
	failures := 0
	for ctx.Err() == nil {
		more, err := e.round(ctx)
		if ctx.Err() != nil {
			return
		}
		wait, mode := e.cfg.Idle, waitIdle
		switch {
		case err != nil:
			failures++
			wait, mode = e.backoff(failures), waitQuiet
			switch key := classify(err).Key; {
			case key == KeyOffline:
				mode = waitProbe
			case needsPerson(key):
				wait, mode = e.cfg.MaxBackoff, waitQuiet
			}
			wait = e.notBefore(wait, err)
			e.update(func(s *Status) { s.NextTry = time.Now().Add(wait) })
		case more:
			failures, wait = 0, 0
		default:
			failures = 0
		}
		if !e.wait(ctx, wait, mode) {
			return
		}
	}
}

// waitMode says what may end a pause between rounds early.
type waitMode int

const (
	// waitIdle: all is well; a Kick pushes after KickDelay.
	waitIdle waitMode = iota
	// waitProbe: the hub could not be reached; it is probed every Probe
	// and on a Kick, and a round starts as soon as it answers.
	waitProbe
	// waitQuiet: the hub answered but failed, the desk's own database failed,
	// or the failure needs a person (enrol again, update the app): a probe
	// would not tell whether it is over, so only SyncNow or the end of the
	// pause starts a round.
	waitQuiet
)

// wait pauses between rounds and reports whether to go on. SyncNow always
// ends the pause; the rest depends on mode.
func (e *Engine) wait(ctx context.Context, d time.Duration, mode waitMode) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	var tick <-chan time.Time
	if mode == waitProbe && e.cfg.Probe > 0 {
		t := time.NewTicker(e.cfg.Probe)
		defer t.Stop()
		tick = t.C
	}
	deadline := time.Now().Add(d)
	for {
		select {
		case <-ctx.Done():
			return false
		case <-timer.C:
			return true
		case <-e.now:
			return true
		case <-tick:
			if e.probe(ctx) {
				return true
			}
		case <-e.kick:
			e.refreshCounts(ctx)
			switch mode {
			case waitProbe:
				if e.probe(ctx) {
					return true
				}
			case waitIdle:
				if soon := time.Now().Add(e.cfg.KickDelay); soon.Before(deadline) {
					deadline = soon
					timer.Reset(e.cfg.KickDelay)
				}
			}
		}
	}
}

// backoff is the pause after the n-th failure in a row: full jitter under
// a cap that doubles from MinBackoff up to MaxBackoff, never under 100 ms.
func (e *Engine) backoff(n int) time.Duration {
	limit := e.cfg.MinBackoff
	for i := 1; i < n && limit < e.cfg.MaxBackoff; i++ {
		limit *= 2
	}
	limit = min(limit, e.cfg.MaxBackoff)
	d := time.Duration(e.cfg.Rand(int64(limit) + 1))
	return max(d, 100*time.Millisecond)
}

// notBefore stretches a pause to the wait the hub asked for in a
// Retry-After header, up to MaxBackoff: a desk that came back sooner would
// only be refused again, and one that trusted a longer wait would stall.
func (e *Engine) notBefore(wait time.Duration, err error) time.Duration {
	var he *hubapi.Error
	if errors.As(err, &he) && he.RetryAfter > 0 {
		return max(wait, min(he.RetryAfter, e.cfg.MaxBackoff))
	}
	return wait
}

// probe asks the hub's info endpoint, which needs no token, whether the hub
// answers again.
func (e *Engine) probe(ctx context.Context) bool {
	c, err := e.clientFor(ctx)
	if err != nil {
		return false
	}
	pctx, cancel := context.WithTimeout(ctx, min(e.cfg.Timeout, 5*time.Second))
	defer cancel()
	_, err = c.api.Info(pctx)
	return err == nil
}

// loadState shows the stored sync state and counts before the first round.
func (e *Engine) loadState(ctx context.Context) {
	st, err := e.st.SyncState(ctx)
	if err != nil {
		e.log.Warn("read sync state", "err", err)
		return
	}
	_, hubErr := e.st.Hub(ctx)
	e.update(func(s *Status) {
		s.Configured = !errors.Is(hubErr, store.ErrNoHub)
		s.LastSuccess, s.ErrorKey, s.ErrorCause = st.LastSuccess, st.LastError,
			st.LastErrorCause
	})
	e.refreshCounts(ctx)
}
