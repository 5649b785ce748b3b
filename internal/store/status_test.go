package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

const code = "000.00.00.H49-250725-0001"

func TestRecordStatus(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, true)
	set(t, s, sess.DraftID, store.FieldDossierCode, " "+code+" ")
	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	at := time.Date(2025, 12, 4, 2, 0, 0, 0, time.UTC)

	tests := []struct {
		name      string
		rec       store.StatusRecord
		wantNew   bool
		wantDraft int64
	}{
		{"mail by code, any case", store.StatusRecord{Source: store.SourceMail,
			Ref: "7:3:code:received", MessageID: "a@x", DossierCode: "000.00.00.h49-250725-0001",
			Status: "received", At: at}, true, sess.DraftID},
		{"same mail again", store.StatusRecord{Source: store.SourceMail,
			Ref: "7:3:code:received", MessageID: "a@x", DossierCode: code,
			Status: "received", At: at}, false, sess.DraftID},
		{"same mail after renumbering", store.StatusRecord{Source: store.SourceMail,
			Ref: "9:1:code:received", MessageID: "a@x", DossierCode: code,
			Status: "received", At: at}, false, sess.DraftID},
		{"same mail, payment too", store.StatusRecord{Source: store.SourceMail,
			Ref: "7:3:code:paid", MessageID: "a@x", DossierCode: code,
			Status: "paid", At: at.Add(time.Minute)}, true, sess.DraftID},
		{"hub by uid", store.StatusRecord{Source: store.SourceHub, Ref: "55",
			DraftUID: d.UID, Status: "result_ready", At: at.Add(time.Hour)}, true,
			sess.DraftID},
		{"hub event seen twice", store.StatusRecord{Source: store.SourceHub, Ref: "55",
			DraftUID: d.UID, Status: "result_ready", At: at.Add(time.Hour)}, false,
			sess.DraftID},
		{"no draft has the code", store.StatusRecord{Source: store.SourceMail,
			Ref: "7:4:x:rejected", DossierCode: "000.17.22.H56-210531-0009",
			Status: "rejected", At: at}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.RecordStatus(ctx, tt.rec)
			require.NoError(t, err)
			assert.Equal(t, tt.wantNew, res.New)
			assert.Equal(t, tt.wantDraft, res.DraftID)
		})
	}

	st, err := s.Statuses(ctx, sess.DraftID)
	require.NoError(t, err)
	require.Len(t, st, 3)
	assert.Equal(t, []string{"received", "paid", "result_ready"},
		[]string{st[0].Status, st[1].Status, st[2].Status}, "in the order given")
	assert.Equal(t, code, st[0].DossierCode)
	c, err := s.SyncCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, c.NewStatuses)
	assert.Equal(t, 1, c.Unmatched)

	require.NoError(t, s.MarkStatusesSeen(ctx, sess.DraftID))
	c, err = s.SyncCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, c.NewStatuses)

	// The unmatched status joins the draft that gets its code later.
	un, err := s.Unmatched(ctx)
	require.NoError(t, err)
	require.Len(t, un, 1)
	other := start(t, s, false)
	set(t, s, other.DraftID, store.FieldDossierCode, "000.17.22.h56-210531-0009")
	un, err = s.Unmatched(ctx)
	require.NoError(t, err)
	assert.Empty(t, un)
	st, err = s.Statuses(ctx, other.DraftID)
	require.NoError(t, err)
	require.Len(t, st, 1)
	assert.Equal(t, "rejected", st[0].Status)
	assert.False(t, st[0].Seen)
}

func TestRecordStatusRefuses(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	good := store.StatusRecord{Source: store.SourceHub, Ref: "1", Status: "received"}
	tests := []struct {
		name string
		edit func(r *store.StatusRecord)
	}{
		{"unknown source", func(r *store.StatusRecord) { r.Source = "sms" }},
		{"no reference", func(r *store.StatusRecord) { r.Ref = "" }},
		{"status not a key", func(r *store.StatusRecord) { r.Status = "Đã tiếp nhận" }},
		{"empty status", func(r *store.StatusRecord) { r.Status = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.edit(&r)
			_, err := s.RecordStatus(ctx, r)
			assert.ErrorIs(t, err, store.ErrInvalid)
		})
	}
	un, err := s.Unmatched(ctx)
	require.NoError(t, err)
	assert.Empty(t, un, "nothing refused was kept")
}

func FuzzRecordStatus(f *testing.F) {
	ctx := context.Background()
	s, _ := openTemp(f)
	sess := start(f, s, true)
	set(f, s, sess.DraftID, store.FieldDossierCode, code)
	f.Add("hub", "1", code, "received")
	f.Add("mail", "7:3:x:paid", "000.00.00.h49-250725-0001", "paid")
	f.Add("mail", "", "", "")
	f.Add("sms", "r", "c", "Đã tiếp nhận")
	f.Add("hub", "2", " 000.00.00.H49 -250725-0001\t", "result_ready")
	f.Fuzz(func(t *testing.T, source, ref, dossier, status string) {
		r := store.StatusRecord{Source: source, Ref: ref, DossierCode: dossier,
			Status: status}
		first, err := s.RecordStatus(ctx, r)
		if err != nil {
			require.ErrorIs(t, err, store.ErrInvalid)
			return
		}
		again, err := s.RecordStatus(ctx, r)
		require.NoError(t, err)
		assert.False(t, again.New, "recorded once per source and reference")
		assert.Equal(t, first.DraftID, again.DraftID)
		if store.NormaliseDossierCode(dossier) == code {
			assert.Equal(t, sess.DraftID, first.DraftID, "tied by its code")
		}
	})
}
