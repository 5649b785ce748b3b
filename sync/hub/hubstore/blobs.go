package hubstore

import (
	"context"
	"fmt"
	"strings"
)

// blobPattern is the LIKE pattern that finds a blob's SHA-256 in a stored
// payload, as desks list attachments: "sha256":"<64 hex digits>". Payloads
// are stored compacted (push.go), so there is no space to allow for, and a
// SHA-256 holds no LIKE wildcard.
func blobPattern(sha string) (string, error) {
	if len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" {
		return "", fmt.Errorf("blob %.70q: %w", sha, ErrInvalid)
	}
	return `%"sha256":"` + sha + `"%`, nil
}

// CommuneHasBlob reports whether a draft of commune, as the hub has it or
// as a desk's version kept in a conflict, lists the blob with SHA-256 sha:
// the desks of that commune may then fetch it.
//
// TODO(blobs): the payloads of a commune are scanned with LIKE; past some
// ten thousand drafts a commune, a table of blob references kept by Push
// would answer without the scan.
func (s *DB) CommuneHasBlob(ctx context.Context, commune, sha string) (bool, error) {
	pat, err := blobPattern(sha)
	if err != nil {
		return false, err
	}
	var n int
	err = s.db.QueryRowContext(ctx, s.q("SELECT (SELECT count(*) FROM (SELECT 1 FROM drafts"+
		" WHERE commune = ? AND payload LIKE ? LIMIT 1) d) + (SELECT count(*) FROM (SELECT 1"+
		" FROM conflicts WHERE commune = ? AND (desk_payload LIKE ? OR hub_payload LIKE ?)"+
		" LIMIT 1) c)"), commune, pat, commune, pat, pat).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("commune has blob: %w", err)
	}
	return n > 0, nil
}

// BlobInUse reports whether any draft of any commune, or any conflict,
// lists the blob with SHA-256 sha; a blob no draft lists may be removed.
func (s *DB) BlobInUse(ctx context.Context, sha string) (bool, error) {
	pat, err := blobPattern(sha)
	if err != nil {
		return false, err
	}
	var n int
	err = s.db.QueryRowContext(ctx, s.q("SELECT (SELECT count(*) FROM (SELECT 1 FROM drafts"+
		" WHERE payload LIKE ? LIMIT 1) d) + (SELECT count(*) FROM (SELECT 1 FROM conflicts"+
		" WHERE desk_payload LIKE ? OR hub_payload LIKE ? LIMIT 1) c)"), pat, pat, pat).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("blob in use: %w", err)
	}
	return n > 0, nil
}
