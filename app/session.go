package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/autosave"
	"tiepsuc/internal/citizen"
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
	sectionNotes
	sectionClose
)

// sectionKeys name the sections in the translation files.
var sectionKeys = []string{"consent", "details", "need", "guide", "notes", "close"}

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

	saved *widget.Label
	root  *fyne.Container // the session's frame, laid out again on change
	steps *fyne.Container
	body  *fyne.Container
}

// openSession shows a stored session at the section asked for.
func (d *Desk) openSession(id int64, at section) {
	ctx := context.Background()
	s, err := d.store.Session(ctx, id)
	if err != nil {
		d.tell("error.open_session", "open", err)
		return
	}
	dr, err := d.store.Draft(ctx, s.DraftID)
	if err != nil {
		d.tell("error.open_session", "open", err)
		return
	}
	d.show(pageHome)
	v := &sessionView{d: d, session: s, draft: dr}
	v.saver = autosave.New(v.save, func(r autosave.Report) {
		fyne.Do(func() { v.showSaved(r) })
	})
	d.savers = append(d.savers, v.saver)
	v.saved = widget.NewLabel(lang.L("session.saved"))
	v.saved.Importance = widget.SuccessImportance
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

// save commits one edit; it runs on the saver's goroutine.
func (v *sessionView) save(ctx context.Context, field, value string) (int64, error) {
	if field != fieldGuideStep {
		return v.d.store.SetField(ctx, v.draft.ID, field, value)
	}
	id, step, _ := strings.Cut(value, "#")
	n, err := strconv.Atoi(step)
	if err != nil {
		return 0, fmt.Errorf("guide step %q: %w", value, err)
	}
	return v.d.store.SetGuideStep(ctx, v.draft.ID, id, n)
}

// set records an edit on screen at once and hands it to the saver.
func (v *sessionView) set(field, value string) {
	if field == fieldGuideStep {
		id, step, _ := strings.Cut(value, "#")
		v.draft.GuideID = id
		v.draft.GuideStep, _ = strconv.Atoi(step)
	} else {
		if v.draft.Fields == nil {
			v.draft.Fields = map[string]string{}
		}
		v.draft.Fields[field] = value
	}
	v.saved.SetText(lang.L("session.saving"))
	v.saved.Importance = widget.MediumImportance
	v.saved.Refresh()
	v.saver.Set(field, value)
	v.refreshSteps()
}

// showSaved updates the mark after a commit: "saved" only once nothing
// waits, and a plain warning while a commit keeps failing.
func (v *sessionView) showSaved(r autosave.Report) {
	switch {
	case r.Err != nil:
		v.saved.SetText(lang.L("session.save_failed"))
		v.saved.Importance = widget.DangerImportance
	case !v.saver.Pending():
		v.saved.SetText(lang.L("session.saved"))
		v.saved.Importance = widget.SuccessImportance
	default:
		return
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
	v.root = container.NewBorder(container.NewVBox(head, widget.NewSeparator()), nil,
		container.NewHBox(v.steps, widget.NewSeparator()), nil, v.body)
	return container.NewPadded(v.root)
}

// goTo shows one section.
func (v *sessionView) goTo(s section) {
	if !v.available(s) {
		s = sectionNeed
	}
	v.current = s
	v.d.player = nil
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
	case sectionNotes:
		obj = v.notesPart()
	default:
		obj = v.closePart()
	}
	v.body.Objects = []fyne.CanvasObject{obj}
	v.refreshSteps()
}

// available says whether a section can be opened: an anonymous session
// has no details and no notes, since nothing personal is kept.
func (v *sessionView) available(s section) bool {
	return !v.session.Anonymous || (s != sectionDetails && s != sectionNotes)
}

// refreshSteps redraws the map: done, current, or still to do.
func (v *sessionView) refreshSteps() {
	objs := make([]fyne.CanvasObject, 0, len(sectionKeys))
	for i, key := range sectionKeys {
		s := section(i)
		icon := theme.RadioButtonIcon()
		switch v.progress(s) {
		case partDone:
			icon = theme.ConfirmIcon()
		case partStarted:
			icon = theme.MoreHorizontalIcon()
		}
		label := fmt.Sprintf("%d  %s", i+1, lang.L("section."+key))
		b := widget.NewButtonWithIcon(label, icon, func() { v.goTo(s) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if s == v.current {
			b.Importance = widget.HighImportance
		}
		if !v.available(s) {
			b.SetText(label + " · " + lang.L("section.not_kept"))
			b.Disable()
		}
		objs = append(objs, b)
	}
	v.steps.Objects = objs
	v.root.Refresh()
}

// partState is how far a section of the session has come.
type partState int

const (
	partMissing partState = iota // nothing in it yet
	partStarted                  // begun, or holding a value that cannot be right
	partDone                     // holds what it needs
)

// progress says how far a section has come, for the map on the left.
func (v *sessionView) progress(s section) partState {
	f := v.draft.Fields
	switch s {
	case sectionConsent:
		return partDone
	case sectionDetails:
		return v.detailsProgress()
	case sectionNeed:
		return doneIf(f[store.FieldNeedKind] != "", false)
	case sectionGuide:
		g, ok := v.d.lib.Guide(v.draft.GuideID)
		return doneIf(ok && v.draft.GuideStep == len(g.Steps)-1, ok)
	case sectionNotes:
		return doneIf(strings.TrimSpace(f[store.FieldNotes]) != "", false)
	}
	return doneIf(!v.session.Open, false)
}

// doneIf turns two facts into a partState.
func doneIf(done, started bool) partState {
	switch {
	case done:
		return partDone
	case started:
		return partStarted
	}
	return partMissing
}

// detailsProgress is done when the name, identity number and birth date
// are there and none of the details is certainly wrong.
func (v *sessionView) detailsProgress() partState {
	f := v.draft.Fields
	keys := []string{store.FieldFullName, store.FieldIDNumber, store.FieldBirthDate,
		store.FieldPhone, store.FieldAddress}
	filled := 0
	for _, k := range keys {
		if strings.TrimSpace(f[k]) != "" {
			filled++
		}
	}
	if filled == 0 {
		return partMissing
	}
	for _, ps := range v.detailProblems() {
		if citizen.HasError(ps) {
			return partStarted
		}
	}
	required := f[store.FieldFullName] != "" && f[store.FieldIDNumber] != "" &&
		f[store.FieldBirthDate] != ""
	return doneIf(required, true)
}

// resumeSection is where a reopened draft lands: the guide step where it
// stopped, else the first part still to do.
func (v *sessionView) resumeSection() section {
	if v.draft.GuideID != "" {
		return sectionGuide
	}
	for _, s := range []section{sectionDetails, sectionNeed} {
		if v.available(s) && v.progress(s) != partDone {
			return s
		}
	}
	return sectionGuide
}
