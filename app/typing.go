package app

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/telex"
	"tiepsuc/internal/vntext"
)

// typingBadge makes the small button inside an entry that shows the typing
// method; tapping it moves to the next method, for every entry at once.
func (d *Desk) typingBadge() *widget.Button {
	b := widget.NewButton("", nil)
	b.Importance = widget.LowImportance
	b.OnTapped = d.nextTyping
	b.SetText(d.badgeText())
	d.badges = append(d.badges, b)
	return b
}

// dropBadge forgets a badge whose entry does not show it.
func (d *Desk) dropBadge(b *widget.Button) {
	d.badges = slices.DeleteFunc(d.badges, func(x *widget.Button) bool { return x == b })
}

// badgeText names the typing method in a word or two.
func (d *Desk) badgeText() string {
	c := d.typingChoice()
	switch c.method {
	case telex.Telex:
		return lang.L("typing.badge.telex")
	case telex.VNI:
		return lang.L("typing.badge.vni")
	}
	return lang.L("typing.badge.off")
}

// nextTyping turns Telex into VNI, VNI into off and off into Telex, keeps
// the choice and shows it on every badge, as a volunteer would switch a
// system input method with one click.
func (d *Desk) nextTyping() {
	next := map[string]string{"telex": "vni", "telex_classic": "vni", "vni": "off",
		"off": "telex"}[d.typingChoice().key]
	if err := d.store.SetSetting(context.Background(), settingTyping, next); err != nil {
		d.tell("error.save_setting", "settings", err)
		return
	}
	d.refreshBadges()
	if d.page == pageSettings {
		d.show(pageSettings)
	}
}

// refreshBadges shows the current typing method on every badge.
func (d *Desk) refreshBadges() {
	text := d.badgeText()
	for _, b := range d.badges {
		b.SetText(text)
	}
}

// maxPreview is how many letters of pasted text the convert question shows.
const maxPreview = 80

// pasteLegacy asks, when the text being pasted looks like Vietnamese typed
// in the old TCVN3 (ABC) or VNI-Windows encoding, whether to convert it,
// then pastes it converted or as it was. It reports whether it took the
// paste over.
func (e *deskEntry) pasteLegacy(p *fyne.ShortcutPaste) bool {
	if p.Clipboard == nil {
		return false
	}
	raw := p.Clipboard.Content()
	enc, _ := vntext.Detect(raw)
	if enc == vntext.Unicode {
		return false
	}
	converted, err := vntext.Convert(raw, enc)
	if err != nil {
		return false
	}
	paste := func(text string) {
		e.d.win.Canvas().Focus(e)
		e.Entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: &heldText{text: text}})
	}
	msg := widget.NewLabel(lang.L("paste.legacy_question", map[string]any{
		"Encoding": enc.String(), "Raw": preview(raw), "Converted": preview(converted)}))
	msg.Wrapping = fyne.TextWrapWord
	ask := dialog.NewCustomConfirm(lang.L("paste.legacy_title"), lang.L("paste.convert"),
		lang.L("paste.keep"), msg, func(convert bool) {
			if convert {
				paste(converted)
				return
			}
			paste(raw)
		}, e.d.win)
	ask.Resize(fyne.NewSize(520, 0))
	ask.Show()
	return true
}

// preview is text cut to maxPreview letters, with an ellipsis if cut.
func preview(s string) string {
	r := []rune(s)
	if len(r) <= maxPreview {
		return s
	}
	return string(r[:maxPreview]) + "…"
}

// heldText is a clipboard holding one text, to paste a converted text
// through the entry's own paste without touching the system clipboard.
type heldText struct{ text string }

// Content returns the held text.
func (h *heldText) Content() string { return h.text }

// SetContent replaces the held text.
func (h *heldText) SetContent(s string) { h.text = s }
