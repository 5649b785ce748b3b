package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/store"
)

// auditScreen shows the desk's audit log, newest first, and whether its
// chain of hashes is whole, for the desk admin (and trainers).
func (d *Desk) auditScreen() fyne.CanvasObject {
	ctx := d.ctx()
	heading := boldLabel(lang.L("audit.title"))
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	if bad, err := d.store.VerifyAudit(ctx); err != nil {
		state.SetText(lang.L("audit.broken", map[string]any{"Seq": bad}))
		state.Importance = widget.DangerImportance
	} else {
		state.SetText(lang.L("audit.whole"))
		state.Importance = widget.SuccessImportance
	}
	entries, err := d.store.AuditEntries(ctx, store.AuditFilter{Limit: 200})
	if err != nil {
		d.tell("error.audit", "audit", err)
	}
	names := map[int64]string{0: lang.L("audit.the_desk")}
	if accs, err := d.store.Volunteers(ctx); err == nil {
		for _, a := range accs {
			names[a.ID] = a.Name
		}
	}
	list := widget.NewList(func() int { return len(entries) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := entries[i]
			what := lang.L("audit.action." + string(e.Action))
			if e.DraftID != 0 {
				what += " · " + lang.L("audit.draft", map[string]any{"ID": e.DraftID})
			}
			if e.Detail != "" {
				what += " · " + e.Detail
			}
			o.(*widget.Label).SetText(fmt.Sprintf("%d · %s · %s · %s", e.Seq,
				formatDateTime(e.At.In(d.now().Location())), names[e.Actor], what))
		})
	return container.NewPadded(container.NewBorder(
		container.NewVBox(heading, state, widget.NewSeparator()), nil, nil, nil, list))
}
