package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tiepsuc/internal/store"
	"tiepsuc/sync/mail"
)

// MailConfig makes the engine watch the center's mailbox for status mails.
type MailConfig struct {
	// Watcher reads the mailbox; it never deletes or flags unless told to.
	Watcher *mail.Watcher
	// Every is the pause between reads (default 2 min).
	Every time.Duration
}

// MailRecorder records the statuses the mail watcher finds in the desk's
// store; it implements mail.Recorder.
type MailRecorder struct {
	Store *store.Store
}

// Record stores each status and payment state of f once per mail (by
// UIDVALIDITY, UID, code and status, and by Message-ID after the mailbox was
// renumbered). A status whose code no draft has is kept as unmatched, to be
// tied to the draft that gets the code later, and reported as mail.ErrNoDraft.
func (r MailRecorder) Record(ctx context.Context, f mail.Finding, ref mail.MailRef) (bool,
	error) {
	recorded, matched := false, true
	for _, key := range mailStatusKeys(f) {
		res, err := r.Store.RecordStatus(ctx, store.StatusRecord{Source: store.SourceMail,
			Ref: fmt.Sprintf("%d:%d:%s:%s", ref.UIDValidity, ref.UID,
				store.NormaliseDossierCode(f.Code), key),
			MessageID: ref.MessageID, DossierCode: f.Code, Status: key, At: ref.Date})
		if err != nil {
			return recorded, local(err)
		}
		recorded = recorded || res.New
		matched = matched && res.DraftID != 0
	}
	if !matched {
		return recorded, fmt.Errorf("code kept unmatched: %w", mail.ErrNoDraft)
	}
	return recorded, nil
}

// mailStatusKeys names the statuses a finding gives, in the store's words,
// which are the hub's where both have the status.
func mailStatusKeys(f mail.Finding) []string {
	var keys []string
	statuses := map[mail.Status]string{
		mail.StatusNew: "registered", mail.StatusAccepted: "received",
		mail.StatusRejected: "rejected", mail.StatusProcessing: "processing",
		mail.StatusSupplement: "supplement_requested", mail.StatusFinancial: "fee_requested",
		mail.StatusWithdrawn: "withdrawn", mail.StatusStopped: "stopped",
		mail.StatusDone: "result_ready", mail.StatusReturned: "returned",
	}
	payments := map[mail.PaymentState]string{
		mail.PaymentUnpaid: "unpaid", mail.PaymentPending: "payment_pending",
		mail.PaymentPaid: "paid", mail.PaymentRefunded: "refunded",
		mail.PaymentCancelled: "payment_cancelled",
	}
	if k, ok := statuses[f.Status]; ok {
		keys = append(keys, k)
	}
	if k, ok := payments[f.Payment]; ok {
		keys = append(keys, k)
	}
	return keys
}

// mailLoop reads the mailbox every MailConfig.Every until ctx is done.
func (e *Engine) mailLoop(ctx context.Context) {
	every := e.cfg.Mail.Every
	if every <= 0 {
		every = 2 * time.Minute
	}
	e.update(func(s *Status) { s.MailConfigured = true })
	for {
		e.checkMail(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// checkMail reads the new mails once, records their statuses, lists the
// mails no status came from, and stores how far it read.
func (e *Engine) checkMail(ctx context.Context) {
	w := e.cfg.Mail.Watcher
	box := mailboxKey(w)
	validity, last, err := e.st.MailState(ctx, box)
	if err != nil {
		e.mailFailed(&Error{Key: KeyLocal, Err: err})
		return
	}
	prev := mail.State{UIDValidity: validity, LastUID: last}
	next, res, err := w.Check(ctx, prev, MailRecorder{Store: e.st})
	if ctx.Err() != nil {
		return
	}
	// Listed mails are stored before the state moves past them.
	for _, u := range res.Unmatched {
		if u.Reason == mail.ReasonNoDraft {
			continue // its statuses are kept as unmatched statuses
		}
		_, lerr := e.st.RecordUnmatchedMail(ctx, store.UnmatchedMail{Mailbox: box,
			UIDValidity: u.Ref.UIDValidity, UID: u.Ref.UID, MessageID: u.Ref.MessageID,
			Subject: u.Subject, Sender: u.From, Codes: u.Codes, Reason: string(u.Reason),
			SentAt: u.Ref.Date})
		if lerr != nil {
			e.mailFailed(&Error{Key: KeyLocal, Err: lerr})
			return
		}
	}
	if next != prev {
		if serr := e.st.SetMailState(ctx, box, next.UIDValidity, next.LastUID); serr != nil {
			e.mailFailed(&Error{Key: KeyLocal, Err: serr})
			return
		}
	}
	e.log.Info("mail read", "recorded", res.Recorded, "repeated", res.Repeated,
		"listed", len(res.Unmatched), "last_uid", next.LastUID)
	if err != nil {
		e.mailFailed(mailError(err))
		return
	}
	e.update(func(s *Status) {
		s.MailLastCheck, s.MailErrorKey, s.MailErrorCause = time.Now(), "", ""
	})
	e.refreshCounts(ctx)
}

// mailboxKey names a watched mailbox in the store: server, user, folder.
func mailboxKey(w *mail.Watcher) string {
	box := w.Mailbox
	if box == "" {
		box = "INBOX"
	}
	return w.Username + "@" + w.Addr + "/" + box
}

// mailError finds the translation key of a failed mail read.
func mailError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	// TODO(mail): match a sentinel error once the mail package exports one.
	if strings.Contains(err.Error(), "log in to mailbox") {
		return &Error{Key: KeyMailLogin, Err: err}
	}
	return &Error{Key: KeyMailOffline, Err: err}
}

// mailFailed shows a failed mail read; the next read tries again.
func (e *Engine) mailFailed(ae *Error) {
	e.log.Warn("mail read failed", "key", ae.Key, "err", causeText(ae))
	e.update(func(s *Status) { s.MailErrorKey, s.MailErrorCause = ae.Key, causeText(ae) })
}
