package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"tiepsuc/internal/handoff"
	"tiepsuc/internal/store"
)

// handOffSide is the hand-off QR code's side in pixels; a desk's barcode
// scanner reads it from the screen or from the take-home card.
const handOffSide = 200

// findOrHandOff opens the draft a hand-off code names ("HS-7K3Q-9MPX",
// typed or scanned into the search box), or searches the drafts for q.
func (d *Desk) findOrHandOff(q string) {
	code, err := handoff.Parse(q)
	if err != nil {
		d.showDrafts(q)
		return
	}
	dr, err := d.store.FindDraft(context.Background(),
		func(uid string) bool { return handoff.Code(uid) == code })
	switch {
	case errors.Is(err, store.ErrNotFound):
		if d.sync != nil {
			d.sync.SyncNow()
		}
		d.tellText(lang.L("handoff.not_here", map[string]any{"Code": code}))
	case err != nil:
		d.tell("error.search", "handoff", err)
	default:
		d.openSession(dr.SessionID, sectionResume)
	}
}

// handOffBox shows the draft's hand-off code large, with its QR code, for
// the citizen to take to another desk of the center.
func (v *sessionView) handOffBox() fyne.CanvasObject {
	if v.draft.UID == "" || v.session.Anonymous {
		return container.NewVBox()
	}
	code := handoff.Code(v.draft.UID)
	big := widget.NewLabelWithStyle(code, fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true, Monospace: true})
	note := widget.NewLabel(lang.L("handoff.note"))
	note.Wrapping = fyne.TextWrapWord
	words := container.NewVBox(boldLabel(lang.L("handoff.title")), big, note)
	png, err := qrcode.Encode(code, qrcode.Medium, handOffSide)
	if err != nil {
		return words
	}
	img := canvas.NewImageFromResource(fyne.NewStaticResource("handoff.png", png))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSize(handOffSide/1.5, handOffSide/1.5))
	return container.NewBorder(nil, nil, img, nil, words)
}

// handOffCode is the draft's hand-off code for the take-home card, or ""
// for a visit that keeps nothing.
func (v *sessionView) handOffCode() string {
	if v.draft.UID == "" || v.session.Anonymous {
		return ""
	}
	return handoff.Code(v.draft.UID)
}

// typingCode reports whether text being typed is a hand-off code, which
// starts "HS-" in any case; its letters are not Telex or VNI keys.
func typingCode(text string) bool {
	return len(text) >= 3 && strings.EqualFold(text[:3], "HS-")
}
