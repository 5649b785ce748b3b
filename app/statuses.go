package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/store"
)

// statusList lists the dossier's statuses, oldest first, and marks them
// seen now that the volunteer has them on screen.
func (v *sessionView) statusList() fyne.CanvasObject {
	ctx := context.Background()
	ss, err := v.d.store.Statuses(ctx, v.draft.ID)
	if err != nil {
		v.d.tell("error.read_statuses", "statuses", err)
		return container.NewVBox()
	}
	box := container.NewVBox(boldLabel(lang.L("dossier.statuses")))
	if len(ss) == 0 {
		box.Add(widget.NewLabel(lang.L("dossier.no_status")))
	}
	for _, s := range ss {
		box.Add(widget.NewLabel(statusLine(s, v.d)))
	}
	if err := v.d.store.MarkStatusesSeen(ctx, v.draft.ID); err != nil {
		v.d.tell("error.read_statuses", "statuses", err)
	}
	return box
}

// statusLine is one status: when, what, and where it came from.
func statusLine(s store.DossierStatus, d *Desk) string {
	return lang.L("dossier.status_line", map[string]any{
		"Time":   formatDateTime(s.At.In(d.now().Location())),
		"Status": lang.L("status." + s.Status),
		"Source": lang.L("status.source." + s.Source),
		"Code":   s.DossierCode,
	})
}

// mailboxScreen lists the statuses and mails that match no draft yet, for
// a volunteer to look at: a dossier code typed into a draft later ties its
// statuses to it.
func (d *Desk) mailboxScreen() fyne.CanvasObject {
	ctx := context.Background()
	heading := boldLabel(lang.L("mailbox.title"))
	intro := widget.NewLabel(lang.L("mailbox.intro"))
	intro.Wrapping = fyne.TextWrapWord
	box := container.NewVBox()
	ss, err := d.store.Unmatched(ctx)
	if err != nil {
		d.tell("error.read_statuses", "mailbox", err)
	}
	for _, s := range ss {
		box.Add(widget.NewLabel(statusLine(s, d)))
	}
	ms, err := d.store.UnmatchedMails(ctx)
	if err != nil {
		d.tell("error.read_statuses", "mailbox", err)
	}
	for _, m := range ms {
		l := widget.NewLabel(lang.L("mailbox.mail", map[string]any{
			"Subject": m.Subject, "Reason": lang.L("mailbox.reason." + m.Reason)}))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if len(ss)+len(ms) == 0 {
		box.Add(widget.NewLabel(lang.L("mailbox.none")))
	}
	return container.NewPadded(container.NewBorder(
		container.NewVBox(heading, intro, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(box)))
}
