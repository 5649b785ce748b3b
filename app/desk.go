// Package app is the desk app's window: the screens a volunteer, a citizen
// and a trainer see. It holds no SQL and no network code; it asks the store
// and the guide library for what it shows.
package app

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/catalogue"
	"tiepsuc/guides"
	"tiepsuc/internal/attach"
	"tiepsuc/internal/auth"
	"tiepsuc/internal/autosave"
	"tiepsuc/internal/store"
)

// Setting keys kept in the store.
const (
	settingLanguage  = "language"
	settingDeskName  = "desk_name"
	settingVolunteer = "volunteer_name"
	settingTyping    = "typing"
)

// page names one entry of the left menu.
type page int

const (
	pageHome page = iota
	pageDrafts
	pageGuides
	pageSettings
	pageSession  // a citizen session; not in the menu
	pagePractice // the typing practice; opened from Guides and Settings
	pageAudit    // the audit log, for those who may see it
)

// Options are what a caller can change about a Desk; the zero value is
// ready to use.
type Options struct {
	// Now gives the time of day; tests fix it so screens do not change.
	Now func() time.Time
	// Sync starts the background sync on the opened store and returns it
	// with the function that stops it; nil leaves sync off.
	Sync func(st *store.Store) (Syncer, func())
	// Do runs a change of the screen asked for by a background goroutine
	// on the UI goroutine; nil is fyne.Do. Tests run them in their own turn.
	Do func(func())
	// Enrol joins this desk to a hub with a one-time code; nil hides it.
	Enrol func(ctx context.Context, st *store.Store, hubURL, fingerprint, code string) error
	// Catalogue is the procedure catalogue; nil uses the built-in one.
	Catalogue *catalogue.Catalogue
	// Account, when set, is the volunteer already signed in (tests that
	// are not about signing in); nil shows the sign-in screen first.
	Account *store.Account
}

// Desk is the desk app's main window and the state its screens share.
type Desk struct {
	win     fyne.Window
	store   *store.Store
	lib     *guides.Library
	cat     *catalogue.Catalogue // read through catalog(), loaded on first use
	catOnce sync.Once
	now     func() time.Time
	theme   *deskTheme

	language  string
	page      page
	sync      Syncer
	stopSync  func()
	do        func(func()) // runs background changes on the UI goroutine
	startSync func(st *store.Store) (Syncer, func())
	enrol     func(ctx context.Context, st *store.Store, hubURL, fingerprint, code string) error
	onLeave   []func() // run when the page changes, to stop its subscriptions
	// badgeCancel stops the top bar's subscription when the bar is redrawn.
	badgeCancel func()
	session     *sessionView              // the open citizen session, if any
	player      *player                   // the guide on screen, for PageDown/PageUp
	savers      map[int64]*autosave.Saver // one saver per draft, flushed at close
	attachments *attach.Store             // the data folder's attachments, once opened

	root    *fyne.Container // the frame: top bar, menu, content
	top     *fyne.Container
	menu    *fyne.Container
	content *fyne.Container
	search  *deskEntry // the home screen's search box, for Ctrl+F
	// badges show the typing method inside the entries on screen.
	badges []*widget.Button
	// modeKeys, while the citizen or presenter mode is on, gets every key.
	modeKeys func(*fyne.KeyEvent)
	// account is the volunteer signed in, nil while the sign-in screen shows.
	account *store.Account
	// actorID is account's id, or 0, for the savers' goroutines.
	actorID atomic.Int64
	// lastActive is when someone last used the desk, for the idle lock.
	lastActive time.Time
	// stopIdle stops the idle watch.
	stopIdle func()
	// focusOnShow, when a screen sets it, gets the keyboard once the screen
	// is shown.
	focusOnShow fyne.Focusable
}

// New builds the desk's screens in win, in the language kept in Settings.
func New(win fyne.Window, st *store.Store, lib *guides.Library, opt Options) *Desk {
	d := &Desk{win: win, store: st, lib: lib, now: opt.Now, theme: newDeskTheme(),
		startSync: opt.Sync, enrol: opt.Enrol, savers: map[int64]*autosave.Saver{},
		do: opt.Do}
	if d.do == nil {
		d.do = fyne.Do
	}
	d.cat = opt.Catalogue
	d.restartSync()
	if d.now == nil {
		d.now = time.Now
	}
	d.language = d.setting(settingLanguage, "vi")
	if err := UseLanguage(d.language); err != nil {
		slog.Error("load translations", "op", "language", "err", err)
	}
	fyne.CurrentApp().Settings().SetTheme(d.theme)
	d.top = container.NewStack()
	d.menu = container.NewVBox()
	d.content = container.NewStack()
	d.root = container.NewBorder(d.top, nil, d.menu, nil, d.content)
	d.addShortcuts()
	// Housekeeping waits for the first frame: a citizen may be waiting. A
	// caller that runs background changes itself (tests) runs it too, in
	// its turn, so the clock's readings come in the same order every run.
	if opt.Do != nil {
		opt.Do(d.purgeOld)
	} else {
		go d.purgeOld()
	}
	d.stopIdle = d.watchIdle()
	if opt.Account != nil {
		d.account = opt.Account
		d.actorID.Store(opt.Account.ID)
		d.touch()
		win.SetContent(d.root)
		d.show(pageHome)
	} else {
		d.showGate()
	}
	return d
}

// show replaces the content with the page and refreshes the bars.
func (d *Desk) show(p page) {
	if p != pageSession && d.session != nil {
		d.session.leave()
		d.session = nil
	}
	for _, f := range d.onLeave {
		f()
	}
	d.onLeave = nil
	d.touch()
	d.page = p
	d.search = nil
	d.badges = nil
	d.player = nil
	d.refreshBars()
	var obj fyne.CanvasObject
	switch p {
	case pageDrafts:
		obj = d.draftsScreen("")
	case pageGuides:
		obj = d.guidesScreen()
	case pageSettings:
		obj = d.settingsScreen()
	case pagePractice:
		obj = d.practiceScreen()
	case pageAudit:
		obj = d.auditScreen()
	default:
		obj = d.homeScreen()
	}
	d.setContent(obj)
}

// setContent puts obj in the main area.
func (d *Desk) setContent(obj fyne.CanvasObject) {
	// The keyboard must not stay with an entry that is no longer shown.
	d.win.Canvas().Unfocus()
	d.content.Objects = []fyne.CanvasObject{obj}
	d.root.Refresh()
	if d.focusOnShow != nil {
		d.win.Canvas().Focus(d.focusOnShow)
		d.focusOnShow = nil
	}
}

// refreshBars redraws the top bar and the menu, after a page or a setting
// changed.
func (d *Desk) refreshBars() {
	d.top.Objects = []fyne.CanvasObject{d.topBar()}
	d.menu.Objects = d.menuButtons()
	// No refresh here: every caller sets the content next, which lays the
	// whole frame out once.
}

// topBar says who works at this desk and what the sync is doing.
func (d *Desk) topBar() fyne.CanvasObject {
	desk := d.setting(settingDeskName, "")
	if desk == "" {
		desk = lang.L("top.desk_unnamed")
	}
	who := d.setting(settingVolunteer, "")
	if who == "" {
		who = lang.L("top.volunteer_unnamed")
	}
	title := widget.NewLabelWithStyle(lang.L("app.name"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	where := widget.NewLabel(lang.L("top.where", map[string]any{"Desk": desk, "Volunteer": who}))
	lock := widget.NewButtonWithIcon(lang.L("top.lock"), theme.LogoutIcon(),
		func() { d.lock(false) })
	lock.Importance = widget.LowImportance
	bar := container.NewBorder(nil, nil, container.NewHBox(title, where),
		container.NewHBox(d.syncBadge(), lock))
	return container.NewVBox(bar, widget.NewSeparator())
}

// menuButtons are the left menu; the current page stands out.
func (d *Desk) menuButtons() []fyne.CanvasObject {
	items := []struct {
		p    page
		key  string
		icon fyne.Resource
	}{
		{pageHome, "menu.today", theme.HomeIcon()},
		{pageDrafts, "menu.drafts", theme.DocumentIcon()},
		{pageGuides, "menu.guides", theme.HelpIcon()},
		{pageSettings, "menu.settings", theme.SettingsIcon()},
	}
	if d.can(auth.ViewAudit) {
		items = append(items, struct {
			p    page
			key  string
			icon fyne.Resource
		}{pageAudit, "menu.audit", theme.ListIcon()})
	}
	out := make([]fyne.CanvasObject, 0, len(items))
	for _, it := range items {
		b := widget.NewButtonWithIcon(lang.L(it.key), it.icon, func() { d.show(it.p) })
		b.Alignment = widget.ButtonAlignLeading
		if d.page == it.p {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		out = append(out, b)
	}
	return out
}

// addShortcuts wires the desk's keyboard: Ctrl+N welcomes a citizen,
// Ctrl+F finds a draft, PageDown/PageUp move through a guide.
func (d *Desk) addShortcuts() {
	c := d.win.Canvas()
	for _, k := range []fyne.KeyName{fyne.KeyN, fyne.KeyF} {
		sc := &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
		c.AddShortcut(sc, func(fyne.Shortcut) { d.shortcut(sc) })
	}
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if d.modeKeys != nil {
			d.modeKeys(ev)
			return
		}
		if d.player == nil {
			return
		}
		switch ev.Name {
		case fyne.KeyPageDown:
			d.player.move(1)
		case fyne.KeyPageUp:
			d.player.move(-1)
		}
	})
}

// focusSearch goes to the home screen's search box.
func (d *Desk) focusSearch() {
	if d.page != pageHome || d.search == nil {
		d.show(pageHome)
	}
	if d.search != nil {
		d.win.Canvas().Focus(d.search)
	}
}

// setting reads one setting, or def when it is not set or cannot be read.
func (d *Desk) setting(key, def string) string {
	v, ok, err := d.store.Setting(context.Background(), key)
	if err != nil {
		slog.Error("read setting", "op", "setting", "key", key, "err", err)
		return def
	}
	if !ok {
		return def
	}
	return v
}

// restartSync stops the running sync, if any, and starts it again, so new
// hub or mailbox settings take effect at once.
func (d *Desk) restartSync() {
	if d.stopSync != nil {
		d.stopSync()
		d.sync, d.stopSync = nil, nil
	}
	if d.startSync != nil {
		d.sync, d.stopSync = d.startSync(d.store)
	}
}

// Close waits for the open session's edits to be committed, so closing
// the window loses nothing, and stops the sync.
func (d *Desk) Close() {
	if d.stopIdle != nil {
		d.stopIdle()
	}
	if d.stopSync != nil {
		defer d.stopSync()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, s := range d.savers {
		if err := s.Flush(ctx); err != nil {
			slog.Error("edits not committed at close", "op", "close", "err", err)
		}
	}
}

// closeWhenSaved closes the window once every edit is committed. When some
// edit still cannot be committed after a short wait, it says so and lets
// the volunteer wait longer or close anyway.
func (d *Desk) closeWhenSaved(closeWin func()) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	pending := false
	for _, s := range d.savers {
		if err := s.Flush(ctx); err != nil {
			pending = true
		}
	}
	if !pending {
		closeWin()
		return
	}
	msg := widget.NewLabel(lang.L("close.unsaved"))
	msg.Wrapping = fyne.TextWrapWord
	body := container.NewGridWrap(fyne.NewSize(440, msg.MinSize().Height*4), msg)
	dialog.NewCustomConfirm(lang.L("close.unsaved_title"), lang.L("close.wait"),
		lang.L("close.anyway"), body, func(wait bool) {
			if !wait {
				closeWin()
			}
		}, d.win).Show()
}

// catalog is the procedure catalogue, read from the binary the first time
// a screen needs it rather than before the first frame.
func (d *Desk) catalog() *catalogue.Catalogue {
	d.catOnce.Do(func() {
		if d.cat != nil {
			return
		}
		cat, err := catalogue.Builtin()
		if err != nil {
			slog.Error("load procedure catalogue", "op", "catalogue", "err", err)
			cat = &catalogue.Catalogue{}
		}
		d.cat = cat
	})
	return d.cat
}
