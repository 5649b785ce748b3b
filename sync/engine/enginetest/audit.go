package enginetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// version names one version of one draft.
type version struct {
	uid string
	v   int64
}

// Report is what Audit found on the hub.
type Report struct {
	// Versions counts the draft versions the hub took.
	Versions int
	// Latest is the hub's last version of each draft, by uid.
	Latest map[string]int64
	// Conflicts counts the conflicts the hub kept.
	Conflicts int
	// Sent counts the desks' rows the hub took, Quarantined those set aside.
	Sent, Quarantined int
}

// Audit reads every event of the commune through auditor, a desk of the
// commune that made no change, and checks each desk against it: every
// change a desk has as sent is on the hub exactly once with the same
// content; every conflict it has is on the hub with its version; the hub
// holds no version a desk did not send; no change is left queued; and the
// desk that pushed a draft's last version still has it as its own version.
func Audit(tb testing.TB, auditor *hubapi.Client, desks ...*Desk) Report {
	tb.Helper()
	ctx := context.Background()
	events := pullAll(tb, auditor)

	taken := map[version][]*hubapi.Event{}
	conflicts := map[version][]*hubapi.Conflict{}
	rep := Report{Latest: map[string]int64{}}
	for i := range events {
		e := &events[i]
		switch {
		case e.Kind == hubapi.KindDraft && e.Draft != nil:
			k := version{e.DraftID, e.Draft.Version}
			taken[k] = append(taken[k], e)
			rep.Latest[e.DraftID] = max(rep.Latest[e.DraftID], e.Draft.Version)
		case e.Kind == hubapi.KindConflict && e.Conflict != nil:
			k := version{e.DraftID, e.Conflict.NewVersion}
			conflicts[k] = append(conflicts[k], e.Conflict)
			rep.Conflicts++
		}
	}
	rep.Versions = len(taken)
	for k, es := range taken {
		require.Len(tb, es, 1, "draft %s version %d taken once", k.uid, k.v)
	}

	sentBy := map[version]string{}
	for _, d := range desks {
		for _, r := range allRows(tb, d.Store) {
			k := version{r.DraftUID, r.NewVersion}
			switch r.State {
			case store.OutboxSent:
				es := taken[k]
				require.Len(tb, es, 1, "desk %s: sent draft %s version %d on the hub",
					d.DeskID, k.uid, k.v)
				assert.Equal(tb, d.DeskID, es[0].Draft.DeskID)
				assert.JSONEq(tb, string(r.Payload), string(es[0].Draft.Payload),
					"draft %s version %d: same content", k.uid, k.v)
				sentBy[k] = d.DeskID
				rep.Sent++
			case store.OutboxConflict:
				found := false
				for _, c := range conflicts[k] {
					if c.DeskID == d.DeskID {
						found = true
						assert.JSONEq(tb, string(r.Payload), string(c.DeskPayload))
					}
				}
				assert.True(tb, found, "desk %s: conflict of draft %s version %d on the hub",
					d.DeskID, k.uid, k.v)
			case store.OutboxQueued:
				assert.Failf(tb, "change left queued", "desk %s draft %s version %d",
					d.DeskID, k.uid, k.v)
			case store.OutboxQuarantined:
				rep.Quarantined++
			}
		}
	}
	for k, es := range taken {
		if owner := deskOf(desks, es[0].Draft.DeskID); owner != nil {
			assert.Equal(tb, owner.DeskID, sentBy[k],
				"the hub's draft %s version %d was sent by its desk", k.uid, k.v)
		}
	}
	checkLatest(tb, ctx, taken, rep.Latest, desks)
	return rep
}

// checkLatest makes sure the desk that pushed each draft's last version
// holds it still, content and all.
func checkLatest(tb testing.TB, ctx context.Context, taken map[version][]*hubapi.Event,
	latest map[string]int64, desks []*Desk) {
	tb.Helper()
	for uid, v := range latest {
		e := taken[version{uid, v}][0]
		owner := deskOf(desks, e.Draft.DeskID)
		if owner == nil {
			continue
		}
		d := draftByUID(tb, owner.Store, uid)
		require.NotNil(tb, d, "desk %s lost draft %s", owner.DeskID, uid)
		assert.Equal(tb, v, d.Version, "desk %s: draft %s at the hub's version",
			owner.DeskID, uid)
		var p struct {
			Fields map[string]string `json:"fields"`
		}
		require.NoError(tb, json.Unmarshal(e.Draft.Payload, &p))
		if p.Fields == nil {
			p.Fields = map[string]string{}
		}
		assert.Equal(tb, p.Fields, d.Fields, "draft %s: hub and desk agree", uid)
	}
}

// deskOf finds the desk with a hub id among desks.
func deskOf(desks []*Desk, id string) *Desk {
	for _, d := range desks {
		if d.DeskID == id {
			return d
		}
	}
	return nil
}

// pullAll reads every event a desk of the commune can see.
func pullAll(tb testing.TB, c *hubapi.Client) []hubapi.Event {
	tb.Helper()
	var (
		out    []hubapi.Event
		cursor int64
	)
	for range 100_000 {
		resp, err := c.Pull(context.Background(), cursor, hubapi.MaxPullLimit)
		require.NoError(tb, err)
		out = append(out, resp.Events...)
		if !resp.More || resp.NextCursor == cursor {
			return out
		}
		cursor = resp.NextCursor
	}
	require.FailNow(tb, "pull never ended")
	return nil
}

// allRows lists every outbox row of every draft of a store.
func allRows(tb testing.TB, st *store.Store) []store.OutboxRow {
	tb.Helper()
	ctx := context.Background()
	drafts, err := st.SearchDrafts(ctx, store.DraftQuery{Limit: 1 << 30})
	require.NoError(tb, err)
	var out []store.OutboxRow
	for _, d := range drafts {
		rows, err := st.OutboxRows(ctx, d.DraftID)
		require.NoError(tb, err)
		out = append(out, rows...)
	}
	return out
}

// draftByUID finds a draft of a store by its uid, or nil.
func draftByUID(tb testing.TB, st *store.Store, uid string) *store.Draft {
	tb.Helper()
	d, err := st.DraftByUID(context.Background(), uid)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	require.NoError(tb, err)
	return &d
}
