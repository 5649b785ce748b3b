package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// defaultLimit is how many drafts SearchDrafts returns when no Limit is set.
const defaultLimit = 200

// DraftSummary is one row in the home list and the drafts list.
type DraftSummary struct {
	DraftID       int64
	SessionID     int64
	FullName      string
	IDNumber      string
	NeedKind      string
	NeedProcedure string
	NeedGuide     string
	GuideID       string
	GuideStep     int
	StartedAt     time.Time
	UpdatedAt     time.Time
	Open          bool
	Outcome       Outcome
	Anonymous     bool
	// FromHub is true for a draft another desk handed off through the hub.
	FromHub bool
	// Fields are all the draft's fields, for what a list shows beside the
	// name (what the dossier still lacks, the VNeID stage).
	Fields map[string]string
}

// DraftState filters drafts by their session's state: "" for all, "open",
// or the outcome of a closed session ("continue", "done", "counter").
type DraftState string

const (
	// StateAll lists drafts in every state.
	StateAll DraftState = ""
	// StateOpen lists drafts whose session is open.
	StateOpen DraftState = "open"
	// StateContinue lists drafts the citizen will come back to.
	StateContinue DraftState = "continue"
	// StateDone lists drafts whose business was finished.
	StateDone DraftState = "done"
	// StateCounter lists drafts whose citizen was sent to a counter.
	StateCounter DraftState = "counter"
)

// DraftQuery is what the volunteer typed and picked in the drafts list.
type DraftQuery struct {
	Text  string
	State DraftState
	Limit int
}

// summaryColumns are the columns scanSummaries expects, of drafts d and
// sessions s.
const summaryColumns = "d.id, s.id, d.uid, d.fields_sealed, d.guide_id, d.guide_step," +
	" s.started_at, d.updated_at, s.state, s.outcome, s.anonymous, s.from_hub"

// summarySelect reads summaryColumns of every draft with its session.
const summarySelect = "SELECT " + summaryColumns +
	" FROM drafts d JOIN sessions s ON s.id = d.session_id"

// SearchDrafts lists drafts, most recently updated first. A Text of 9 or 12
// digits (spaces, dashes and dots ignored) matches the identity number
// exactly, and a phone number in national or +84 form matches the phone
// exactly; other text matches names: each of its words, folded with
// textfold.Fold, must start a word of the name, in any order. Anonymous
// drafts are listed only when Text is empty.
func (s *Store) SearchDrafts(ctx context.Context, q DraftQuery) ([]DraftSummary, error) {
	cond, cargs, err := stateCondition(q.State)
	if err != nil {
		return nil, fmt.Errorf("search drafts: %w", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	ix, err := s.searchIndex()
	if err != nil {
		return nil, fmt.Errorf("search drafts: %w", err)
	}

	var out []DraftSummary
	if terms := ix.Query(q.Text); terms.Empty() {
		query := summarySelect
		if cond != "" {
			query += " WHERE " + cond
		}
		query += " ORDER BY d.updated_at DESC, d.id DESC LIMIT ?"
		out, err = s.summaries(ctx, query, append(cargs, limit)...)
	} else {
		out, err = s.findByTerms(ctx, terms, q.State, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("search drafts: %w", err)
	}
	return out, nil
}

// stateCondition turns a DraftState into a SQL condition and its arguments.
func stateCondition(st DraftState) (string, []any, error) {
	switch st {
	case StateAll:
		return "", nil, nil
	case StateOpen:
		return "s.state = 'open'", nil, nil
	case StateContinue, StateDone, StateCounter:
		return "s.state = 'closed' AND s.outcome = ?", []any{string(st)}, nil
	}
	return "", nil, fmt.Errorf("state %q: %w", st, ErrInvalid)
}

// SessionsStartedOn lists the sessions started on day's calendar day in
// day's location, newest first.
func (s *Store) SessionsStartedOn(ctx context.Context, day time.Time) ([]DraftSummary, error) {
	y, m, dd := day.Date()
	start := time.Date(y, m, dd, 0, 0, 0, 0, day.Location())
	end := start.AddDate(0, 0, 1)
	out, err := s.summaries(ctx, summarySelect+" WHERE s.started_at >= ? AND s.started_at < ?"+
		" ORDER BY s.started_at DESC, s.id DESC", formatTime(start), formatTime(end))
	if err != nil {
		return nil, fmt.Errorf("sessions started on %s: %w", start.Format(time.DateOnly), err)
	}
	return out, nil
}

// summaries runs a summarySelect query and reads its rows.
func (s *Store) summaries(ctx context.Context, query string, args ...any) ([]DraftSummary, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	out := []DraftSummary{}
	for rows.Next() {
		sum, err := scanSummary(rows, s.keys)
		if err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	return out, rows.Err()
}

// scanSummary reads one row of summarySelect, opening the draft's fields.
func scanSummary(rows *sql.Rows, k *dataKeys) (DraftSummary, error) {
	var (
		sum              DraftSummary
		uid              string
		fields           []byte
		started, updated sql.NullString
		state, outcome   string
	)
	err := rows.Scan(&sum.DraftID, &sum.SessionID, &uid, &fields, &sum.GuideID, &sum.GuideStep,
		&started, &updated, &state, &outcome, &sum.Anonymous, &sum.FromHub)
	if err != nil {
		return DraftSummary{}, err
	}
	f, err := k.openFields(sum.DraftID, uid, fields)
	if err != nil {
		return DraftSummary{}, fmt.Errorf("draft %d fields: %w", sum.DraftID, err)
	}
	sum.Fields = f
	sum.FullName = f[FieldFullName]
	sum.IDNumber = f[FieldIDNumber]
	sum.NeedKind = f[FieldNeedKind]
	sum.NeedProcedure = f[FieldNeedProcedure]
	sum.NeedGuide = f[FieldNeedGuide]
	sum.Open = state == "open"
	sum.Outcome = Outcome(outcome)
	if sum.StartedAt, err = parseTime(started); err != nil {
		return DraftSummary{}, err
	}
	if sum.UpdatedAt, err = parseTime(updated); err != nil {
		return DraftSummary{}, err
	}
	return sum, nil
}
