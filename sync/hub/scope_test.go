package hub_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"math"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
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

// pushAnswers sends changes as the desk of token and returns each answer
// as decoded JSON, with the draft id and the hub's clock taken out (also
// from a duplicate's first answer): what is left must not depend on which
// commune knows the id.
func pushAnswers(tb testing.TB, h *testHub, token string, changes ...hubapi.Change) []any {
	tb.Helper()
	return answers(tb, h, token, hubapi.PathPush,
		hubapi.PushRequest{Protocol: hubapi.Protocol, Changes: changes})
}

// deleteAnswers is pushAnswers for deletions.
func deleteAnswers(tb testing.TB, h *testHub, token string, dels ...hubapi.Deletion) []any {
	tb.Helper()
	return answers(tb, h, token, hubapi.PathDelete,
		hubapi.DeleteRequest{Protocol: hubapi.Protocol, Deletions: dels})
}

// answers posts req to path and returns its results as pushAnswers does.
func answers(tb testing.TB, h *testHub, token, path string, req any) []any {
	tb.Helper()
	body, err := json.Marshal(req)
	require.NoError(tb, err)
	status, v := raw(tb, h, token, http.MethodPost, path, string(body))
	require.Equal(tb, http.StatusOK, status)
	results, ok := v["results"].([]any)
	require.True(tb, ok)
	for _, r := range results {
		m := r.(map[string]any)
		delete(m, "draft_id")
		delete(m, "answered_at")
		if first, ok := m["first"].(map[string]any); ok {
			delete(first, "draft_id")
			delete(first, "answered_at")
		}
	}
	return results
}

// TestForeignDraftIDIsNoOracle plays a desk of Long Bình that learnt the
// id of a Tam Hiệp draft with an open conflict. Whatever it sends with that
// id (a first version, a "resolution" based on the hub's version, a resend)
// is answered exactly as the same change of an id nobody has, and Tam Hiệp
// sees no trace of it.
func TestForeignDraftIDIsNoOracle(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			a2, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			b, _ := h.enrolDesk(t, "Long Bình", "Bàn 1")
			type attempt struct {
				name       string
				base, next int64
			}
			// Each attempt aims at its own Tam Hiệp draft, at version 2 with
			// an open conflict, and is compared with its own unknown id.
			var secrets []string
			for _, at := range []attempt{{"first version", 0, 1},
				{"resolution on the hub's version", 2, 3}, {"version far ahead", 40, 41}} {
				secret := newDraftID(t)
				secrets = append(secrets, secret)
				_, err := a.Push(ctx, []hubapi.Change{change(secret, 0, 1, "tam hiep"),
					change(secret, 1, 2, "tam hiep v2")})
				require.NoError(t, err)
				rs, err := a2.Push(ctx, []hubapi.Change{change(secret, 1, 2, "stale edit")})
				require.NoError(t, err)
				require.Equal(t, hubapi.StatusConflict, rs.Results[0].Status)

				foreign := change(secret, at.base, at.next, "from long binh")
				unknown := change(newDraftID(t), at.base, at.next, "from long binh")
				got := pushAnswers(t, h, b.Token, foreign)
				want := pushAnswers(t, h, b.Token, unknown)
				assert.Equal(t, want, got, "%s: same answer as an unknown id", at.name)
				assert.Equal(t, pushAnswers(t, h, b.Token, unknown),
					pushAnswers(t, h, b.Token, foreign), "%s: resent", at.name)
			}

			// Long Bình reads nothing of Tam Hiệp: not the drafts, not the
			// conflicts with both versions.
			pulled, err := b.Pull(ctx, 0, hubapi.MaxPullLimit)
			require.NoError(t, err)
			for _, e := range pulled.Events {
				assert.NotEqual(t, hubapi.KindConflict, e.Kind)
				raw, err := json.Marshal(e)
				require.NoError(t, err)
				assert.NotContains(t, string(raw), "tam hiep")
				assert.NotContains(t, string(raw), "stale edit")
			}

			// Tam Hiệp's drafts are still at version 2 with their open
			// conflicts, and no version from Long Bình reached its desks.
			for _, secret := range secrets {
				ra, err := a.Push(ctx, []hubapi.Change{change(secret, 2, 3, "tam hiep v3")})
				require.NoError(t, err)
				assert.Equal(t, hubapi.StatusApplied, ra.Results[0].Status)
			}
			seen, err := a2.Pull(ctx, 0, hubapi.MaxPullLimit)
			require.NoError(t, err)
			conflicts := 0
			for _, e := range seen.Events {
				raw, err := json.Marshal(e)
				require.NoError(t, err)
				assert.NotContains(t, string(raw), "from long binh")
				if e.Kind == hubapi.KindConflict {
					conflicts++
				}
			}
			assert.Equal(t, len(secrets), conflicts, "Tam Hiệp's own conflicts, and only them")
		})
	}
}

// TestDeletionIsScopedToCommune is the deletion half of the scoping
// promise: a desk of Long Bình that asks to delete a Tam Hiệp draft by its
// id gets the answer of an unknown id, and Tam Hiệp keeps every version,
// status and conflict of its draft.
func TestDeletionIsScopedToCommune(t *testing.T) {
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
			_, err = a2.Push(ctx, []hubapi.Change{change(secret, 1, 2, "stale edit")})
			require.NoError(t, err)
			require.NoError(t, h.DB.SetStatus(ctx, "Tam Hiệp", secret,
				hubapi.StatusChange{Status: hubapi.DossierReceived}, time.Now()))

			del := func(id string) hubapi.Deletion {
				return hubapi.Deletion{DraftID: id, Reason: hubapi.ReasonRequest}
			}
			unknown := newDraftID(t)
			want := deleteAnswers(t, h, b.Token, del(unknown))
			assert.Equal(t, want, deleteAnswers(t, h, b.Token, del(secret)),
				"same answer as an unknown id")
			assert.Equal(t, deleteAnswers(t, h, b.Token, del(unknown)),
				deleteAnswers(t, h, b.Token, del(secret)), "resent")

			// Tam Hiệp's draft is whole: its version 2 goes on, and a desk
			// that pulls from the start finds both versions, the conflict and
			// the status, and no deletion.
			ra, err := a.Push(ctx, []hubapi.Change{change(secret, 2, 3, "tam hiep v3")})
			require.NoError(t, err)
			assert.Equal(t, hubapi.StatusApplied, ra.Results[0].Status)
			seen, err := a2.Pull(ctx, 0, hubapi.MaxPullLimit)
			require.NoError(t, err)
			kinds := map[string]int{}
			for _, e := range seen.Events {
				kinds[e.Kind]++
			}
			assert.Equal(t, map[string]int{hubapi.KindDraft: 3, hubapi.KindConflict: 1,
				hubapi.KindStatus: 1}, kinds)
			gone, err := h.DB.Deleted(ctx, "Tam Hiệp", secret)
			require.NoError(t, err)
			assert.False(t, gone)
		})
	}
}

// assertCoinFlips asserts that each bit position of the samples is set in
// about half of them: within six standard deviations of n/2. A sound
// random source fails this about once in 10^8 runs; a stuck, copied or
// counted bit fails at once.
func assertCoinFlips(tb testing.TB, what string, samples [][]byte, skip func(bit int) bool) {
	tb.Helper()
	n := len(samples)
	slack := 6 * math.Sqrt(float64(n)) / 2
	for bit := range len(samples[0]) * 8 {
		if skip != nil && skip(bit) {
			continue
		}
		ones := 0
		for _, s := range samples {
			ones += int(s[bit/8]>>(7-bit%8)) & 1
		}
		assert.InDelta(tb, float64(n)/2, float64(ones), slack, "%s: bit %d set in %d of %d",
			what, bit, ones, n)
	}
}

// TestSecretsCannotBeGuessed looks at what a desk of another commune, or
// anyone on the network, would have to guess: a desk token (256 random
// bits), an enrolment code (10 symbols of 31, about 49.5 bits, for 7 days
// behind the enrolment limits) and a draft id (a UUIDv7: 62 random bits
// after the time; knowing one opens nothing, see TestForeignDraftIDIsNoOracle).
func TestSecretsCannotBeGuessed(t *testing.T) {
	ctx := context.Background()
	h := newHub(t, "sqlite")

	t.Run("desk tokens", func(t *testing.T) {
		var tokens [][]byte
		seen := map[string]bool{}
		for i := range 64 {
			_, resp := h.enrolDesk(t, "Tam Hiệp", "Bàn "+strconv.Itoa(i))
			require.False(t, seen[resp.Token], "a token given twice")
			seen[resp.Token] = true
			body, ok := strings.CutPrefix(resp.Token, "tsd1_")
			require.True(t, ok, "token %d has its prefix", i)
			raw, err := base64.RawURLEncoding.DecodeString(body)
			require.NoError(t, err)
			require.Len(t, raw, 32, "256 bits")
			tokens = append(tokens, raw)
		}
		assertCoinFlips(t, "token", tokens, nil)
	})

	t.Run("enrolment codes", func(t *testing.T) {
		const n = 200
		count := map[rune]int{}
		seen := map[string]bool{}
		for range n {
			_, code, err := h.DB.CreateDesk(ctx, "Tam Hiệp", "Bàn", time.Hour, time.Now())
			require.NoError(t, err)
			require.Len(t, code, hubapi.CodeLength)
			require.False(t, seen[code], "a code given twice")
			seen[code] = true
			for _, r := range code {
				require.True(t, strings.ContainsRune(hubapi.CodeAlphabet, r), "%q", r)
				count[r]++
			}
		}
		// Each of the 31 symbols about equally often.
		symbols := float64(n * hubapi.CodeLength)
		p := 1 / float64(len(hubapi.CodeAlphabet))
		slack := 6 * math.Sqrt(symbols*p*(1-p))
		for _, r := range hubapi.CodeAlphabet {
			assert.InDelta(t, symbols*p, float64(count[r]), slack, "symbol %q", r)
		}
	})

	t.Run("draft ids made by a desk", func(t *testing.T) {
		st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tiepsuc.db"),
			store.WithLogger(quiet()))
		require.NoError(t, err)
		defer st.Close()
		v, err := st.EnsureVolunteer(ctx, "Trần Thị Mai")
		require.NoError(t, err)
		var ids [][]byte
		seen := map[string]bool{}
		for range 200 {
			sess, err := st.StartSession(ctx, store.NewSession{VolunteerID: v.ID, Desk: "bàn",
				Anonymous: true})
			require.NoError(t, err)
			d, err := st.Draft(ctx, sess.DraftID)
			require.NoError(t, err)
			u, err := uuid.Parse(d.UID)
			require.NoError(t, err)
			require.Equal(t, u.String(), d.UID, "canonical form")
			require.EqualValues(t, 7, u.Version())
			require.False(t, seen[d.UID])
			seen[d.UID] = true
			ids = append(ids, u[:])
		}
		// Bits 0-65 are the time in milliseconds and its fraction, the
		// version and the variant; the other 62 are random.
		assertCoinFlips(t, "draft id", ids, func(bit int) bool { return bit < 66 })
	})
}
