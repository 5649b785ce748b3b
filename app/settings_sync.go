package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/sync/engine"
)

// syncSettings joins the desk to the provincial hub: its address, the
// certificate fingerprint the hub printed, and the one-time code from the
// hub's administrator. Once enrolled it says with which commune.
func (d *Desk) syncSettings() fyne.CanvasObject {
	if d.enrol == nil {
		return container.NewVBox()
	}
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	if h, err := d.store.Hub(context.Background()); err == nil && h.URL != "" {
		state.SetText(lang.L("enrol.done", map[string]any{"Desk": h.DeskName,
			"Commune": h.Commune, "URL": h.URL}))
		state.Importance = widget.SuccessImportance
	} else {
		state.SetText(lang.L("enrol.not_yet"))
	}
	url := d.newPlainEntry()
	url.SetPlaceHolder(lang.L("enrol.url_hint"))
	fp := d.newPlainEntry()
	fp.SetPlaceHolder(lang.L("enrol.fingerprint_hint"))
	code := d.newPlainEntry()
	code.SetPlaceHolder(lang.L("enrol.code_hint"))
	var join *widget.Button
	join = widget.NewButtonWithIcon(lang.L("enrol.join"), theme.LoginIcon(), func() {
		join.Disable()
		state.SetText(lang.L("enrol.joining"))
		state.Importance = widget.MediumImportance
		state.Refresh()
		u, f, c := strings.TrimSpace(url.Text), strings.TrimSpace(fp.Text), code.Text
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := d.enrol(ctx, d.store, u, f, c)
			d.do(func() {
				join.Enable()
				if err != nil {
					state.SetText(lang.L(enrolErrorKey(err)))
					state.Importance = widget.DangerImportance
					state.Refresh()
					return
				}
				code.SetText("")
				d.nameDeskFromHub()
				d.restartSync()
				d.show(pageSettings)
			})
		}()
	})
	form := widget.NewForm(
		widget.NewFormItem(lang.L("enrol.url"), url),
		widget.NewFormItem(lang.L("enrol.fingerprint"), fp),
		widget.NewFormItem(lang.L("enrol.code"), code),
	)
	return container.NewVBox(boldLabel(lang.L("enrol.title")), state, form,
		container.NewHBox(join))
}

// enrolErrorKey is the plain message for a failed enrolment.
func enrolErrorKey(err error) string {
	var e *engine.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return engine.KeyOffline
}

// nameDeskFromHub gives the desk the name the hub enrolled it under, when
// the volunteer has not named it yet.
func (d *Desk) nameDeskFromHub() {
	ctx := context.Background()
	h, err := d.store.Hub(ctx)
	if err != nil || h.DeskName == "" || d.setting(settingDeskName, "") != "" {
		return
	}
	name := h.DeskName
	if h.Commune != "" {
		name += " – " + h.Commune
	}
	if err := d.store.SetSetting(ctx, settingDeskName, name); err != nil {
		d.tell("error.save_setting", "enrol", err)
	}
}
