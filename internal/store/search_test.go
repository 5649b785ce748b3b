package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
		{"\u00d0ỗ \u00d0ức Minh", ""}, // typed with the look-alike Ð (U+00D0)
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
	look := "\u00d0ỗ \u00d0ức Minh"
	all := []string{"anonymous", "50% Hà", "Lan Anh", "Lan_Anh Phạm", look, "Trần Đức Bo",
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
		{"nguyen v", []string{"Nguyễn Văn An", "Nguyễn Văn A"}},
		{"an van", []string{"Nguyễn Văn An"}}, // words in any order
		{"ĐỨC", []string{look, "Trần Đức Bo"}},
		{"duc", []string{look, "Trần Đức Bo"}},
		{"đức", []string{look, "Trần Đức Bo"}},
		{"\u00d0uc", []string{look, "Trần Đức Bo"}}, // Ð look-alike
		{"do duc", []string{look}},
		{"tran  duc", []string{"Trần Đức Bo"}},
		{"guyen", nil},
		{"anonymous", nil},
		{"075123456789", []string{"Nguyễn Văn A"}},
		{"075 123 456 789", []string{"Nguyễn Văn A"}},
		{" 0752 0123 4567 ", []string{"Nguyễn Văn An"}},
		{"075-201-234-567", []string{"Nguyễn Văn An"}},
		{"123456789", []string{"Trần Đức Bo"}},
		{"0751234", nil},
		{"07512345678", nil}, // all but the last digit of an identity number
		{"75123456789", nil},
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
			[]string{"50% Hà", "Lan_Anh Phạm", "\u00d0ỗ \u00d0ức Minh", "Trần Đức Bo",
				"Nguyễn Văn An"}},
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

func TestSearchDraftsByPhone(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, false)
	set(t, s, sess.DraftID, store.FieldFullName, "Lê Thị Thu")
	set(t, s, sess.DraftID, store.FieldPhone, "0912 345 678")
	other := start(t, s, false)
	set(t, s, other.DraftID, store.FieldPhone, "+84 987 654 321")

	tests := []struct {
		text string
		want []int64
	}{
		{"0912345678", []int64{sess.DraftID}},
		{"0912 345 678", []int64{sess.DraftID}},
		{"+84 912 345 678", []int64{sess.DraftID}},
		{"84912345678", []int64{sess.DraftID}},
		{"(+84) 912.345.678", []int64{sess.DraftID}},
		{"0987654321", []int64{other.DraftID}},
		{"091234567", nil}, // nine digits: an old identity number
		{"0912 345 67", nil},
		{"0912", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := s.SearchDrafts(ctx, store.DraftQuery{Text: tt.text})
			require.NoError(t, err)
			assert.Equal(t, tt.want, draftIDs(got))
		})
	}
}

func TestSearchFollowsEdits(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, false)
	find := func(text string) []int64 {
		t.Helper()
		got, err := s.SearchDrafts(ctx, store.DraftQuery{Text: text})
		require.NoError(t, err)
		return draftIDs(got)
	}
	found := []int64{sess.DraftID}

	set(t, s, sess.DraftID, store.FieldFullName, "Nguyễn Văn Tâm")
	set(t, s, sess.DraftID, store.FieldIDNumber, "075201234567")
	set(t, s, sess.DraftID, store.FieldPhone, "0912345678")
	assert.Equal(t, found, find("tam"))

	set(t, s, sess.DraftID, store.FieldFullName, "Nguyễn Văn Tấn")
	assert.Nil(t, find("tam"), "the old name is gone")
	assert.Equal(t, found, find("nguyen tan"))
	assert.Equal(t, found, find("075201234567"))

	set(t, s, sess.DraftID, store.FieldNotes, "quay lại sau")
	assert.Equal(t, found, find("tan"), "an edit of another field keeps the terms")

	set(t, s, sess.DraftID, store.FieldIDNumber, "")
	assert.Nil(t, find("075201234567"))
	set(t, s, sess.DraftID, store.FieldPhone, "0987654321")
	assert.Nil(t, find("0912345678"))
	assert.Equal(t, found, find("0987654321"))
	set(t, s, sess.DraftID, store.FieldFullName, "")
	assert.Nil(t, find("nguyen"))
	assert.Equal(t, found, find("0987654321"))
}

func TestSearchFollowsConflictResolution(t *testing.T) {
	tests := []struct {
		choice    store.Resolution
		phoneKept bool // only the local side has the phone
	}{
		{store.KeepLocal, true},
		{store.KeepHub, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.choice), func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTemp(t)
			setHub(t, s, "desk-a")
			sess, id := conflicted(t, s)
			_, err := s.ApplyPull(ctx, []store.PulledEvent{hubSide(t, s, sess, "desk-a")}, 40)
			require.NoError(t, err)
			_, err = s.ResolveConflict(ctx, id, tt.choice)
			require.NoError(t, err)

			byPhone, err := s.SearchDrafts(ctx, store.DraftQuery{Text: "0912345678"})
			require.NoError(t, err)
			byName, err := s.SearchDrafts(ctx, store.DraftQuery{Text: "pham thi hoa"})
			require.NoError(t, err)
			assert.Equal(t, []int64{sess.DraftID}, draftIDs(byName))
			if tt.phoneKept {
				assert.Equal(t, []int64{sess.DraftID}, draftIDs(byPhone))
			} else {
				assert.Nil(t, draftIDs(byPhone), "the hub's side has no phone")
			}
		})
	}
}

func TestSearchKeepsNoPlainText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, filepath.Join(dir, "desk.db"))
	require.NoError(t, err)
	sess := start(t, s, true)
	// Typed with marks and spaces, so the draft's own fields (kept in clear
	// until they are encrypted) hold none of the searchable forms.
	set(t, s, sess.DraftID, store.FieldFullName, "Nguyễn Thị Ánh Tuyết")
	set(t, s, sess.DraftID, store.FieldIDNumber, "075 301 234 567")
	set(t, s, sess.DraftID, store.FieldPhone, "0912 345 678")
	for _, text := range []string{"tuyet", "075301234567", "0912345678"} {
		got, err := s.SearchDrafts(ctx, store.DraftQuery{Text: text})
		require.NoError(t, err)
		require.Len(t, got, 1, text)
	}

	secrets := []string{"nguyen thi anh tuyet", "tuyet", "075301234567", "0912345678",
		"912345678"}
	for _, when := range []string{"with the log", "after close"} {
		files, err := filepath.Glob(filepath.Join(dir, "desk.db*"))
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			for _, secret := range secrets {
				assert.False(t, bytes.Contains(b, []byte(secret)), "%s: %q in %s", when, secret,
					filepath.Base(f))
			}
		}
		if when == "with the log" {
			require.NoError(t, s.Close())
		}
	}
}
