package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

const handedUID = "01936b2e-8a4c-7d3e-9f10-123456789abc"

// handed is a draft version another desk pushed.
func handed(version int64, name string) store.HubDraft {
	return store.HubDraft{UID: handedUID, Version: version, DeskID: "desk-b",
		Payload: []byte(`{"uid":"` + handedUID + `","draft_id":12,"fields":{` +
			`"citizen.full_name":"` + name + `","need.kind":"procedure"},` +
			`"guide_id":"cu-tru","guide_step":3}`)}
}

func TestImportDraftHandOff(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)

	out, err := s.ImportDraft(ctx, handed(4, "Nguye\u0302\u0303n Thị Lan"))
	require.NoError(t, err)
	assert.Equal(t, store.ImportNew, out)

	list, err := s.SearchDrafts(ctx, store.DraftQuery{Text: "lan"})
	require.NoError(t, err)
	require.Len(t, list, 1, "the handed-off draft is found by name")
	sum := list[0]
	assert.True(t, sum.FromHub)
	assert.Equal(t, store.OutcomeContinue, sum.Outcome)
	assert.False(t, sum.Open)
	assert.Equal(t, "Nguyễn Thị Lan", sum.FullName, "stored in NFC")

	sess, err := s.Session(ctx, sum.SessionID)
	require.NoError(t, err)
	assert.True(t, sess.FromHub)
	assert.Zero(t, sess.VolunteerID, "no volunteer of this desk")
	assert.Equal(t, "desk-b", sess.Desk)
	d, err := s.Draft(ctx, sum.DraftID)
	require.NoError(t, err)
	assert.Equal(t, int64(4), d.Version, "the hub's version, to base edits on")
	assert.Equal(t, handedUID, d.UID)
	assert.Equal(t, 3, d.GuideStep)
	assert.True(t, d.SyncAllowed)
	h, err := s.History(ctx, d.ID)
	require.NoError(t, err)
	assert.Len(t, h, 3, "two fields and the guide step")

	// The citizen comes back here: reopen, edit, and the edit goes on top.
	require.NoError(t, s.ReopenSession(ctx, sess.ID))
	assert.Equal(t, int64(5), set(t, s, d.ID, store.FieldPhone, "0912345678"))
	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, int64(4), rows[0].BaseVersion)
}

func TestImportDraftKnown(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, s *store.Store, draftID, sessionID int64)
		version int64
		want    store.ImportOutcome
		wantVer int64
	}{
		{"newer version taken", func(*testing.T, *store.Store, int64, int64) {}, 6,
			store.ImportUpdated, 6},
		{"same version ignored", func(*testing.T, *store.Store, int64, int64) {}, 4,
			store.ImportKept, 4},
		{"older version ignored", func(*testing.T, *store.Store, int64, int64) {}, 2,
			store.ImportKept, 4},
		{"own changes waiting", func(t *testing.T, s *store.Store, id, _ int64) {
			set(t, s, id, store.FieldNotes, "gọi lại chiều nay")
		}, 6, store.ImportKept, 5},
		{"session open here", func(t *testing.T, s *store.Store, _, sid int64) {
			require.NoError(t, s.ReopenSession(context.Background(), sid))
		}, 6, store.ImportDeferred, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTemp(t)
			_, err := s.ImportDraft(ctx, handed(4, "Lan"))
			require.NoError(t, err)
			list, err := s.SearchDrafts(ctx, store.DraftQuery{})
			require.NoError(t, err)
			require.Len(t, list, 1)
			tt.setup(t, s, list[0].DraftID, list[0].SessionID)

			out, err := s.ImportDraft(ctx, handed(tt.version, "Lan Anh"))
			require.NoError(t, err)
			assert.Equal(t, tt.want, out)
			d, err := s.Draft(ctx, list[0].DraftID)
			require.NoError(t, err)
			assert.Equal(t, tt.wantVer, d.Version)
			if out == store.ImportUpdated {
				assert.Equal(t, "Lan Anh", d.Fields[store.FieldFullName])
			} else {
				assert.Equal(t, "Lan", d.Fields[store.FieldFullName], "nothing overwritten")
			}
		})
	}
}

func TestApplyPull(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	mine := start(t, s, true)
	d, err := s.Draft(ctx, mine.DraftID)
	require.NoError(t, err)

	own := store.HubDraft{UID: d.UID, Version: 9, DeskID: "desk-a", Payload: []byte(`{}`)}
	bad := handed(1, "x")
	bad.Payload = []byte(`not json`)
	events := []store.PulledEvent{
		{Seq: 1, Draft: ptr(handed(1, "Lan"))},
		{Seq: 2, Draft: &own},
		{Seq: 3, Status: &store.StatusRecord{Source: store.SourceHub, Ref: "3",
			DraftUID: handedUID, Status: "received"}},
		{Seq: 4, Draft: &bad},
		{Seq: 5, Status: &store.StatusRecord{Source: store.SourceHub, Ref: "5",
			Status: "Not A Key"}},
		{Seq: 6},
		{Seq: 7, Draft: ptr(handed(2, "Lan Anh"))},
	}
	res, err := s.ApplyPull(ctx, events, 7)
	require.NoError(t, err)
	assert.Equal(t, store.PullResult{Imported: 1, Updated: 1, Statuses: 1, Skipped: 4}, res)

	again, err := s.ApplyPull(ctx, events, 7)
	require.NoError(t, err)
	assert.Equal(t, 0, again.Imported+again.Updated+again.Statuses, "a replay adds nothing")
	list, err := s.SearchDrafts(ctx, store.DraftQuery{})
	require.NoError(t, err)
	assert.Len(t, list, 2)
	d, err = s.Draft(ctx, mine.DraftID)
	require.NoError(t, err)
	assert.Equal(t, int64(0), d.Version, "this desk's own pushes are not taken back")
}

func ptr[T any](v T) *T { return &v }

// TestApplyPullWaitsForOpenSession: a newer hub version of a draft whose
// session is open here is not taken under the volunteer's eyes, and not
// lost either: the cursor stops before it, and the next pull after the
// session closes takes it.
func TestApplyPullWaitsForOpenSession(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	_, err := s.ApplyPull(ctx, []store.PulledEvent{{Seq: 1, Draft: ptr(handed(1, "Lan"))}}, 1)
	require.NoError(t, err)
	list, err := s.SearchDrafts(ctx, store.DraftQuery{})
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.NoError(t, s.ReopenSession(ctx, list[0].SessionID))

	events := []store.PulledEvent{
		{Seq: 2, Draft: ptr(handed(2, "Lan Anh"))},
		{Seq: 3, Status: &store.StatusRecord{Source: store.SourceHub, Ref: "3",
			DraftUID: handedUID, Status: "received"}},
	}
	res, err := s.ApplyPull(ctx, events, 3)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Deferred)
	st, err := s.SyncState(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1), st.PullCursor, "the cursor waits before the deferred draft")
	d, err := s.Draft(ctx, list[0].DraftID)
	require.NoError(t, err)
	assert.Equal(t, "Lan", d.Fields[store.FieldFullName], "nothing changes while it is open")

	require.NoError(t, s.CloseSession(ctx, list[0].SessionID, store.OutcomeContinue))
	res, err = s.ApplyPull(ctx, events, 3)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Updated)
	d, err = s.Draft(ctx, list[0].DraftID)
	require.NoError(t, err)
	assert.Equal(t, "Lan Anh", d.Fields[store.FieldFullName], "taken once it is closed")
	st, err = s.SyncState(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(3), st.PullCursor)
}
