package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// auditHeadKey is the settings row that keeps the sequence number and hash
// of the last audit entry, so that cutting entries off the end shows.
const auditHeadKey = "audit.head"

// genesisHash is the prev_hash of the first entry.
var genesisHash = strings.Repeat("0", 2*sha256.Size)

// ErrAuditTampered matches an *AuditTamperError with errors.Is.
var ErrAuditTampered = errors.New("audit log tampered with")

// AuditTamperError reports the first entry at which the audit log stops
// being the one the desk wrote.
type AuditTamperError struct {
	// Seq is the first entry that is missing, changed, or not vouched for
	// by the anchor.
	Seq    int64
	Reason string
}

// Error names the entry and what is wrong with it.
func (e *AuditTamperError) Error() string {
	return fmt.Sprintf("audit log entry %d: %s", e.Seq, e.Reason)
}

// Is reports whether target is ErrAuditTampered.
func (e *AuditTamperError) Is(target error) bool { return target == ErrAuditTampered }

// chainHash returns the hex SHA-256 of prevHash followed by the entry's
// columns, each written as its length, a colon and its bytes, so that no
// two different rows write the same text.
func chainHash(prevHash string, e AuditEntry, at string) string {
	h := sha256.New()
	h.Write([]byte(prevHash))
	for _, f := range []string{strconv.FormatInt(e.Seq, 10), at,
		strconv.FormatInt(e.Actor, 10), string(e.Action), strconv.FormatInt(e.DraftID, 10),
		e.DraftUID, e.Detail} {
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// lastAudit returns the sequence number and hash of the last entry, or 0
// and genesisHash when there is none.
func lastAudit(ctx context.Context, q queryer) (AuditEntry, error) {
	e := AuditEntry{Hash: genesisHash}
	err := q.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").
		Scan(&e.Seq, &e.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil
	}
	if err != nil {
		return AuditEntry{}, fmt.Errorf("last entry: %w", err)
	}
	return e, nil
}

// formatHead writes the anchor's value.
func formatHead(seq int64, hash string) string {
	return strconv.FormatInt(seq, 10) + ":" + hash
}

// parseHead reads the anchor's value, only as formatHead writes it.
func parseHead(v string) (int64, string, bool) {
	num, hash, ok := strings.Cut(v, ":")
	seq, err := strconv.ParseInt(num, 10, 64)
	return seq, hash, ok && err == nil && seq >= 0 && strconv.FormatInt(seq, 10) == num
}

// AuditHead returns the sequence number and hash of the last audit entry
// (0 and 64 zeros when there is none); written down or sent elsewhere, it
// lets a later check show that the log was rewritten since.
func (s *Store) AuditHead(ctx context.Context) (int64, string, error) {
	e, err := lastAudit(ctx, s.db)
	if err != nil {
		return 0, "", fmt.Errorf("audit head: %w", err)
	}
	return e.Seq, e.Hash, nil
}

// VerifyAudit walks the whole audit log and checks that the entries run
// 1, 2, 3… without a gap, that each one's prev_hash is the hash of the one
// before and its hash is that of its own columns, and that the last one is
// the anchor. It returns 0 and nil for an intact log, or the first entry at
// which the chain breaks with an *AuditTamperError. The chain shows edits
// made with a database tool; someone with this program's source can
// rewrite the whole chain and the anchor, which only a copy of AuditHead
// kept elsewhere would show.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT seq, at, actor, action, draft_id, draft_uid,"+
		" detail, prev_hash, hash FROM audit_log ORDER BY seq")
	if err != nil {
		return 0, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()

	prev := AuditEntry{Hash: genesisHash}
	for rows.Next() {
		var (
			e            AuditEntry
			at, prevHash string
		)
		err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.DraftID, &e.DraftUID, &e.Detail,
			&prevHash, &e.Hash)
		if err != nil {
			return 0, fmt.Errorf("verify audit: %w", err)
		}
		switch {
		case e.Seq != prev.Seq+1:
			return tampered(prev.Seq+1, "missing")
		case prevHash != prev.Hash:
			return tampered(e.Seq, "does not follow the entry before")
		case chainHash(prevHash, e, at) != e.Hash:
			return tampered(e.Seq, "changed")
		}
		prev = e
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("verify audit: %w", err)
	}
	return s.verifyHead(ctx, prev)
}

// verifyHead compares the last entry with the anchor: a missing anchor
// vouches for nothing, one further on means entries were cut off the end,
// one further back means entries were added by hand.
func (s *Store) verifyHead(ctx context.Context, last AuditEntry) (int64, error) {
	v, found, err := s.Setting(ctx, auditHeadKey)
	if err != nil {
		return 0, fmt.Errorf("verify audit: %w", err)
	}
	seq, hash := int64(0), genesisHash
	if found {
		var ok bool
		if seq, hash, ok = parseHead(v); !ok {
			return tampered(1, "anchor unreadable")
		}
	}
	switch {
	case seq > last.Seq:
		return tampered(last.Seq+1, "cut off the end")
	case seq < last.Seq:
		return tampered(seq+1, "added after the anchor")
	case hash != last.Hash:
		return tampered(last.Seq, "differs from the anchor")
	}
	return 0, nil
}

// tampered returns seq with an *AuditTamperError.
func tampered(seq int64, reason string) (int64, error) {
	return seq, &AuditTamperError{Seq: seq, Reason: reason}
}
