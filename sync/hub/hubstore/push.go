package hubstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"tiepsuc/sync/hubapi"
)

// Push applies a batch of changes from desk in one transaction and returns
// the answer to each, in order, as the JSON bytes to send. Each change is
// applied at most once: a change this desk sent before (same draft id and
// new version) gets its first answer back. On error nothing is committed.
//
// The batch is worked out in memory between one read of the earlier
// answers and hub versions and a few multi-row writes, so a batch of 500
// costs about as many round trips to the database as a batch of one.
func (s *DB) Push(ctx context.Context, desk Desk, changes []hubapi.Change,
	now time.Time) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, len(changes))
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		p, err := s.loadBatch(ctx, tx, desk, changes)
		if err != nil {
			return err
		}
		for i, c := range changes {
			if out[i], err = s.answer(ctx, tx, p, c, now); err != nil {
				return fmt.Errorf("change %d (draft %s): %w", i, c.DraftID, err)
			}
		}
		return s.flush(ctx, tx, p, now)
	})
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	return out, nil
}

// msgDeleted answers a change of a draft deleted at a desk's request.
const msgDeleted = "the draft was deleted at the hub on request; it is not kept again"

// changeKey names a change of this desk: draft id and new version.
type changeKey struct {
	draft   string
	version int64
}

// hubDraft is the hub's current version of a draft during a batch.
type hubDraft struct {
	version int64
	payload string // "" until read or written
	dirty   bool   // written by this batch
}

// batch is the state of one push between its read and its writes.
type batch struct {
	desk    Desk
	answers map[changeKey]string // earlier and new answers
	drafts  map[string]*hubDraft // by draft id, drafts the hub has
	records []any                // changes rows, flattened
	events  []any                // events rows, flattened
	order   []string             // drafts in the order first written
	deleted map[string]bool      // drafts deleted at a desk's request
}

// loadBatch reads the earlier answers and hub versions the batch touches.
func (s *DB) loadBatch(ctx context.Context, tx *sql.Tx, desk Desk,
	changes []hubapi.Change) (*batch, error) {
	p := &batch{desk: desk, answers: map[changeKey]string{}, drafts: map[string]*hubDraft{}}
	var ids []any
	seen := map[string]bool{}
	for _, c := range changes {
		if !seen[c.DraftID] && c.Validate() == nil {
			seen[c.DraftID] = true
			ids = append(ids, c.DraftID)
		}
	}
	if len(ids) == 0 {
		return p, nil
	}
	var err error
	if p.deleted, err = s.deletedIn(ctx, tx, desk.Commune, ids); err != nil {
		return nil, err
	}
	in := marks(len(ids))
	rows, err := tx.QueryContext(ctx, s.q("SELECT draft_id, new_version, result FROM changes"+
		" WHERE desk_id = ? AND draft_id IN "+in), append([]any{desk.ID}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("read earlier answers: %w", err)
	}
	for rows.Next() {
		var (
			k      changeKey
			result string
		)
		if err := rows.Scan(&k.draft, &k.version, &result); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read earlier answers: %w", err)
		}
		p.answers[k] = result
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read earlier answers: %w", err)
	}

	rows, err = tx.QueryContext(ctx, s.q("SELECT draft_id, version FROM drafts"+
		" WHERE commune = ? AND draft_id IN "+in), append([]any{desk.Commune}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("read hub versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id string
			d  hubDraft
		)
		if err := rows.Scan(&id, &d.version); err != nil {
			return nil, fmt.Errorf("read hub versions: %w", err)
		}
		p.drafts[id] = &d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read hub versions: %w", err)
	}
	return p, nil
}

// marks writes n placeholders in parentheses: "(?, ?, ?)".
func marks(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

// valueRows writes n rows of cols placeholders: "(?, ?), (?, ?)".
func valueRows(n, cols int) string {
	return strings.TrimSuffix(strings.Repeat(marks(cols)+", ", n), ", ")
}

// answer decides one change: invalid, duplicate, applied or conflict.
func (s *DB) answer(ctx context.Context, tx *sql.Tx, p *batch, c hubapi.Change,
	now time.Time) (json.RawMessage, error) {
	if err := c.Validate(); err != nil {
		return json.Marshal(hubapi.ChangeResult{DraftID: c.DraftID, NewVersion: c.NewVersion,
			Status: hubapi.StatusInvalid, Message: err.Error()})
	}
	if p.deleted[c.DraftID] {
		return json.Marshal(hubapi.ChangeResult{DraftID: c.DraftID, NewVersion: c.NewVersion,
			Status: hubapi.StatusInvalid, Message: msgDeleted})
	}
	key := changeKey{c.DraftID, c.NewVersion}
	if first, ok := p.answers[key]; ok {
		return json.Marshal(hubapi.ChangeResult{DraftID: c.DraftID, NewVersion: c.NewVersion,
			Status: hubapi.StatusDuplicate, First: json.RawMessage(first)})
	}

	var buf bytes.Buffer
	if err := json.Compact(&buf, c.Payload); err != nil {
		return nil, fmt.Errorf("compact payload: %w", err)
	}
	payload := buf.String()
	res := hubapi.ChangeResult{DraftID: c.DraftID, NewVersion: c.NewVersion,
		AnsweredAt: now.UTC()}
	d, found := p.drafts[c.DraftID]
	if !found || d.version == c.BaseVersion {
		if err := p.apply(c, payload, now, s.d.ts); err != nil {
			return nil, err
		}
		res.Status, res.HubVersion = hubapi.StatusApplied, c.NewVersion
	} else {
		id, err := s.recordConflict(ctx, tx, p, c, d, payload, now)
		if err != nil {
			return nil, err
		}
		res.Status, res.HubVersion, res.ConflictID = hubapi.StatusConflict, d.version, id
	}

	answer, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	p.answers[key] = string(answer)
	sum := sha256.Sum256([]byte(payload))
	var deskTime any
	if !c.DeskTime.IsZero() {
		deskTime = s.d.ts(c.DeskTime)
	}
	p.records = append(p.records, p.desk.ID, c.DraftID, c.NewVersion, c.BaseVersion,
		hex.EncodeToString(sum[:]), deskTime, string(answer), s.d.ts(now))
	return answer, nil
}

// apply makes the change the hub's version in memory and queues the event
// that tells the commune.
func (p *batch) apply(c hubapi.Change, payload string, now time.Time,
	ts func(time.Time) any) error {
	d, ok := p.drafts[c.DraftID]
	if !ok {
		d = &hubDraft{}
		p.drafts[c.DraftID] = d
	}
	if !d.dirty {
		p.order = append(p.order, c.DraftID)
	}
	d.version, d.payload, d.dirty = c.NewVersion, payload, true
	body, err := json.Marshal(hubapi.DraftVersion{Version: c.NewVersion, DeskID: p.desk.ID,
		Payload: json.RawMessage(payload)})
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	p.events = append(p.events, p.desk.Commune, hubapi.KindDraft, c.DraftID, p.desk.ID,
		string(body), ts(now))
	return nil
}

// recordConflict keeps the desk's version beside the hub's, which stays,
// queues the event that tells the commune, and returns the conflict's id.
func (s *DB) recordConflict(ctx context.Context, tx *sql.Tx, p *batch, c hubapi.Change,
	d *hubDraft, payload string, now time.Time) (int64, error) {
	if d.payload == "" {
		err := tx.QueryRowContext(ctx, s.q("SELECT payload FROM drafts WHERE commune = ?"+
			" AND draft_id = ?"), p.desk.Commune, c.DraftID).Scan(&d.payload)
		if err != nil {
			return 0, fmt.Errorf("conflict: read hub version: %w", err)
		}
	}
	var id int64
	err := tx.QueryRowContext(ctx, s.q("INSERT INTO conflicts (commune, draft_id, desk_id,"+
		" base_version, new_version, hub_version, hub_payload, desk_payload, created_at)"+
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"), p.desk.Commune, c.DraftID,
		p.desk.ID, c.BaseVersion, c.NewVersion, d.version, d.payload, payload,
		s.d.ts(now)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("conflict: %w", err)
	}
	body, err := json.Marshal(hubapi.Conflict{ID: id, DeskID: p.desk.ID,
		BaseVersion: c.BaseVersion, NewVersion: c.NewVersion, HubVersion: d.version,
		HubPayload: json.RawMessage(d.payload), DeskPayload: json.RawMessage(payload)})
	if err != nil {
		return 0, fmt.Errorf("conflict: %w", err)
	}
	p.events = append(p.events, p.desk.Commune, hubapi.KindConflict, c.DraftID, p.desk.ID,
		string(body), s.d.ts(now))
	return id, nil
}

// flush writes the batch's drafts, answers and events, many rows per
// statement; events go in batch order, so their sequence follows it.
func (s *DB) flush(ctx context.Context, tx *sql.Tx, p *batch, now time.Time) error {
	var drafts []any
	for _, id := range p.order {
		d := p.drafts[id]
		drafts = append(drafts, p.desk.Commune, id, d.version, d.payload, p.desk.ID, s.d.ts(now))
	}
	writes := []struct {
		what, head, tail string
		cols             int
		rows             []any
	}{
		{"drafts", "INSERT INTO drafts (commune, draft_id, version, payload, desk_id," +
			" updated_at) VALUES ", " ON CONFLICT (commune, draft_id) DO UPDATE SET" +
			" version = excluded.version, payload = excluded.payload," +
			" desk_id = excluded.desk_id, updated_at = excluded.updated_at", 6, drafts},
		{"answers", "INSERT INTO changes (desk_id, draft_id, new_version, base_version," +
			" payload_sha, desk_time, result, created_at) VALUES ", "", 8, p.records},
		{"events", "INSERT INTO events (commune, kind, draft_id, desk_id, body, created_at)" +
			" VALUES ", "", 6, p.events},
	}
	for _, w := range writes {
		// 100 rows a statement keeps under every engine's parameter limit.
		for rows := w.rows; len(rows) > 0; {
			n := min(len(rows)/w.cols, 100)
			q := w.head + valueRows(n, w.cols) + w.tail
			if _, err := tx.ExecContext(ctx, s.q(q), rows[:n*w.cols]...); err != nil {
				return fmt.Errorf("write %s: %w", w.what, err)
			}
			rows = rows[n*w.cols:]
		}
	}
	return nil
}
