package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/telex"
	"tiepsuc/internal/vntext"
)

// practiceWords are what the typing practice asks for, in order: a place,
// names with every kind of mark, and words met on the portal.
var practiceWords = []string{
	"Việt Nam", "Đồng Nai", "Nguyễn Văn Đức", "Trần Thị Hoà", "căn cước",
	"dịch vụ công", "đăng ký thường trú", "Lê Thị Mỹ Dung",
}

// keyRow is one line of the key table: keys typed and what they do.
type keyRow struct {
	keys string // an example, e.g. "as" for á
	what string // translation key saying what the keys do
}

// telexRows and vniRows are the key tables of the typing practice; the
// letter each gives is worked out by the typing method itself.
var (
	telexRows = []keyRow{
		{"as", "practice.tone.sac"}, {"af", "practice.tone.huyen"},
		{"ar", "practice.tone.hoi"}, {"ax", "practice.tone.nga"},
		{"aj", "practice.tone.nang"}, {"caan", "practice.mark.hat"},
		{"awn", "practice.mark.breve"}, {"ow", "practice.mark.horn"},
		{"uw", "practice.mark.horn"}, {"ddi", "practice.mark.stroke"},
		{"ass", "practice.undo"},
	}
	vniRows = []keyRow{
		{"a1", "practice.tone.sac"}, {"a2", "practice.tone.huyen"},
		{"a3", "practice.tone.hoi"}, {"a4", "practice.tone.nga"},
		{"a5", "practice.tone.nang"}, {"ca6n", "practice.mark.hat"},
		{"a8n", "practice.mark.breve"}, {"o7", "practice.mark.horn"},
		{"u7", "practice.mark.horn"}, {"d9i", "practice.mark.stroke"},
		{"a11", "practice.undo"},
	}
)

// practice is the typing practice a trainer shows a citizen: a word to
// type in large letters, the keys pressed so far, and the key table.
type practice struct {
	d      *Desk
	method typingChoice
	word   int

	target  *widget.Label
	hint    *widget.Label
	entry   *deskEntry
	keys    *widget.Label
	result  *widget.Label
	table   *fyne.Container
	pressed []rune
}

// practiceScreen shows the typing practice, with the desk's method or
// Telex when the desk's typing is off.
func (d *Desk) practiceScreen() fyne.CanvasObject {
	p := &practice{d: d, method: d.typingChoice()}
	if p.method.method == telex.Off {
		p.method = typingChoices[0]
	}
	methods := widget.NewRadioGroup([]string{lang.L("typing.badge.telex"),
		lang.L("typing.badge.vni")}, nil)
	methods.Horizontal = true
	methods.Required = true
	if p.method.method == telex.VNI {
		methods.SetSelected(lang.L("typing.badge.vni"))
	} else {
		methods.SetSelected(lang.L("typing.badge.telex"))
	}
	methods.OnChanged = func(s string) {
		p.method = typingChoices[0]
		if s == lang.L("typing.badge.vni") {
			p.method = typingChoices[2]
		}
		p.restart()
	}

	p.target = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.hint = widget.NewLabel("")
	p.hint.Hide()
	p.entry = d.newEntry()
	p.entry.setPlain(false)
	p.entry.method = &p.method
	p.entry.ActionItem = nil
	d.dropBadge(p.entry.badge)
	p.entry.onKey = func(r rune) { p.pressed = append(p.pressed, r) }
	p.entry.OnChanged = func(string) { p.refresh() }
	p.keys = widget.NewLabel("")
	p.result = widget.NewLabel("")
	p.table = container.NewGridWithColumns(3)

	showHint := widget.NewButtonWithIcon(lang.L("practice.show_keys"), theme.HelpIcon(),
		func() { p.hint.Show() })
	next := widget.NewButtonWithIcon(lang.L("practice.next"), theme.NavigateNextIcon(),
		func() {
			p.word = (p.word + 1) % len(practiceWords)
			p.restart()
		})
	clear := widget.NewButtonWithIcon(lang.L("practice.clear"), theme.ContentClearIcon(),
		func() { p.restart() })

	big := container.NewThemeOverride(container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("practice.type_this")), nil,
			p.target),
		p.hint, p.entry, p.keys, p.result), &deskTheme{Theme: d.theme.Theme, scale: 1.8})

	heading := widget.NewLabelWithStyle(lang.L("practice.title"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	intro := widget.NewLabel(lang.L("practice.intro"))
	intro.Wrapping = fyne.TextWrapWord
	p.restart()
	d.focusOnShow = p.entry
	return container.NewPadded(container.NewVScroll(container.NewVBox(heading, intro,
		container.NewHBox(widget.NewLabel(lang.L("practice.method")), methods),
		widget.NewSeparator(), big, container.NewHBox(showHint, clear, next),
		widget.NewSeparator(), widget.NewLabelWithStyle(lang.L("practice.table"),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.table)))
}

// restart shows the current word with an empty entry, and the key table of
// the method chosen.
func (p *practice) restart() {
	word := practiceWords[p.word]
	p.target.SetText(word)
	p.hint.SetText(lang.L("practice.keys_for", map[string]any{"Keys": p.keysFor(word)}))
	p.hint.Hide()
	p.pressed = nil
	p.entry.typing = nil
	p.entry.SetText("")
	p.table.Objects = nil
	rows := telexRows
	if p.method.method == telex.VNI {
		rows = vniRows
	}
	for _, r := range rows {
		keys := widget.NewLabelWithStyle(strings.Join(strings.Split(r.keys, ""), " "),
			fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		p.table.Add(keys)
		p.table.Add(widget.NewLabelWithStyle(
			telex.Word(r.keys, p.method.method, p.method.style), fyne.TextAlignLeading,
			fyne.TextStyle{Bold: true}))
		p.table.Add(widget.NewLabel(lang.L(r.what)))
	}
	p.table.Refresh()
	p.refresh()
	if p.d.page == pagePractice && p.d.focusOnShow == nil {
		p.d.win.Canvas().Focus(p.entry)
	}
}

// keysFor is how word is typed with the chosen method, word by word.
func (p *practice) keysFor(word string) string {
	parts := strings.Fields(word)
	for i, w := range parts {
		parts[i] = telex.Keys(w, p.method.method)
	}
	return strings.Join(parts, " ")
}

// refresh shows the keys pressed and whether the word is typed right,
// comparing tone placement loosely ("hoà" and "hòa" are both right).
func (p *practice) refresh() {
	p.keys.SetText(lang.L("practice.pressed", map[string]any{
		"Keys": strings.Join(strings.Split(string(p.pressed), ""), " ")}))
	typed := strings.TrimSpace(p.entry.Text)
	switch {
	case typed == "":
		p.result.SetText("")
	case vntext.ToneKey(typed) == vntext.ToneKey(practiceWords[p.word]):
		p.result.SetText(lang.L("practice.right"))
		p.result.Importance = widget.SuccessImportance
	default:
		p.result.SetText(lang.L("practice.not_yet"))
		p.result.Importance = widget.MediumImportance
	}
	p.result.Refresh()
}
