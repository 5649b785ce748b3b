package app

import (

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/guides"
)

// player shows a guide one step at a time: where we are ("Bước 3/9"), the
// step's title, the instruction, its picture, what to do if it goes wrong,
// and back/next.
type player struct {
	lib      *guides.Library
	guide    guides.Guide
	language string
	index    int
	onStep   func(index int) // told after each move, to keep the place

	progress *widget.Label
	bar      *widget.ProgressBar
	title    *widget.Label
	text     *widget.Label
	picture  *fyne.Container
	wrong    *fyne.Container
	back     *widget.Button
	next     *widget.Button
	obj      fyne.CanvasObject
}

// newPlayer shows g from step start (0-based), clamped to the guide.
func newPlayer(lib *guides.Library, g guides.Guide, language string, start int,
	onStep func(int)) *player {
	p := &player{lib: lib, guide: g, language: language, onStep: onStep}
	p.progress = widget.NewLabel("")
	p.bar = widget.NewProgressBar()
	p.bar.TextFormatter = func() string { return "" }
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.title.Wrapping = fyne.TextWrapWord
	p.text = widget.NewLabel("")
	p.text.Wrapping = fyne.TextWrapWord
	p.picture = container.NewStack()
	p.wrong = container.NewVBox()
	p.back = widget.NewButtonWithIcon(lang.L("guide.back"), theme.NavigateBackIcon(),
		func() { p.move(-1) })
	p.next = widget.NewButtonWithIcon(lang.L("guide.next"), theme.NavigateNextIcon(),
		func() { p.move(1) })
	p.next.IconPlacement = widget.ButtonIconTrailingText
	p.next.Importance = widget.HighImportance

	guideTitle := widget.NewLabelWithStyle(g.Title.In(language), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	guideTitle.Wrapping = fyne.TextWrapWord
	head := container.NewVBox(guideTitle, container.NewBorder(nil, nil, p.progress, nil, p.bar))
	nav := container.NewBorder(nil, nil, p.back, p.next)
	body := container.NewVBox(p.title, p.text, p.picture, p.wrong)
	p.obj = container.NewBorder(head, nav, nil, nil, container.NewVScroll(body))
	p.show(start)
	return p
}

// move goes delta steps forward or back, staying inside the guide.
func (p *player) move(delta int) {
	i := p.index + delta
	if i < 0 || i >= len(p.guide.Steps) {
		return
	}
	p.show(i)
	if p.onStep != nil {
		p.onStep(i)
	}
}

// show draws step i.
func (p *player) show(i int) {
	n := len(p.guide.Steps)
	if n == 0 {
		return
	}
	i = max(0, min(i, n-1))
	p.index = i
	s := p.guide.Steps[i]
	p.progress.SetText(lang.L("guide.step_of", map[string]any{"Step": i + 1, "Count": n}))
	p.bar.SetValue(float64(i+1) / float64(n))
	p.title.SetText(s.Title.In(p.language))
	p.text.SetText(s.Text.In(p.language))
	p.picture.Objects = p.pictureFor(s)
	p.picture.Refresh()
	p.wrong.Objects = p.branches(s)
	p.wrong.Refresh()
	if i == 0 {
		p.back.Disable()
	} else {
		p.back.Enable()
	}
	if i == n-1 {
		p.next.Disable()
	} else {
		p.next.Enable()
	}
}

// pictureFor returns the step's picture, or nothing when it has none.
func (p *player) pictureFor(s guides.Step) []fyne.CanvasObject {
	if pic := stepPicture(p.lib, p.guide, s, fyne.NewSize(320, 240)); pic != nil {
		return []fyne.CanvasObject{pic}
	}
	return nil
}

// branches lists "if this goes wrong" for the step, folded until needed.
func (p *player) branches(s guides.Step) []fyne.CanvasObject {
	if len(s.IfWrong) == 0 {
		return nil
	}
	acc := widget.NewAccordion()
	for _, b := range s.IfWrong {
		fix := widget.NewLabel(b.Fix.In(p.language))
		fix.Wrapping = fyne.TextWrapWord
		acc.Append(widget.NewAccordionItem(b.Problem.In(p.language), fix))
	}
	head := widget.NewLabelWithStyle(lang.L("guide.if_wrong"), fyne.TextAlignLeading,
		fyne.TextStyle{Italic: true})
	return []fyne.CanvasObject{head, acc}
}
