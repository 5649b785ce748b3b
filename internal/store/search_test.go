package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// searchDesk fills a store with named and anonymous drafts; names maps each
// draft id to the name typed for it.
func searchDesk(t *testing.T) (*store.Store, map[string]int64) {
	t.Helper()
	s, _ := openTemp(t)
	people := []struct{ name, id string }{
		{"Nguyễn Văn A", "075 123 456 789"},
		{"Nguyễn Văn An", "075.201.234.567"},
		{"Trần Đức Bo", "123456789"},
		{"Lan_Anh Phạm", ""},
		{"Lan Anh", ""},
		{"50% Hà", ""},
	}
	ids := map[string]int64{}
	for _, p := range people {
		sess := start(t, s, false)
		set(t, s, sess.DraftID, store.FieldFullName, p.name)
		if p.id != "" {
			set(t, s, sess.DraftID, store.FieldIDNumber, p.id)
		}
		ids[p.name] = sess.DraftID
	}
	anon := startAnon(t, s)
	set(t, s, anon.DraftID, store.FieldNeedKind, "question")
	ids["anonymous"] = anon.DraftID
	return s, ids
}

func TestSearchDrafts(t *testing.T) {
	s, ids := searchDesk(t)
	all := []string{"anonymous", "50% Hà", "Lan Anh", "Lan_Anh Phạm", "Trần Đức Bo",
		"Nguyễn Văn An", "Nguyễn Văn A"}
	tests := []struct {
		text string
		want []string // newest updated first
	}{
		{"", all},
		{"   ", all},
		{"nguyen van a", []string{"Nguyễn Văn An", "Nguyễn Văn A"}},
		{"Nguyễn Văn A", []string{"Nguyễn Văn An", "Nguyễn Văn A"}},
		{"Van A", []string{"Nguyễn Văn An", "Nguyễn Văn A"}},
		{"văn an", []string{"Nguyễn Văn An"}},
		{"ĐỨC", []string{"Trần Đức Bo"}},
		{"\u00d0uc", []string{"Trần Đức Bo"}}, // Ð look-alike
		{"tran  duc", []string{"Trần Đức Bo"}},
		{"guyen", nil},
		{"anonymous", nil},
		{"075123456789", []string{"Nguyễn Văn A"}},
		{"075 123 456 789", []string{"Nguyễn Văn A"}},
		{" 0752 0123 4567 ", []string{"Nguyễn Văn An"}},
		{"075-201-234-567", []string{"Nguyễn Văn An"}},
		{"123456789", []string{"Trần Đức Bo"}},
		{"0751234", nil},
		{"lan_", []string{"Lan_Anh Phạm"}},
		{"_an", nil},
		{"5%", nil},
		{"50%", []string{"50% Hà"}},
		{"%", nil},
		{"lan anh", []string{"Lan Anh"}},
		{"lan", []string{"Lan Anh", "Lan_Anh Phạm"}},
		{"'; DROP TABLE drafts; --", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := s.SearchDrafts(context.Background(), store.DraftQuery{Text: tt.text})
			require.NoError(t, err)
			var want []int64
			for _, name := range tt.want {
				want = append(want, ids[name])
			}
			assert.Equal(t, want, draftIDs(got))
		})
	}
}

func TestSearchDraftsSummary(t *testing.T) {
	ctx := context.Background()
	s, ids := searchDesk(t)
	draftID := ids["Nguyễn Văn A"]
	set(t, s, draftID, store.FieldNeedKind, "procedure")
	set(t, s, draftID, store.FieldNeedProcedure, "1.004194")
	_, err := s.SetGuideStep(ctx, draftID, "temp-residence", 3)
	require.NoError(t, err)

	got, err := s.SearchDrafts(ctx, store.DraftQuery{Text: "075123456789"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	sum := got[0]
	assert.Equal(t, "Nguyễn Văn A", sum.FullName)
	assert.Equal(t, "075 123 456 789", sum.IDNumber, "shown as typed")
	assert.Equal(t, "procedure", sum.NeedKind)
	assert.Equal(t, "1.004194", sum.NeedProcedure)
	assert.Equal(t, "temp-residence", sum.GuideID)
	assert.Equal(t, 3, sum.GuideStep)
	assert.True(t, sum.Open)
	assert.False(t, sum.Anonymous)
	assert.True(t, sum.UpdatedAt.After(sum.StartedAt))
}

func TestSearchDraftsStateAndLimit(t *testing.T) {
	ctx := context.Background()
	s, ids := searchDesk(t)
	sessionOf := func(draftID int64) int64 {
		d, err := s.Draft(ctx, draftID)
		require.NoError(t, err)
		return d.SessionID
	}
	require.NoError(t, s.CloseSession(ctx, sessionOf(ids["Nguyễn Văn A"]), store.OutcomeDone))
	require.NoError(t, s.CloseSession(ctx, sessionOf(ids["Lan Anh"]), store.OutcomeContinue))
	require.NoError(t, s.CloseSession(ctx, sessionOf(ids["anonymous"]), store.OutcomeCounter))

	tests := []struct {
		name  string
		query store.DraftQuery
		want  []string
	}{
		{"done", store.DraftQuery{State: store.StateDone}, []string{"Nguyễn Văn A"}},
		{"continue", store.DraftQuery{State: store.StateContinue}, []string{"Lan Anh"}},
		{"counter", store.DraftQuery{State: store.StateCounter}, []string{"anonymous"}},
		{"counter with text", store.DraftQuery{Text: "a", State: store.StateCounter}, nil},
		{"open named", store.DraftQuery{Text: "nguyen", State: store.StateOpen},
			[]string{"Nguyễn Văn An"}},
		{"open", store.DraftQuery{State: store.StateOpen},
			[]string{"50% Hà", "Lan_Anh Phạm", "Trần Đức Bo", "Nguyễn Văn An"}},
		{"limit", store.DraftQuery{Limit: 2}, []string{"anonymous", "50% Hà"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.SearchDrafts(ctx, tt.query)
			require.NoError(t, err)
			var want []int64
			for _, name := range tt.want {
				want = append(want, ids[name])
			}
			assert.Equal(t, want, draftIDs(got))
		})
	}

	_, err := s.SearchDrafts(ctx, store.DraftQuery{State: "lost"})
	assert.ErrorIs(t, err, store.ErrInvalid)
}

func TestSearchDraftsNewestUpdatedFirst(t *testing.T) {
	s, ids := searchDesk(t)
	set(t, s, ids["Nguyễn Văn A"], store.FieldNotes, "quay lại chiều nay")

	got, err := s.SearchDrafts(context.Background(), store.DraftQuery{Text: "nguyen"})
	require.NoError(t, err)
	assert.Equal(t, []int64{ids["Nguyễn Văn A"], ids["Nguyễn Văn An"]}, draftIDs(got))
}

func TestSessionsStartedOn(t *testing.T) {
	ctx := context.Background()
	s, clock := openTemp(t)
	day := time.Date(2025, 12, 4, 0, 0, 0, 0, ict)
	times := map[string]time.Time{
		"day before, last instant":  day.Add(-time.Nanosecond),
		"midnight":                  day,
		"noon":                      day.Add(12 * time.Hour),
		"last instant":              day.Add(24*time.Hour - time.Nanosecond),
		"next midnight":             day.Add(24 * time.Hour),
		"same UTC date, next local": time.Date(2025, 12, 4, 20, 0, 0, 0, time.UTC),
	}
	vid := volunteer(t, s)
	sessions := map[string]int64{}
	for name, at := range times {
		clock.Set(at) // StartSession reads the clock once
		sess, err := s.StartSession(ctx, store.NewSession{VolunteerID: vid,
			Consents: consents(false)})
		require.NoError(t, err)
		assert.Equal(t, at.UTC(), sess.StartedAt)
		sessions[name] = sess.ID
	}

	tests := []struct {
		name string
		day  time.Time
		want []string // newest first
	}{
		{"local day", time.Date(2025, 12, 4, 15, 30, 0, 0, ict),
			[]string{"last instant", "noon", "midnight"}},
		{"next local day", day.AddDate(0, 0, 1),
			[]string{"same UTC date, next local", "next midnight"}},
		{"UTC day", time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC),
			[]string{"same UTC date, next local", "next midnight", "last instant", "noon"}},
		{"empty day", day.AddDate(0, 0, 5), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.SessionsStartedOn(ctx, tt.day)
			require.NoError(t, err)
			var want, have []int64
			for _, name := range tt.want {
				want = append(want, sessions[name])
			}
			for _, g := range got {
				have = append(have, g.SessionID)
			}
			assert.Equal(t, want, have)
		})
	}
}

// draftIDs lists the draft ids in order, nil for none.
func draftIDs(list []store.DraftSummary) []int64 {
	var out []int64
	for _, d := range list {
		out = append(out, d.DraftID)
	}
	return out
}
