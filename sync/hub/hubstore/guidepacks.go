package hubstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"tiepsuc/sync/hubapi"
)

// ErrNotNewer: a guide pack's version is not above the newest one published.
var ErrNotNewer = errors.New("guide pack not newer than the one published")

// GuidePack is a guide pack the admin published, without its bytes.
type GuidePack struct {
	// Version is the version in the pack's pack.json.
	Version int
	// SHA256 is the lower-case hex SHA-256 of the zip.
	SHA256 string
	// Size is the zip's length in bytes.
	Size int64
	// PublishedAt is when the admin published it.
	PublishedAt time.Time
}

// PublishGuidePack keeps zip, a guide pack the caller has checked, as the
// pack of the given version, and tells every commune with a guide_pack
// event. A version not above the newest published one gives ErrNotNewer;
// an empty zip, one over hubapi.MaxGuidePackBytes or a version out of range
// gives ErrInvalid.
func (s *DB) PublishGuidePack(ctx context.Context, version int, zip []byte,
	now time.Time) (GuidePack, error) {
	switch {
	case version < 1 || version > hubapi.MaxGuidePackVersion:
		return GuidePack{}, fmt.Errorf("publish guide pack: version %d: %w", version,
			ErrInvalid)
	case len(zip) == 0 || len(zip) > hubapi.MaxGuidePackBytes:
		return GuidePack{}, fmt.Errorf("publish guide pack: %d bytes, want 1 to %d: %w",
			len(zip), hubapi.MaxGuidePackBytes, ErrInvalid)
	}
	sum := sha256.Sum256(zip)
	gp := GuidePack{Version: version, SHA256: hex.EncodeToString(sum[:]),
		Size: int64(len(zip)), PublishedAt: now.UTC()}

	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var newest int
		err := tx.QueryRowContext(ctx,
			"SELECT COALESCE(MAX(version), 0) FROM guide_packs").Scan(&newest)
		if err != nil {
			return err
		}
		if version <= newest {
			return fmt.Errorf("version %d, but version %d is published: %w", version, newest,
				ErrNotNewer)
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO guide_packs (version, sha256, size,"+
			" zip, published_at) VALUES (?, ?, ?, ?, ?)"), version, gp.SHA256, gp.Size, zip,
			s.d.ts(now))
		if err != nil {
			return err
		}
		return s.insertEvent(ctx, tx, "", hubapi.KindGuidePack, "", hubapi.GuidePack{
			Version: strconv.Itoa(version), URL: hubapi.PathGuidePack, SHA256: gp.SHA256}, now)
	})
	if err != nil {
		return GuidePack{}, fmt.Errorf("publish guide pack: %w", err)
	}
	return gp, nil
}

// GuidePacks lists the published guide packs, newest first.
func (s *DB) GuidePacks(ctx context.Context) ([]GuidePack, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT version, sha256, size, published_at"+
		" FROM guide_packs ORDER BY version DESC")
	if err != nil {
		return nil, fmt.Errorf("guide packs: %w", err)
	}
	defer rows.Close()
	var out []GuidePack
	for rows.Next() {
		var (
			gp GuidePack
			at dbTime
		)
		if err := rows.Scan(&gp.Version, &gp.SHA256, &gp.Size, &at); err != nil {
			return nil, fmt.Errorf("guide packs: %w", err)
		}
		gp.PublishedAt = at.T
		out = append(out, gp)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("guide packs: %w", err)
	}
	return out, nil
}

// LatestGuidePack returns the newest published guide pack, without its
// bytes; ErrNotFound when none was published.
func (s *DB) LatestGuidePack(ctx context.Context) (GuidePack, error) {
	var (
		gp GuidePack
		at dbTime
	)
	err := s.db.QueryRowContext(ctx, "SELECT version, sha256, size, published_at"+
		" FROM guide_packs ORDER BY version DESC LIMIT 1").Scan(&gp.Version, &gp.SHA256,
		&gp.Size, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return GuidePack{}, fmt.Errorf("latest guide pack: %w", ErrNotFound)
	}
	if err != nil {
		return GuidePack{}, fmt.Errorf("latest guide pack: %w", err)
	}
	gp.PublishedAt = at.T
	return gp, nil
}

// GuidePackZip returns the zip of a published guide pack version;
// ErrNotFound when there is no such version.
func (s *DB) GuidePackZip(ctx context.Context, version int) ([]byte, error) {
	var zip []byte
	err := s.db.QueryRowContext(ctx, s.q("SELECT zip FROM guide_packs WHERE version = ?"),
		version).Scan(&zip)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("guide pack %d: %w", version, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("guide pack %d: %w", version, err)
	}
	return zip, nil
}
