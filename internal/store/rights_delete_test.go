package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

func TestDeleteSessionRemovesEverything(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	sess, _ := conflicted(t, s)
	set(t, s, sess.DraftID, store.FieldDossierCode, "000.00.00.H49-251204-0042")
	_, err := s.RecordStatus(ctx, store.StatusRecord{Source: store.SourceHub, Ref: "51",
		DossierCode: "000.00.00.H49-251204-0042", Status: "received"})
	require.NoError(t, err)
	keep := start(t, s, true)
	set(t, s, keep.DraftID, store.FieldFullName, "Phạm Thị Hoa Mai")
	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)

	require.NoError(t, s.DeleteSession(ctx, sess.ID, store.DeleteRequested))

	_, err = s.Session(ctx, sess.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Draft(ctx, sess.DraftID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.History(ctx, sess.DraftID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.ConsentRecord(ctx, sess.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	rows, err := s.OutboxRows(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Empty(t, rows)
	cs, err := s.Conflicts(ctx)
	require.NoError(t, err)
	assert.Empty(t, cs)
	unmatched, err := s.Unmatched(ctx)
	require.NoError(t, err)
	assert.Empty(t, unmatched, "its statuses went with it, not to the unmatched list")
	found, err := s.SearchDrafts(ctx, store.DraftQuery{Text: "Phạm Thị Hoa"})
	require.NoError(t, err)
	require.Len(t, found, 1, "only the other citizen is found")
	assert.Equal(t, keep.DraftID, found[0].DraftID)
	c, err := s.SyncCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.SyncCounts{Queued: 1}, c, "the other draft's edit still waits")

	pending, err := s.PendingDeletions(ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 1, "the hub had it: it is told")
	assert.Equal(t, d.UID, pending[0].DraftUID)
	assert.Equal(t, store.DeleteRequested, pending[0].Reason)
	n, err := s.PendingDeletionCount(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	// The hub's answer is kept once; a deleted draft never comes back.
	require.NoError(t, s.MarkDeletions(ctx, []string{d.UID}, nil))
	require.NoError(t, s.MarkDeletions(ctx, []string{d.UID}, nil))
	n, err = s.PendingDeletionCount(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	out, err := s.ImportDraft(ctx, store.HubDraft{UID: d.UID, Version: 9, DeskID: "desk-b",
		Payload: []byte(`{"fields":{"citizen.full_name":"Phạm Thị Hoa"}}`)})
	require.NoError(t, err)
	assert.Equal(t, store.ImportKept, out)
	_, err = s.DraftByUID(ctx, d.UID)
	assert.ErrorIs(t, err, store.ErrNotFound)

	assert.ErrorIs(t, s.DeleteSession(ctx, sess.ID, store.DeleteRequested), store.ErrNotFound)
	assert.ErrorIs(t, s.DeleteSession(ctx, keep.ID, "whim"), store.ErrInvalid)
}

func TestDeleteLocalSessionTellsNoHub(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	// Agreed to sync, on a desk that has no hub yet: nothing ever left.
	unsent := start(t, s, true)
	set(t, s, unsent.DraftID, store.FieldFullName, "Lê Văn Bình")
	require.NoError(t, s.DeleteSession(ctx, unsent.ID, store.DeleteRequested))
	setHub(t, s, "desk-a")
	for _, sess := range []store.Session{start(t, s, false), startAnon(t, s)} {
		set(t, s, sess.DraftID, store.FieldNeedKind, "guide")
		require.NoError(t, s.DeleteSession(ctx, sess.ID, store.DeleteMistake))
	}
	pending, err := s.PendingDeletions(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, pending, "drafts that never left the desk need no word to the hub")
	_, err = s.PendingDeletions(ctx, 0)
	assert.ErrorIs(t, err, store.ErrInvalid)
}

func TestApplyHubDeletions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	out, err := s.ImportDraft(ctx, handed(4, "Nguyễn Thị Lan"))
	require.NoError(t, err)
	require.Equal(t, store.ImportNew, out)
	own := start(t, s, true)
	set(t, s, own.DraftID, store.FieldFullName, "Lê Văn Bình")
	require.NoError(t, s.WithdrawConsent(ctx, own.ID, store.PurposeSendToHub, time.Time{}))
	ownDraft, err := s.Draft(ctx, own.DraftID)
	require.NoError(t, err)

	n, err := s.ApplyHubDeletions(ctx, []store.HubDeletion{
		{UID: handedUID, DeskID: "desk-b"},
		{UID: ownDraft.UID, DeskID: "desk-a"},
		{UID: "not-a-uuid"},
		{UID: "01936b2e-8a4c-7d3e-9f10-000000000000", DeskID: "desk-b"},
	})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = s.DraftByUID(ctx, handedUID)
	assert.ErrorIs(t, err, store.ErrNotFound, "the handed-off copy is gone")
	kept, err := s.Draft(ctx, own.DraftID)
	require.NoError(t, err)
	assert.Equal(t, "Lê Văn Bình", kept.Fields[store.FieldFullName],
		"a draft whose hub copy this desk had deleted stays here")

	n, err = s.ApplyHubDeletions(ctx, []store.HubDeletion{{UID: handedUID}})
	require.NoError(t, err)
	assert.Zero(t, n, "twice changes nothing")
	out, err = s.ImportDraft(ctx, handed(5, "Nguyễn Thị Lan"))
	require.NoError(t, err)
	assert.Equal(t, store.ImportKept, out, "nor does an old event bring it back")
	pending, err := s.PendingDeletions(ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 1, "the hub is not told of its own deletion")
	assert.Equal(t, ownDraft.UID, pending[0].DraftUID)
}

func TestPurge(t *testing.T) {
	ctx := context.Background()
	s, clock := openTemp(t)
	setHub(t, s, "desk-a")
	day := 24 * time.Hour
	start0 := time.Date(2025, 10, 1, 8, 0, 0, 0, ict)
	clock.Set(start0)

	type visit struct {
		name string
		sess store.Session
	}
	closed := func(name string, hub bool) visit {
		v := visit{name, start(t, s, hub)}
		set(t, s, v.sess.DraftID, store.FieldFullName, name)
		require.NoError(t, s.CloseSession(ctx, v.sess.ID, store.OutcomeDone))
		return v
	}
	synced := closed("Đã Gửi Xong", true)
	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{{RowID: rows[0].ID,
		State: store.OutboxSent, HubVersion: 1}}))
	refused := closed("Bị Từ Chối", true)
	rows, err = s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.NoError(t, s.Quarantine(ctx, rows[0].ID, "payload is over 262144 bytes"))
	local := closed("Chỉ Ở Bàn", false)
	waiting := closed("Chưa Gửi Được", true)
	restricted := closed("Hạn Chế Xử Lý", false)
	require.NoError(t, s.Restrict(ctx, restricted.sess.ID, true))
	open := visit{"Đang Mở", start(t, s, false)}
	anon := startAnon(t, s)
	require.NoError(t, s.CloseSession(ctx, anon.ID, store.OutcomeDone))
	clock.Set(start0.Add(25 * day))
	recent := closed("Mới Đây", false)

	now := start0.Add(40 * day)
	rep, err := s.Purge(ctx, 30*day, now)
	require.NoError(t, err)
	assert.Equal(t, 3, rep.Count, "closed, synced (or never to be) and over 30 days old")
	assert.Equal(t, 2, rep.Waiting, "not yet at the hub, or restricted")
	assert.Equal(t, 30, rep.Days)
	for _, v := range []visit{synced, refused, local} {
		_, err := s.Session(ctx, v.sess.ID)
		assert.ErrorIs(t, err, store.ErrNotFound, v.name)
	}
	for _, v := range []visit{waiting, restricted, open, recent, {"anonymous", anon}} {
		_, err := s.Session(ctx, v.sess.ID)
		assert.NoError(t, err, v.name)
	}
	pending, err := s.PendingDeletions(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, pending, "the hub keeps its copy under its own retention")

	again, err := s.Purge(ctx, 30*day, now.Add(day))
	require.NoError(t, err)
	assert.Zero(t, again.Count)
	log, err := s.PurgeLog(ctx)
	require.NoError(t, err)
	require.Len(t, log, 2, "every run is logged, also an empty one")
	assert.Equal(t, again, log[0], "newest first")
	assert.Equal(t, rep, log[1])
	assert.False(t, log[1].Oldest.After(log[1].Newest))
	assert.True(t, log[0].Oldest.IsZero())

	_, err = s.Purge(ctx, 0, now)
	assert.ErrorIs(t, err, store.ErrInvalid)
}

func TestPurgeDays(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	days, err := s.PurgeDays(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.DefaultPurgeDays, days)
	require.NoError(t, s.SetPurgeDays(ctx, 7))
	days, err = s.PurgeDays(ctx)
	require.NoError(t, err)
	assert.Equal(t, 7, days)
	for _, bad := range []int{0, -1, store.MaxPurgeDays + 1} {
		assert.ErrorIs(t, s.SetPurgeDays(ctx, bad), store.ErrInvalid)
	}
	for _, bad := range []string{"", "thirty", "0", "3651", "7.5", "-2"} {
		require.NoError(t, s.SetSetting(ctx, store.SettingPurgeDays, bad))
		_, err := s.PurgeDays(ctx)
		assert.ErrorIs(t, err, store.ErrInvalid, bad)
	}
}

func FuzzPurgeDays(f *testing.F) {
	for _, seed := range []string{"30", " 7 ", "0", "3650", "3651", "-1", "1e3", "０７", ""} {
		f.Add(seed)
	}
	s, _ := openTemp(f)
	f.Fuzz(func(t *testing.T, v string) {
		ctx := context.Background()
		require.NoError(t, s.SetSetting(ctx, store.SettingPurgeDays, v))
		days, err := s.PurgeDays(ctx)
		if err != nil {
			assert.ErrorIs(t, err, store.ErrInvalid)
			return
		}
		assert.GreaterOrEqual(t, days, 1)
		assert.LessOrEqual(t, days, store.MaxPurgeDays)
	})
}
