package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/citizen"
	"tiepsuc/internal/store"
)

// The session's map: which parts can be opened, how far each has come,
// and where a reopened draft resumes.

// available says whether a section can be opened: an anonymous session
// has no details and no notes, since nothing personal is kept.
func (v *sessionView) available(s section) bool {
	return !v.session.Anonymous ||
		(s != sectionDetails && s != sectionNotes && s != sectionDossier)
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
	case sectionDossier:
		return doneIf(f[store.FieldDossierCode] != "", false)
	case sectionPayment:
		st := f[fieldPaymentState]
		return doneIf(st == paymentPaid || st == paymentNotNeeded, st != "")
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
