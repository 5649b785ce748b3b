package engine

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"tiepsuc/guides"
	"tiepsuc/sync/hubapi"
)

// Translation keys of what became of a guide pack the hub offered; the
// data for each is the GuideUpdate it comes in.
const (
	// KeyGuidesInstalled: a newer pack is installed; the guides change at
	// the next start of the app. Data: Version.
	KeyGuidesInstalled = "sync.guides.installed"
	// KeyGuidesRefused: the pack failed the check; the old guides stay and
	// the pack is not downloaded again. Data: Version, Problems.
	KeyGuidesRefused = "sync.guides.refused"
	// KeyGuidesNotNewer: the pack is not newer than the guides in use; it
	// is not downloaded again. Data: Version, InUse.
	KeyGuidesNotNewer = "sync.guides.not_newer"
	// KeyGuidesDamaged: the download did not match the hub's checksum; it
	// was not installed and is tried again later.
	KeyGuidesDamaged = "sync.guides.damaged"
	// KeyGuidesFailed: the pack could not be written on this computer; the
	// old guides stay and it is tried again later.
	KeyGuidesFailed = "sync.guides.install_failed"
)

// GuideUpdate is what became of the last guide pack the hub offered, for
// the desk home to show through Key with the update itself as data.
type GuideUpdate struct {
	// Key is one of the KeyGuides… keys; empty when there is nothing to say.
	Key string
	// Version is the pack's version, when known.
	Version int
	// InUse is the version of the guides the desk keeps using.
	InUse int
	// Problems counts what the check found wrong, for KeyGuidesRefused.
	Problems int
	// Detail is the technical cause in English, for the log view: the
	// first problem the check found, or the error.
	Detail string
	// At is when it happened.
	At time.Time
}

// guidePackTimeout bounds one ask for a guide pack, download included.
const guidePackTimeout = 10 * time.Minute

// settingRefusedPack is the desk setting that keeps the last pack refused,
// so it is not downloaded again after a restart either.
const settingRefusedPack = "sync.guides.refused"

// refusal is a refused pack as kept in settingRefusedPack.
type refusal struct {
	SHA256 string      `json:"sha256"`
	Update GuideUpdate `json:"update"`
}

// guideState is the engine's memory of guide updates; only the Run
// goroutine touches it.
type guideState struct {
	// have is the version of the newest guides on disk; 0 until read.
	have int
	// asked is when the hub was last asked; zero before the first time.
	asked time.Time
	// refused is the last pack refused, never downloaded again.
	refused refusal
}

// checkGuides asks the hub for a guide pack newer than the desk's guides
// after a round that went through: first after the start, then at most once
// every GuideEvery. A newer pack is downloaded, checked against its
// SHA-256 and installed for the next start; a pack that fails the check is
// refused for good. Failures never fail the round: they show in
// Status.Guides and wait for the next time.
func (e *Engine) checkGuides(ctx context.Context, c *hubClient) {
	g := &e.guides
	if e.cfg.DataDir == "" || (!g.asked.IsZero() && time.Since(g.asked) < e.cfg.GuideEvery) {
		return
	}
	g.asked = time.Now()
	log := e.guideLog()
	if g.have == 0 {
		if err := e.loadGuideState(ctx); err != nil {
			log.Warn("guide version in use unknown", "err", err)
			return
		}
	}

	api := *c.api
	if api.HTTP != nil {
		hc := *api.HTTP
		hc.Timeout = max(hc.Timeout, guidePackTimeout)
		api.HTTP = &hc
	}
	dctx, cancel := context.WithTimeout(ctx, guidePackTimeout)
	defer cancel()
	offer, err := api.GuidePack(dctx, g.have, g.refused.SHA256)
	switch {
	case ctx.Err() != nil:
	case errors.Is(err, hubapi.ErrPackDamaged):
		log.Warn("guide pack damaged on the way", "err", err)
		e.showGuides(GuideUpdate{Key: KeyGuidesDamaged, InUse: g.have, Detail: err.Error()})
	case err != nil:
		log.Warn("guide pack check failed", "err", err)
	case offer.Skipped:
		// The hub still offers the pack refused before; the refusal stands.
	case !offer.Newer:
		e.clearGuideFailure()
	default:
		e.installGuides(ctx, offer)
	}
}

// loadGuideState reads the version of the guides on disk and the last
// refused pack, and shows that refusal while it still applies.
func (e *Engine) loadGuideState(ctx context.Context) error {
	have := e.cfg.GuideVersion
	if have <= 0 {
		var err error
		if _, have, err = guides.LoadNewest(e.cfg.DataDir); err != nil {
			return err
		}
	}
	raw, ok, err := e.st.Setting(ctx, settingRefusedPack)
	if err != nil {
		return err
	}
	g := &e.guides
	g.have = have
	if !ok {
		return nil
	}
	if err := json.Unmarshal([]byte(raw), &g.refused); err != nil {
		e.guideLog().Warn("refused guide pack record unreadable", "err", err)
		g.refused = refusal{}
		return nil
	}
	if g.refused.Update.Version > have {
		e.showGuides(g.refused.Update)
	}
	return nil
}

// installGuides installs a downloaded pack and shows and keeps the outcome.
func (e *Engine) installGuides(ctx context.Context, offer hubapi.GuidePackOffer) {
	g := &e.guides
	log := e.guideLog().With("version", offer.Version, "sha256", offer.SHA256[:12])
	err := guides.InstallPackZip(e.cfg.DataDir, offer.Zip)
	var le *guides.LoadError
	switch {
	case err == nil:
		log.Info("guide pack installed; used from the next start")
		g.have = offer.Version
		e.showGuides(GuideUpdate{Key: KeyGuidesInstalled, Version: offer.Version})
	case errors.Is(err, guides.ErrNotNewer):
		// Newer guides came some other way, such as a pack from a USB stick.
		if _, v, lerr := guides.LoadNewest(e.cfg.DataDir); lerr == nil {
			g.have = max(g.have, v)
		}
		log.Warn("guide pack refused: not newer", "in_use", g.have)
		e.refuse(ctx, offer.SHA256, GuideUpdate{Key: KeyGuidesNotNewer,
			Version: offer.Version, InUse: g.have, Detail: err.Error()})
	case errors.As(err, &le) && len(le.Problems) > 0:
		// Guide texts hold no personal data; the first problem says enough.
		first := le.Problems[0].String()
		log.Warn("guide pack refused: check failed", "problems", len(le.Problems),
			"first", first)
		e.refuse(ctx, offer.SHA256, GuideUpdate{Key: KeyGuidesRefused, Version: offer.Version,
			InUse: g.have, Problems: len(le.Problems), Detail: first})
	default:
		log.Warn("guide pack not installed", "err", err)
		e.showGuides(GuideUpdate{Key: KeyGuidesFailed, Version: offer.Version, InUse: g.have,
			Detail: err.Error()})
	}
}

// refuse shows a refused pack and keeps it, so that the hub is asked to
// skip it from now on, across restarts too.
func (e *Engine) refuse(ctx context.Context, sum string, u GuideUpdate) {
	u.At = time.Now()
	e.guides.refused = refusal{SHA256: sum, Update: u}
	e.showGuides(u)
	b, err := json.Marshal(e.guides.refused)
	if err == nil {
		err = e.st.SetSetting(ctx, settingRefusedPack, string(b))
	}
	if err != nil {
		e.guideLog().Warn("refused guide pack not kept", "err", err)
	}
}

// guideLog is the engine's logger for guide updates.
func (e *Engine) guideLog() *slog.Logger {
	return e.cfg.Log.With("op", "guides")
}

// showGuides puts u in the status, stamped now unless it has a time.
func (e *Engine) showGuides(u GuideUpdate) {
	if u.At.IsZero() {
		u.At = time.Now()
	}
	e.update(func(s *Status) { s.Guides = u })
}

// clearGuideFailure takes a damaged download or a failed install off the
// status once the hub has nothing newer than the desk's guides. News of an
// install or a refusal stays until the app starts again.
func (e *Engine) clearGuideFailure() {
	e.update(func(s *Status) {
		if s.Guides.Key == KeyGuidesDamaged || s.Guides.Key == KeyGuidesFailed {
			s.Guides = GuideUpdate{}
		}
	})
}
