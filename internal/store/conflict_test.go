package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// conflicted makes a synced draft at version 3 whose push of 2→3 met hub
// version 4 (hub conflict 17), with one more local edit held behind it, and
// returns the session and the conflict's id.
func conflicted(t *testing.T, s *store.Store) (store.Session, int64) {
	t.Helper()
	ctx := context.Background()
	sess := start(t, s, true)
	set(t, s, sess.DraftID, store.FieldFullName, "Phạm Thị Hoa")
	set(t, s, sess.DraftID, store.FieldNeedKind, "procedure")
	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{
		{RowID: rows[0].ID, State: store.OutboxSent, HubVersion: 1},
		{RowID: rows[1].ID, State: store.OutboxSent, HubVersion: 2}}))
	set(t, s, sess.DraftID, store.FieldPhone, "0912345678")
	rows, err = s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{{RowID: rows[0].ID,
		State: store.OutboxConflict, HubVersion: 4, HubConflictID: 17}}))
	set(t, s, sess.DraftID, store.FieldNeedProcedure, "1.004194")

	cs, err := s.Conflicts(ctx)
	require.NoError(t, err)
	require.Len(t, cs, 1)
	return sess, cs[0].ID
}

// hubSide is the conflict event the next pull brings for conflicted.
func hubSide(t *testing.T, s *store.Store, sess store.Session, self string) store.PulledEvent {
	t.Helper()
	d, err := s.Draft(context.Background(), sess.DraftID)
	require.NoError(t, err)
	return store.PulledEvent{Seq: 40, Conflict: &store.HubConflict{HubID: 17,
		DraftUID: d.UID, DeskID: self, NewVersion: 3, DeskPayload: []byte(`{"fields":{}}`),
		HubVersion: 4, HubPayload: []byte(`{"fields":{"citizen.full_name":"Phạm Thị Hoa",` +
			`"need.kind":"guide","citizen.address":"ấp 3, Tân Phú"},"guide_id":"vneid",` +
			`"guide_step":2}`)}}
}

func TestConflictHoldsDraftUntilResolved(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	sess, id := conflicted(t, s)
	other := start(t, s, true)
	set(t, s, other.DraftID, store.FieldNeedKind, "guide")

	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 1, "the conflicted draft's later edit is held back")
	assert.Equal(t, other.DraftID, rows[0].DraftID, "other drafts still go")
	c, err := s.SyncCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.SyncCounts{Queued: 2, Held: 1, Conflicts: 1}, c)

	cf, err := s.Conflict(ctx, id)
	require.NoError(t, err)
	assert.False(t, cf.HubKnown)
	assert.Equal(t, int64(3), cf.Pushed.Version)
	assert.Equal(t, "0912345678", cf.Pushed.Fields[store.FieldPhone])
	assert.Equal(t, "1.004194", cf.Local.Fields[store.FieldNeedProcedure],
		"the local side is the draft as it is now")
	_, err = s.ResolveConflict(ctx, id, store.KeepLocal)
	assert.ErrorIs(t, err, store.ErrHubSideUnknown, "no choice without both sides")

	res, err := s.ApplyPull(ctx, []store.PulledEvent{hubSide(t, s, sess, "desk-a")}, 40)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Conflicts, "the conflict was known from the push answer")
	cf, err = s.Conflict(ctx, id)
	require.NoError(t, err)
	require.True(t, cf.HubKnown)
	assert.Equal(t, int64(4), cf.Hub.Version)
	assert.Equal(t, "guide", cf.Hub.Fields[store.FieldNeedKind])
	assert.Equal(t, "procedure", cf.Local.Fields[store.FieldNeedKind], "both kept")
}

func TestResolveConflict(t *testing.T) {
	tests := []struct {
		choice     store.Resolution
		wantFields map[string]string
		wantGuide  string
	}{
		{store.KeepLocal, map[string]string{store.FieldFullName: "Phạm Thị Hoa",
			store.FieldNeedKind: "procedure", store.FieldPhone: "0912345678",
			store.FieldNeedProcedure: "1.004194"}, ""},
		{store.KeepHub, map[string]string{store.FieldFullName: "Phạm Thị Hoa",
			store.FieldNeedKind: "guide", store.FieldAddress: "ấp 3, Tân Phú"}, "vneid"},
	}
	for _, tt := range tests {
		t.Run(string(tt.choice), func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTemp(t)
			setHub(t, s, "desk-a")
			sess, id := conflicted(t, s)
			_, err := s.ApplyPull(ctx, []store.PulledEvent{hubSide(t, s, sess, "desk-a")}, 40)
			require.NoError(t, err)

			v, err := s.ResolveConflict(ctx, id, tt.choice)
			require.NoError(t, err)
			assert.Equal(t, int64(5), v, "above both the local (4) and the hub (4) versions")
			d, err := s.Draft(ctx, sess.DraftID)
			require.NoError(t, err)
			assert.Equal(t, v, d.Version)
			assert.Equal(t, tt.wantFields, d.Fields)
			assert.Equal(t, tt.wantGuide, d.GuideID)

			rows, err := s.PendingOutbox(ctx, 10)
			require.NoError(t, err)
			require.Len(t, rows, 1, "one row replaces the held ones")
			assert.Equal(t, int64(4), rows[0].BaseVersion, "sent on top of the hub's version")
			assert.Equal(t, v, rows[0].NewVersion)
			all, err := s.OutboxRows(ctx, sess.DraftID)
			require.NoError(t, err)
			states := map[store.OutboxState]int{}
			for _, r := range all {
				states[r.State]++
			}
			assert.Equal(t, map[store.OutboxState]int{store.OutboxSent: 2,
				store.OutboxConflict: 1, store.OutboxSuperseded: 1, store.OutboxQueued: 1}, states)

			h, err := s.History(ctx, sess.DraftID)
			require.NoError(t, err)
			last := h[len(h)-1]
			assert.Equal(t, "sync.resolution", last.Field)
			assert.Equal(t, string(tt.choice), last.Value)

			cs, err := s.Conflicts(ctx)
			require.NoError(t, err)
			assert.Empty(t, cs)
			cf, err := s.Conflict(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, tt.choice, cf.Resolution)
			assert.Equal(t, v, cf.ResolvedVersion)
			assert.False(t, cf.ResolvedAt.IsZero())

			_, err = s.ResolveConflict(ctx, id, tt.choice)
			assert.ErrorIs(t, err, store.ErrResolved)
			// The conflict's event pulled again does not open it again.
			_, err = s.ApplyPull(ctx, []store.PulledEvent{hubSide(t, s, sess, "desk-a")}, 40)
			require.NoError(t, err)
			cs, err = s.Conflicts(ctx)
			require.NoError(t, err)
			assert.Empty(t, cs)
		})
	}
}

func TestConflictFromPullAlone(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	sess := start(t, s, true)
	for _, v := range []string{"a", "b", "c"} {
		set(t, s, sess.DraftID, store.FieldNeedProcedure, v)
	}
	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{
		{RowID: rows[0].ID, State: store.OutboxSent, HubVersion: 1},
		{RowID: rows[1].ID, State: store.OutboxSent, HubVersion: 2}}))

	// The hub answered row 2→3 with a conflict but the answer was lost; the
	// pull tells it instead.
	res, err := s.ApplyPull(ctx, []store.PulledEvent{hubSide(t, s, sess, "desk-a")}, 41)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Conflicts)
	all, err := s.OutboxRows(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, store.OutboxConflict, all[2].State, "the row is not sent again")
	cs, err := s.Conflicts(ctx)
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.True(t, cs[0].HubKnown)

	// A conflict of another desk is not this desk's to resolve.
	other := hubSide(t, s, sess, "desk-b")
	other.Conflict.HubID = 99
	res, err = s.ApplyPull(ctx, []store.PulledEvent{other}, 42)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Conflicts)
	st, err := s.SyncState(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(42), st.PullCursor)
}

func TestResolveConflictErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	_, err := s.ResolveConflict(ctx, 1, "merge")
	assert.ErrorIs(t, err, store.ErrInvalid)
	_, err = s.ResolveConflict(ctx, 99, store.KeepHub)
	assert.ErrorIs(t, err, store.ErrNotFound)
}
