package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
)

// handedOff makes a draft with a citizen's details at desk a, synced, and
// waits until desk b holds its copy; it returns a's draft.
func handedOff(t *testing.T, a, b *enginetest.Desk) store.Draft {
	t.Helper()
	ctx := context.Background()
	id := a.NewDraft(t)
	a.Edit(t, id, store.FieldFullName, "Phạm Thị Tuyết Nhung")
	a.Edit(t, id, store.FieldIDNumber, "075160001234")
	a.Edit(t, id, store.FieldNeedKind, "procedure")
	a.WaitSynced(t, 10*time.Second)
	b.WaitSynced(t, 10*time.Second)
	d, err := a.Store.Draft(ctx, id)
	require.NoError(t, err)
	copyB, err := b.Store.DraftByUID(ctx, d.UID)
	require.NoError(t, err, "b holds the handed-off copy")
	require.Equal(t, d.Fields, copyB.Fields)
	return d
}

// footprint is how many rows the hub holds of a draft of the commune.
func footprint(t *testing.T, h *enginetest.Hub, uid string) int {
	t.Helper()
	n, err := h.DB.Footprint(context.Background(), commune, uid)
	require.NoError(t, err)
	return n
}

// hubVersion is the hub's newest version of a draft of the commune, as a
// desk of the commune that made no change sees it.
func hubVersion(t *testing.T, h *enginetest.Hub, uid string) int64 {
	t.Helper()
	c := h.Client(t, commune, "reader")
	var v, cursor int64
	for {
		resp, err := c.Pull(context.Background(), cursor, 1000)
		require.NoError(t, err)
		for _, e := range resp.Events {
			if e.DraftID == uid && e.Draft != nil {
				v = max(v, e.Draft.Version)
			}
		}
		if !resp.More {
			return v
		}
		cursor = resp.NextCursor
	}
}

// twoDesks starts a hub and two running desks of the commune.
func twoDesks(t *testing.T) (*enginetest.Hub, *enginetest.Desk, *enginetest.Desk) {
	h := enginetest.StartHub(t)
	a := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: enginetest.FastConfig()})
	b := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "B"),
		enginetest.DeskOptions{Config: enginetest.FastConfig()})
	a.Run()
	b.Run()
	return h, a, b
}

func TestDeletionReachesHubAndOtherDesks(t *testing.T) {
	ctx := context.Background()
	h, a, b := twoDesks(t)
	d := handedOff(t, a, b)
	require.Positive(t, footprint(t, h, d.UID))

	// b edits its copy offline, so it still has a change queued when the
	// deletion happens.
	b.Stop()
	copyB, err := b.Store.DraftByUID(ctx, d.UID)
	require.NoError(t, err)
	_, err = b.Store.SetField(ctx, copyB.ID, store.FieldPhone, "0912345678")
	require.NoError(t, err)

	require.NoError(t, a.Store.DeleteSession(ctx, d.SessionID, store.DeleteRequested))
	a.Engine.Kick()
	st := a.WaitSynced(t, 10*time.Second)
	assert.Zero(t, st.Deletions, "the hub confirmed the deletion")
	assert.False(t, st.DeletionsUnsupported)
	assert.Zero(t, footprint(t, h, d.UID), "no version, answer, conflict or event is left")
	deleted, err := h.DB.Deleted(ctx, commune, d.UID)
	require.NoError(t, err)
	assert.True(t, deleted)

	// b's queued edit is refused, then the pull deletes b's copy with it.
	b.Run()
	st = b.WaitSynced(t, 10*time.Second)
	_, err = b.Store.DraftByUID(ctx, d.UID)
	assert.ErrorIs(t, err, store.ErrNotFound, "b's copy is gone")
	assert.Zero(t, st.Quarantined, "the refused edit went with the copy")
	assert.Zero(t, st.Queued)
	assert.Zero(t, st.Deletions, "b does not echo the deletion back")
	assert.Zero(t, footprint(t, h, d.UID), "b's edit did not bring the draft back")

	enginetest.Audit(t, h.Client(t, commune, "audit"), a, b)
}

func TestWithdrawnSyncDeletesHubCopy(t *testing.T) {
	ctx := context.Background()
	h, a, b := twoDesks(t)
	d := handedOff(t, a, b)

	require.NoError(t, a.Store.WithdrawConsent(ctx, d.SessionID, store.PurposeSendToHub,
		time.Time{}))
	a.Edit(t, d.ID, store.FieldNeedProcedure, "1.004194")
	a.WaitSynced(t, 10*time.Second)
	assert.Zero(t, footprint(t, h, d.UID), "the hub's copy is gone, and no new version came")
	kept, err := a.Store.Draft(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, "Phạm Thị Tuyết Nhung", kept.Fields[store.FieldFullName],
		"the desk keeps its draft: the citizen still agrees to that")
	assert.Equal(t, "1.004194", kept.Fields[store.FieldNeedProcedure])

	b.WaitSynced(t, 10*time.Second)
	_, err = b.Store.DraftByUID(ctx, d.UID)
	assert.ErrorIs(t, err, store.ErrNotFound, "the other desk's copy is gone")

	// Edits keep coming at a; nothing more reaches the hub.
	a.Edit(t, d.ID, store.FieldNeedGuide, "vneid")
	a.WaitSynced(t, 10*time.Second)
	assert.Zero(t, footprint(t, h, d.UID))
}

func TestRestrictedDraftIsNotPushed(t *testing.T) {
	ctx := context.Background()
	h := enginetest.StartHub(t)
	a := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: enginetest.FastConfig()})
	id := a.NewDraft(t)
	a.Edit(t, id, store.FieldFullName, "Lê Văn Bình")
	a.Edit(t, id, store.FieldNeedKind, "procedure")
	a.Run()
	a.WaitSynced(t, 10*time.Second)
	a.Stop()

	// An edit is queued, then the citizen asks to restrict processing
	// before the desk could send it.
	a.Edit(t, id, store.FieldPhone, "0912345678")
	d, err := a.Store.Draft(ctx, id)
	require.NoError(t, err)
	require.NoError(t, a.Store.Restrict(ctx, d.SessionID, true))
	_, err = a.Store.SetField(ctx, id, store.FieldPhone, "0987654321")
	require.ErrorIs(t, err, store.ErrRestricted)
	a.Run()
	st := a.WaitSynced(t, 10*time.Second)
	assert.Zero(t, st.Queued)
	assert.Equal(t, int64(2), hubVersion(t, h, d.UID), "the hub never got the held-back edit")

	require.NoError(t, a.Store.Restrict(ctx, d.SessionID, false))
	a.Engine.Kick()
	a.WaitSynced(t, 10*time.Second)
	rep := enginetest.Audit(t, h.Client(t, commune, "audit"), a)
	assert.Equal(t, int64(3), rep.Latest[d.UID], "lifting the restriction sends it")
}

func TestDeletionsWaitOnStatus(t *testing.T) {
	ctx := context.Background()
	h := enginetest.StartHub(t)
	a := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: enginetest.FastConfig()})
	id := a.NewDraft(t)
	a.Edit(t, id, store.FieldNeedKind, "guide")
	d, err := a.Store.Draft(ctx, id)
	require.NoError(t, err)
	require.NoError(t, a.Store.DeleteSession(ctx, d.SessionID, store.DeleteMistake))

	// The hub is away: the deletion waits, and the status says so.
	h.Stop()
	a.Run()
	st := a.WaitFor(t, 10*time.Second, func(s engine.Status) bool { return s.Deletions == 1 })
	assert.Equal(t, 1, st.Deletions)
	h.Start()
	a.Engine.SyncNow()
	st = a.WaitFor(t, 10*time.Second, func(s engine.Status) bool {
		return s.Deletions == 0 && s.ErrorKey == ""
	})
	assert.Zero(t, st.Deletions)
}
