package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// UnmatchedMail is a mail the watcher read but could not record a status
// from, listed for a person to find in the mailbox.
type UnmatchedMail struct {
	ID          int64
	Mailbox     string
	UIDValidity uint32
	UID         uint32
	MessageID   string
	// Subject and Sender are as the mail gave them; they may name a citizen,
	// so they are shown, never logged.
	Subject string
	Sender  string
	// Codes are the dossier codes found without a status word, if any.
	Codes []string
	// Reason is the watcher's reason, such as "no-code" or "unreadable".
	Reason     string
	SentAt     time.Time
	RecordedAt time.Time
	Seen       bool
}

// RecordUnmatchedMail lists a mail for a person, once per mailbox, UID and
// reason; it reports whether it was new.
func (s *Store) RecordUnmatchedMail(ctx context.Context, m UnmatchedMail) (bool, error) {
	if m.Mailbox == "" || m.Reason == "" || m.UID == 0 {
		return false, fmt.Errorf("record unmatched mail: %w", ErrInvalid)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("record unmatched mail: %w", err)
	}
	defer rollback(tx)
	id, err := nextID(ctx, tx, "unmatched_mails")
	if err != nil {
		return false, fmt.Errorf("record unmatched mail: %w", err)
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO unmatched_mails(id, mailbox, uidvalidity, uid,"+
		" message_id, subject_sealed, sender_sealed, codes, reason, sent_at, recorded_at)"+
		" VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", id,
		clipText(m.Mailbox, 200), int64(m.UIDValidity), int64(m.UID),
		clipText(m.MessageID, maxRefLen),
		s.keys.sealText(clipText(clean(m.Subject), 1000), rowAD(colMailSubject, id)),
		s.keys.sealText(clipText(clean(m.Sender), 300), rowAD(colMailSender, id)),
		clipText(strings.Join(m.Codes, " "), 1000), clipText(m.Reason, 40),
		nullTime(m.SentAt), s.stamp())
	if err != nil {
		return false, fmt.Errorf("record unmatched mail: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record unmatched mail: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("record unmatched mail: %w", err)
	}
	return n > 0, nil
}

// UnmatchedMails returns the listed mails, newest first.
func (s *Store) UnmatchedMails(ctx context.Context) ([]UnmatchedMail, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, mailbox, uidvalidity, uid, message_id,"+
		" subject_sealed, sender_sealed, codes, reason, sent_at, recorded_at, seen_at"+
		" FROM unmatched_mails ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("unmatched mails: %w", err)
	}
	defer rows.Close()
	out := []UnmatchedMail{}
	for rows.Next() {
		var (
			m               UnmatchedMail
			validity, uid   int64
			subject, sender []byte
			codes           string
			sent, rec, see  sql.NullString
		)
		err := rows.Scan(&m.ID, &m.Mailbox, &validity, &uid, &m.MessageID, &subject,
			&sender, &codes, &m.Reason, &sent, &rec, &see)
		if err != nil {
			return nil, fmt.Errorf("unmatched mails: %w", err)
		}
		if m.Subject, err = s.keys.openText(subject, rowAD(colMailSubject, m.ID)); err != nil {
			return nil, fmt.Errorf("unmatched mails: %w", err)
		}
		if m.Sender, err = s.keys.openText(sender, rowAD(colMailSender, m.ID)); err != nil {
			return nil, fmt.Errorf("unmatched mails: %w", err)
		}
		m.UIDValidity, m.UID, m.Seen = uint32(validity), uint32(uid), see.Valid
		m.Codes = strings.Fields(codes)
		if m.SentAt, err = parseTime(sent); err != nil {
			return nil, fmt.Errorf("unmatched mails: %w", err)
		}
		if m.RecordedAt, err = parseTime(rec); err != nil {
			return nil, fmt.Errorf("unmatched mails: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unmatched mails: %w", err)
	}
	return out, nil
}

// MarkUnmatchedMailSeen records that a person looked at a listed mail, so it
// no longer counts as waiting.
func (s *Store) MarkUnmatchedMailSeen(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, "UPDATE unmatched_mails SET seen_at = coalesce(seen_at,"+
		" ?) WHERE id = ?", s.stamp(), id)
	if err != nil {
		return fmt.Errorf("mark unmatched mail seen: %w", err)
	}
	if err := mustChange(res); err != nil {
		return fmt.Errorf("mark unmatched mail seen %d: %w", id, err)
	}
	return nil
}

// MailState returns how far the watcher has read a mailbox: its
// UIDVALIDITY and the last UID fetched, both 0 before the first read.
func (s *Store) MailState(ctx context.Context, mailbox string) (uidValidity, lastUID uint32,
	err error) {
	var v, u int64
	err = s.db.QueryRowContext(ctx, "SELECT uidvalidity, last_uid FROM mail_state"+
		" WHERE mailbox = ?", mailbox).Scan(&v, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("read mail state: %w", err)
	}
	return uint32(v), uint32(u), nil
}

// SetMailState stores how far the watcher has read a mailbox.
func (s *Store) SetMailState(ctx context.Context, mailbox string, uidValidity,
	lastUID uint32) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO mail_state(mailbox, uidvalidity, last_uid)"+
		" VALUES(?, ?, ?) ON CONFLICT(mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity,"+
		" last_uid = excluded.last_uid", mailbox, int64(uidValidity), int64(lastUID))
	if err != nil {
		return fmt.Errorf("set mail state: %w", err)
	}
	return nil
}
