package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

func TestSettings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)

	_, ok, err := s.Setting(ctx, "desk")
	require.NoError(t, err)
	assert.False(t, ok)

	require.NoError(t, s.SetSetting(ctx, "desk", "Bàn 1"))
	require.NoError(t, s.SetSetting(ctx, "desk", "Bàn 2"))
	v, ok, err := s.Setting(ctx, "desk")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "Bàn 2", v)
}

func TestEnsureVolunteer(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)

	a, err := s.EnsureVolunteer(ctx, "Lê Văn Hùng")
	require.NoError(t, err)
	b, err := s.EnsureVolunteer(ctx, "  Le\u0302 Va\u0306n Hu\u0300ng ") // NFD, padded
	require.NoError(t, err)
	c, err := s.EnsureVolunteer(ctx, "Lê Văn Hưng")
	require.NoError(t, err)

	assert.Equal(t, a, b, "the same volunteer however the name was typed")
	assert.Equal(t, "Lê Văn Hùng", a.Name)
	assert.NotEqual(t, a.ID, c.ID)
	_, err = s.EnsureVolunteer(ctx, "   ")
	assert.ErrorIs(t, err, store.ErrInvalid)
}

func TestStartSession(t *testing.T) {
	at := time.Date(2025, 12, 4, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		anon     bool
		consents []store.Consent
		wantErr  error
		wantSync bool
	}{
		{"details and hub", false, consents(true), nil, true},
		{"details only", false, consents(false), nil, false},
		{"no consent", false, nil, store.ErrNoConsent, false},
		{"details refused", false, []store.Consent{
			{Purpose: store.PurposeKeepDetails, Granted: false, TextVersion: "v1"},
		}, store.ErrNoConsent, false},
		{"anonymous without consent", true, nil, nil, false},
		{"anonymous never syncs", true, consents(true), nil, false},
		{"unknown purpose", false, append(consents(false), store.Consent{
			Purpose: "sell_data", Granted: true, TextVersion: "v1",
		}), store.ErrInvalid, false},
		{"purpose twice", false, append(consents(false), consents(false)[0]),
			store.ErrInvalid, false},
		{"no text version", false, []store.Consent{
			{Purpose: store.PurposeKeepDetails, Granted: true},
		}, store.ErrInvalid, false},
		{"consent time kept", false, []store.Consent{
			{Purpose: store.PurposeKeepDetails, Granted: true, At: at, TextVersion: "v2"},
		}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, clock := openTemp(t)
			day := clock.Now()
			sess, err := s.StartSession(ctx, store.NewSession{
				VolunteerID: volunteer(t, s), Desk: " desk-1 ", Anonymous: tt.anon,
				Consents: tt.consents,
			})
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				list, err := s.SessionsStartedOn(ctx, day)
				require.NoError(t, err)
				assert.Empty(t, list, "a refused session leaves nothing behind")
				return
			}
			require.NoError(t, err)
			assert.True(t, sess.Open)
			assert.Equal(t, "desk-1", sess.Desk)
			assert.Equal(t, tt.anon, sess.Anonymous)
			assert.Len(t, sess.Consents, len(tt.consents))
			if tt.name == "consent time kept" {
				assert.Equal(t, at, sess.Consents[0].At)
				assert.Equal(t, "v2", sess.Consents[0].TextVersion)
			}

			d, err := s.Draft(ctx, sess.DraftID)
			require.NoError(t, err)
			assert.Equal(t, tt.wantSync, d.SyncAllowed)
			assert.Equal(t, tt.anon, d.Anonymous)
			assert.Equal(t, int64(0), d.Version)
			assert.Empty(t, d.Fields)
		})
	}
}

func TestStartSessionUnknownVolunteer(t *testing.T) {
	s, _ := openTemp(t)
	_, err := s.StartSession(context.Background(), store.NewSession{
		VolunteerID: 42, Consents: consents(false),
	})
	assert.Error(t, err, "foreign keys are enforced")
}

func TestCloseAndReopenSession(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, false)
	set(t, s, sess.DraftID, store.FieldFullName, "Phạm Thị Lan")

	require.NoError(t, s.CloseSession(ctx, sess.ID, store.OutcomeContinue))
	got, err := s.Session(ctx, sess.ID)
	require.NoError(t, err)
	assert.False(t, got.Open)
	assert.Equal(t, store.OutcomeContinue, got.Outcome)
	assert.False(t, got.EndedAt.IsZero())
	assert.True(t, got.EndedAt.After(got.StartedAt))
	assertListed(t, s, store.StateContinue, sess.DraftID, true)
	assertListed(t, s, store.StateOpen, sess.DraftID, false)

	ended := got.EndedAt
	require.NoError(t, s.CloseSession(ctx, sess.ID, store.OutcomeCounter))
	got, err = s.Session(ctx, sess.ID)
	require.NoError(t, err)
	assert.Equal(t, store.OutcomeCounter, got.Outcome, "a second close changes the outcome")
	assert.Equal(t, ended, got.EndedAt, "and keeps the first end time")

	require.NoError(t, s.ReopenSession(ctx, sess.ID))
	got, err = s.Session(ctx, sess.ID)
	require.NoError(t, err)
	assert.True(t, got.Open)
	assert.Equal(t, store.OutcomeNone, got.Outcome)
	assert.True(t, got.EndedAt.IsZero())
	assertListed(t, s, store.StateOpen, sess.DraftID, true)
	assertListed(t, s, store.StateCounter, sess.DraftID, false)

	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, "Phạm Thị Lan", d.Fields[store.FieldFullName], "the draft survives")
}

func TestCloseSessionErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, false)

	assert.ErrorIs(t, s.CloseSession(ctx, sess.ID, store.OutcomeNone), store.ErrInvalid)
	assert.ErrorIs(t, s.CloseSession(ctx, sess.ID, "lost"), store.ErrInvalid)
	assert.ErrorIs(t, s.CloseSession(ctx, 999, store.OutcomeDone), store.ErrNotFound)
	assert.ErrorIs(t, s.ReopenSession(ctx, 999), store.ErrNotFound)
	_, err := s.Session(ctx, 999)
	assert.ErrorIs(t, err, store.ErrNotFound)

	got, err := s.Session(ctx, sess.ID)
	require.NoError(t, err)
	assert.True(t, got.Open, "a refused close leaves the session open")
}

// assertListed checks whether the draft appears under a state filter.
func assertListed(t *testing.T, s *store.Store, st store.DraftState, draftID int64,
	want bool) {
	t.Helper()
	list, err := s.SearchDrafts(context.Background(), store.DraftQuery{State: st})
	require.NoError(t, err)
	found := false
	for _, d := range list {
		found = found || d.DraftID == draftID
	}
	assert.Equal(t, want, found, "draft %d under state %q", draftID, st)
}
