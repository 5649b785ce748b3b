package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/guides"
)

// presenterScale is the text size of the presenter mode, read from the
// back of a training room.
const presenterScale = 1.6

// presenterView shows a guide to a room: the picture large, the step's
// words beside it, and an overview of all steps. A remote clicker's
// PageDown/PageUp, the arrows or Space move; Home/End go to the ends; O
// shows the overview; Esc closes the overview, then the mode.
type presenterView struct {
	d        *Desk
	guide    guides.Guide
	index    int
	overview bool
	content  *fyne.Container
}

// presentGuide opens g in presenter mode at its first step.
func (d *Desk) presentGuide(g guides.Guide) {
	v := &presenterView{d: d, guide: g}
	v.content = container.NewStack()
	th := &modeTheme{Theme: d.theme, scale: presenterScale}
	v.show(0)
	d.enterMode(container.NewThemeOverride(container.NewPadded(v.content), th), v.key)
}

// key moves through the guide from the keyboard or a clicker.
func (v *presenterView) key(ev *fyne.KeyEvent) {
	n := len(v.guide.Steps)
	switch ev.Name {
	case fyne.KeyRight, fyne.KeyDown, fyne.KeyPageDown, fyne.KeySpace, fyne.KeyReturn:
		v.show(v.index + 1)
	case fyne.KeyLeft, fyne.KeyUp, fyne.KeyPageUp, fyne.KeyBackspace:
		v.show(v.index - 1)
	case fyne.KeyHome:
		v.show(0)
	case fyne.KeyEnd:
		v.show(n - 1)
	case fyne.KeyO:
		v.toggleOverview()
	case fyne.KeyEscape:
		if v.overview {
			v.toggleOverview()
			return
		}
		v.d.leaveMode()
	}
}

// toggleOverview shows the grid of all steps, or the current step again.
func (v *presenterView) toggleOverview() {
	v.overview = !v.overview
	v.show(v.index)
}

// show draws step i (clamped), or the overview when it is on.
func (v *presenterView) show(i int) {
	n := len(v.guide.Steps)
	if n == 0 {
		return
	}
	v.index = max(0, min(i, n-1))
	var obj fyne.CanvasObject
	if v.overview {
		obj = v.overviewGrid()
	} else {
		obj = v.step()
	}
	v.content.Objects = []fyne.CanvasObject{obj}
	v.content.Refresh()
}

// step is one step: number and title over the picture, large, with the
// instruction beside it.
func (v *presenterView) step() fyne.CanvasObject {
	n := len(v.guide.Steps)
	s := v.guide.Steps[v.index]
	lng := v.d.language
	head := widget.NewLabelWithStyle(fmt.Sprintf("%s · %s", v.guide.Title.In(lng),
		lang.L("guide.step_of", map[string]any{"Step": v.index + 1, "Count": n})),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title := widget.NewLabelWithStyle(s.Title.In(lng), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	text := widget.NewLabel(s.Text.In(lng))
	text.Wrapping = fyne.TextWrapWord
	words := container.NewVBox(title, text)
	for _, b := range s.IfWrong {
		l := widget.NewLabel("⚠ " + b.Problem.In(lng))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		words.Add(l)
	}
	keys := widget.NewLabel(lang.L("present.keys"))
	exit := widget.NewButtonWithIcon(lang.L("citizen.exit"), theme.LogoutIcon(),
		v.d.leaveMode)
	exit.Importance = widget.LowImportance
	top := container.NewBorder(nil, widget.NewSeparator(), nil, exit, head)
	bottom := container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon(
		lang.L("present.overview"), theme.GridIcon(), v.toggleOverview), keys)
	pic := stepPicture(v.d.lib, v.guide, s, fyne.NewSize(480, 360))
	if pic == nil {
		return container.NewBorder(top, bottom, nil, nil, container.NewVScroll(words))
	}
	split := container.NewHSplit(pic, container.NewVScroll(words))
	split.Offset = 0.6
	return container.NewBorder(top, bottom, nil, nil, split)
}

// overviewGrid is every step as a button, the current one marked, so the
// trainer can jump back to a step the room asks about.
func (v *presenterView) overviewGrid() fyne.CanvasObject {
	grid := container.NewGridWithColumns(3)
	for i, s := range v.guide.Steps {
		b := widget.NewButton(fmt.Sprintf("%d. %s", i+1, s.Title.In(v.d.language)), func() {
			v.overview = false
			v.show(i)
		})
		if i == v.index {
			b.Importance = widget.HighImportance
		}
		grid.Add(b)
	}
	head := widget.NewLabelWithStyle(v.guide.Title.In(v.d.language), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	return container.NewBorder(container.NewVBox(head, widget.NewSeparator()),
		widget.NewLabel(lang.L("present.keys")), nil, nil, container.NewVScroll(grid))
}
