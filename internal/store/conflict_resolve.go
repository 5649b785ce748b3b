package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// historyResolution is the history field that records a conflict's
// resolution; its value is the Resolution.
const historyResolution = "sync.resolution"

// ResolveConflict applies a person's choice to an open conflict and returns
// the draft's new version. Either way the draft gets a new version, above
// both sides, sent to the hub on top of the hub's version: KeepLocal sends
// this desk's draft as it is; KeepHub first takes the hub's content, field
// by field in the history. Queued rows of the draft are superseded by the new
// one. Nothing is overwritten without the choice.
func (s *Store) ResolveConflict(ctx context.Context, conflictID int64,
	choice Resolution) (int64, error) {
	if choice != KeepLocal && choice != KeepHub {
		return 0, fmt.Errorf("resolve conflict: choice %q: %w", choice, ErrInvalid)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("resolve conflict: %w", err)
	}
	defer rollback(tx)

	c, err := s.conflict(ctx, tx, conflictID)
	switch {
	case err != nil:
		return 0, fmt.Errorf("resolve conflict: %w", err)
	case c.Resolution != "":
		return 0, fmt.Errorf("resolve conflict %d: %w", conflictID, ErrResolved)
	case !c.HubKnown:
		return 0, fmt.Errorf("resolve conflict %d: %w", conflictID, ErrHubSideUnknown)
	}
	d, err := s.loadDraft(ctx, tx, c.DraftID)
	if err != nil {
		return 0, fmt.Errorf("resolve conflict: %w", err)
	}
	if err := refuseRestricted(ctx, tx, d.SessionID); err != nil {
		return 0, fmt.Errorf("resolve conflict %d: %w", conflictID, err)
	}

	version := max(d.Version, c.Hub.Version) + 1
	stamp := s.stamp()
	var changes [][2]string
	if choice == KeepHub {
		changes = takeContent(&d, c.Hub)
	}
	changes = append(changes, [2]string{historyResolution, string(choice)})
	d.Version = version
	if err := s.saveDraft(ctx, tx, &d, stamp); err != nil {
		return 0, fmt.Errorf("resolve conflict: %w", err)
	}
	if err := s.addHistory(ctx, tx, d.ID, version, changes, stamp); err != nil {
		return 0, fmt.Errorf("resolve conflict: %w", err)
	}
	if err := s.requeueOnHub(ctx, tx, &d, c.Hub.Version, stamp); err != nil {
		return 0, fmt.Errorf("resolve conflict: %w", err)
	}
	_, err = tx.ExecContext(ctx, "UPDATE conflicts SET resolved_at = ?, resolution = ?,"+
		" resolved_version = ? WHERE id = ?", stamp, string(choice), version, c.ID)
	if err != nil {
		return 0, fmt.Errorf("resolve conflict: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("resolve conflict: %w", err)
	}
	s.log.Info("conflict resolved", "op", "resolve_conflict", "draft", d.ID,
		"conflict", c.ID, "choice", string(choice), "version", version)
	return version, nil
}

// requeueOnHub supersedes the draft's queued rows and queues the draft as
// it is now, based on the hub's version.
func (s *Store) requeueOnHub(ctx context.Context, tx *sql.Tx, d *Draft, hubVersion int64,
	stamp string) error {
	_, err := tx.ExecContext(ctx, "UPDATE outbox SET state = 'superseded', done_at = ?"+
		" WHERE draft_id = ? AND state = 'queued'", stamp, d.ID)
	if err != nil {
		return fmt.Errorf("supersede: %w", err)
	}
	// The base is the hub's version, whatever an earlier refusal left.
	_, err = tx.ExecContext(ctx, "UPDATE drafts SET sync_base = NULL WHERE id = ?", d.ID)
	if err != nil {
		return fmt.Errorf("rebase: %w", err)
	}
	if err := s.queueSnapshot(ctx, tx, d, hubVersion, stamp); err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	return nil
}

// takeContent makes d hold content's fields and guide step and returns the
// history rows of what changed, in field order.
func takeContent(d *Draft, content DraftContent) [][2]string {
	var changes [][2]string
	union := map[string]string{}
	maps.Copy(union, d.Fields)
	maps.Copy(union, content.Fields)
	keys := slices.Sorted(maps.Keys(union))
	next := map[string]string{}
	for _, k := range keys {
		v := content.Fields[k]
		if v != "" {
			next[k] = v
		}
		if d.Fields[k] != v {
			changes = append(changes, [2]string{k, v})
		}
	}
	d.Fields = next
	if d.GuideID != content.GuideID || d.GuideStep != content.GuideStep {
		d.GuideID, d.GuideStep = content.GuideID, content.GuideStep
		changes = append(changes, [2]string{historyGuideStep,
			content.GuideID + "#" + strconv.Itoa(content.GuideStep)})
	}
	return changes
}

// addHistory writes history rows of one version of a draft, each change a
// field and its new value; the value is sealed for its row and field.
func (s *Store) addHistory(ctx context.Context, tx *sql.Tx, draftID, version int64,
	changes [][2]string, stamp string) error {
	for _, ch := range changes {
		id, err := nextID(ctx, tx, "draft_history")
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		actor, _ := actorFrom(ctx) // 0: the desk itself, or a change from the hub
		_, err = tx.ExecContext(ctx, "INSERT INTO draft_history(id, draft_id, version, field,"+
			" value, value_sealed, at, actor) VALUES(?, ?, ?, ?, '', ?, ?, ?)", id, draftID,
			version, ch[0], s.keys.seal([]byte(ch[1]), rowAD(colHistoryValue, id, ch[0])),
			stamp, actor)
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
	}
	return nil
}
