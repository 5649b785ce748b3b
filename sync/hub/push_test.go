package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hubapi"
)

// newDraftID returns a fresh draft id, as a desk makes one.
func newDraftID(tb testing.TB) string {
	id, err := uuid.NewV7()
	require.NoError(tb, err)
	return id.String()
}

// change makes a change of a draft with a small payload.
func change(id string, base, next int64, note string) hubapi.Change {
	payload := fmt.Sprintf(`{"draft_id":%q,"version":%d,"fields":{"note":%q}}`, id, next, note)
	return hubapi.Change{DraftID: id, BaseVersion: base, NewVersion: next,
		Payload: json.RawMessage(payload), DeskTime: time.Now()}
}

// statuses lists the outcome statuses of push results.
func statuses(tb testing.TB, results []hubapi.ChangeResult) []string {
	var out []string
	for _, r := range results {
		o, err := r.Outcome()
		require.NoError(tb, err)
		out = append(out, o.Status)
	}
	return out
}

func TestPushExactlyOnceUnderResend(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			d1, d2 := newDraftID(t), newDraftID(t)
			batch := []hubapi.Change{change(d1, 0, 1, "a"), change(d1, 1, 2, "b"),
				change(d2, 0, 1, "c")}

			first, err := desk.Push(ctx, batch)
			require.NoError(t, err)
			for i, r := range first.Results {
				assert.Equal(t, hubapi.StatusApplied, r.Status, "change %d", i)
				assert.Equal(t, batch[i].NewVersion, r.HubVersion, "fast-forward to new version")
			}
			firstRaw := rawResults(t, h, desk.Token, batch)

			// The desk never saw the answer and sends the batch twice more.
			for range 2 {
				again, err := desk.Push(ctx, batch)
				require.NoError(t, err)
				for i, r := range again.Results {
					require.Equal(t, hubapi.StatusDuplicate, r.Status)
					assert.JSONEq(t, string(firstRaw[i]), string(r.First))
					o, err := r.Outcome()
					require.NoError(t, err)
					assert.Equal(t, first.Results[i], o, "the first answer, unchanged")
				}
			}

			// Another desk of the commune sees each version exactly once.
			other, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			pulled, err := other.Pull(ctx, 0, 100)
			require.NoError(t, err)
			require.Len(t, pulled.Events, 3, "one event per applied change, none per resend")
		})
	}
}

// rawResults resends a batch and returns the First bytes of each duplicate
// answer, to compare byte for byte with later resends.
func rawResults(tb testing.TB, h *testHub, token string, batch []hubapi.Change) [][]byte {
	tb.Helper()
	resp, err := h.client(tb, token).Push(context.Background(), batch)
	require.NoError(tb, err)
	out := make([][]byte, len(resp.Results))
	for i, r := range resp.Results {
		require.Equal(tb, hubapi.StatusDuplicate, r.Status)
		out[i] = r.First
	}
	again, err := h.client(tb, token).Push(context.Background(), batch)
	require.NoError(tb, err)
	for i, r := range again.Results {
		require.Equal(tb, string(out[i]), string(r.First), "byte-identical first answer")
	}
	return out
}

func TestConflictKeepsBothVersions(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			b, bInfo := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			id := newDraftID(t)

			_, err := a.Push(ctx, []hubapi.Change{change(id, 0, 1, "start")})
			require.NoError(t, err)
			// Both desks edit version 1 while offline; a reaches the hub first.
			ra, err := a.Push(ctx, []hubapi.Change{change(id, 1, 2, "from a")})
			require.NoError(t, err)
			require.Equal(t, hubapi.StatusApplied, ra.Results[0].Status)
			rb, err := b.Push(ctx, []hubapi.Change{change(id, 1, 2, "from b")})
			require.NoError(t, err)
			res := rb.Results[0]
			require.Equal(t, hubapi.StatusConflict, res.Status)
			assert.EqualValues(t, 2, res.HubVersion)
			assert.NotZero(t, res.ConflictID)

			// a is told, with both versions side by side.
			pulled, err := a.Pull(ctx, 0, 100)
			require.NoError(t, err)
			var conflict *hubapi.Conflict
			for _, e := range pulled.Events {
				if e.Kind == hubapi.KindConflict {
					conflict = e.Conflict
				}
			}
			require.NotNil(t, conflict, "a conflict notice for the commune")
			assert.Equal(t, res.ConflictID, conflict.ID)
			assert.Equal(t, bInfo.DeskID, conflict.DeskID)
			assert.Contains(t, string(conflict.HubPayload), "from a")
			assert.Contains(t, string(conflict.DeskPayload), "from b")

			// The hub kept a's version: a goes on from 2, b resolves from 2.
			ra, err = a.Push(ctx, []hubapi.Change{change(id, 2, 3, "a again")})
			require.NoError(t, err)
			assert.Equal(t, hubapi.StatusApplied, ra.Results[0].Status)
			rb, err = b.Push(ctx, []hubapi.Change{change(id, 3, 4, "b resolved")})
			require.NoError(t, err)
			assert.Equal(t, hubapi.StatusApplied, rb.Results[0].Status)
		})
	}
}

func TestInvalidChangeDoesNotBlockBatch(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			h := newHub(t, backend)
			desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			good1, good2 := newDraftID(t), newDraftID(t)
			upper := change(newDraftID(t), 0, 1, "x")
			upper.DraftID = "0190F0E2-7B1A-7C3D-8E4F-0123456789AB"
			array := change(newDraftID(t), 0, 1, "x")
			array.Payload = json.RawMessage(`[1,2]`)
			batch := []hubapi.Change{
				change(good1, 0, 1, "ok"),
				change("not-a-uuid", 0, 1, "x"),
				upper,
				change(newDraftID(t), 3, 3, "x"),
				change(newDraftID(t), -1, 1, "x"),
				array,
				change(good2, 0, 1, "ok"),
			}
			resp, err := desk.Push(context.Background(), batch)
			require.NoError(t, err)
			assert.Equal(t, []string{"applied", "invalid", "invalid", "invalid", "invalid",
				"invalid", "applied"}, statuses(t, resp.Results))
			for _, r := range resp.Results[1:6] {
				assert.NotEmpty(t, r.Message, "an invalid row says why")
			}
		})
	}
}

func TestConcurrentResendsApplyOnce(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			var batch []hubapi.Change
			for range 20 {
				batch = append(batch, change(newDraftID(t), 0, 1, "same"))
			}

			// A flaky line: the desk's retries overlap the first attempt.
			const senders = 6
			answers := make([][]hubapi.ChangeResult, senders)
			errs := make(chan error, senders)
			for i := range senders {
				go func() {
					resp, err := h.client(t, desk.Token).Push(ctx, batch)
					answers[i] = resp.Results
					errs <- err
				}()
			}
			for range senders {
				require.NoError(t, <-errs)
			}
			applied := 0
			for _, rs := range answers {
				for _, r := range rs {
					if r.Status == hubapi.StatusApplied {
						applied++
					}
				}
			}
			assert.Equal(t, len(batch), applied, "each change applied exactly once")
			other, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			pulled, err := other.Pull(ctx, 0, 0)
			require.NoError(t, err)
			assert.Len(t, pulled.Events, len(batch))
		})
	}
}
