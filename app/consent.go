package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/store"
)

// consentVersion names the consent text below, so a printed or checked
// consent can be matched with the words the citizen heard.
const consentVersion = "vi-en-2026-12-04"

// consentPurposes are asked one by one, each with its own tick box, as
// Decree 13/2023 wants consent per purpose.
var consentPurposes = []store.Purpose{
	store.PurposeKeepDetails, store.PurposeSendToHub, store.PurposeContact,
}

// welcome starts a new citizen's visit with the consent screen: nothing is
// stored until the citizen has chosen.
func (d *Desk) welcome() {
	if d.setting(settingVolunteer, "") == "" {
		d.askVolunteer(d.welcome)
		return
	}
	d.show(pageHome)
	d.page = pageSession
	d.refreshBars()
	d.setContent(d.consentScreen())
}

// consentScreen is read out to the citizen: what is kept, why, who keeps
// it, their rights; then one tick box per purpose, and a way to be helped
// without anything personal being kept.
func (d *Desk) consentScreen() fyne.CanvasObject {
	para := func(key string) *widget.Label {
		l := widget.NewLabel(lang.L(key, map[string]any{"Desk": d.deskName()}))
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	ticks := map[store.Purpose]*widget.Check{}
	agree := widget.NewButtonWithIcon(lang.L("consent.agree"), theme.ConfirmIcon(), nil)
	agree.Importance = widget.HighImportance
	agree.Disable()
	boxes := container.NewVBox()
	for _, p := range consentPurposes {
		c := widget.NewCheck(lang.L("consent.purpose."+string(p)), nil)
		c.OnChanged = func(bool) {
			if ticks[store.PurposeKeepDetails].Checked {
				agree.Enable()
			} else {
				agree.Disable()
			}
		}
		ticks[p] = c
		boxes.Add(c)
	}
	agree.OnTapped = func() {
		consents := make([]store.Consent, 0, len(consentPurposes))
		for _, p := range consentPurposes {
			consents = append(consents, store.Consent{Purpose: p, Granted: ticks[p].Checked,
				At: d.now(), TextVersion: consentVersion})
		}
		d.startSession(false, consents)
	}
	anonymous := widget.NewButtonWithIcon(lang.L("consent.anonymous"), theme.VisibilityOffIcon(),
		func() { d.startSession(true, nil) })
	cancel := widget.NewButton(lang.L("consent.cancel"), func() { d.show(pageHome) })
	cancel.Importance = widget.LowImportance

	heading := widget.NewLabelWithStyle(lang.L("consent.title"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	need := widget.NewLabel(lang.L("consent.need_keep"))
	need.TextStyle = fyne.TextStyle{Italic: true}
	need.Wrapping = fyne.TextWrapWord
	text := container.NewVBox(
		para("consent.read_out"), para("consent.what"), para("consent.who"),
		widget.NewLabelWithStyle(lang.L("consent.purposes"), fyne.TextAlignLeading,
			fyne.TextStyle{Bold: true}),
		boxes, need, para("consent.rights"))
	buttons := container.NewHBox(agree, anonymous, cancel)
	return container.NewPadded(container.NewBorder(
		container.NewVBox(heading, widget.NewSeparator()), buttons, nil, nil,
		container.NewVScroll(text)))
}

// startSession stores the session with the citizen's choices and opens it.
func (d *Desk) startSession(anonymous bool, consents []store.Consent) {
	ctx := context.Background()
	v, err := d.store.EnsureVolunteer(ctx, d.setting(settingVolunteer, ""))
	if err != nil {
		d.tell("error.start_session", "start", err)
		return
	}
	s, err := d.store.StartSession(ctx, store.NewSession{VolunteerID: v.ID,
		Desk: d.setting(settingDeskName, ""), Anonymous: anonymous, Consents: consents})
	if err != nil {
		d.tell("error.start_session", "start", err)
		return
	}
	first := sectionDetails
	if anonymous {
		first = sectionNeed
	}
	d.openSession(s.ID, first)
}

// deskName is the desk's name, or a plain stand-in until it is set.
func (d *Desk) deskName() string {
	if n := d.setting(settingDeskName, ""); n != "" {
		return n
	}
	return lang.L("top.desk_unnamed")
}

// askVolunteer asks who is at the desk before the first visit, since every
// visit records who helped; then goes on with next.
func (d *Desk) askVolunteer(next func()) {
	name := d.newEntry()
	name.SetPlaceHolder(lang.L("settings.volunteer_hint"))
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(lang.L("volunteer.empty"))
		}
		return nil
	}
	msg := widget.NewLabel(lang.L("volunteer.why"))
	msg.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(msg, name)
	dlg := dialog.NewForm(lang.L("volunteer.title"), lang.L("volunteer.ok"),
		lang.L("consent.cancel"), []*widget.FormItem{
			widget.NewFormItem(lang.L("settings.volunteer"), body)},
		func(ok bool) {
			v := strings.TrimSpace(name.Text)
			if !ok || v == "" {
				return
			}
			if err := d.store.SetSetting(context.Background(), settingVolunteer, v); err != nil {
				d.tell("error.save_setting", "settings", err)
				return
			}
			next()
		}, d.win)
	name.OnSubmitted = func(string) { dlg.Submit() }
	dlg.Resize(fyne.NewSize(460, 220))
	dlg.Show()
	d.win.Canvas().Focus(name)
}
