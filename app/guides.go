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
	side := container.NewGridWrap(fyne.NewSize(200, 300), catList)
	return container.NewPadded(container.NewBorder(
		container.NewVBox(heading, widget.NewSeparator()), nil, side, nil, list))
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
		foot := container.NewBorder(nil, nil, steps, open)
		box.Add(widget.NewCard(g.Title.In(d.language), "", container.NewVBox(summary, foot)))
	}
	return container.NewVScroll(box)
}

// playGuide opens a guide on its own, outside any citizen session.
func (d *Desk) playGuide(g guides.Guide) {
	p := newPlayer(d.lib, g, d.language, 0, nil)
	back := widget.NewButtonWithIcon(lang.L("guides.back_to_list"), theme.NavigateBackIcon(),
		func() { d.show(pageGuides) })
	back.Importance = widget.LowImportance
	d.setContent(container.NewPadded(container.NewBorder(container.NewHBox(back), nil, nil, nil,
		p.obj)))
	d.player = p
}
