package engine

import (
	"context"
	"fmt"
	"strconv"

	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// maxPullsPerRound bounds one round's pulls; the next round goes on.
const maxPullsPerRound = 1000

// pullAll fetches the hub's events after the stored cursor and applies
// them, one pull per transaction, until the hub has no more.
func (e *Engine) pullAll(ctx context.Context, c *hubClient) error {
	st, err := e.st.SyncState(ctx)
	if err != nil {
		return local(err)
	}
	cursor := st.PullCursor
	for range maxPullsPerRound {
		resp, err := c.api.Pull(ctx, cursor, e.cfg.PullLimit)
		if err != nil {
			return err
		}
		if resp.NextCursor < cursor {
			return fmt.Errorf("pull: hub cursor went back from %d to %d", cursor,
				resp.NextCursor)
		}
		events := make([]store.PulledEvent, len(resp.Events))
		for i, ev := range resp.Events {
			events[i] = pulled(ev)
		}
		// Deletions go first, in their own transaction; applied twice (after
		// a failure below) they change nothing.
		gone, err := e.st.ApplyHubDeletions(ctx, pulledDeletions(resp.Events))
		if err != nil {
			return local(err)
		}
		res, err := e.st.ApplyPull(ctx, events, resp.NextCursor)
		if err != nil {
			return local(err)
		}
		if len(events) > 0 {
			e.log.Info("pulled", "events", len(events), "cursor", resp.NextCursor,
				"imported", res.Imported, "updated", res.Updated, "statuses", res.Statuses,
				"conflicts", res.Conflicts, "deleted", gone)
		}
		// The hub passes over this desk's own versions, so a pull may bring
		// no event and still move the cursor on.
		moved := resp.NextCursor > cursor
		cursor = resp.NextCursor
		if !resp.More || !moved {
			return nil
		}
	}
	return nil
}

// pulled turns a hub event into what the store applies; events this build
// does not use (guide packs, unknown kinds) keep only their place.
func pulled(ev hubapi.Event) store.PulledEvent {
	p := store.PulledEvent{Seq: ev.Seq}
	switch {
	case ev.Kind == hubapi.KindDraft && ev.Draft != nil:
		p.Draft = &store.HubDraft{UID: ev.DraftID, Version: ev.Draft.Version,
			DeskID: ev.Draft.DeskID, Payload: ev.Draft.Payload}
	case ev.Kind == hubapi.KindStatus && ev.Status != nil:
		p.Status = &store.StatusRecord{Source: store.SourceHub,
			Ref: strconv.FormatInt(ev.Seq, 10), DraftUID: ev.DraftID,
			DossierCode: ev.Status.DossierCode, Status: ev.Status.Status,
			Note: ev.Status.Note, At: ev.At}
	case ev.Kind == hubapi.KindConflict && ev.Conflict != nil:
		c := ev.Conflict
		p.Conflict = &store.HubConflict{HubID: c.ID, DraftUID: ev.DraftID, DeskID: c.DeskID,
			NewVersion: c.NewVersion, DeskPayload: c.DeskPayload, HubVersion: c.HubVersion,
			HubPayload: c.HubPayload}
	}
	// A guide pack event only keeps its place: packs are fetched by the
	// engine's own check (guides.go), which asks the hub with the version
	// in use and so also finds packs published before the desk enrolled.
	// So does a deletion, applied before the pull (pulledDeletions).
	return p
}
