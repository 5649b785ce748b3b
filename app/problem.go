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
	msg := widget.NewLabel(lang.L(key))
	msg.Wrapping = fyne.TextWrapWord
	body := container.NewGridWrap(fyne.NewSize(420, msg.MinSize().Height*3), msg)
	dialog.NewCustom(lang.L("problem.title"), lang.L("problem.ok"), body, d.win).Show()
}
