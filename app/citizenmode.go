package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/guides"
)

// citizenView is a guide for a citizen reading alone: full screen, text
// more than twice the usual size, one step at a time, and an "I'm stuck"
// button that opens what to do for that step. It works with the mouse
// alone (big buttons) or the keyboard alone: → or Enter next, ← back,
// H or F1 "I'm stuck", C high contrast, Esc out.
type citizenView struct {
	d      *Desk
	guide  guides.Guide
	index  int
	onStep func(int)
	onExit func()
	stuck  bool // the "I'm stuck" answers are on screen

	th       *modeTheme
	over     *container.ThemeOverride
	bg       *canvas.Rectangle // the window's background follows the theme
	progress *widget.Label
	bar      *widget.ProgressBar
	body     *fyne.Container
	back     *widget.Button
	next     *widget.Button
	help     *widget.Button
	contrast *widget.Check
}

// citizenMode opens g at step start for the citizen; onStep is told each
// move so the session keeps the place, onExit when the mode closes.
func (d *Desk) citizenMode(g guides.Guide, start int, onStep func(int), onExit func()) {
	v := &citizenView{d: d, guide: g, onStep: onStep, onExit: onExit,
		th: &modeTheme{Theme: d.theme, scale: largeScale}}
	v.progress = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.bar = widget.NewProgressBar()
	v.bar.TextFormatter = func() string { return "" }
	v.body = container.NewVBox()
	v.back = widget.NewButtonWithIcon(lang.L("guide.back"), theme.NavigateBackIcon(),
		func() { v.move(-1) })
	v.next = widget.NewButtonWithIcon(lang.L("guide.next"), theme.NavigateNextIcon(),
		func() { v.move(1) })
	v.next.IconPlacement = widget.ButtonIconTrailingText
	v.next.Importance = widget.HighImportance
	v.help = widget.NewButtonWithIcon(lang.L("citizen.stuck"), theme.QuestionIcon(),
		func() { v.showStuck(!v.stuck) })
	v.help.Importance = widget.WarningImportance
	v.contrast = widget.NewCheck(lang.L("citizen.contrast"), func(on bool) {
		v.th.contrast = on
		v.bg.FillColor = v.th.Color(theme.ColorNameBackground, theme.VariantLight)
		v.bg.Refresh()
		v.over.Refresh()
	})
	exit := widget.NewButtonWithIcon(lang.L("citizen.exit"), theme.LogoutIcon(), v.exit)

	title := widget.NewLabelWithStyle(g.Title.In(d.language), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	head := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(v.contrast, exit), title),
		container.NewBorder(nil, nil, v.progress, nil, v.bar), widget.NewSeparator())
	nav := container.NewGridWithColumns(3, v.back, v.help, v.next)
	v.bg = canvas.NewRectangle(v.th.Color(theme.ColorNameBackground, theme.VariantLight))
	v.over = container.NewThemeOverride(container.NewStack(v.bg, container.NewPadded(
		container.NewBorder(head, nav, nil, nil, container.NewVScroll(v.body)))), v.th)
	v.show(start)
	d.enterMode(v.over, v.key)
}

// key moves through the guide from the keyboard.
func (v *citizenView) key(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyRight, fyne.KeyPageDown, fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		v.move(1)
	case fyne.KeyLeft, fyne.KeyPageUp, fyne.KeyBackspace:
		v.move(-1)
	case fyne.KeyH, fyne.KeyF1:
		v.showStuck(!v.stuck)
	case fyne.KeyC:
		v.contrast.SetChecked(!v.contrast.Checked)
	case fyne.KeyEscape:
		if v.stuck {
			v.showStuck(false)
			return
		}
		v.exit()
	}
}

// move goes delta steps, staying in the guide, and tells onStep.
func (v *citizenView) move(delta int) {
	i := v.index + delta
	if i < 0 || i >= len(v.guide.Steps) {
		return
	}
	v.show(i)
	if v.onStep != nil {
		v.onStep(i)
	}
}

// show draws step i with its picture.
func (v *citizenView) show(i int) {
	n := len(v.guide.Steps)
	if n == 0 {
		return
	}
	v.index = max(0, min(i, n-1))
	v.stuck = false
	v.progress.SetText(lang.L("guide.step_of", map[string]any{"Step": v.index + 1, "Count": n}))
	v.bar.SetValue(float64(v.index+1) / float64(n))
	s := v.guide.Steps[v.index]
	title := widget.NewLabelWithStyle(s.Title.In(v.d.language), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	text := widget.NewLabel(s.Text.In(v.d.language))
	text.Wrapping = fyne.TextWrapWord
	v.body.Objects = []fyne.CanvasObject{title, text}
	if pic := stepPicture(v.d.lib, v.guide, s, fyne.NewSize(360, 270)); pic != nil {
		v.body.Add(pic)
	}
	v.body.Refresh()
	setEnabled(v.back, v.index > 0)
	setEnabled(v.next, v.index < n-1)
	v.help.SetText(lang.L("citizen.stuck"))
}

// showStuck shows, or hides, what to do when this step goes wrong: each
// problem with its fix, or a word to ask a volunteer when the guide has
// none for the step.
func (v *citizenView) showStuck(on bool) {
	if !on {
		v.show(v.index)
		return
	}
	v.stuck = true
	s := v.guide.Steps[v.index]
	head := widget.NewLabelWithStyle(lang.L("citizen.stuck_title"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{head}
	for _, b := range s.IfWrong {
		problem := widget.NewLabelWithStyle(b.Problem.In(v.d.language), fyne.TextAlignLeading,
			fyne.TextStyle{Bold: true})
		problem.Wrapping = fyne.TextWrapWord
		fix := widget.NewLabel(b.Fix.In(v.d.language))
		fix.Wrapping = fyne.TextWrapWord
		objs = append(objs, widget.NewSeparator(), problem, fix)
	}
	ask := widget.NewLabel(lang.L("citizen.ask_volunteer"))
	ask.Wrapping = fyne.TextWrapWord
	ask.Importance = widget.WarningImportance
	objs = append(objs, widget.NewSeparator(), ask)
	v.body.Objects = objs
	v.body.Refresh()
	v.help.SetText(lang.L("citizen.back_to_step"))
}

// exit leaves the mode and tells the caller.
func (v *citizenView) exit() {
	v.d.leaveMode()
	if v.onExit != nil {
		v.onExit()
	}
}

// setEnabled enables or disables b.
func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
		return
	}
	b.Disable()
}
