package autosave_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/autosave"
	"tiepsuc/internal/store"
)

// openDraft opens a real store in a temp folder with one session's draft.
func openDraft(t *testing.T) (*store.Store, int64) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "desk.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	v, err := st.EnsureVolunteer(context.Background(), "Lê Minh Anh")
	require.NoError(t, err)
	s, err := st.StartSession(context.Background(), store.NewSession{VolunteerID: v.ID,
		Consents: []store.Consent{{Purpose: store.PurposeKeepDetails, Granted: true,
			At: time.Now(), TextVersion: "test"}}})
	require.NoError(t, err)
	return st, s.DraftID
}

// reports collects what the saver told the screen.
type reports struct {
	mu  sync.Mutex
	all []autosave.Report
}

func (r *reports) add(x autosave.Report) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all = append(r.all, x)
}

// TestTypingIsCommittedInFull: every keystroke of a name typed fast ends
// up committed, the last value wins, and each report of "saved" comes
// with the version the store gave it.
func TestTypingIsCommittedInFull(t *testing.T) {
	st, draft := openDraft(t)
	var got reports
	s := autosave.New(func(ctx context.Context, f, v string) (int64, error) {
		return st.SetField(ctx, draft, f, v)
	}, got.add)

	name := "Nguyễn Thị Minh Khai"
	typed := ""
	for _, r := range name {
		typed += string(r)
		s.Set(store.FieldFullName, typed)
		s.Set(store.FieldNotes, fmt.Sprintf("%d letters", len([]rune(typed))))
	}
	require.NoError(t, s.Flush(context.Background()))
	assert.False(t, s.Pending())

	d, err := st.Draft(context.Background(), draft)
	require.NoError(t, err)
	assert.Equal(t, name, d.Fields[store.FieldFullName])
	assert.Equal(t, "20 letters", d.Fields[store.FieldNotes])

	hist, err := st.History(context.Background(), draft)
	require.NoError(t, err)
	versions := map[int64]string{}
	for _, h := range hist {
		versions[h.Version] = h.Value
	}
	got.mu.Lock()
	defer got.mu.Unlock()
	require.NotEmpty(t, got.all)
	for _, r := range got.all {
		require.NoError(t, r.Err)
		assert.Equal(t, r.Value, versions[r.Version], "reported saved means committed")
	}
}

// TestFailedCommitIsRetriedNotLost: while the disk refuses, the edit stays
// queued and Flush says so; once it accepts, the edit lands.
func TestFailedCommitIsRetriedNotLost(t *testing.T) {
	st, draft := openDraft(t)
	var mu sync.Mutex
	refuse := true
	var got reports
	s := autosave.New(func(ctx context.Context, f, v string) (int64, error) {
		mu.Lock()
		r := refuse
		mu.Unlock()
		if r {
			return 0, errors.New("disk full")
		}
		return st.SetField(ctx, draft, f, v)
	}, got.add)

	s.Set(store.FieldAddress, "12 Hà Huy Giáp")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	require.Error(t, s.Flush(ctx), "flush must not pretend the edit is saved")
	assert.True(t, s.Pending())

	mu.Lock()
	refuse = false
	mu.Unlock()
	require.Eventually(t, func() bool {
		d, err := st.Draft(context.Background(), draft)
		return err == nil && d.Fields[store.FieldAddress] == "12 Hà Huy Giáp"
	}, 10*time.Second, 50*time.Millisecond)
	require.NoError(t, s.Flush(context.Background()))
}

// TestRefusedFieldDoesNotBlockOthers: a value the store refuses for good
// keeps retrying without holding back the other fields.
func TestRefusedFieldDoesNotBlockOthers(t *testing.T) {
	st, draft := openDraft(t)
	var got reports
	s := autosave.New(func(ctx context.Context, f, v string) (int64, error) {
		if f == "bad" {
			return 0, errors.New("refused")
		}
		return st.SetField(ctx, draft, f, v)
	}, got.add)
	s.Set("bad", "x")
	s.Set(store.FieldPhone, "0912345678")
	require.Eventually(t, func() bool {
		d, err := st.Draft(context.Background(), draft)
		return err == nil && d.Fields[store.FieldPhone] == "0912345678"
	}, 10*time.Second, 20*time.Millisecond)
}
