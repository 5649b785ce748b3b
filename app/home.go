package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/dossier"
	"tiepsuc/internal/store"
)

// homeScreen is the desk home: welcome a citizen, find a draft, today's
// sessions and what the sync is doing.
func (d *Desk) homeScreen() fyne.CanvasObject {
	welcome := widget.NewButtonWithIcon(lang.L("home.welcome"), theme.ContentAddIcon(), d.welcome)
	welcome.Importance = widget.HighImportance

	search := d.newEntry()
	search.SetPlaceHolder(lang.L("home.search_hint"))
	search.plainWhen = typingCode
	search.OnSubmitted = func(q string) { d.findOrHandOff(q) }
	d.search = search
	find := widget.NewButtonWithIcon(lang.L("home.search"), theme.SearchIcon(),
		func() { d.findOrHandOff(search.Text) })
	actions := container.NewBorder(nil, nil, welcome, find, search)

	today := d.now()
	heading := widget.NewLabelWithStyle(
		lang.L("home.today", map[string]any{"Date": formatDate(today)}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	rows, err := d.store.SessionsStartedOn(context.Background(), today)
	if err != nil {
		d.tell("error.read_sessions", "home", err)
	}
	var list fyne.CanvasObject
	if len(rows) == 0 {
		empty := widget.NewLabel(lang.L("home.no_sessions"))
		empty.Wrapping = fyne.TextWrapWord
		list = container.NewVBox(empty)
	} else {
		list = d.summaryList(rows, true)
	}

	side := container.NewVBox(d.syncPanel(), d.setupHint())
	body := container.NewBorder(heading, nil, nil, nil, list)
	return container.NewPadded(container.NewBorder(
		container.NewVBox(actions, widget.NewSeparator()), nil, nil,
		container.NewGridWrap(fyne.NewSize(300, side.MinSize().Height), side), body))
}

// setupHint asks for the desk and volunteer names until they are given.
func (d *Desk) setupHint() fyne.CanvasObject {
	if d.setting(settingVolunteer, "") != "" && d.setting(settingDeskName, "") != "" {
		return container.NewVBox()
	}
	msg := widget.NewLabel(lang.L("home.setup_hint"))
	msg.Wrapping = fyne.TextWrapWord
	open := widget.NewButton(lang.L("home.open_settings"), func() { d.show(pageSettings) })
	return panel(lang.L("home.setup_title"), msg, open)
}

// summaryList lists sessions or drafts; tapping one opens it. withTime puts
// the start time first (today's list); otherwise the last change's date.
func (d *Desk) summaryList(rows []store.DraftSummary, withTime bool) fyne.CanvasObject {
	l := widget.NewList(
		func() int { return len(rows) },
		func() fyne.CanvasObject {
			when := widget.NewLabel("00/00/0000 00:00")
			if withTime {
				when.SetText("00:00")
			}
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			need := widget.NewLabel("")
			need.Truncation = fyne.TextTruncateEllipsis
			state := widget.NewLabel("")
			state.Truncation = fyne.TextTruncateEllipsis
			stateBox := container.NewGridWrap(fyne.NewSize(125, when.MinSize().Height), state)
			return container.NewBorder(nil, nil, when, stateBox,
				container.NewGridWithColumns(2, name, need))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := rows[i]
			c := o.(*fyne.Container)
			grid := c.Objects[0].(*fyne.Container)
			when := c.Objects[1].(*widget.Label)
			state := c.Objects[2].(*fyne.Container).Objects[0].(*widget.Label)
			if withTime {
				when.SetText(r.StartedAt.In(d.now().Location()).Format("15:04"))
			} else {
				when.SetText(formatDateTime(r.UpdatedAt.In(d.now().Location())))
			}
			grid.Objects[0].(*widget.Label).SetText(d.citizenLabel(r))
			grid.Objects[1].(*widget.Label).SetText(d.needLabel(r))
			state.SetText(d.stateLabel(r))
			state.Importance = stateImportance(r)
			state.Refresh()
		})
	l.OnSelected = func(i widget.ListItemID) {
		l.UnselectAll()
		d.openDraft(rows[i])
	}
	return l
}

// citizenLabel names the citizen, or says that nothing was kept.
func (d *Desk) citizenLabel(r store.DraftSummary) string {
	switch {
	case r.Anonymous:
		return lang.L("session.anonymous_name")
	case r.FullName == "":
		return lang.L("session.no_name_yet")
	}
	return r.FullName
}

// needLabel says what the citizen came for, how far the guide went, what
// the dossier still lacks before submitting, and the VNeID stage reached.
func (d *Desk) needLabel(r store.DraftSummary) string {
	parts := []string{lang.L("need.none")}
	switch r.NeedKind {
	case "procedure":
		parts[0] = d.procedureName(r.NeedProcedure)
		if p, ok := d.catalog().ByID(r.NeedProcedure); ok && r.Fields != nil {
			m := dossier.Check(p, r.Fields, d.now())
			if m.Ready() {
				parts = append(parts, lang.L("drafts.ready"))
			} else {
				parts = append(parts, lang.L("drafts.missing", map[string]any{"Count": m.Count()}))
			}
		}
	case "guide", "question":
		parts[0] = lang.L("need." + r.NeedKind)
	}
	if g, ok := d.lib.Guide(r.GuideID); ok {
		parts = append(parts, lang.L("guide.step_of",
			map[string]any{"Step": r.GuideStep + 1, "Count": len(g.Steps)}))
	}
	if st := vneidLatest(r.Fields); st != "" {
		parts = append(parts, lang.L("vneid.in_list", map[string]any{"Stage": st}))
	}
	return strings.Join(parts, " · ")
}

// stateLabel says where the session stands.
func (d *Desk) stateLabel(r store.DraftSummary) string {
	if r.Open {
		return lang.L("state.open")
	}
	return lang.L("state." + string(r.Outcome))
}

// stateImportance colours a session's state so open work stands out.
func stateImportance(r store.DraftSummary) widget.Importance {
	switch {
	case r.Open:
		return widget.HighImportance
	case r.Outcome == store.OutcomeContinue:
		return widget.WarningImportance
	}
	return widget.SuccessImportance
}

// showDrafts opens the drafts screen with a search already typed.
func (d *Desk) showDrafts(q string) {
	d.show(pageDrafts)
	d.setContent(d.draftsScreen(q))
}

// panel is a small boxed group with a bold title, for the side of a screen.
func panel(title string, content ...fyne.CanvasObject) fyne.CanvasObject {
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	return widget.NewCard("", "", container.NewVBox(append([]fyne.CanvasObject{head},
		content...)...))
}
