package engine

import (
	"context"
	"fmt"

	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// maxDeletionBatches bounds the deletion batches of one round.
const maxDeletionBatches = 100

// pushDeletions sends the hub the deletions waiting on this desk (drafts
// deleted on request, and hub copies of drafts whose consent to sync was
// withdrawn), in batches, and stores the answers. A hub older than protocol
// 1.1 does not know deletions: they stay queued, the status says the hub
// must be updated, and the round goes on with the rest.
func (e *Engine) pushDeletions(ctx context.Context, c *hubClient) error {
	for range maxDeletionBatches {
		ts, err := e.st.PendingDeletions(ctx, hubapi.MaxDeletions)
		if err != nil {
			return local(err)
		}
		if len(ts) == 0 {
			e.update(func(s *Status) { s.DeletionsUnsupported = false })
			return nil
		}
		dels := make([]hubapi.Deletion, len(ts))
		for i, t := range ts {
			dels[i] = hubapi.Deletion{DraftID: t.DraftUID, Reason: string(t.Reason),
				DeskTime: t.DeletedAt}
		}
		resp, err := c.api.Delete(ctx, dels)
		if hubapi.DeleteUnsupported(err) {
			e.log.Warn("the hub cannot delete drafts; update the hub", "waiting", len(ts))
			e.update(func(s *Status) { s.DeletionsUnsupported = true })
			return nil
		}
		if err != nil {
			return err
		}
		var done, refused []string
		for i, r := range resp.Results {
			if r.DraftID != dels[i].DraftID {
				return fmt.Errorf("delete: hub answered draft %s for draft %s", r.DraftID,
					dels[i].DraftID)
			}
			switch r.Status {
			case hubapi.StatusDeleted:
				done = append(done, r.DraftID)
			case hubapi.StatusInvalid:
				refused = append(refused, r.DraftID)
			default:
				return &Error{Key: KeyProtocol, Err: fmt.Errorf("delete: unknown answer %q",
					r.Status)}
			}
		}
		if err := e.st.MarkDeletions(ctx, done, refused); err != nil {
			return local(err)
		}
		e.log.Info("deletions sent", "drafts", len(done), "refused", len(refused))
		e.update(func(s *Status) { s.DeletionsUnsupported = false })
		if len(ts) < hubapi.MaxDeletions {
			return nil
		}
	}
	return nil
}

// pulledDeletions picks the deletions out of a pull's events.
func pulledDeletions(events []hubapi.Event) []store.HubDeletion {
	var out []store.HubDeletion
	for _, ev := range events {
		if ev.Kind != hubapi.KindDeleted {
			continue
		}
		d := store.HubDeletion{UID: ev.DraftID}
		if ev.Deleted != nil {
			d.DeskID = ev.Deleted.DeskID
		}
		out = append(out, d)
	}
	return out
}

// refreshDeletions reads how many deletions wait for the hub and shows it.
func (e *Engine) refreshDeletions(ctx context.Context) {
	n, err := e.st.PendingDeletionCount(ctx)
	if err != nil {
		e.log.Warn("read deletion count", "err", err)
		return
	}
	e.update(func(s *Status) { s.Deletions = n })
}
