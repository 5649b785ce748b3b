package app

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/sync/engine"
)

// Syncer is the background sync as the desk's screens use it: the engine
// in the app, nothing at all in tests that do not sync.
type Syncer interface {
	// SyncNow starts a round at once, for the "sync now" button.
	SyncNow()
	// Subscribe returns a channel holding the newest status, the current
	// one first, and a function that ends the subscription.
	Subscribe() (<-chan engine.Status, func())
	// Refresh reads the counts again after the desk changed them.
	Refresh(ctx context.Context)
	// Kick asks for a push soon, after an edit was committed.
	Kick()
	// Status is where the sync stands now.
	Status() engine.Status
}

// watchSync calls fn on the UI goroutine with each new sync status until
// the returned function is called.
func (d *Desk) watchSync(fn func(engine.Status)) func() {
	ch, cancel := d.sync.Subscribe()
	done := make(chan struct{})
	go func() {
		for {
			select {
			case st := <-ch:
				d.do(func() { fn(st) })
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			close(done)
		})
	}
}

// syncPanel says what the sync is doing: what waits to go, the last
// success, the last failure in plain words, and a button to sync now.
func (d *Desk) syncPanel() fyne.CanvasObject {
	if d.sync == nil {
		c, err := d.store.SyncCounts(context.Background())
		if err != nil {
			d.tell("error.read_outbox", "home", err)
		}
		return d.syncNotSetUp(c.Queued)
	}
	box := container.NewVBox(d.syncLines(d.sync.Status())...)
	cancel := d.watchSync(func(st engine.Status) {
		box.Objects = d.syncLines(st)
		box.Refresh()
		d.root.Refresh()
	})
	d.onLeave = append(d.onLeave, cancel)
	return box
}

// syncNotSetUp is the panel of a desk not enrolled with a hub yet.
func (d *Desk) syncNotSetUp(queued int) fyne.CanvasObject {
	text := widget.NewLabel(lang.L("sync.not_set_up"))
	text.Wrapping = fyne.TextWrapWord
	waiting := widget.NewLabel(lang.L("sync.waiting", map[string]any{"Count": queued}))
	waiting.Wrapping = fyne.TextWrapWord
	set := widget.NewButton(lang.L("sync.set_up"), func() { d.show(pageSettings) })
	return panel(lang.L("sync.title"), text, waiting, set)
}

// syncLines draws one status of the engine.
func (d *Desk) syncLines(st engine.Status) []fyne.CanvasObject {
	if !st.Configured {
		if h, err := d.store.Hub(context.Background()); err == nil && h.URL != "" {
			// Enrolled: the engine has not read its state yet.
			return []fyne.CanvasObject{panel(lang.L("sync.title"),
				widget.NewLabel(lang.L("sync.starting")))}
		}
		return []fyne.CanvasObject{d.syncNotSetUp(st.Queued)}
	}
	wrap := func(text string, imp widget.Importance) *widget.Label {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = imp
		return l
	}
	lines := []fyne.CanvasObject{
		wrap(lang.L("sync.queued", map[string]any{"Count": st.Queued}), widget.MediumImportance),
	}
	if !st.LastSuccess.IsZero() {
		lines = append(lines, wrap(lang.L("sync.last_success", map[string]any{
			"Time": formatDateTime(st.LastSuccess.In(d.now().Location()))}),
			widget.SuccessImportance))
	}
	if st.ErrorKey != "" {
		lines = append(lines, wrap(lang.L(st.ErrorKey), widget.WarningImportance))
	}
	if st.Sending {
		bar := widget.NewProgressBar()
		bar.SetValue(st.Progress)
		lines = append(lines, bar)
	}
	now := widget.NewButtonWithIcon(lang.L("sync.now"), theme.ViewRefreshIcon(), d.sync.SyncNow)
	if st.Sending {
		now.Disable()
	}
	lines = append(lines, now)
	if st.Conflicts > 0 {
		lines = append(lines, wrap(lang.L("sync.conflicts",
			map[string]any{"Count": st.Conflicts}), widget.DangerImportance),
			widget.NewButtonWithIcon(lang.L("sync.see_conflicts"), theme.WarningIcon(),
				func() { d.showPage(d.conflictsScreen()) }))
	}
	if g := st.Guides; g.Key != "" {
		imp := widget.MediumImportance
		if g.Key != engine.KeyGuidesInstalled {
			imp = widget.WarningImportance
		}
		lines = append(lines, wrap(lang.L(g.Key, map[string]any{"Version": g.Version,
			"InUse": g.InUse, "Problems": g.Problems}), imp))
	}
	if st.Quarantined > 0 {
		lines = append(lines, wrap(lang.L("sync.quarantined",
			map[string]any{"Count": st.Quarantined}), widget.DangerImportance))
	}
	if st.NewStatuses > 0 {
		lines = append(lines, wrap(lang.L("sync.new_statuses",
			map[string]any{"Count": st.NewStatuses}), widget.HighImportance))
	}
	if st.Unmatched > 0 {
		lines = append(lines, wrap(lang.L("sync.unmatched",
			map[string]any{"Count": st.Unmatched}), widget.MediumImportance),
			widget.NewButtonWithIcon(lang.L("sync.see_mails"), theme.MailComposeIcon(),
				func() { d.showPage(d.mailboxScreen()) }))
	}
	if st.MailErrorKey != "" {
		lines = append(lines, wrap(lang.L(st.MailErrorKey), widget.WarningImportance))
	}
	return []fyne.CanvasObject{panel(lang.L("sync.title"), lines...)}
}

// showPage shows a screen reached from the home screen, such as the
// conflicts, with the home entry of the menu still lit.
func (d *Desk) showPage(obj fyne.CanvasObject) {
	d.show(pageHome)
	d.setContent(obj)
}

// syncBadge is the top bar's short word on sync: off, or how many wait.
func (d *Desk) syncBadge() fyne.CanvasObject {
	l := widget.NewLabel(lang.L("top.sync_off"))
	if d.sync == nil {
		return l
	}
	if d.badgeCancel != nil {
		d.badgeCancel()
	}
	show := func(st engine.Status) {
		switch {
		case !st.Configured:
			l.SetText(lang.L("top.sync_off"))
		case st.Conflicts > 0:
			l.SetText(lang.L("top.sync_conflicts", map[string]any{"Count": st.Conflicts}))
			l.Importance = widget.DangerImportance
		case st.ErrorKey != "" && !waitsForNetwork(st.ErrorKey):
			l.SetText(lang.L("top.sync_problem"))
			l.Importance = widget.DangerImportance
		case st.ErrorKey != "":
			l.SetText(lang.L("top.sync_waiting", map[string]any{"Count": st.Queued}))
			l.Importance = widget.WarningImportance
		default:
			l.SetText(lang.L("top.sync_ok", map[string]any{"Count": st.Queued}))
			l.Importance = widget.SuccessImportance
		}
		l.Refresh()
	}
	show(d.sync.Status())
	d.badgeCancel = d.watchSync(show)
	return l
}

// waitsForNetwork reports whether a sync failure goes away by itself when
// the line or the hub comes back, as opposed to one a person must handle.
func waitsForNetwork(key string) bool {
	return key == engine.KeyOffline || key == engine.KeyHubBusy || key == engine.KeyLocal
}
