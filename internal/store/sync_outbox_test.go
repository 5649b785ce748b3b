package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

func TestDraftUID(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	a, b := start(t, s, true), start(t, s, true)
	da, err := s.Draft(ctx, a.DraftID)
	require.NoError(t, err)
	db, err := s.Draft(ctx, b.DraftID)
	require.NoError(t, err)

	u, err := uuid.Parse(da.UID)
	require.NoError(t, err)
	assert.Equal(t, uuid.Version(7), u.Version())
	assert.NotEqual(t, da.UID, db.UID)

	set(t, s, a.DraftID, store.FieldNeedKind, "procedure")
	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, da.UID, rows[0].DraftUID)
	var p struct {
		UID string `json:"uid"`
	}
	require.NoError(t, json.Unmarshal(rows[0].Payload, &p))
	assert.Equal(t, da.UID, p.UID, "the payload names the draft the hub knows")
}

func TestMarkPushed(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, true)
	for _, v := range []string{"a", "b", "c"} {
		set(t, s, sess.DraftID, store.FieldNeedProcedure, v)
	}
	other := start(t, s, true)
	set(t, s, other.DraftID, store.FieldNeedKind, "guide")

	rows, err := s.PendingOutbox(ctx, 2)
	require.NoError(t, err)
	require.Len(t, rows, 2, "the limit holds")
	assert.Equal(t, []int64{0, 1}, []int64{rows[0].BaseVersion, rows[1].BaseVersion})

	sent := []store.PushOutcome{
		{RowID: rows[0].ID, State: store.OutboxSent, HubVersion: 1},
		{RowID: rows[1].ID, State: store.OutboxSent, HubVersion: 2},
	}
	require.NoError(t, s.MarkPushed(ctx, sent))
	require.NoError(t, s.MarkPushed(ctx, sent), "the same answers again change nothing")
	// A late answer for a row already sent does not move it back.
	require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{
		{RowID: rows[0].ID, State: store.OutboxQuarantined, Reason: "late"}}))

	all, err := s.OutboxRows(ctx, sess.DraftID)
	require.NoError(t, err)
	require.Len(t, all, 3)
	assert.Equal(t, store.OutboxSent, all[0].State)
	assert.False(t, all[0].DoneAt.IsZero(), "the time it left the queue is kept")
	assert.Equal(t, "", all[0].Reason)
	assert.Equal(t, store.OutboxQueued, all[2].State)

	n, err := s.OutboxLen(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	c, err := s.SyncCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.SyncCounts{Queued: 2}, c)

	err = s.MarkPushed(ctx, []store.PushOutcome{{RowID: all[2].ID, State: store.OutboxQueued}})
	assert.ErrorIs(t, err, store.ErrInvalid)
	_, err = s.PendingOutbox(ctx, 0)
	assert.ErrorIs(t, err, store.ErrInvalid)
}

func TestQuarantineDoesNotBlock(t *testing.T) {
	tests := []struct {
		name     string
		next     bool // the draft has a queued row after the refused one
		wantBase int64
	}{
		{"next queued row starts from the refused row's base", true, 1},
		{"next edit starts from the refused row's base", false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTemp(t)
			sess := start(t, s, true)
			set(t, s, sess.DraftID, store.FieldNeedKind, "procedure")
			set(t, s, sess.DraftID, store.FieldNotes, "quá dài")
			if tt.next {
				set(t, s, sess.DraftID, store.FieldNeedProcedure, "1.004194")
			}
			other := start(t, s, true)
			set(t, s, other.DraftID, store.FieldNeedKind, "guide")

			rows, err := s.PendingOutbox(ctx, 10)
			require.NoError(t, err)
			require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{
				{RowID: rows[0].ID, State: store.OutboxSent, HubVersion: 1}}))
			require.NoError(t, s.Quarantine(ctx, rows[1].ID, "payload is over 262144 bytes"))
			if !tt.next {
				set(t, s, sess.DraftID, store.FieldNeedProcedure, "1.004194")
			}

			q, err := s.Quarantined(ctx)
			require.NoError(t, err)
			require.Len(t, q, 1)
			assert.Equal(t, "payload is over 262144 bytes", q[0].Reason)

			rows, err = s.PendingOutbox(ctx, 10)
			require.NoError(t, err)
			require.Len(t, rows, 2, "the other draft is not blocked")
			var mine store.OutboxRow
			for _, r := range rows {
				if r.DraftID == sess.DraftID {
					mine = r
				}
			}
			assert.Equal(t, tt.wantBase, mine.BaseVersion, "fast-forwards the hub's version")
			assert.Equal(t, int64(3), mine.NewVersion)

			c, err := s.SyncCounts(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, c.Quarantined)
		})
	}
}
