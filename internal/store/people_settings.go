package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"tiepsuc/internal/auth"
)

// Settings keys of signing in.
const (
	// SettingIdleLock is how many minutes an untouched desk stays open.
	SettingIdleLock = "auth.idle_lock_minutes"
	// SettingShareDrafts is "1" when volunteers may open each other's
	// drafts, "0" (the default) when only their own and the hub's.
	SettingShareDrafts = "auth.share_drafts"
)

// IdleLock returns how long the desk may sit untouched before the screen
// locks: the setting, or auth.DefaultIdleLock when it is unset or out of
// bounds.
func (s *Store) IdleLock(ctx context.Context) (time.Duration, error) {
	v, ok, err := s.Setting(ctx, SettingIdleLock)
	if err != nil || !ok {
		return auth.DefaultIdleLock, err
	}
	n, err := strconv.Atoi(v)
	d := time.Duration(n) * time.Minute
	if err != nil || auth.CheckIdleLock(d) != nil {
		return auth.DefaultIdleLock, nil
	}
	return d, nil
}

// SetIdleLock sets the idle lock to d, whole minutes within the bounds of
// auth.CheckIdleLock; the volunteer named by WithActor must be allowed to
// change settings.
func (s *Store) SetIdleLock(ctx context.Context, d time.Duration) error {
	if err := auth.CheckIdleLock(d); err != nil {
		return fmt.Errorf("set idle lock: %w: %w", ErrInvalid, err)
	}
	return s.setGuarded(ctx, SettingIdleLock, strconv.Itoa(int(d/time.Minute)))
}

// ShareDrafts reports whether the center lets volunteers open each other's
// drafts (see auth.CanOpenDraft).
func (s *Store) ShareDrafts(ctx context.Context) (bool, error) {
	v, _, err := s.Setting(ctx, SettingShareDrafts)
	return v == "1", err
}

// SetShareDrafts sets whether volunteers may open each other's drafts; the
// volunteer named by WithActor must be allowed to change settings.
func (s *Store) SetShareDrafts(ctx context.Context, shared bool) error {
	v := "0"
	if shared {
		v = "1"
	}
	return s.setGuarded(ctx, SettingShareDrafts, v)
}

// setGuarded stores a setting that only a role allowed to change settings
// may change, and records who changed it.
func (s *Store) setGuarded(ctx context.Context, key, value string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	defer rollback(tx)
	actor, err := authorize(ctx, tx, auth.ChangeSettings)
	if err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?)"+
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	if err := appendAudit(ctx, tx, s.stamp(), actor, AuditSettingChanged, 0,
		key+"="+value); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	return nil
}
