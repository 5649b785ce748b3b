package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/printdoc"
	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
)

// rightsBox is what a citizen may ask about her data, under Decree 13: the
// record of each consent with its withdrawal, withdrawing a consent,
// restricting processing, and deleting everything kept.
func (v *sessionView) rightsBox() fyne.CanvasObject {
	ctx := v.d.ctx()
	rec, err := v.d.store.ConsentRecord(ctx, v.session.ID)
	if err != nil {
		slog.Error("read consent record", "op", "rights", "err", err)
		return container.NewVBox()
	}
	box := container.NewVBox(widget.NewSeparator(), boldLabel(lang.L("rights.title")))
	for _, c := range rec.Purposes {
		if !c.Granted {
			continue
		}
		name := lang.L("consent.purpose." + string(c.Purpose))
		if !c.WithdrawnAt.IsZero() {
			l := widget.NewLabel(lang.L("rights.withdrawn", map[string]any{"Purpose": name,
				"Time": formatDateTime(c.WithdrawnAt.In(v.d.now().Location()))}))
			l.Wrapping = fyne.TextWrapWord
			box.Add(l)
			continue
		}
		purpose := c.Purpose
		b := widget.NewButtonWithIcon(lang.L("rights.withdraw", map[string]any{
			"Purpose": name}), theme.CancelIcon(), func() { v.withdraw(purpose) })
		b.Alignment = widget.ButtonAlignLeading
		box.Add(b)
	}
	on, _, err := v.d.store.Restricted(ctx, v.session.ID)
	if err != nil {
		slog.Error("read restriction", "op", "rights", "err", err)
	}
	restrict := widget.NewCheck(lang.L("rights.restrict"), nil)
	restrict.SetChecked(on)
	restrict.OnChanged = func(on bool) {
		if err := v.d.store.Restrict(v.d.ctx(), v.session.ID, on); err != nil {
			v.d.tell("error.rights", "restrict", err)
			return
		}
		action := store.AuditAction("restricted")
		if !on {
			action = "restriction_lifted"
		}
		v.d.audit(action, v.draft.ID, "")
		v.kick()
	}
	box.Add(restrict)
	sheet := widget.NewButtonWithIcon(lang.L("rights.print"), theme.DocumentPrintIcon(),
		func() { v.printConsent(rec) })
	box.Add(container.NewHBox(sheet))
	del := widget.NewButtonWithIcon(lang.L("rights.delete"), theme.DeleteIcon(), v.askDelete)
	del.Importance = widget.DangerImportance
	box.Add(container.NewHBox(del))
	return box
}

// kick asks the sync engine to send what changed now.
func (v *sessionView) kick() {
	if v.d.sync != nil {
		v.d.sync.Kick()
	}
}

// withdraw asks, then withdraws the citizen's consent to p.
func (v *sessionView) withdraw(p store.Purpose) {
	msg := widget.NewLabel(lang.L("rights.withdraw_ask." + string(p)))
	msg.Wrapping = fyne.TextWrapWord
	ask := dialog.NewCustomConfirm(lang.L("rights.title"), lang.L("rights.withdraw_yes"),
		lang.L("card.cancel"), msg, func(ok bool) {
			if !ok {
				return
			}
			v.settle()
			if err := v.d.store.WithdrawConsent(v.d.ctx(), v.session.ID, p,
				time.Time{}); err != nil {
				v.d.tell("error.rights", "withdraw", err)
				return
			}
			v.d.audit(store.AuditAction("consent_withdrawn"), v.draft.ID, string(p))
			v.kick()
			if p == store.PurposeKeepDetails {
				v.d.sweepFiles(0) // her photos go with her details
			}
			v.d.openSession(v.session.ID, sectionConsent)
		}, v.d.win)
	ask.Resize(fyne.NewSize(480, 0))
	ask.Show()
}

// settle commits what is waiting in the session's saver, so a withdrawal
// or deletion acts on everything typed.
func (v *sessionView) settle() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := v.saver.Flush(ctx); err != nil {
		slog.Error("flush before rights", "op", "rights", "err", err)
	}
}

// askDelete asks why, then deletes the session and all it kept.
func (v *sessionView) askDelete() {
	reasons := []store.DeleteReason{store.DeleteRequested, store.DeleteMistake}
	labels := []string{lang.L("rights.reason.request"), lang.L("rights.reason.mistake")}
	why := widget.NewRadioGroup(labels, nil)
	why.SetSelected(labels[0])
	msg := widget.NewLabel(lang.L("rights.delete_ask"))
	msg.Wrapping = fyne.TextWrapWord
	ask := dialog.NewCustomConfirm(lang.L("rights.delete"), lang.L("rights.delete_yes"),
		lang.L("card.cancel"), container.NewVBox(msg, why), func(ok bool) {
			if !ok {
				return
			}
			reason := reasons[0]
			if why.Selected == labels[1] {
				reason = reasons[1]
			}
			v.settle()
			draftID := v.draft.ID
			if err := v.d.store.DeleteSession(v.d.ctx(), v.session.ID, reason); err != nil {
				v.d.tell("error.rights", "delete", err)
				return
			}
			v.d.audit(store.AuditDelete, draftID, string(reason))
			delete(v.d.savers, draftID)
			v.d.session = nil
			v.d.sweepFiles(0) // her photos go with her data
			v.kick()
			v.d.show(pageHome)
			v.d.tellText(lang.L("rights.deleted"))
		}, v.d.win)
	ask.Resize(fyne.NewSize(480, 0))
	ask.Show()
}

// purgeOld deletes closed, synced sessions older than the desk's purge
// days, as the desk opens; each purge is logged by the store.
func (d *Desk) purgeOld() {
	ctx := context.Background() // the desk itself purges, on its own goroutine
	days, err := d.store.PurgeDays(ctx)
	if err != nil {
		slog.Error("read purge days", "op", "purge", "err", err)
		return
	}
	rep, err := d.store.Purge(ctx, time.Duration(days)*24*time.Hour, d.now())
	if err != nil {
		slog.Error("purge old sessions", "op", "purge", "err", err)
	} else if rep.Count > 0 {
		if err := d.store.Audit(ctx, 0, store.AuditPurge, 0,
			fmt.Sprintf("count=%d", rep.Count)); err != nil {
			slog.Error("audit purge", "op", "purge", "err", err)
		}
	}
	d.sweepFiles(time.Hour)
}

// sweepFiles removes the photos and files no draft lists any more, older
// than grace: those of deleted or purged visits.
func (d *Desk) sweepFiles(grace time.Duration) {
	dir := filepath.Dir(d.store.Path())
	ctx := context.Background()
	if _, err := engine.SweepAttachments(ctx, d.store, dir, grace, time.Now()); err != nil {
		slog.Error("sweep attachments", "op", "sweep", "err", err)
	}
}

// audit records what the volunteer signed in did to a draft; detail names
// fields or reasons, never values.
func (d *Desk) audit(action store.AuditAction, draftID int64, detail string) {
	if d.account == nil {
		return
	}
	if err := d.store.Audit(d.ctx(), d.account.ID, action, draftID, detail); err != nil {
		slog.Error("audit", "op", "audit", "action", string(action), "err", err)
	}
}

// printConsent writes the consent sheet the citizen keeps: what she agreed
// to, per purpose, when, and what she may ask. It names the visit by its
// hand-off code and leaves her name to be written by hand, so that the
// file left in the data folder holds no personal data.
func (v *sessionView) printConsent(rec store.ConsentRecord) {
	loc := v.d.now().Location()
	paras := []printdoc.Para{
		{Text: lang.L("sheet.visit", map[string]any{"Code": v.handOffCode(),
			"Desk": rec.Desk, "Time": formatDateTime(rec.StartedAt.In(loc))})},
		{Text: lang.L("sheet.name"), Blank: true},
	}
	for _, c := range rec.Purposes {
		key := "sheet.refused"
		if c.Granted {
			key = "sheet.granted"
		}
		text := lang.L(key, map[string]any{
			"Purpose": lang.L("consent.purpose." + string(c.Purpose)),
			"Time":    formatDateTime(c.At.In(loc)), "Version": c.TextVersion})
		if !c.WithdrawnAt.IsZero() {
			text += " " + lang.L("sheet.withdrawn", map[string]any{
				"Time": formatDateTime(c.WithdrawnAt.In(loc))})
		}
		paras = append(paras, printdoc.Para{Text: text, Bold: c.Granted})
	}
	paras = append(paras, printdoc.Para{Text: lang.L("sheet.rights")},
		printdoc.Para{Text: lang.L("sheet.signature"), Blank: true})
	pdf, err := printdoc.Write(printdoc.Doc{Title: lang.L("sheet.title"), Paras: paras,
		Date: v.d.now()})
	if err != nil {
		v.d.tell("error.card", "consent_sheet", err)
		return
	}
	v.d.audit(store.AuditExport, v.draft.ID, "consent_sheet")
	v.d.savePDF(fmt.Sprintf("dong-y-%d-%s.pdf", v.session.ID,
		v.d.now().Format("20060102-150405")), pdf)
}
