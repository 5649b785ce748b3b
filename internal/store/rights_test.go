package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// citizen fills a draft with the details of one citizen, as a volunteer
// types them, and a few fields that are not personal.
func citizen(t testing.TB, s *store.Store, draftID int64) {
	t.Helper()
	for _, f := range [][2]string{
		{store.FieldFullName, "Phạm Thị Tuyết Nhung"},
		{store.FieldIDNumber, "075160001234"},
		{store.FieldPhone, "0912345678"},
		{store.FieldAddress, "12 Lê Lợi, Tam Hiệp"},
		{store.FieldNotes, "con gái đi cùng"},
		{"form.1.004194.ho_ten_cha", "Phạm Văn Tâm"},
		{store.FieldNeedKind, "procedure"},
		{store.FieldNeedProcedure, "1.004194"},
	} {
		set(t, s, draftID, f[0], f[1])
	}
}

// consentOf finds a purpose in a consent record.
func consentOf(t testing.TB, r store.ConsentRecord, p store.Purpose) store.ConsentEntry {
	t.Helper()
	for _, e := range r.Purposes {
		if e.Purpose == p {
			return e
		}
	}
	require.FailNow(t, "no consent for purpose", p)
	return store.ConsentEntry{}
}

func TestWithdrawSendToHub(t *testing.T) {
	ctx := context.Background()
	s, clock := openTemp(t)
	setHub(t, s, "desk-a")
	sess := start(t, s, true)
	citizen(t, s, sess.DraftID)
	rows, err := s.OutboxRows(ctx, sess.DraftID)
	require.NoError(t, err)
	require.Len(t, rows, 8)
	require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{{RowID: rows[0].ID,
		State: store.OutboxSent, HubVersion: 1}}))

	at := time.Date(2025, 12, 5, 9, 30, 0, 0, ict)
	require.NoError(t, s.WithdrawConsent(ctx, sess.ID, store.PurposeSendToHub, at))

	rows, err = s.OutboxRows(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Empty(t, rows, "sent and queued copies of the draft are gone")
	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.False(t, d.SyncAllowed)
	assert.Equal(t, "Phạm Thị Tuyết Nhung", d.Fields[store.FieldFullName],
		"the draft stays on this desk")
	set(t, s, sess.DraftID, store.FieldNeedGuide, "vneid")
	n, err := s.OutboxLen(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "later edits are not queued for the hub")

	pending, err := s.PendingDeletions(ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 1, "the hub is asked to delete its copy")
	assert.Equal(t, d.UID, pending[0].DraftUID)
	assert.Equal(t, store.DeleteReason("consent_withdrawn"), pending[0].Reason)

	rec, err := s.ConsentRecord(ctx, sess.ID)
	require.NoError(t, err)
	hub := consentOf(t, rec, store.PurposeSendToHub)
	assert.True(t, hub.Granted, "the record keeps what the citizen first agreed to")
	assert.True(t, hub.WithdrawnAt.Equal(at))
	assert.False(t, hub.InForce())
	assert.True(t, consentOf(t, rec, store.PurposeKeepDetails).InForce())
	assert.Equal(t, "queued", rec.HubDeletion)
	got, err := s.Session(ctx, sess.ID)
	require.NoError(t, err)
	for _, c := range got.Consents {
		if c.Purpose == store.PurposeSendToHub {
			assert.False(t, c.Granted, "the session no longer counts it as granted")
		}
	}

	// Again: nothing changes, and the first withdrawal time stays.
	clock.Set(at.Add(time.Hour))
	require.NoError(t, s.WithdrawConsent(ctx, sess.ID, store.PurposeSendToHub, time.Time{}))
	rec, err = s.ConsentRecord(ctx, sess.ID)
	require.NoError(t, err)
	assert.True(t, consentOf(t, rec, store.PurposeSendToHub).WithdrawnAt.Equal(at))
}

func TestWithdrawRefusals(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, false)
	tests := []struct {
		name    string
		session int64
		purpose store.Purpose
		want    error
	}{
		{"refused at the start", sess.ID, store.PurposeSendToHub, store.ErrNotGranted},
		{"never asked", sess.ID, store.PurposeContact, store.ErrNotGranted},
		{"unknown purpose", sess.ID, store.Purpose("marketing"), store.ErrInvalid},
		{"no such session", sess.ID + 99, store.PurposeKeepDetails, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.WithdrawConsent(ctx, tt.session, tt.purpose, time.Time{})
			assert.ErrorIs(t, err, tt.want)
		})
	}
	pending, err := s.PendingDeletions(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, pending)
}

func TestWithdrawKeepDetailsLeavesAnonymousVisit(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	sess := start(t, s, true)
	citizen(t, s, sess.DraftID)
	_, err := s.SetGuideStep(ctx, sess.DraftID, "vneid", 2)
	require.NoError(t, err)
	photo := fileRef("cccd mặt trước", "jpeg", 2048, "")
	_, err = s.AddAttachment(ctx, sess.DraftID, photo)
	require.NoError(t, err)

	require.NoError(t, s.WithdrawConsent(ctx, sess.ID, store.PurposeKeepDetails, time.Time{}))

	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{store.FieldNeedKind: "procedure",
		store.FieldNeedProcedure: "1.004194"}, d.Fields, "only what is not personal stays")
	assert.Equal(t, "vneid", d.GuideID)
	assert.True(t, d.Anonymous)
	hist, err := s.History(ctx, sess.DraftID)
	require.NoError(t, err)
	var fields []string
	for _, h := range hist {
		assert.False(t, store.IsPersonal(h.Field), "history keeps no %s", h.Field)
		fields = append(fields, h.Field)
	}
	assert.Contains(t, fields, store.FieldNeedKind)
	assert.Contains(t, fields, "consent.withdrawn")

	_, err = s.SetField(ctx, sess.DraftID, store.FieldFullName, "Phạm Thị Tuyết Nhung")
	assert.ErrorIs(t, err, store.ErrAnonymous, "no details can be typed in again")
	rows, err := s.OutboxRows(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Empty(t, rows)
	files, err := s.Attachments(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Empty(t, files, "photos of the citizen's papers go too")
	used, err := s.AttachmentInUse(ctx, photo.SHA256)
	require.NoError(t, err)
	assert.False(t, used, "so the app removes the file from the folder")
	found, err := s.SearchDrafts(ctx, store.DraftQuery{Text: "Tuyết Nhung"})
	require.NoError(t, err)
	assert.Empty(t, found)
	found, err = s.SearchDrafts(ctx, store.DraftQuery{Text: "075160001234"})
	require.NoError(t, err)
	assert.Empty(t, found)

	rec, err := s.ConsentRecord(ctx, sess.ID)
	require.NoError(t, err)
	assert.True(t, rec.Anonymous)
	assert.False(t, consentOf(t, rec, store.PurposeKeepDetails).InForce())
	assert.False(t, consentOf(t, rec, store.PurposeSendToHub).InForce(),
		"nothing is sent that is not kept")
	assert.Equal(t, "queued", rec.HubDeletion)
}

func TestRestrictedDraftIsReadOnlyAndNotSynced(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, true)
	set(t, s, sess.DraftID, store.FieldFullName, "Lê Văn Bình")
	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.NoError(t, s.MarkPushed(ctx, []store.PushOutcome{{RowID: rows[0].ID,
		State: store.OutboxSent, HubVersion: 1}}))
	set(t, s, sess.DraftID, store.FieldPhone, "0912345678")
	set(t, s, sess.DraftID, store.FieldNeedKind, "procedure")

	require.NoError(t, s.Restrict(ctx, sess.ID, true))
	require.NoError(t, s.Restrict(ctx, sess.ID, true), "twice is harmless")

	on, since, err := s.Restricted(ctx, sess.ID)
	require.NoError(t, err)
	assert.True(t, on)
	assert.False(t, since.IsZero())
	marked, err := s.RestrictedSessions(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[int64]bool{sess.ID: true}, marked)
	_, err = s.SetField(ctx, sess.DraftID, store.FieldPhone, "0987654321")
	assert.ErrorIs(t, err, store.ErrRestricted)
	_, err = s.SetGuideStep(ctx, sess.DraftID, "vneid", 1)
	assert.ErrorIs(t, err, store.ErrRestricted)
	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, int64(3), d.Version, "nothing was written")
	assert.Equal(t, "0912345678", d.Fields[store.FieldPhone])
	pending, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, pending, "nothing of it is sent")

	// A handed-off version from the hub is not taken either.
	out, err := s.ImportDraft(ctx, store.HubDraft{UID: d.UID, Version: 9, DeskID: "desk-b",
		Payload: []byte(`{"fields":{"citizen.full_name":"Lê Văn B"}}`)})
	require.NoError(t, err)
	assert.Equal(t, store.ImportKept, out)

	require.NoError(t, s.Restrict(ctx, sess.ID, false))
	on, _, err = s.Restricted(ctx, sess.ID)
	require.NoError(t, err)
	assert.False(t, on)
	pending, err = s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 1, "what was held back goes as one change")
	assert.Equal(t, int64(1), pending[0].BaseVersion, "from the hub's version")
	assert.Equal(t, int64(3), pending[0].NewVersion)
	v := set(t, s, sess.DraftID, store.FieldPhone, "0987654321")
	assert.Equal(t, int64(4), v, "writes work again")
}

func TestRestrictWithoutSync(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, false)
	set(t, s, sess.DraftID, store.FieldFullName, "Lê Văn Bình")
	require.NoError(t, s.Restrict(ctx, sess.ID, true))
	require.NoError(t, s.Restrict(ctx, sess.ID, false))
	require.NoError(t, s.Restrict(ctx, sess.ID, false), "lifting twice is harmless")
	n, err := s.OutboxLen(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "a draft the citizen kept off the hub stays off it")
	assert.ErrorIs(t, s.Restrict(ctx, sess.ID+5, true), store.ErrNotFound)
}

func TestRestrictedConflictCannotBeResolved(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	sess, id := conflicted(t, s)
	_, err := s.ApplyPull(ctx, []store.PulledEvent{hubSide(t, s, sess, "desk-a")}, 40)
	require.NoError(t, err)
	require.NoError(t, s.Restrict(ctx, sess.ID, true))
	_, err = s.ResolveConflict(ctx, id, store.KeepLocal)
	assert.ErrorIs(t, err, store.ErrRestricted)
	pending, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, pending)
}

func TestWithdrawWhileRestricted(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	setHub(t, s, "desk-a")
	sess := start(t, s, true)
	set(t, s, sess.DraftID, store.FieldFullName, "Lê Văn Bình")
	require.NoError(t, s.Restrict(ctx, sess.ID, true))
	require.NoError(t, s.WithdrawConsent(ctx, sess.ID, store.PurposeSendToHub, time.Time{}))
	require.NoError(t, s.Restrict(ctx, sess.ID, false))

	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.False(t, d.SyncAllowed, "lifting the restriction does not undo the withdrawal")
	n, err := s.OutboxLen(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	pending, err := s.PendingDeletions(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, pending, 1, "the hub may have had it before the restriction")
}

func TestConsentRecordOfHandedOffDraft(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	_, err := s.ImportDraft(ctx, handed(2, "Nguyễn Thị Lan"))
	require.NoError(t, err)
	d, err := s.DraftByUID(ctx, handedUID)
	require.NoError(t, err)

	rec, err := s.ConsentRecord(ctx, d.SessionID)
	require.NoError(t, err)
	assert.True(t, rec.FromHub)
	assert.Empty(t, rec.Purposes, "its consents were given at the desk that made it")
	assert.Empty(t, rec.Volunteer)
	assert.ErrorIs(t, s.WithdrawConsent(ctx, d.SessionID, store.PurposeSendToHub, time.Time{}),
		store.ErrNotGranted, "here the citizen's way out is deletion")
	require.NoError(t, s.DeleteSession(ctx, d.SessionID, store.DeleteRequested))
	pending, err := s.PendingDeletions(ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 1, "the hub and the desk that made it are told")
}
