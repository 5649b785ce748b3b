package store

import (
	"context"
	"fmt"
)

// FindDraft returns the first draft whose uid match accepts, for codes
// computed from a uid (a hand-off code) that cannot be looked up by
// value, or ErrNotFound. It reads every uid, which takes milliseconds
// for the few thousand drafts a desk keeps.
func (s *Store) FindDraft(ctx context.Context, match func(uid string) bool) (Draft, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, uid FROM drafts WHERE uid != ''")
	if err != nil {
		return Draft{}, fmt.Errorf("find draft: %w", err)
	}
	found := int64(0)
	for rows.Next() {
		var (
			id  int64
			uid string
		)
		if err := rows.Scan(&id, &uid); err != nil {
			rows.Close()
			return Draft{}, fmt.Errorf("find draft: %w", err)
		}
		if match(uid) {
			found = id
			break
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Draft{}, fmt.Errorf("find draft: %w", err)
	}
	if found == 0 {
		return Draft{}, fmt.Errorf("find draft: %w", ErrNotFound)
	}
	return s.Draft(ctx, found)
}
