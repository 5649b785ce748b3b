package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/catalogue"
	"tiepsuc/internal/citizen"
	"tiepsuc/internal/dossier"
	"tiepsuc/internal/store"
	"tiepsuc/internal/vntext"
)

// dossierPart is the dossier prepared offline: the procedure, its e-form
// checked as typed with a copy button beside each value for pasting into
// the portal, the papers checklist, what is still missing, and after
// submitting the dossier code and its statuses.
func (v *sessionView) dossierPart() fyne.CanvasObject {
	missing := container.NewVBox()
	body := container.NewVBox()
	var fill func()
	fill = func() {
		p, ok := v.d.catalog().ByID(v.draft.Fields[store.FieldNeedProcedure])
		objs := []fyne.CanvasObject{v.procedureChoice(func() { fill() })}
		if ok {
			// What is missing comes after the form, not above it, so the
			// boxes do not move under the mouse as the list shrinks.
			objs = append(objs, v.procedureFacts(p),
				v.eForm(p, func() { v.showMissing(missing, p) }),
				v.papers(p, func() { v.showMissing(missing, p) }), missing,
				v.attachmentsBox(p))
			v.showMissing(missing, p)
		}
		objs = append(objs, widget.NewSeparator(), v.codeForm(), v.statusList())
		body.Objects = objs
		body.Refresh()
	}
	fill()
	return part("section.dossier", body)
}

// procedureChoice picks the procedure; it is the same choice as in the
// need section, so both stay in step. changed redraws the dossier.
func (v *sessionView) procedureChoice(changed func()) fyne.CanvasObject {
	procs := v.d.catalog().All()
	labels := make([]string, len(procs))
	for i, p := range procs {
		labels[i] = p.Name.In(v.d.language)
	}
	sel := widget.NewSelect(labels, nil)
	sel.PlaceHolder = lang.L("need.choose")
	for i, p := range procs {
		if p.ID == v.draft.Fields[store.FieldNeedProcedure] {
			sel.SetSelectedIndex(i)
		}
	}
	sel.OnChanged = func(string) {
		p := procs[sel.SelectedIndex()]
		if v.draft.Fields[store.FieldNeedKind] == "" {
			v.set(store.FieldNeedKind, "procedure")
		}
		v.set(store.FieldNeedProcedure, p.ID)
		changed()
	}
	return widget.NewForm(widget.NewFormItem(lang.L("need.which_procedure"), sel))
}

// procedureFacts shows the procedure's code, level, agency, fees and time,
// marking what no source confirms.
func (v *sessionView) procedureFacts(p catalogue.Procedure) fyne.CanvasObject {
	lng := v.d.language
	mark := func(text, fact string) string {
		if !p.Confirmed(fact) {
			return text + " " + lang.L("dossier.unconfirmed")
		}
		return text
	}
	code := p.Code
	if code == "" {
		code = lang.L("dossier.no_code")
	}
	lines := []string{
		lang.L("dossier.code_and_level", map[string]any{
			"Code":  mark(code, catalogue.FactCode),
			"Level": mark(lang.L("dossier.level."+p.Level), catalogue.FactLevel)}),
		lang.L("dossier.agency", map[string]any{
			"Agency": mark(p.Agency.In(lng), catalogue.FactAgency)}),
		v.feeLine(p),
	}
	if t := p.Time.Text.In(lng); t != "" {
		lines = append(lines, lang.L("dossier.time", map[string]any{
			"Time": mark(t, catalogue.FactTime)}))
	}
	l := widget.NewLabel(strings.Join(lines, "\n"))
	l.Wrapping = fyne.TextWrapWord
	return l
}

// feeLine says what the citizen pays online and at the counter, the
// Vietnamese way ("7.000 ₫"), or that the portal shows the fee.
func (v *sessionView) feeLine(p catalogue.Procedure) string {
	if len(p.Fees.Cases) == 0 {
		return lang.L("dossier.fee_unknown")
	}
	c := p.Fees.Cases[0]
	amount := func(a catalogue.Amount) string {
		switch {
		case !a.Known:
			return lang.L("dossier.fee_see_portal")
		case a.VND == 0:
			return lang.L("dossier.fee_free")
		}
		return vntext.FormatMoney(a.VND)
	}
	line := lang.L("dossier.fee", map[string]any{"Online": amount(c.Online),
		"Counter": amount(c.Counter)})
	if !p.Fees.Confirmed {
		line += " " + lang.L("dossier.unconfirmed")
	}
	return line
}

// eForm is the procedure's e-form: each value checked as typed, with a
// copy button beside it. changed is told after every edit.
func (v *sessionView) eForm(p catalogue.Procedure, changed func()) fyne.CanvasObject {
	form := widget.NewForm()
	today := v.d.now()
	for _, f := range p.Form {
		value, prefilled := dossier.Value(p, f, v.draft.Fields)
		key := dossier.FormKey(p.ID, f.ID)
		label := f.Label.In(v.d.language)
		if f.Required {
			label += " *"
		}
		msg := widget.NewLabel("")
		msg.Wrapping = fyne.TextWrapWord
		msg.Hide()
		check := func(s string) { showProblems(msg, dossier.Problems(f, s, today)) }
		var input fyne.CanvasObject
		var current func() string
		if f.Kind == catalogue.KindChoice {
			sel := v.choiceField(p, f, key, changed)
			input, current = sel, func() string { return sel.Selected }
		} else {
			e := v.d.newEntry()
			e.setPlain(f.Kind != catalogue.KindText)
			e.SetText(value)
			e.SetPlaceHolder(f.Label.In(v.d.language))
			if prefilled {
				e.SetPlaceHolder(lang.L("dossier.from_details"))
			}
			e.OnChanged = func(s string) {
				v.set(key, storedFormValue(f, s, today))
				check(s)
				changed()
				form.Refresh()
			}
			check(value)
			input, current = e, func() string { return e.Text }
		}
		copyBtn := widget.NewButtonWithIcon(lang.L("dossier.copy"), theme.ContentCopyIcon(),
			func() { fyne.CurrentApp().Clipboard().SetContent(current()) })
		copyBtn.Importance = widget.LowImportance
		form.Append(label, container.NewVBox(
			container.NewBorder(nil, nil, nil, copyBtn, input), msg))
	}
	title := boldLabel(lang.L("dossier.form_title"))
	note := widget.NewLabel(lang.L("dossier.form_note"))
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle = fyne.TextStyle{Italic: true}
	return container.NewVBox(widget.NewSeparator(), title, note, form)
}

// storedFormValue keeps an e-form value tidy the way the citizen's details
// are: a name, number, phone or date by its check.
func storedFormValue(f catalogue.FormField, s string, today time.Time) string {
	switch f.Check {
	case catalogue.CheckFullName:
		return storedValue(store.FieldFullName, s, today)
	case catalogue.CheckIDNumber:
		return storedValue(store.FieldIDNumber, s, today)
	case catalogue.CheckBirthDate:
		return storedValue(store.FieldBirthDate, s, today)
	case catalogue.CheckPhone:
		return storedValue(store.FieldPhone, s, today)
	case catalogue.CheckAddress:
		return storedValue(store.FieldAddress, s, today)
	}
	if f.Kind == catalogue.KindDate {
		return storedValue(store.FieldBirthDate, s, today)
	}
	return vntext.NFC(s)
}

// choiceField is a drop-down for an e-form field with choices.
func (v *sessionView) choiceField(p catalogue.Procedure, f catalogue.FormField, key string,
	changed func()) *widget.Select {
	labels := make([]string, len(f.Choices))
	for i, c := range f.Choices {
		labels[i] = c.Label.In(v.d.language)
	}
	sel := widget.NewSelect(labels, nil)
	sel.PlaceHolder = lang.L("need.choose")
	for i, c := range f.Choices {
		if c.Value == v.draft.Fields[key] {
			sel.SetSelectedIndex(i)
		}
	}
	sel.OnChanged = func(string) {
		v.set(key, f.Choices[sel.SelectedIndex()].Value)
		changed()
	}
	return sel
}

// papers is the checklist of the papers the procedure needs: at hand,
// photographed, or missing.
func (v *sessionView) papers(p catalogue.Procedure, changed func()) fyne.CanvasObject {
	box := container.NewVBox(widget.NewSeparator(), boldLabel(lang.L("dossier.papers")))
	stateLabels := make([]string, len(dossier.PaperStates))
	for i, st := range dossier.PaperStates {
		stateLabels[i] = lang.L("dossier.paper." + string(st))
	}
	for i, paper := range p.Papers {
		name := paper.Name.In(v.d.language)
		if paper.Required {
			name += " *"
		}
		title := boldLabel(name)
		title.Wrapping = fyne.TextWrapWord
		note := widget.NewLabel(paper.Note.In(v.d.language))
		note.Wrapping = fyne.TextWrapWord
		key := dossier.PaperKey(p.ID, i)
		radio := widget.NewRadioGroup(stateLabels, nil)
		radio.Horizontal = true
		for j, st := range dossier.PaperStates {
			if string(st) == v.draft.Fields[key] {
				radio.SetSelected(stateLabels[j])
			}
		}
		radio.OnChanged = func(s string) {
			for j, l := range stateLabels {
				if l == s {
					v.set(key, string(dossier.PaperStates[j]))
				}
			}
			changed()
		}
		box.Add(container.NewVBox(title, note, radio))
	}
	return box
}

// showMissing says plainly what must still be done before submitting.
func (v *sessionView) showMissing(box *fyne.Container, p catalogue.Procedure) {
	m := dossier.Check(p, v.draft.Fields, v.d.now())
	if m.Ready() {
		l := widget.NewLabel(lang.L("dossier.ready"))
		l.Importance = widget.SuccessImportance
		box.Objects = []fyne.CanvasObject{l}
		box.Refresh()
		return
	}
	var items []string
	for _, f := range m.Empty {
		items = append(items, lang.L("dossier.missing_field",
			map[string]any{"Field": f.Label.In(v.d.language)}))
	}
	for _, f := range m.Wrong {
		items = append(items, lang.L("dossier.wrong_field",
			map[string]any{"Field": f.Label.In(v.d.language)}))
	}
	for _, paper := range m.Papers {
		items = append(items, lang.L("dossier.missing_paper",
			map[string]any{"Paper": paper.Name.In(v.d.language)}))
	}
	head := widget.NewLabel(lang.L("dossier.missing", map[string]any{"Count": m.Count()}))
	head.Importance = widget.WarningImportance
	head.TextStyle = fyne.TextStyle{Bold: true}
	list := widget.NewLabel("• " + strings.Join(items, "\n• "))
	list.Wrapping = fyne.TextWrapWord
	list.Importance = widget.WarningImportance
	box.Objects = []fyne.CanvasObject{head, list}
	box.Refresh()
}

// codeForm is the dossier code the portal gave, checked part by part.
func (v *sessionView) codeForm() fyne.CanvasObject {
	code := v.d.newPlainEntry()
	code.SetPlaceHolder(lang.L("dossier.code_hint"))
	code.SetText(v.draft.Fields[store.FieldDossierCode])
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	check := func(s string) {
		_, problems := citizen.CheckDossierCode(s, v.d.now())
		showProblems(msg, problems)
	}
	check(code.Text)
	code.OnChanged = func(s string) {
		v.set(store.FieldDossierCode, storedValue(store.FieldDossierCode, s, v.d.now()))
		check(s)
	}
	copyBtn := widget.NewButtonWithIcon(lang.L("dossier.copy"), theme.ContentCopyIcon(),
		func() { fyne.CurrentApp().Clipboard().SetContent(code.Text) })
	copyBtn.Importance = widget.LowImportance
	return widget.NewForm(widget.NewFormItem(lang.L("dossier.code"), container.NewVBox(
		container.NewBorder(nil, nil, nil, copyBtn, code), msg)))
}
