package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Volunteer is a Youth Union volunteer (tình nguyện viên) who serves at the desk.
type Volunteer struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// Setting returns the value stored under key and whether there was one.
func (s *Store) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting: %w", err)
	}
	return v, true, nil
}

// SetSetting stores value under key, replacing any earlier value.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?)"+
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return fmt.Errorf("set setting: %w", err)
	}
	return nil
}

// EnsureVolunteer returns the volunteer with exactly this name, after
// trimming spaces and normalising to NFC, and adds one when there is none.
func (s *Store) EnsureVolunteer(ctx context.Context, name string) (Volunteer, error) {
	name = norm.NFC.String(strings.TrimSpace(name))
	if name == "" {
		return Volunteer{}, fmt.Errorf("ensure volunteer: empty name: %w", ErrInvalid)
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Volunteer{}, fmt.Errorf("ensure volunteer: %w", err)
	}
	defer rollback(tx)

	_, err = tx.ExecContext(ctx, "INSERT INTO volunteers(name, created_at) VALUES(?, ?)"+
		" ON CONFLICT(name) DO NOTHING", name, s.stamp())
	if err != nil {
		return Volunteer{}, fmt.Errorf("ensure volunteer: %w", err)
	}
	v := Volunteer{Name: name}
	var created sql.NullString
	err = tx.QueryRowContext(ctx, "SELECT id, created_at FROM volunteers WHERE name = ?", name).
		Scan(&v.ID, &created)
	if err != nil {
		return Volunteer{}, fmt.Errorf("ensure volunteer: %w", err)
	}
	if v.CreatedAt, err = parseTime(created); err != nil {
		return Volunteer{}, fmt.Errorf("ensure volunteer: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Volunteer{}, fmt.Errorf("ensure volunteer: %w", err)
	}
	return v, nil
}
