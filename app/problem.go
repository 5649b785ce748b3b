package app

import (
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// tell shows a problem in plain words: what happened and what to do, from
// the translation key, and logs the cause for whoever maintains the desk.
// The cause never reaches the screen: it is for the log, and holds no
// personal data because the store's errors carry ids only.
func (d *Desk) tell(key string, op string, cause error) {
	if cause != nil {
		slog.Error("operation failed", "op", op, "err", cause)
	}
	d.tellText(lang.L(key))
}

// tellText shows a message, already in the desk's language, in a dialog.
func (d *Desk) tellText(text string) {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	body := container.NewGridWrap(fyne.NewSize(420, msg.MinSize().Height*3), msg)
	dialog.NewCustom(lang.L("problem.title"), lang.L("problem.ok"), body, d.win).Show()
}
