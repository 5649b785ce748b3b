package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

func TestIsPersonal(t *testing.T) {
	tests := []struct {
		field string
		want  bool
	}{
		{store.FieldFullName, true},
		{store.FieldIDNumber, true},
		{store.FieldBirthDate, true},
		{store.FieldPhone, true},
		{store.FieldAddress, true},
		{store.FieldNotes, true},
		{"citizen.email", true},
		{store.FieldNeedKind, false},
		{store.FieldNeedProcedure, false},
		{store.FieldNeedGuide, false},
		{"citizen", false},
		{"notes.extra", false},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			assert.Equal(t, tt.want, store.IsPersonal(tt.field))
		})
	}
}

func TestSetField(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, false)

	nfd := "Nguye\u0302\u0303n Va\u0306n \u0110u\u031b\u0301c"
	tests := []struct {
		name        string
		field       string
		value       string
		wantVersion int64
		wantStored  string
	}{
		{"first edit", store.FieldFullName, nfd, 1, "Nguyễn Văn Đức"},
		{"same text in NFC is no change", store.FieldFullName, "Nguyễn Văn Đức", 1,
			"Nguyễn Văn Đức"},
		{"spaces kept as typed", store.FieldAddress, "  12 Võ Thị Sáu ", 2,
			"  12 Võ Thị Sáu "},
		{"same again is no change", store.FieldAddress, "  12 Võ Thị Sáu ", 2,
			"  12 Võ Thị Sáu "},
		{"invalid UTF-8 replaced", store.FieldNotes, "a\xffb", 3, "a\uFFFDb"},
		{"cleared", store.FieldNotes, "", 4, ""},
		{"clearing again is no change", store.FieldNotes, "", 4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := s.SetField(ctx, sess.DraftID, tt.field, tt.value)
			require.NoError(t, err)
			assert.Equal(t, tt.wantVersion, v)
			d, err := s.Draft(ctx, sess.DraftID)
			require.NoError(t, err)
			assert.Equal(t, tt.wantVersion, d.Version)
			assert.Equal(t, tt.wantStored, d.Fields[tt.field])
		})
	}

	h, err := s.History(ctx, sess.DraftID)
	require.NoError(t, err)
	require.Len(t, h, 4, "no-ops leave no history")
	for i, e := range h {
		assert.Equal(t, int64(i+1), e.Version)
	}
	assert.Equal(t, store.FieldFullName, h[0].Field)
	assert.Equal(t, "Nguyễn Văn Đức", h[0].Value)
	assert.Equal(t, "", h[3].Value)
	assert.True(t, h[1].At.After(h[0].At))
}

func TestSetFieldErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, true)

	_, err := s.SetField(ctx, 999, store.FieldNeedKind, "guide")
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.SetField(ctx, sess.DraftID, "", "x")
	assert.ErrorIs(t, err, store.ErrInvalid)
	_, err = s.SetField(ctx, sess.DraftID, "guide.step", "x")
	assert.ErrorIs(t, err, store.ErrInvalid)
	_, err = s.History(ctx, 999)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Draft(ctx, 999)
	assert.ErrorIs(t, err, store.ErrNotFound)

	n, err := s.OutboxLen(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "refused edits queue nothing")
}

func TestAnonymousDraftRefusesPersonalData(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := startAnon(t, s)

	for _, field := range []string{store.FieldFullName, store.FieldIDNumber,
		store.FieldPhone, store.FieldNotes} {
		t.Run(field, func(t *testing.T) {
			_, err := s.SetField(ctx, sess.DraftID, field, "Võ Văn Kiệt")
			assert.ErrorIs(t, err, store.ErrAnonymous)
		})
	}
	v := set(t, s, sess.DraftID, store.FieldNeedKind, "question")
	assert.Equal(t, int64(1), v, "non-personal fields are fine")

	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{store.FieldNeedKind: "question"}, d.Fields)
	h, err := s.History(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Len(t, h, 1, "nothing of the refused edits is stored")
}

func TestOutboxOnlyWithConsent(t *testing.T) {
	tests := []struct {
		name  string
		start func(t testing.TB, s *store.Store) store.Session
		want  int
	}{
		{"hub granted", func(t testing.TB, s *store.Store) store.Session {
			return start(t, s, true)
		}, 3},
		{"hub refused", func(t testing.TB, s *store.Store) store.Session {
			return start(t, s, false)
		}, 0},
		{"anonymous", startAnon, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTemp(t)
			sess := tt.start(t, s)
			set(t, s, sess.DraftID, store.FieldNeedKind, "procedure")
			set(t, s, sess.DraftID, store.FieldNeedKind, "procedure") // no-op
			set(t, s, sess.DraftID, store.FieldNeedProcedure, "1.004194")
			_, err := s.SetGuideStep(ctx, sess.DraftID, "vneid-level1", 2)
			require.NoError(t, err)

			n, err := s.OutboxLen(ctx)
			require.NoError(t, err)
			assert.Equal(t, tt.want, n)
		})
	}
}

func TestSetGuideStep(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := startAnon(t, s)

	steps := []struct {
		guide       string
		step        int
		wantVersion int64
	}{
		{"vneid-level1", 0, 1},
		{"vneid-level1", 1, 2},
		{"vneid-level1", 1, 2},
		{"temp-residence", 1, 3},
	}
	for _, st := range steps {
		v, err := s.SetGuideStep(ctx, sess.DraftID, st.guide, st.step)
		require.NoError(t, err)
		assert.Equal(t, st.wantVersion, v)
	}
	_, err := s.SetGuideStep(ctx, sess.DraftID, "x", -1)
	assert.ErrorIs(t, err, store.ErrInvalid)

	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, "temp-residence", d.GuideID)
	assert.Equal(t, 1, d.GuideStep)

	h, err := s.History(ctx, sess.DraftID)
	require.NoError(t, err)
	var got []string
	for _, e := range h {
		assert.Equal(t, "guide.step", e.Field)
		got = append(got, e.Value)
	}
	assert.Equal(t, []string{"vneid-level1#0", "vneid-level1#1", "temp-residence#1"}, got)
}

func TestConcurrentEditsAllKept(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, true)

	const writers, each = 4, 10
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			for i := range each {
				field := []string{store.FieldNotes, store.FieldAddress, store.FieldPhone,
					store.FieldNeedProcedure}[w]
				value := string(rune('a' + i))
				if _, err := s.SetField(ctx, sess.DraftID, field, value); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		require.NoError(t, <-errs)
	}

	d, err := s.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	assert.Equal(t, int64(writers*each), d.Version, "no edit lost to a race")
	assert.Len(t, d.Fields, writers)
	n, err := s.OutboxLen(ctx)
	require.NoError(t, err)
	assert.Equal(t, writers*each, n)
}
