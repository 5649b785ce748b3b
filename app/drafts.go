package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/store"
)

// draftStates are the drafts screen's filters, "all" first.
var draftStates = []store.DraftState{"", "open", "continue", "done", "counter"}

// draftsScreen lists drafts, filtered by state and found by name (accents
// and case ignored) or identity number.
func (d *Desk) draftsScreen(query string) fyne.CanvasObject {
	labels := make([]string, len(draftStates))
	for i, s := range draftStates {
		labels[i] = lang.L("drafts.filter." + stateKey(s))
	}
	results := container.NewStack()
	search := d.newEntry()
	search.SetPlaceHolder(lang.L("home.search_hint"))
	search.plainWhen = typingCode
	search.SetText(query)
	filter := widget.NewSelect(labels, nil)
	filter.SetSelectedIndex(0)

	run := func() {
		q := store.DraftQuery{Text: search.Text, State: draftStates[filter.SelectedIndex()]}
		rows, err := d.store.SearchDrafts(context.Background(), q)
		if err != nil {
			d.tell("error.search", "drafts", err)
			return
		}
		var obj fyne.CanvasObject
		if len(rows) == 0 {
			msg := widget.NewLabel(lang.L("drafts.none"))
			msg.Wrapping = fyne.TextWrapWord
			obj = container.NewVBox(msg)
		} else {
			obj = d.summaryList(rows, false)
		}
		results.Objects = []fyne.CanvasObject{obj}
		results.Refresh()
	}
	search.OnChanged = func(string) { run() }
	filter.OnChanged = func(string) { run() }
	run()

	d.search = search
	heading := widget.NewLabelWithStyle(lang.L("drafts.title"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	bar := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()),
		container.NewGridWrap(fyne.NewSize(200, filter.MinSize().Height), filter), search)
	return container.NewPadded(container.NewBorder(
		container.NewVBox(heading, bar, widget.NewSeparator()), nil, nil, nil, results))
}

// stateKey names a filter in the translation files.
func stateKey(s store.DraftState) string {
	if s == "" {
		return "all"
	}
	return string(s)
}

// openDraft opens a draft's session where it was left. A closed session
// stays closed while the volunteer only looks; its first edit opens it.
func (d *Desk) openDraft(r store.DraftSummary) {
	d.openSession(r.SessionID, sectionResume)
}
