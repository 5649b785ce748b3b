package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/citizen"
	"tiepsuc/internal/store"
)

// part wraps a section's content under its heading.
func part(titleKey string, content ...fyne.CanvasObject) fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(lang.L(titleKey), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	return container.NewBorder(heading, nil, nil, nil,
		container.NewVScroll(container.NewVBox(content...)))
}

// consentPart shows what the citizen agreed to and when.
func (v *sessionView) consentPart() fyne.CanvasObject {
	if v.session.Anonymous {
		l := widget.NewLabel(lang.L("session.anonymous_note"))
		l.Wrapping = fyne.TextWrapWord
		return part("section.consent", l)
	}
	box := container.NewVBox()
	for _, c := range v.session.Consents {
		key := "consent.refused"
		icon := theme.CancelIcon()
		if c.Granted {
			key, icon = "consent.granted", theme.ConfirmIcon()
		}
		text := lang.L(key, map[string]any{
			"Purpose": lang.L("consent.purpose." + string(c.Purpose)),
			"Time":    formatDateTime(c.At.In(v.d.now().Location())),
		})
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(icon), nil, l))
	}
	return part("section.consent", box, v.rightsBox())
}

// detailsPart is the citizen's details, each checked as it is typed and
// kept as typed, right or wrong, so nothing is lost.
func (v *sessionView) detailsPart() fyne.CanvasObject {
	checks := v.detailChecks()
	form := widget.NewForm()
	var recheck []func()
	var entries []*deskEntry
	for _, fl := range detailFields {
		e := v.d.newEntry()
		e.setPlain(fl.plain)
		e.SetPlaceHolder(lang.L(fl.hint))
		e.SetText(shownValue(fl.key, v.draft.Fields[fl.key]))
		msg := widget.NewLabel("")
		msg.Wrapping = fyne.TextWrapWord
		msg.Hide()
		check := func() { showProblems(msg, checks[fl.key]()) }
		recheck = append(recheck, check)
		e.OnChanged = func(s string) {
			v.set(fl.key, storedValue(fl.key, s, v.d.now()))
			for _, c := range recheck {
				c() // the identity number depends on the birth date
			}
			form.Refresh() // a message shown or hidden changes the rows' height
		}
		e.onLeave = func() {
			if shown := shownValue(fl.key, v.draft.Fields[fl.key]); shown != e.Text {
				e.SetText(shown)
			}
		}
		check()
		form.Append(lang.L(fl.label), container.NewVBox(e, msg))
		entries = append(entries, e)
		if fl.key == store.FieldBirthDate {
			form.Append(lang.L("details.gender"), v.genderChoice(func() {
				for _, c := range recheck {
					c()
				}
				form.Refresh()
			}))
		}
	}
	// Enter moves on to the next detail, as on a paper form.
	for i, e := range entries {
		if i+1 < len(entries) {
			next := entries[i+1]
			e.OnSubmitted = func(string) { v.d.win.Canvas().Focus(next) }
		}
	}
	v.focusFirst = entries[0]
	note := widget.NewLabel(lang.L("details.note"))
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle = fyne.TextStyle{Italic: true}
	next := widget.NewButtonWithIcon(lang.L("session.next_part"), theme.NavigateNextIcon(),
		func() { v.goTo(sectionNeed) })
	return part("section.details", form, note, container.NewHBox(next), widget.NewSeparator(),
		v.vneidProgress())
}

// detailField is one of the citizen's details on the form; plain ones
// hold digits and take no Vietnamese typing.
type detailField struct {
	key, label, hint string
	plain            bool
}

// detailFields are the citizen's details, in the order of the ID card.
var detailFields = []detailField{
	{store.FieldFullName, "details.full_name", "details.full_name_hint", false},
	{store.FieldIDNumber, "details.id_number", "details.id_number_hint", true},
	{store.FieldBirthDate, "details.birth_date", "details.birth_date_hint", true},
	{store.FieldPhone, "details.phone", "details.phone_hint", true},
	{store.FieldAddress, "details.address", "details.address_hint", false},
}

// fieldGender is the citizen's gender as on the ID card: "male" or
// "female", empty until chosen.
const fieldGender = "citizen.gender"

// genders reads the kept gender for the identity number's check.
var genders = map[string]citizen.Gender{"male": citizen.Male, "female": citizen.Female}

// genderChoice is the citizen's gender, kept when chosen; changed calls
// back so the identity number is checked against it.
func (v *sessionView) genderChoice(changed func()) fyne.CanvasObject {
	values := []string{"male", "female"}
	labels := []string{lang.L("details.gender.male"), lang.L("details.gender.female")}
	radio := widget.NewRadioGroup(labels, nil)
	radio.Horizontal = true
	for i, val := range values {
		if v.draft.Fields[fieldGender] == val {
			radio.SetSelected(labels[i])
		}
	}
	radio.OnChanged = func(s string) {
		kept := ""
		for i, l := range labels {
			if l == s {
				kept = values[i]
			}
		}
		v.set(fieldGender, kept)
		changed()
	}
	return radio
}

// detailChecks checks each detail as it stands now; the identity number
// is checked against the birth date typed.
func (v *sessionView) detailChecks() map[string]func() []citizen.Problem {
	f := func(k string) string { return v.draft.Fields[k] }
	today := v.d.now()
	return map[string]func() []citizen.Problem{
		store.FieldFullName: func() []citizen.Problem {
			return citizen.CheckFullName(f(store.FieldFullName))
		},
		store.FieldIDNumber: func() []citizen.Problem {
			birth, _ := citizen.CheckBirthDate(f(store.FieldBirthDate), today)
			return citizen.CheckIDNumber(f(store.FieldIDNumber), citizen.IDContext{
				Birth: birth, Gender: genders[f(fieldGender)], Today: today})
		},
		store.FieldBirthDate: func() []citizen.Problem {
			_, p := citizen.CheckBirthDate(f(store.FieldBirthDate), today)
			return p
		},
		store.FieldPhone: func() []citizen.Problem {
			_, p := citizen.CheckPhone(f(store.FieldPhone))
			return p
		},
		store.FieldAddress: func() []citizen.Problem {
			return citizen.CheckAddress(f(store.FieldAddress))
		},
	}
}

// detailProblems runs every detail's check.
func (v *sessionView) detailProblems() [][]citizen.Problem {
	var out [][]citizen.Problem
	for _, c := range v.detailChecks() {
		out = append(out, c())
	}
	return out
}

// showProblems writes a field's problems under it, the worst first.
func showProblems(msg *widget.Label, ps []citizen.Problem) {
	if len(ps) == 0 {
		msg.SetText("")
		msg.Hide()
		return
	}
	lines := make([]string, 0, len(ps))
	msg.Importance = widget.WarningImportance
	for _, p := range ps {
		data := make(map[string]any, len(p.Data))
		for k, val := range p.Data {
			data[k] = val
		}
		lines = append(lines, lang.L(p.Key, data))
		if p.Level == citizen.Error {
			msg.Importance = widget.DangerImportance
		}
	}
	msg.SetText(strings.Join(lines, "\n"))
	msg.Show()
}

// needPart records what the citizen came for: a procedure, a guide, or a
// question.
func (v *sessionView) needPart() fyne.CanvasObject {
	f := v.draft.Fields
	kinds := []string{"procedure", "guide", "question"}
	kindLabels := make([]string, len(kinds))
	for i, k := range kinds {
		kindLabels[i] = lang.L("need." + k)
	}
	procs := v.d.catalog().All()
	procedures := make([]string, 0, len(procs)+1)
	procLabels := make([]string, 0, len(procs)+1)
	for _, p := range procs {
		procedures = append(procedures, p.ID)
		procLabels = append(procLabels, p.Name.In(v.d.language))
	}
	procedures = append(procedures, "other")
	procLabels = append(procLabels, lang.L("procedure.other"))
	proc := widget.NewSelect(procLabels, nil)
	proc.PlaceHolder = lang.L("need.choose")
	guideIDs, guideLabels := v.guideChoices()
	guide := widget.NewSelect(guideLabels, nil)
	guide.PlaceHolder = lang.L("need.choose")
	for i, p := range procedures {
		if p == f[store.FieldNeedProcedure] {
			proc.SetSelectedIndex(i)
		}
	}
	for i, id := range guideIDs {
		if id == f[store.FieldNeedGuide] {
			guide.SetSelectedIndex(i)
		}
	}
	kind := widget.NewRadioGroup(kindLabels, nil)
	pick := func(k string) { // choosing a procedure or guide says what the need is
		if v.draft.Fields[store.FieldNeedKind] == "" {
			for i, kk := range kinds {
				if kk == k {
					kind.SetSelected(kindLabels[i])
				}
			}
		}
	}
	proc.OnChanged = func(string) {
		code := procedures[proc.SelectedIndex()]
		v.set(store.FieldNeedProcedure, code)
		pick("procedure")
		if g, ok := v.suggestedGuide(code); ok && v.draft.Fields[store.FieldNeedGuide] == "" {
			for i, id := range guideIDs {
				if id == g {
					guide.SetSelectedIndex(i)
				}
			}
		}
	}
	guide.OnChanged = func(string) {
		v.set(store.FieldNeedGuide, guideIDs[guide.SelectedIndex()])
		pick("guide")
	}

	for i, k := range kinds {
		if k == f[store.FieldNeedKind] {
			kind.SetSelected(kindLabels[i])
		}
	}
	kind.OnChanged = func(label string) {
		for i, l := range kindLabels {
			if l == label {
				v.set(store.FieldNeedKind, kinds[i])
			}
		}
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("need.kind"), kind),
		widget.NewFormItem(lang.L("need.which_procedure"), proc),
		widget.NewFormItem(lang.L("need.which_guide"), guide),
	)
	start := widget.NewButtonWithIcon(lang.L("need.start_guide"), theme.MediaPlayIcon(),
		func() { v.goTo(sectionGuide) })
	start.Importance = widget.HighImportance
	return part("section.need", form, container.NewHBox(start))
}

// suggestedGuide is the first guide the catalogue names for a procedure.
func (v *sessionView) suggestedGuide(id string) (string, bool) {
	p, ok := v.d.catalog().ByID(id)
	if !ok || len(p.Guides) == 0 {
		return "", false
	}
	return p.Guides[0], true
}

// guideChoices lists every guide's id and title for a drop-down.
func (v *sessionView) guideChoices() (ids, labels []string) {
	for _, g := range v.d.lib.Guides() {
		ids = append(ids, g.ID)
		labels = append(labels, g.Title.In(v.d.language))
	}
	return ids, labels
}

// guidePart plays the chosen guide inside the session, keeping the step
// so a reopened draft lands where it stopped.
func (v *sessionView) guidePart() fyne.CanvasObject {
	id := v.draft.GuideID
	if id == "" {
		id = v.draft.Fields[store.FieldNeedGuide]
	}
	g, ok := v.d.lib.Guide(id)
	if !ok {
		msg := widget.NewLabel(lang.L("session.choose_guide"))
		msg.Wrapping = fyne.TextWrapWord
		choose := widget.NewButton(lang.L("section.need"), func() { v.goTo(sectionNeed) })
		return part("section.guide", msg, container.NewHBox(choose))
	}
	start := 0
	if v.draft.GuideID == g.ID {
		start = v.draft.GuideStep
	} else {
		v.set(fieldGuideStep, fmt.Sprintf("%s#%d", g.ID, 0))
	}
	keep := func(i int) { v.set(fieldGuideStep, fmt.Sprintf("%s#%d", g.ID, i)) }
	p := newPlayer(v.d.lib, g, v.d.language, start, keep)
	v.d.player = p
	large := widget.NewButtonWithIcon(lang.L("citizen.open"), theme.ZoomInIcon(), func() {
		v.d.citizenMode(g, p.index, keep, func() { p.show(v.draft.GuideStep) })
	})
	card := widget.NewButtonWithIcon(lang.L("card.button"), theme.DocumentPrintIcon(),
		func() { v.d.askCard(g, v.draft.GuideStep+1, v.handOffCode()) })
	return container.NewBorder(nil, container.NewHBox(large, card), nil, nil, p.obj)
}

// notesPart is free text about the visit, kept as typed.
func (v *sessionView) notesPart() fyne.CanvasObject {
	e := v.d.newMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetPlaceHolder(lang.L("notes.hint"))
	e.SetText(v.draft.Fields[store.FieldNotes])
	e.SetMinRowsVisible(8)
	e.OnChanged = func(s string) { v.set(store.FieldNotes, s) }
	return part("section.notes", e)
}

// outcomes are the ways a session can end.
var outcomes = []store.Outcome{store.OutcomeDone, store.OutcomeContinue, store.OutcomeCounter}

// closePart ends the session with its outcome, once every edit is kept.
func (v *sessionView) closePart() fyne.CanvasObject {
	labels := make([]string, len(outcomes))
	for i, o := range outcomes {
		labels[i] = lang.L("outcome." + string(o))
	}
	choice := widget.NewRadioGroup(labels, nil)
	end := widget.NewButtonWithIcon(lang.L("close.end"), theme.ConfirmIcon(), nil)
	end.Importance = widget.HighImportance
	end.Disable()
	choice.OnChanged = func(string) { end.Enable() }
	end.OnTapped = func() {
		for i, l := range labels {
			if l == choice.Selected {
				v.close(outcomes[i])
			}
		}
	}
	help := widget.NewLabel(lang.L("close.help"))
	help.Wrapping = fyne.TextWrapWord
	return part("section.close", help, choice, container.NewHBox(end), widget.NewSeparator(),
		v.handOffBox())
}

// close ends the session after every edit is committed.
func (v *sessionView) close(o store.Outcome) {
	if err := v.flush(); err != nil {
		v.d.tell("error.not_saved_yet", "close", err)
		return
	}
	if err := v.d.store.CloseSession(context.Background(), v.session.ID, o); err != nil {
		v.d.tell("error.close_session", "close", err)
		return
	}
	v.d.show(pageHome)
}
