package hub_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hubapi"
)

func TestPullByCursor(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			a2, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			other, _ := h.enrolDesk(t, "Long Bình", "Bàn 1")

			var batch []hubapi.Change
			for range 25 {
				batch = append(batch, change(newDraftID(t), 0, 1, "hand-off"))
			}
			_, err := a.Push(ctx, batch)
			require.NoError(t, err)
			require.NoError(t, h.DB.SetStatus(ctx, "Tam Hiệp", batch[3].DraftID,
				hubapi.StatusChange{Status: hubapi.DossierResult,
					DossierCode: "000.00.00.H49-250725-0001"}, time.Now()))
			gp, err := h.DB.PublishGuidePack(ctx, 2, []byte("the zip of a checked pack"),
				time.Now())
			require.NoError(t, err)

			// The other desk of the commune pulls in pages of ten.
			var events []hubapi.Event
			cursor := int64(0)
			for pages := 0; ; pages++ {
				require.Less(t, pages, 10)
				resp, err := a2.Pull(ctx, cursor, 10)
				require.NoError(t, err)
				require.GreaterOrEqual(t, resp.NextCursor, cursor, "cursors never go back")
				events = append(events, resp.Events...)
				cursor = resp.NextCursor
				if !resp.More {
					break
				}
			}
			require.Len(t, events, 27, "25 drafts, a status, a guide pack")
			for i := 1; i < len(events); i++ {
				assert.Greater(t, events[i].Seq, events[i-1].Seq)
			}
			assert.Equal(t, batch[0].DraftID, events[0].DraftID)
			require.NotNil(t, events[0].Draft)
			assert.JSONEq(t, string(batch[0].Payload), string(events[0].Draft.Payload))
			require.NotNil(t, events[25].Status)
			assert.Equal(t, hubapi.DossierResult, events[25].Status.Status)
			assert.Equal(t, "000.00.00.H49-250725-0001", events[25].Status.DossierCode)
			require.NotNil(t, events[26].GuidePack)
			assert.Equal(t, hubapi.GuidePack{Version: "2", URL: hubapi.PathGuidePack,
				SHA256: gp.SHA256}, *events[26].GuidePack)

			// Nothing new: the cursor stays.
			resp, err := a2.Pull(ctx, cursor, 0)
			require.NoError(t, err)
			assert.Empty(t, resp.Events)
			assert.Equal(t, cursor, resp.NextCursor)
			assert.False(t, resp.More)

			// The pushing desk does not get its own drafts back, only the rest.
			resp, err = a.Pull(ctx, 0, 0)
			require.NoError(t, err)
			assert.Len(t, resp.Events, 2)

			// Another commune gets the guide pack only.
			resp, err = other.Pull(ctx, 0, 0)
			require.NoError(t, err)
			require.Len(t, resp.Events, 1)
			assert.Equal(t, hubapi.KindGuidePack, resp.Events[0].Kind)
		})
	}
}

func TestRestartBetweenBatches(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			id := newDraftID(t)
			batch := []hubapi.Change{change(id, 0, 1, "before"), change(id, 1, 2, "before")}
			_, err := desk.Push(ctx, batch)
			require.NoError(t, err)
			firstRaw := rawResults(t, h, desk.Token, batch)

			h2 := h.restart(t)
			assert.Equal(t, h.Fingerprint, h2.Fingerprint, "the certificate survives")
			desk2 := h2.client(t, desk.Token)

			// The resend after the restart gets the first answers, byte for byte.
			again, err := desk2.Push(ctx, batch)
			require.NoError(t, err)
			for i, r := range again.Results {
				require.Equal(t, hubapi.StatusDuplicate, r.Status)
				assert.Equal(t, string(firstRaw[i]), string(r.First))
			}
			next, err := desk2.Push(ctx, []hubapi.Change{change(id, 2, 3, "after")})
			require.NoError(t, err)
			assert.Equal(t, hubapi.StatusApplied, next.Results[0].Status)

			other, _ := h2.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			pulled, err := other.Pull(ctx, 0, 0)
			require.NoError(t, err)
			assert.Len(t, pulled.Events, 3, "versions from before and after the restart")
		})
	}
}
