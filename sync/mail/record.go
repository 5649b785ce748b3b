package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// MailRef names the mail a status came from. A status is recorded once per
// mail: by UIDValidity and UID while the mailbox keeps its numbering, and
// by MessageID, code and status when it has been renumbered.
type MailRef struct {
	// UIDValidity is the mailbox's UIDVALIDITY when the mail was read.
	UIDValidity uint32
	// UID is the mail's UID in the mailbox.
	UID uint32
	// MessageID is the Message-ID without angle brackets, or empty.
	MessageID string
	// Date is the mail's Date field, or the zero time.
	Date time.Time
}

// ErrNoDraft is what a Recorder returns, wrapped or not, when no draft has
// the finding's dossier code.
var ErrNoDraft = errors.New("no draft has this dossier code")

// Recorder records a status found in a mail against the matching draft;
// the desk's store implements it.
type Recorder interface {
	// Record stores f for the draft whose dossier code is f.Code. It returns
	// recorded false, and no error, when this mail's status is already
	// stored, and an error wrapping ErrNoDraft when no draft has the code.
	Record(ctx context.Context, f Finding, ref MailRef) (recorded bool, err error)
}

// Reason says why a mail is listed for a person to look at.
type Reason string

// The reasons a mail goes unmatched.
const (
	// ReasonUnreadable: the mail is too damaged to find anything in.
	ReasonUnreadable Reason = "unreadable"
	// ReasonNoCode: no dossier code in the mail.
	ReasonNoCode Reason = "no-code"
	// ReasonNoStatus: dossier codes, but no status or payment word.
	ReasonNoStatus Reason = "no-status"
	// ReasonNoDraft: statuses for dossier codes that no draft has.
	ReasonNoDraft Reason = "no-draft"
)

// Unmatched is a mail, or the part of one, that could not be recorded and
// is shown to a person instead.
type Unmatched struct {
	// Ref names the mail on the server.
	Ref MailRef
	// Subject is the mail's decoded subject.
	Subject string
	// From is the sender's address.
	From string
	// Codes are the dossier codes left unrecorded, if any.
	Codes []string
	// Reason says what is missing.
	Reason Reason
	// Problem is what was wrong with a damaged mail, or nil.
	Problem error
}

// Result sums up one Process run.
type Result struct {
	// Recorded counts the statuses newly recorded.
	Recorded int
	// Repeated counts the statuses that were already recorded.
	Repeated int
	// Unmatched lists the mails for a person to look at.
	Unmatched []Unmatched
}

// Process parses the fetched mails and records each finding with rec. It
// stops at the first error from rec other than ErrNoDraft, returning what
// it did so far: the caller then keeps its old State, and the next Poll
// brings the same mails again, which the Recorder does not record twice.
func Process(ctx context.Context, rec Recorder, mails []Fetched) (Result, error) {
	var res Result
	for _, f := range mails {
		m, perr := Parse(f.Raw)
		if f.Problem != nil {
			perr = errors.Join(f.Problem, perr)
		}
		ref := f.Ref
		if ref.MessageID == "" {
			ref.MessageID = m.MessageID
		}
		if ref.Date.IsZero() {
			ref.Date = m.Date
		}
		if perr != nil {
			// The error may quote the mail, so only the UID is logged.
			slog.Warn("mail partly unreadable", "op", "mail.process", "uid", ref.UID)
		}
		miss := Unmatched{Ref: ref, Subject: m.Subject, From: m.From, Problem: perr}
		if len(m.Findings) == 0 {
			miss.Reason = ReasonNoCode
			if perr != nil {
				miss.Reason = ReasonUnreadable
			}
			res.Unmatched = append(res.Unmatched, miss)
			continue
		}

		var silent, noDraft []string
		for _, fd := range m.Findings {
			if fd.Status == StatusUnknown && fd.Payment == PaymentUnknown {
				silent = append(silent, fd.Code)
				continue
			}
			recorded, err := rec.Record(ctx, fd, ref)
			switch {
			case errors.Is(err, ErrNoDraft):
				noDraft = append(noDraft, fd.Code)
			case err != nil:
				return res, fmt.Errorf("record status of mail %d: %w", ref.UID, err)
			case recorded:
				res.Recorded++
			default:
				res.Repeated++
			}
		}
		if len(silent) > 0 {
			miss.Codes, miss.Reason = silent, ReasonNoStatus
			res.Unmatched = append(res.Unmatched, miss)
		}
		if len(noDraft) > 0 {
			miss.Codes, miss.Reason = noDraft, ReasonNoDraft
			res.Unmatched = append(res.Unmatched, miss)
		}
	}
	return res, nil
}

// Check polls the mailbox and records what the new mails say. It returns
// the state to persist: the old one when recording failed, so that no
// status is lost.
func (w *Watcher) Check(ctx context.Context, state State, rec Recorder) (State, Result,
	error) {
	next, mails, err := w.Poll(ctx, state)
	res, recErr := Process(ctx, rec, mails)
	if recErr != nil {
		return state, res, recErr
	}
	return next, res, err
}
