package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ErrHubSideUnknown is returned by ResolveConflict while the hub's version
// of the draft has not arrived yet; the next pull brings it.
var ErrHubSideUnknown = errors.New("hub's version of the draft not received yet")

// ErrResolved is returned by ResolveConflict for a conflict already resolved.
var ErrResolved = errors.New("conflict already resolved")

// Resolution is a person's choice for a conflict.
type Resolution string

const (
	// KeepLocal keeps this desk's draft and sends it on top of the hub's.
	KeepLocal Resolution = "keep_local"
	// KeepHub takes the hub's version of the draft as a new local version.
	KeepHub Resolution = "keep_hub"
)

// DraftContent is a draft's content as one side of a conflict holds it.
type DraftContent struct {
	Version   int64
	Fields    map[string]string
	GuideID   string
	GuideStep int
}

// Conflict is a draft changed both here and, meanwhile, on the hub: both
// versions are kept until a person chooses.
type Conflict struct {
	ID       int64
	DraftID  int64
	DraftUID string
	// Local is the draft as it is on this desk now.
	Local DraftContent
	// Pushed is this desk's version the hub found in conflict.
	Pushed DraftContent
	// Hub is the hub's version; HubKnown is false until it arrives.
	Hub      DraftContent
	HubKnown bool
	// HubDesk is the desk that pushed the hub's version, when known.
	HubDesk    string
	CreatedAt  time.Time
	Resolution Resolution
	ResolvedAt time.Time
	// ResolvedVersion is the draft version the resolution made.
	ResolvedVersion int64
}

// conflictNote is what a push answer or a pulled event says of a conflict.
type conflictNote struct {
	draftID       int64
	hubConflictID int64
	hubVersion    int64
	hubDesk       string
	hubPayload    string // empty when not known
	localVersion  int64
	localPayload  string
}

// noteConflict records n against the draft's open conflict, opening one
// when there is none, and returns its id. A hub conflict id seen before only
// brings the hub's side up to date, if still open.
func (s *Store) noteConflict(ctx context.Context, tx *sql.Tx, n conflictNote) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT conflict_id FROM conflict_refs"+
		" WHERE hub_conflict_id = ?", n.hubConflictID).Scan(&id)
	known := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("conflict: %w", err)
	}
	if !known {
		err = tx.QueryRowContext(ctx, "SELECT id FROM conflicts WHERE draft_id = ?"+
			" AND resolved_at IS NULL", n.draftID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			res, err := tx.ExecContext(ctx, "INSERT INTO conflicts(draft_id, hub_version,"+
				" local_version, local_payload, created_at) VALUES(?, ?, ?, '{}', ?)", n.draftID,
				n.hubVersion, n.localVersion, s.stamp())
			if err != nil {
				return 0, fmt.Errorf("conflict: open: %w", err)
			}
			if id, err = res.LastInsertId(); err != nil {
				return 0, fmt.Errorf("conflict: open: %w", err)
			}
			s.log.Warn("conflict opened", "op", "conflict", "draft", n.draftID,
				"conflict", id)
		} else if err != nil {
			return 0, fmt.Errorf("conflict: %w", err)
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO conflict_refs(hub_conflict_id, conflict_id)"+
			" VALUES(?, ?)", n.hubConflictID, id)
		if err != nil {
			return 0, fmt.Errorf("conflict: ref: %w", err)
		}
	}

	// Only an open conflict follows newer versions of either side; a new one
	// gets its local side here, sealed for its row.
	local := s.keys.seal([]byte(n.localPayload), rowAD(colConflictLocal, id))
	_, err = tx.ExecContext(ctx, "UPDATE conflicts SET"+
		" local_version = CASE WHEN ?1 > local_version THEN ?1 ELSE local_version END,"+
		" local_sealed = CASE WHEN ?1 > local_version OR local_sealed IS NULL THEN ?2"+
		" ELSE local_sealed END WHERE id = ?3 AND resolved_at IS NULL", n.localVersion,
		local, id)
	if err != nil {
		return 0, fmt.Errorf("conflict: local side: %w", err)
	}
	if err := s.updateHubSide(ctx, tx, id, n.hubVersion, n.hubDesk, n.hubPayload); err != nil {
		return 0, err
	}
	return id, nil
}

// updateHubSide moves an open conflict's hub side to a newer version, or
// fills in the payload of the version it has, sealed for the conflict.
func (s *Store) updateHubSide(ctx context.Context, tx *sql.Tx, id, version int64, desk,
	payload string) error {
	var p any
	if payload != "" {
		p = s.keys.seal([]byte(payload), rowAD(colConflictHub, id))
	}
	_, err := tx.ExecContext(ctx, "UPDATE conflicts SET hub_version = ?,"+
		" hub_sealed = coalesce(?, CASE WHEN hub_version = ? THEN hub_sealed END),"+
		" hub_desk = CASE WHEN ? != '' THEN ? ELSE hub_desk END"+
		" WHERE id = ? AND resolved_at IS NULL AND (? > hub_version"+
		" OR (? = hub_version AND ? IS NOT NULL))", version, p, version, desk, desk, id,
		version, version, p)
	if err != nil {
		return fmt.Errorf("conflict: hub side: %w", err)
	}
	return nil
}

// conflictSelect reads the columns scanConflict expects.
const conflictSelect = "SELECT c.id, c.draft_id, d.uid, c.hub_version, c.hub_desk," +
	" c.hub_sealed, c.local_version, c.local_sealed, c.created_at, c.resolution," +
	" c.resolved_at, c.resolved_version FROM conflicts c JOIN drafts d ON d.id = c.draft_id"

// Conflicts returns the open conflicts, oldest first, each with the draft as
// it is here now and the hub's version.
func (s *Store) Conflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := s.db.QueryContext(ctx, conflictSelect+" WHERE c.resolved_at IS NULL"+
		" ORDER BY c.id")
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	var out []Conflict
	for rows.Next() {
		c, err := scanConflict(rows, s.keys)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("conflicts: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	for i := range out {
		if err := s.fillLocal(ctx, s.db, &out[i]); err != nil {
			return nil, fmt.Errorf("conflicts: %w", err)
		}
	}
	return out, nil
}

// Conflict returns one conflict, open or resolved, or ErrNotFound.
func (s *Store) Conflict(ctx context.Context, id int64) (Conflict, error) {
	c, err := s.conflict(ctx, s.db, id)
	if err != nil {
		return Conflict{}, fmt.Errorf("conflict: %w", err)
	}
	return c, nil
}

// conflict reads conflict id through q.
func (s *Store) conflict(ctx context.Context, q queryer, id int64) (Conflict, error) {
	c, err := scanConflict(q.QueryRowContext(ctx, conflictSelect+" WHERE c.id = ?", id),
		s.keys)
	if errors.Is(err, sql.ErrNoRows) {
		return Conflict{}, fmt.Errorf("conflict %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Conflict{}, err
	}
	return c, s.fillLocal(ctx, q, &c)
}

// fillLocal sets the conflict's Local side from the draft as it is now.
func (s *Store) fillLocal(ctx context.Context, q queryer, c *Conflict) error {
	d, err := s.loadDraft(ctx, q, c.DraftID)
	if err != nil {
		return err
	}
	c.Local = DraftContent{Version: d.Version, Fields: d.Fields, GuideID: d.GuideID,
		GuideStep: d.GuideStep}
	return nil
}

// scanner is a row of a query, one of many or the only one.
type scanner interface {
	Scan(dest ...any) error
}

// scanConflict reads one row of conflictSelect, opening both sides.
func scanConflict(row scanner, k *dataKeys) (Conflict, error) {
	var (
		c                  Conflict
		hubSealed, local   []byte
		created            string
		resolution         string
		resolvedAt         sql.NullString
		resolvedV, hubVers sql.NullInt64
	)
	err := row.Scan(&c.ID, &c.DraftID, &c.DraftUID, &hubVers, &c.HubDesk, &hubSealed,
		&c.Pushed.Version, &local, &created, &resolution, &resolvedAt, &resolvedV)
	if err != nil {
		return Conflict{}, err
	}
	c.Hub.Version, c.ResolvedVersion = hubVers.Int64, resolvedV.Int64
	c.Resolution = Resolution(resolution)
	if local, err = k.open(local, rowAD(colConflictLocal, c.ID)); err != nil {
		return Conflict{}, err
	}
	if err := readContent(local, &c.Pushed); err != nil {
		return Conflict{}, err
	}
	if hubSealed != nil {
		c.HubKnown = true
		hub, err := k.open(hubSealed, rowAD(colConflictHub, c.ID))
		if err != nil {
			return Conflict{}, err
		}
		if err := readContent(hub, &c.Hub); err != nil {
			return Conflict{}, err
		}
	}
	if c.CreatedAt, err = parseTime(sql.NullString{String: created, Valid: true}); err != nil {
		return Conflict{}, err
	}
	if c.ResolvedAt, err = parseTime(resolvedAt); err != nil {
		return Conflict{}, err
	}
	return c, nil
}

// readContent reads a draft payload into c, keeping c.Version.
func readContent(payload []byte, c *DraftContent) error {
	var p snapshot
	if err := json.Unmarshal(payload, &p); err != nil {
		return fmt.Errorf("read draft payload: %w", err)
	}
	c.Fields, c.GuideID, c.GuideStep = p.Fields, p.GuideID, p.GuideStep
	if c.Fields == nil {
		c.Fields = map[string]string{}
	}
	return nil
}
