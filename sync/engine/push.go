package engine

import (
	"context"
	"fmt"

	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// maxBatchBytes keeps a push body well under the hub's limit.
const maxBatchBytes = hubapi.MaxBodyBytes * 3 / 4

// pushAll sends the queued changes in batches until none is left of what
// was queued when it started, and reports whether more came meanwhile.
func (e *Engine) pushAll(ctx context.Context, c *hubClient) (bool, error) {
	counts, err := e.st.SyncCounts(ctx)
	if err != nil {
		return false, local(err)
	}
	total := counts.Queued - counts.Held
	if total <= 0 {
		return false, nil
	}
	e.update(func(s *Status) { s.Sending, s.Progress = true, 0 })

	// Each batch takes at least one row off the queue; a bound keeps a
	// round finite while edits keep coming.
	done := 0
	for range total + 1 {
		rows, err := e.st.PendingOutbox(ctx, e.cfg.BatchSize)
		if err != nil {
			return false, local(err)
		}
		if len(rows) == 0 {
			return false, nil
		}
		if done >= total {
			return true, nil
		}
		n, err := e.pushBatch(ctx, c, rows)
		if err != nil {
			return false, err
		}
		done += n
		progress := min(float64(done)/float64(total), 1)
		e.update(func(s *Status) { s.Progress = progress })
	}
	return true, nil
}

// pushBatch sends one batch made from the head of rows and stores the
// answers; rows the hub would refuse are set aside without being sent. It
// returns how many rows left the queue.
func (e *Engine) pushBatch(ctx context.Context, c *hubClient, rows []store.OutboxRow) (int,
	error) {
	var (
		batch   []store.OutboxRow
		changes []hubapi.Change
		size    int
	)
	for _, r := range rows {
		ch := hubapi.Change{DraftID: r.DraftUID, BaseVersion: r.BaseVersion,
			NewVersion: r.NewVersion, Payload: r.Payload, DeskTime: r.CreatedAt}
		if err := ch.Validate(); err != nil {
			// Later rows of the same draft are rebased by the store, so the
			// batch stops here and the next one is read afresh.
			if err := e.st.Quarantine(ctx, r.ID, err.Error()); err != nil {
				return 0, local(err)
			}
			e.log.Warn("change set aside before sending", "draft", r.DraftID,
				"version", r.NewVersion)
			if len(batch) == 0 {
				return 1, nil
			}
			break
		}
		if len(batch) > 0 && size+len(r.Payload) > maxBatchBytes {
			break
		}
		batch, changes = append(batch, r), append(changes, ch)
		size += len(r.Payload) + 200
	}

	resp, err := c.api.Push(ctx, changes)
	if err != nil {
		return 0, err
	}
	outcomes := make([]store.PushOutcome, 0, len(batch))
	tally := map[store.OutboxState]int{}
	for i, res := range resp.Results {
		o, err := outcome(batch[i], res)
		if err != nil {
			return 0, err
		}
		outcomes = append(outcomes, o)
		tally[o.State]++
	}
	if err := e.st.MarkPushed(ctx, outcomes); err != nil {
		return 0, local(err)
	}
	e.log.Info("pushed", "changes", len(batch), "sent", tally[store.OutboxSent],
		"conflicts", tally[store.OutboxConflict],
		"quarantined", tally[store.OutboxQuarantined])
	return len(outcomes), nil
}

// outcome turns the hub's answer to a row into what the store keeps.
func outcome(r store.OutboxRow, res hubapi.ChangeResult) (store.PushOutcome, error) {
	first, err := res.Outcome()
	if err != nil {
		return store.PushOutcome{RowID: r.ID, State: store.OutboxQuarantined,
			Reason: "the hub's first answer cannot be read"}, nil
	}
	if first.DraftID != r.DraftUID || first.NewVersion != r.NewVersion {
		return store.PushOutcome{}, fmt.Errorf("push: hub answered draft %s version %d"+
			" for draft %s version %d", first.DraftID, first.NewVersion, r.DraftUID,
			r.NewVersion)
	}
	o := store.PushOutcome{RowID: r.ID, HubVersion: first.HubVersion}
	switch first.Status {
	case hubapi.StatusApplied:
		o.State = store.OutboxSent
	case hubapi.StatusConflict:
		o.State, o.HubConflictID = store.OutboxConflict, first.ConflictID
	case hubapi.StatusInvalid:
		o.State, o.Reason = store.OutboxQuarantined, first.Message
	default:
		// A newer hub may answer in ways this build cannot keep: the rows
		// stay queued and the volunteer is asked to update the app.
		return o, &Error{Key: KeyProtocol, Err: fmt.Errorf("push: unknown answer %q",
			first.Status)}
	}
	return o, nil
}
