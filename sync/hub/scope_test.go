package hub_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hubapi"
)

func TestDeskSeesOnlyItsCommune(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			a2, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			b, _ := h.enrolDesk(t, "Long Bình", "Bàn 1")
			secret := newDraftID(t)

			_, err := a.Push(ctx, []hubapi.Change{change(secret, 0, 1, "tam hiep"),
				change(secret, 1, 2, "tam hiep v2")})
			require.NoError(t, err)
			require.NoError(t, h.DB.SetStatus(ctx, "Tam Hiệp", secret,
				hubapi.StatusChange{Status: hubapi.DossierReceived}, time.Now()))

			// b cannot read a's draft, its status, or anything else of Tam Hiệp.
			pulled, err := b.Pull(ctx, 0, 100)
			require.NoError(t, err)
			assert.Empty(t, pulled.Events)

			// b knows (or guesses) the id: its push answers exactly as for a
			// fresh id, in its own commune, and a's draft is untouched.
			fresh := newDraftID(t)
			rs, err := b.Push(ctx, []hubapi.Change{change(secret, 2, 3, "overwrite?"),
				change(fresh, 2, 3, "fresh")})
			require.NoError(t, err)
			assert.Equal(t, hubapi.StatusApplied, rs.Results[0].Status)
			assert.Equal(t, rs.Results[1].Status, rs.Results[0].Status)
			assert.Equal(t, rs.Results[1].HubVersion, rs.Results[0].HubVersion)

			// a's commune still has a's version 2 and never hears of b's push.
			ra, err := a.Push(ctx, []hubapi.Change{change(secret, 2, 3, "tam hiep v3")})
			require.NoError(t, err)
			assert.Equal(t, hubapi.StatusApplied, ra.Results[0].Status,
				"b's push did not move Tam Hiệp's version")
			pulled, err = a2.Pull(ctx, 0, 100)
			require.NoError(t, err)
			for _, e := range pulled.Events {
				if e.Draft != nil {
					assert.NotContains(t, string(e.Draft.Payload), "overwrite?")
				}
			}
			assert.Len(t, pulled.Events, 4, "three versions and a status, all Tam Hiệp's")

			// A status for b's copy of the id does not reach a either.
			require.NoError(t, h.DB.SetStatus(ctx, "Long Bình", secret,
				hubapi.StatusChange{Status: hubapi.DossierRejected}, time.Now()))
			next, err := a2.Pull(ctx, pulled.NextCursor, 100)
			require.NoError(t, err)
			assert.Empty(t, next.Events)
		})
	}
}
