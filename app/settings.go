package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/assets"
	"tiepsuc/internal/telex"
)

// settingsScreen sets the language, the desk's and volunteer's names, and
// shows where the data is kept. Every change is kept at once.
func (d *Desk) settingsScreen() fyne.CanvasObject {
	names := make([]string, len(assets.Languages))
	for i, code := range assets.Languages {
		names[i] = lang.L("settings.language." + code)
	}
	language := widget.NewSelect(names, nil)
	for i, code := range assets.Languages {
		if code == d.language {
			language.SetSelectedIndex(i)
		}
	}
	language.OnChanged = func(string) {
		d.setLanguage(assets.Languages[language.SelectedIndex()])
	}

	typing := widget.NewSelect(nil, nil)
	for _, c := range typingChoices {
		typing.Options = append(typing.Options, lang.L("typing."+c.key))
	}
	for i, c := range typingChoices {
		if c.key == d.setting(settingTyping, "telex") {
			typing.SetSelectedIndex(i)
		}
	}
	typing.OnChanged = func(string) {
		c := typingChoices[typing.SelectedIndex()]
		if err := d.store.SetSetting(context.Background(), settingTyping, c.key); err != nil {
			d.tell("error.save_setting", "settings", err)
		}
	}

	desk := d.settingEntry(settingDeskName, "settings.desk_hint", false)
	volunteer := d.settingEntry(settingVolunteer, "settings.volunteer_hint", false)

	path := widget.NewLabel(d.store.Path())
	path.Wrapping = fyne.TextWrapBreak
	path.Selectable = true
	copyPath := widget.NewButtonWithIcon(lang.L("settings.copy"), theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(d.store.Path())
	})
	where := container.NewBorder(nil, nil, nil, copyPath, path)
	note := widget.NewLabel(lang.L("settings.saved_note"))
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle = fyne.TextStyle{Italic: true}

	form := widget.NewForm(
		widget.NewFormItem(lang.L("settings.language"), language),
		widget.NewFormItem(lang.L("settings.typing"), container.NewBorder(nil, nil, nil,
			widget.NewButtonWithIcon(lang.L("practice.open"), theme.DocumentCreateIcon(),
				func() { d.show(pagePractice) }), typing)),
		widget.NewFormItem(lang.L("settings.desk"), desk),
		widget.NewFormItem(lang.L("settings.volunteer"), volunteer),
		widget.NewFormItem(lang.L("settings.data"), where),
	)
	heading := widget.NewLabelWithStyle(lang.L("settings.title"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	return container.NewPadded(container.NewVScroll(container.NewVBox(heading,
		widget.NewSeparator(), form, note, widget.NewSeparator(), d.peopleSettings(),
		widget.NewSeparator(), d.feeSettings(),
		widget.NewSeparator(), d.syncSettings(),
		widget.NewSeparator(), d.mailSettings())))
}

// settingEntry is an entry bound to one setting, kept on every change;
// plain ones (numbers) take keys as typed.
func (d *Desk) settingEntry(key, hint string, plain bool) *deskEntry {
	var e *deskEntry
	if plain {
		e = d.newPlainEntry()
	} else {
		e = d.newEntry()
	}
	e.SetPlaceHolder(lang.L(hint))
	e.SetText(d.setting(key, ""))
	e.OnChanged = func(v string) {
		if err := d.store.SetSetting(context.Background(), key, strings.TrimSpace(v)); err != nil {
			d.tell("error.save_setting", "settings", err)
			return
		}
		d.top.Objects = []fyne.CanvasObject{d.topBar()}
		d.root.Refresh()
	}
	return e
}

// setLanguage keeps the choice and redraws every screen in it.
func (d *Desk) setLanguage(code string) {
	if code == d.language {
		return
	}
	if err := d.store.SetSetting(context.Background(), settingLanguage, code); err != nil {
		d.tell("error.save_setting", "settings", err)
		return
	}
	if err := UseLanguage(code); err != nil {
		d.tell("error.language", "settings", err)
		return
	}
	d.language = code
	d.show(pageSettings)
}

// typingChoice is a way of typing Vietnamese without a system input method.
type typingChoice struct {
	key    string
	method telex.Method
	style  telex.ToneStyle
}

// typingChoices are offered in Settings; Telex with the modern tone
// placement is the default, as most volunteers learnt it.
var typingChoices = []typingChoice{
	{"telex", telex.Telex, telex.Modern},
	{"telex_classic", telex.Telex, telex.Classic},
	{"vni", telex.VNI, telex.Modern},
	{"off", telex.Off, telex.Modern},
}

// typingChoice is the desk's way of typing Vietnamese, from Settings.
func (d *Desk) typingChoice() typingChoice {
	key := d.setting(settingTyping, "telex")
	for _, c := range typingChoices {
		if c.key == key {
			return c
		}
	}
	return typingChoices[0]
}
