package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SettingPurgeDays is the setting that holds after how many days a closed
// and synced session is purged.
const SettingPurgeDays = "purge_days"

// DefaultPurgeDays is the purge delay when SettingPurgeDays is not set.
const DefaultPurgeDays = 30

// MaxPurgeDays is the longest purge delay SetPurgeDays takes: ten years.
const MaxPurgeDays = 3650

// PurgeDays returns the purge delay in days: SettingPurgeDays, or
// DefaultPurgeDays when it is not set. A stored value that is not a whole
// number from 1 to MaxPurgeDays gives ErrInvalid.
func (s *Store) PurgeDays(ctx context.Context) (int, error) {
	v, ok, err := s.Setting(ctx, SettingPurgeDays)
	if err != nil {
		return 0, fmt.Errorf("purge days: %w", err)
	}
	if !ok {
		return DefaultPurgeDays, nil
	}
	days, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || days < 1 || days > MaxPurgeDays {
		return 0, fmt.Errorf("purge days %q: %w", v, ErrInvalid)
	}
	return days, nil
}

// SetPurgeDays stores the purge delay, 1 to MaxPurgeDays days.
func (s *Store) SetPurgeDays(ctx context.Context, days int) error {
	if days < 1 || days > MaxPurgeDays {
		return fmt.Errorf("set purge days %d: %w", days, ErrInvalid)
	}
	return s.SetSetting(ctx, SettingPurgeDays, strconv.Itoa(days))
}

// PurgeReport says what a purge did; it holds no personal data.
type PurgeReport struct {
	// At is when the purge ran; Days the delay it applied, in whole days.
	At   time.Time
	Days int
	// Count is the sessions deleted.
	Count int
	// Oldest and Newest are the start times of the first and last session
	// deleted; zero when none was.
	Oldest, Newest time.Time
	// Waiting is the sessions old enough that were kept: changes not yet
	// accepted by the hub, an open conflict, or processing restricted.
	Waiting int
}

// purgeable selects the sessions a purge deletes, with ?1 the cutoff: closed
// before it and not changed since, named (an anonymous visit holds no
// personal data and stays as a count), not restricted, and fully synced:
// no outbox row still queued and no open conflict. Rows the hub refused
// (quarantined) do not hold a session back: the hub has answered them.
const purgeable = "SELECT s.id, d.id, s.started_at FROM sessions s" +
	" JOIN drafts d ON d.session_id = s.id" +
	" WHERE s.state = 'closed' AND s.anonymous = 0" +
	" AND coalesce(s.ended_at, s.started_at) < ?1 AND d.updated_at < ?1" +
	" AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.session_id = s.id)" +
	" AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.draft_id = d.id AND o.state = 'queued')" +
	" AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.draft_id = d.id" +
	" AND c.resolved_at IS NULL) ORDER BY s.started_at"

// oldClosed counts the named sessions closed before the cutoff ?1.
const oldClosed = "SELECT count(*) FROM sessions s JOIN drafts d ON d.session_id = s.id" +
	" WHERE s.state = 'closed' AND s.anonymous = 0" +
	" AND coalesce(s.ended_at, s.started_at) < ?1 AND d.updated_at < ?1"

// Purge deletes the sessions closed more than olderThan before now and
// fully synced (see purgeable), each exactly as DeleteSession does, but
// without telling the hub: the hub keeps its copy under its own retention,
// as other desks may still be continuing the dossier. Every run appends a
// row to the purge log, also when nothing was old enough. Deleted data is
// overwritten in the file. The app runs it at start and once a day with
// the delay of PurgeDays.
func (s *Store) Purge(ctx context.Context, olderThan time.Duration,
	now time.Time) (PurgeReport, error) {
	if olderThan <= 0 {
		return PurgeReport{}, fmt.Errorf("purge: delay %v: %w", olderThan, ErrInvalid)
	}
	rep := PurgeReport{At: now.UTC(), Days: int(olderThan.Round(time.Hour).Hours()) / 24}
	cutoff := formatTime(now.Add(-olderThan))
	err := s.erase(ctx, func(tx *sql.Tx) (bool, error) {
		victims, err := purgeList(ctx, tx, cutoff)
		if err != nil {
			return false, err
		}
		var old int
		if err := tx.QueryRowContext(ctx, oldClosed, cutoff).Scan(&old); err != nil {
			return false, fmt.Errorf("count old sessions: %w", err)
		}
		rep.Count, rep.Waiting = len(victims), old-len(victims)
		for _, v := range victims {
			if err := eraseDraft(ctx, tx, v.draftID, v.sessionID); err != nil {
				return false, err
			}
		}
		if len(victims) > 0 {
			rep.Oldest, rep.Newest = victims[0].started, victims[len(victims)-1].started
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO purge_log(at, days, count, oldest, newest,"+
			" waiting) VALUES(?, ?, ?, ?, ?, ?)", formatTime(now), rep.Days, rep.Count,
			nullTime(rep.Oldest), nullTime(rep.Newest), rep.Waiting)
		if err != nil {
			return false, fmt.Errorf("purge log: %w", err)
		}
		return len(victims) > 0, nil
	})
	if err != nil {
		return PurgeReport{}, fmt.Errorf("purge: %w", err)
	}
	s.log.Info("purged", "op", "purge", "days", rep.Days, "count", rep.Count,
		"waiting", rep.Waiting)
	return rep, nil
}

// purgeVictim is a session a purge deletes.
type purgeVictim struct {
	sessionID, draftID int64
	started            time.Time
}

// purgeList reads the purgeable sessions, oldest first.
func purgeList(ctx context.Context, tx *sql.Tx, cutoff string) ([]purgeVictim, error) {
	rows, err := tx.QueryContext(ctx, purgeable, cutoff)
	if err != nil {
		return nil, fmt.Errorf("list purgeable: %w", err)
	}
	defer rows.Close()
	var out []purgeVictim
	for rows.Next() {
		var (
			v       purgeVictim
			started sql.NullString
		)
		if err := rows.Scan(&v.sessionID, &v.draftID, &started); err != nil {
			return nil, fmt.Errorf("list purgeable: %w", err)
		}
		if v.started, err = parseTime(started); err != nil {
			return nil, fmt.Errorf("list purgeable: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list purgeable: %w", err)
	}
	return out, nil
}

// PurgeLog returns every purge run, newest first, for the desk admin.
func (s *Store) PurgeLog(ctx context.Context) ([]PurgeReport, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT at, days, count, oldest, newest, waiting"+
		" FROM purge_log ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("purge log: %w", err)
	}
	defer rows.Close()
	out := []PurgeReport{}
	for rows.Next() {
		var (
			r                  PurgeReport
			at, oldest, newest sql.NullString
		)
		if err := rows.Scan(&at, &r.Days, &r.Count, &oldest, &newest, &r.Waiting); err != nil {
			return nil, fmt.Errorf("purge log: %w", err)
		}
		for _, t := range []struct {
			dst *time.Time
			src sql.NullString
		}{{&r.At, at}, {&r.Oldest, oldest}, {&r.Newest, newest}} {
			if *t.dst, err = parseTime(t.src); err != nil {
				return nil, fmt.Errorf("purge log: %w", err)
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("purge log: %w", err)
	}
	return out, nil
}
