package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/assets"
)

// ShowDamaged fills win with what happened to a data file that cannot be
// read, says it is kept untouched, and starts a fresh one only when the
// volunteer agrees: fresh gets the choice, quit the refusal.
func ShowDamaged(win fyne.Window, path string, fresh, quit func()) {
	showStop(win, "damaged", path, map[string]any{"Path": path}, func() []fyne.CanvasObject {
		start := widget.NewButtonWithIcon(lang.L("damaged.fresh"), theme.ConfirmIcon(), fresh)
		start.Importance = widget.HighImportance
		return []fyne.CanvasObject{start, widget.NewButton(lang.L("stop.quit"), quit)}
	})
}

// ShowTooNew says the data file was written by a newer Tiếp Sức, which
// this one must not touch, and offers only to quit.
func ShowTooNew(win fyne.Window, path string, have, know int, quit func()) {
	data := map[string]any{"Path": path, "Have": have, "Know": know}
	showStop(win, "too_new", path, data, func() []fyne.CanvasObject {
		return []fyne.CanvasObject{widget.NewButton(lang.L("stop.quit"), quit)}
	})
}

// ShowCannotOpen says the data folder cannot be used at all (no right to
// write, disk full...) and offers only to quit.
func ShowCannotOpen(win fyne.Window, path string, quit func()) {
	showStop(win, "cannot_open", path, map[string]any{"Path": path}, func() []fyne.CanvasObject {
		return []fyne.CanvasObject{widget.NewButton(lang.L("stop.quit"), quit)}
	})
}

// ShowKeyProblem says the data file is sealed under a key this computer
// does not have (missing, another desk's, or unreadable), that nothing was
// changed, and how to get it back; it offers to set the file aside and
// start afresh, which keeps it readable once the key is found, or to quit.
func ShowKeyProblem(win fyne.Window, path, keyPath string, fresh, quit func()) {
	showStop(win, "key", path, map[string]any{"Path": path, "Key": keyPath},
		func() []fyne.CanvasObject {
			start := widget.NewButtonWithIcon(lang.L("damaged.fresh"), theme.ConfirmIcon(),
				fresh)
			return []fyne.CanvasObject{widget.NewButton(lang.L("stop.quit"), quit), start}
		})
}

// showStop draws a screen that stops the desk before it starts: a title,
// what happened, what to do, and its buttons, with a switch between the
// desk's languages since the language setting is in the file that failed.
func showStop(win fyne.Window, key, path string, data map[string]any,
	buttons func() []fyne.CanvasObject) {
	fyne.CurrentApp().Settings().SetTheme(newDeskTheme())
	var draw func(code string)
	draw = func(code string) {
		_ = UseLanguage(code)
		title := widget.NewLabelWithStyle(lang.L(key+".title"), fyne.TextAlignLeading,
			fyne.TextStyle{Bold: true})
		what := widget.NewLabel(lang.L(key+".what", data))
		what.Wrapping = fyne.TextWrapWord
		todo := widget.NewLabel(lang.L(key+".todo", data))
		todo.Wrapping = fyne.TextWrapWord
		where := widget.NewLabel(path)
		where.Wrapping = fyne.TextWrapBreak
		where.Selectable = true
		other := assets.Languages[0]
		if code == other {
			other = assets.Languages[1]
		}
		switchLang := widget.NewButton(lang.L("settings.language."+other),
			func() { draw(other) })
		switchLang.Importance = widget.LowImportance
		icon := widget.NewIcon(theme.WarningIcon())
		head := container.NewVBox(container.NewBorder(nil, nil, icon, switchLang, title),
			widget.NewSeparator())
		text := container.NewVScroll(container.NewVBox(what, where, todo))
		win.SetContent(container.NewPadded(container.NewBorder(head,
			container.NewHBox(buttons()...), nil, nil, text)))
	}
	draw(assets.Languages[0])
}
