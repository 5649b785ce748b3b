package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/guides"
)

// guidesScreen lets a volunteer or trainer browse the guides by category
// and open one in the player.
func (d *Desk) guidesScreen() fyne.CanvasObject {
	cats := d.lib.Categories()
	list := container.NewStack()
	pick := func(cat string) {
		list.Objects = []fyne.CanvasObject{d.guideCards(d.lib.InCategory(cat))}
		list.Refresh()
	}
	labels := make([]string, len(cats))
	for i, c := range cats {
		labels[i] = lang.L("category." + c)
	}
	catList := widget.NewList(
		func() int { return len(cats) },
		func() fyne.CanvasObject { return widget.NewLabel("category") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(labels[i]) })
	catList.OnSelected = func(i widget.ListItemID) { pick(cats[i]) }
	if len(cats) > 0 {
		catList.Select(0)
	}
	heading := widget.NewLabelWithStyle(lang.L("guides.title"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	search := d.newEntry()
	search.SetPlaceHolder(lang.L("guides.search_hint"))
	search.OnChanged = func(q string) {
		if q == "" {
			catList.UnselectAll()
			catList.Select(0)
			return
		}
		catList.UnselectAll()
		list.Objects = []fyne.CanvasObject{d.guideHits(d.lib.Search(q, d.language))}
		list.Refresh()
	}
	side := container.NewBorder(search, nil, nil, nil,
		container.NewGridWrap(fyne.NewSize(200, 300), catList))
	practise := widget.NewButtonWithIcon(lang.L("practice.open"), theme.DocumentCreateIcon(),
		func() { d.show(pagePractice) })
	top := container.NewBorder(nil, nil, heading, practise, d.codeBox())
	return container.NewPadded(container.NewBorder(
		container.NewVBox(top, widget.NewSeparator()), nil, side, nil, list))
}

// guideHits lists the guides a search found, each saying which step
// matched and opening there.
func (d *Desk) guideHits(hits []guides.Hit) fyne.CanvasObject {
	if len(hits) == 0 {
		l := widget.NewLabel(lang.L("guides.no_hits"))
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	box := container.NewVBox()
	for _, h := range hits {
		g, ok := d.lib.Guide(h.GuideID)
		if !ok {
			continue
		}
		where := g.Summary.In(d.language)
		if h.Step > 0 {
			where = lang.L("guides.hit_step", map[string]any{"Step": h.Step,
				"Title": h.StepTitle})
		}
		l := widget.NewLabel(where)
		l.Wrapping = fyne.TextWrapWord
		open := widget.NewButtonWithIcon(lang.L("guides.open"), theme.MediaPlayIcon(),
			func() { d.playGuideAt(g, max(h.Step-1, 0)) })
		open.Importance = widget.HighImportance
		box.Add(widget.NewCard(h.Title, "", container.NewBorder(nil, nil, nil, open, l)))
	}
	return container.NewVScroll(box)
}

// guideCards shows each guide's title, who it is for and what the citizen
// will have at the end, with a button to open it.
func (d *Desk) guideCards(gs []guides.Guide) fyne.CanvasObject {
	box := container.NewVBox()
	for _, g := range gs {
		summary := widget.NewLabel(g.Summary.In(d.language))
		summary.Wrapping = fyne.TextWrapWord
		steps := widget.NewLabel(lang.L("guides.steps", map[string]any{"Count": len(g.Steps)}))
		open := widget.NewButtonWithIcon(lang.L("guides.open"), theme.MediaPlayIcon(),
			func() { d.playGuide(g) })
		open.Importance = widget.HighImportance
		large := widget.NewButtonWithIcon(lang.L("citizen.open"), theme.ZoomInIcon(),
			func() { d.citizenMode(g, 0, nil, nil) })
		present := widget.NewButtonWithIcon(lang.L("present.open"), theme.ComputerIcon(),
			func() { d.presentGuide(g) })
		foot := container.NewBorder(nil, nil, steps, container.NewHBox(present, large, open))
		box.Add(widget.NewCard(g.Title.In(d.language), "", container.NewVBox(summary, foot)))
	}
	return container.NewVScroll(box)
}

// playGuide opens a guide on its own, outside any citizen session.
func (d *Desk) playGuide(g guides.Guide) { d.playGuideAt(g, 0) }

// playGuideAt opens a guide on its own at step index start (0-based).
func (d *Desk) playGuideAt(g guides.Guide, start int) {
	d.show(pageGuides)
	p := newPlayer(d.lib, g, d.language, start, nil)
	back := widget.NewButtonWithIcon(lang.L("guides.back_to_list"), theme.NavigateBackIcon(),
		func() { d.show(pageGuides) })
	back.Importance = widget.LowImportance
	card := widget.NewButtonWithIcon(lang.L("card.button"), theme.DocumentPrintIcon(),
		func() { d.askCard(g, p.index+1, "") })
	large := widget.NewButtonWithIcon(lang.L("citizen.open"), theme.ZoomInIcon(), func() {
		d.citizenMode(g, p.index, nil, nil)
	})
	bar := container.NewBorder(nil, nil, back, container.NewHBox(large, card))
	d.setContent(container.NewPadded(container.NewBorder(bar, nil, nil, nil, p.obj)))
	d.player = p
}

// codeBox is where a volunteer types the code printed on a citizen's
// take-home card ("5LMB-4") to open that guide at that step.
func (d *Desk) codeBox() fyne.CanvasObject {
	code := d.newPlainEntry()
	code.SetPlaceHolder(lang.L("card.code_hint"))
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Hide()
	open := func() {
		if err := d.openByCode(code.Text); err != nil {
			msg.SetText(err.Error())
			msg.Show()
		}
	}
	code.OnSubmitted = func(string) { open() }
	btn := widget.NewButtonWithIcon(lang.L("card.code_open"), theme.SearchIcon(), open)
	return container.NewVBox(container.NewBorder(nil, nil, nil, btn, code), msg)
}
