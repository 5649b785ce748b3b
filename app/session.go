package app

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/autosave"
	"tiepsuc/internal/store"
)

// section is one part of a citizen session, in the order of the map on
// the left.
type section int

const (
	sectionResume section = iota - 1 // the part where the draft was left
	sectionConsent
	sectionDetails
	sectionNeed
	sectionGuide
	sectionDossier
	sectionPayment
	sectionNotes
	sectionClose
)

// sectionKeys name the sections in the translation files.
var sectionKeys = []string{"consent", "details", "need", "guide", "dossier", "payment", "notes",
	"close"}

// fieldGuideStep is the saver's name for a move in the guide; its value is
// "<guide id>#<step>".
const fieldGuideStep = "guide.step"

// sessionView is a citizen session on screen: the map of its parts on the
// left, the current part on the right, and a mark that proves every edit
// was kept.
type sessionView struct {
	d       *Desk
	session store.Session
	draft   store.Draft // Fields hold what was typed last, saved or not yet
	saver   *autosave.Saver
	current section

	saved  *widget.Label
	banner *fyne.Container // says how a closed session ended
	// focusFirst is the field that takes the keyboard when a part opens.
	focusFirst fyne.Focusable
	root       *fyne.Container // the session's frame, laid out again on change
	steps      *fyne.Container
	body       *fyne.Container
}

// openSession shows a stored session at the section asked for.
func (d *Desk) openSession(id int64, at section) {
	ctx := d.ctx()
	s, err := d.store.Session(ctx, id)
	if err != nil {
		d.tell("error.open_session", "open", err)
		return
	}
	if d.account != nil {
		if err := d.store.Audit(ctx, d.account.ID, store.AuditView, s.DraftID, ""); err != nil {
			slog.Error("audit view", "op", "audit", "err", err)
		}
	}
	dr, err := d.store.Draft(ctx, s.DraftID)
	if err != nil {
		d.tell("error.open_session", "open", err)
		return
	}
	d.show(pageHome)
	v := &sessionView{d: d, session: s, draft: dr}
	v.saver = d.saverFor(dr.ID)
	v.overlayWaiting()
	v.saved = widget.NewLabel("")
	v.markSaved()
	v.steps = container.NewVBox()
	v.body = container.NewStack()
	d.session = v
	d.page = pageSession
	d.refreshBars()
	if at == sectionResume {
		at = v.resumeSection()
	}
	d.setContent(v.layout())
	v.goTo(at)
}

// saverFor returns the one saver of a draft, made on first use, so edits
// queued while the draft was on screen before are never overtaken by a
// second saver's.
func (d *Desk) saverFor(draftID int64) *autosave.Saver {
	if s, ok := d.savers[draftID]; ok {
		return s
	}
	save := func(ctx context.Context, field, value string) (int64, error) {
		// The saver commits on its own goroutine; the volunteer is read
		// from an atomic, since the edit may be committed after a lock.
		if id := d.actorID.Load(); id != 0 {
			ctx = store.WithActor(ctx, id)
		}
		return d.saveEdit(ctx, draftID, field, value)
	}
	s := autosave.New(save, func(r autosave.Report) {
		if r.Err != nil {
			slog.Error("edit not saved yet", "op", "save", "draft", draftID, "field", r.Field,
				"err", r.Err)
		} else if sy := d.sync; sy != nil {
			sy.Kick()
		}
		d.do(func() {
			if v := d.session; v != nil && v.draft.ID == draftID {
				v.markSaved()
			}
		})
	})
	d.savers[draftID] = s
	return s
}

// saveEdit commits one edit of a draft; it runs on the saver's goroutine.
func (d *Desk) saveEdit(ctx context.Context, draftID int64, field, value string) (int64,
	error) {
	if field != fieldGuideStep {
		return d.store.SetField(ctx, draftID, field, value)
	}
	id, step, _ := strings.Cut(value, "#")
	n, err := strconv.Atoi(step)
	if err != nil {
		return 0, fmt.Errorf("guide step %q: %w", value, err)
	}
	return d.store.SetGuideStep(ctx, draftID, id, n)
}

// overlayWaiting puts the edits still queued over what the store gave, so
// the screen shows what was typed last.
func (v *sessionView) overlayWaiting() {
	for f, val := range v.saver.Waiting() {
		v.apply(f, val)
	}
}

// apply records an edit in the draft on screen.
func (v *sessionView) apply(field, value string) {
	if field == fieldGuideStep {
		id, step, _ := strings.Cut(value, "#")
		v.draft.GuideID = id
		v.draft.GuideStep, _ = strconv.Atoi(step)
		return
	}
	if v.draft.Fields == nil {
		v.draft.Fields = map[string]string{}
	}
	v.draft.Fields[field] = value
}

// set records an edit on screen at once and hands it to the saver. The
// first edit of a closed session opens it again: looking changes nothing,
// going on with the citizen does.
func (v *sessionView) set(field, value string) {
	if v.unchanged(field, value) {
		return
	}
	if !v.session.Open {
		if err := v.d.store.ReopenSession(context.Background(), v.session.ID); err != nil {
			v.d.tell("error.open_session", "reopen", err)
		} else {
			v.session.Open, v.session.Outcome = true, store.OutcomeNone
			v.refreshHead()
		}
	}
	v.apply(field, value)
	v.saver.Set(field, value)
	v.markSaved()
	v.refreshSteps()
}

// unchanged reports whether value is what the draft already holds for
// field, as when an entry is redrawn in its tidy form.
func (v *sessionView) unchanged(field, value string) bool {
	if field == fieldGuideStep {
		return false
	}
	old, ok := v.draft.Fields[field]
	return ok && old == value
}

// markSaved sets the mark: "saved" only once nothing waits, "saving"
// while an edit is being committed, and a plain warning while a commit
// keeps failing.
func (v *sessionView) markSaved() {
	switch {
	case v.saver.Failing():
		v.saved.SetText(lang.L("session.save_failed"))
		v.saved.Importance = widget.DangerImportance
	case v.saver.Pending():
		v.saved.SetText(lang.L("session.saving"))
		v.saved.Importance = widget.MediumImportance
	default:
		v.saved.SetText(lang.L("session.saved"))
		v.saved.Importance = widget.SuccessImportance
	}
	v.saved.Refresh()
}

// leave runs when the volunteer goes to another screen; queued edits keep
// being committed in the background.
func (v *sessionView) leave() {}

// flush waits for every edit to be committed, for closing the session or
// the app.
func (v *sessionView) flush() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return v.saver.Flush(ctx)
}

// layout puts the session's map beside its current part.
func (v *sessionView) layout() fyne.CanvasObject {
	home := widget.NewButtonWithIcon(lang.L("session.to_home"), theme.HomeIcon(),
		func() { v.d.show(pageHome) })
	home.Importance = widget.LowImportance
	title := widget.NewLabelWithStyle(lang.L("session.title", map[string]any{
		"ID": v.session.ID, "Time": v.session.StartedAt.In(v.d.now().Location()).Format("15:04"),
	}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head := container.NewBorder(nil, nil, title, container.NewHBox(v.saved, home))
	v.banner = container.NewVBox()
	v.refreshHead()
	v.root = container.NewBorder(container.NewVBox(head, v.banner, widget.NewSeparator()), nil,
		container.NewHBox(v.steps, widget.NewSeparator()), nil, v.body)
	return container.NewPadded(v.root)
}

// refreshHead says, above a closed session, how it ended and that any
// change will open it again.
func (v *sessionView) refreshHead() {
	v.banner.Objects = nil
	if !v.session.Open {
		l := widget.NewLabel(lang.L("session.closed_note", map[string]any{
			"Outcome": lang.L("state." + string(v.session.Outcome))}))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		v.banner.Objects = []fyne.CanvasObject{l}
	}
	v.banner.Refresh()
	if v.root != nil {
		v.root.Refresh()
	}
}

// goTo shows one section.
func (v *sessionView) goTo(s section) {
	if !v.available(s) {
		s = sectionNeed
	}
	v.current = s
	v.d.player = nil
	v.focusFirst = nil
	var obj fyne.CanvasObject
	switch s {
	case sectionConsent:
		obj = v.consentPart()
	case sectionDetails:
		obj = v.detailsPart()
	case sectionNeed:
		obj = v.needPart()
	case sectionGuide:
		obj = v.guidePart()
	case sectionDossier:
		obj = v.dossierPart()
	case sectionPayment:
		obj = v.paymentPart()
	case sectionNotes:
		obj = v.notesPart()
	default:
		obj = v.closePart()
	}
	v.d.win.Canvas().Unfocus()
	v.body.Objects = []fyne.CanvasObject{obj}
	v.refreshSteps()
	if v.focusFirst != nil {
		v.d.win.Canvas().Focus(v.focusFirst)
	}
}
