package hub_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hubapi"
)

// deletedName is personal data a pushed draft carries.
const deletedName = "Phạm Thị Tuyết Nhung"

// namedChange makes a change whose payload holds the citizen's name.
func namedChange(id string, base, next int64) hubapi.Change {
	payload := fmt.Sprintf(`{"uid":%q,"version":%d,"fields":{"citizen.full_name":%q,`+
		`"citizen.id_number":"075160001234"}}`, id, next, deletedName)
	return hubapi.Change{DraftID: id, BaseVersion: base, NewVersion: next,
		Payload: json.RawMessage(payload), DeskTime: time.Now()}
}

// openRaw opens the hub's database directly, as its admin would.
func openRaw(tb testing.TB, dsn string) *sql.DB {
	tb.Helper()
	driver, name := "pgx", dsn
	if rest, ok := strings.CutPrefix(dsn, "sqlite://"); ok {
		driver, name = "sqlite", rest
	}
	db, err := sql.Open(driver, name)
	require.NoError(tb, err)
	tb.Cleanup(func() { db.Close() })
	return db
}

// footprint counts, table by table, the rows the hub holds of a draft in
// a commune; deletion events do not count.
func footprint(tb testing.TB, db *sql.DB, backend, commune, id string) map[string]int {
	tb.Helper()
	q := map[string]string{
		"drafts":    "SELECT count(*) FROM drafts WHERE commune = ? AND draft_id = ?",
		"conflicts": "SELECT count(*) FROM conflicts WHERE commune = ? AND draft_id = ?",
		"events": "SELECT count(*) FROM events WHERE commune = ? AND draft_id = ?" +
			" AND kind != 'deleted'",
		"changes": "SELECT count(*) FROM changes c JOIN desks d ON d.id = c.desk_id" +
			" WHERE d.commune = ? AND c.draft_id = ?",
	}
	out := map[string]int{}
	for table, query := range q {
		if backend == "postgres" {
			query = strings.Replace(strings.Replace(query, "?", "$1", 1), "?", "$2", 1)
		}
		var n int
		require.NoError(tb, db.QueryRow(query, commune, id).Scan(&n), table)
		out[table] = n
	}
	return out
}

func TestDeleteRemovesEveryVersion(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			h := newHub(t, backend)
			a, aInfo := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
			a2, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
			b, _ := h.enrolDesk(t, "Long Bình", "Bàn 1")
			id, other := newDraftID(t), newDraftID(t)

			_, err := a.Push(ctx, []hubapi.Change{namedChange(id, 0, 1), namedChange(id, 1, 2),
				namedChange(other, 0, 1)})
			require.NoError(t, err)
			rc, err := a2.Push(ctx, []hubapi.Change{namedChange(id, 1, 2)})
			require.NoError(t, err)
			require.Equal(t, hubapi.StatusConflict, rc.Results[0].Status)
			require.NoError(t, h.DB.SetStatus(ctx, "Tam Hiệp", id,
				hubapi.StatusChange{Status: hubapi.DossierReceived}, time.Now()))
			_, err = b.Push(ctx, []hubapi.Change{namedChange(id, 0, 1)})
			require.NoError(t, err)
			seen, err := a2.Pull(ctx, 0, 100)
			require.NoError(t, err)

			db := openRaw(t, h.dsn)
			before := footprint(t, db, backend, "Tam Hiệp", id)
			assert.Equal(t, map[string]int{"drafts": 1, "conflicts": 1, "events": 4,
				"changes": 3}, before)

			res, err := a.Delete(ctx, []hubapi.Deletion{{DraftID: id,
				Reason: hubapi.ReasonRequest, DeskTime: time.Now()}})
			require.NoError(t, err)
			require.Len(t, res.Results, 1)
			assert.Equal(t, hubapi.StatusDeleted, res.Results[0].Status)
			assert.True(t, res.Results[0].Found)

			assert.Equal(t, map[string]int{"drafts": 0, "conflicts": 0, "events": 0,
				"changes": 0}, footprint(t, db, backend, "Tam Hiệp", id))
			assert.Equal(t, map[string]int{"drafts": 1, "conflicts": 0, "events": 1,
				"changes": 1}, footprint(t, db, backend, "Long Bình", id),
				"the other commune's draft of the same id is not touched")
			assert.Equal(t, 1, footprint(t, db, backend, "Tam Hiệp", other)["drafts"])
			gone, err := h.DB.Deleted(ctx, "Tam Hiệp", id)
			require.NoError(t, err)
			assert.True(t, gone)

			// The other desk of the commune is told, once.
			next, err := a2.Pull(ctx, seen.NextCursor, 100)
			require.NoError(t, err)
			require.Len(t, next.Events, 1)
			e := next.Events[0]
			assert.Equal(t, hubapi.KindDeleted, e.Kind)
			assert.Equal(t, id, e.DraftID)
			require.NotNil(t, e.Deleted)
			assert.Equal(t, hubapi.DraftDeleted{DeskID: aInfo.DeskID,
				Reason: hubapi.ReasonRequest}, *e.Deleted)
			all, err := a2.Pull(ctx, 0, 100)
			require.NoError(t, err)
			for _, e := range all.Events {
				if e.DraftID == id {
					assert.Equal(t, hubapi.KindDeleted, e.Kind, "no version is left to pull")
				}
			}
			lb, err := b.Pull(ctx, 0, 100)
			require.NoError(t, err)
			for _, e := range lb.Events {
				assert.NotEqual(t, hubapi.KindDeleted, e.Kind, "Long Bình is not told")
			}

			// A desk that had not heard yet cannot bring the draft back.
			rp, err := a2.Push(ctx, []hubapi.Change{namedChange(id, 2, 3),
				namedChange(newDraftID(t), 0, 1)})
			require.NoError(t, err)
			assert.Equal(t, []string{hubapi.StatusInvalid, hubapi.StatusApplied},
				statuses(t, rp.Results))
			assert.Contains(t, rp.Results[0].Message, "deleted")
			assert.Equal(t, 0, footprint(t, db, backend, "Tam Hiệp", id)["drafts"])

			// Deleting again is answered the same, and tells nobody twice.
			res, err = a2.Delete(ctx, []hubapi.Deletion{{DraftID: id, Reason: "mistake"},
				{DraftID: "not-a-uuid", Reason: "request"},
				{DraftID: newDraftID(t), Reason: "Bad Reason"}})
			require.NoError(t, err)
			assert.Equal(t, hubapi.StatusDeleted, res.Results[0].Status)
			assert.False(t, res.Results[0].Found)
			assert.Equal(t, hubapi.StatusInvalid, res.Results[1].Status)
			assert.Equal(t, hubapi.StatusInvalid, res.Results[2].Status)
			whole, err := a.Pull(ctx, 0, 100)
			require.NoError(t, err)
			told := 0
			for _, e := range whole.Events {
				if e.DraftID == id && e.Kind == hubapi.KindDeleted {
					told++
				}
			}
			assert.Equal(t, 1, told, "one deletion event, whoever asks again")
		})
	}
}

// TestDeletedDraftNotInHubFile: on SQLite the hub overwrites what it deletes
// (secure_delete), so once the WAL is written back the file holds nothing
// of the draft. PostgreSQL keeps dead rows until its vacuum; see
// docs/sync-protocol.md.
func TestDeletedDraftNotInHubFile(t *testing.T) {
	ctx := context.Background()
	h := newHub(t, "sqlite")
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	a2, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")
	id := newDraftID(t)
	for v := int64(1); v <= 5; v++ {
		_, err := a.Push(ctx, []hubapi.Change{namedChange(id, v-1, v)})
		require.NoError(t, err)
	}
	_, err := a2.Push(ctx, []hubapi.Change{namedChange(id, 1, 2)})
	require.NoError(t, err)
	var batch []hubapi.Change
	for range 50 {
		batch = append(batch, change(newDraftID(t), 0, 1, "người khác"))
	}
	_, err = a.Push(ctx, batch)
	require.NoError(t, err)
	path := strings.TrimPrefix(h.dsn, "sqlite://")
	require.NoError(t, h.DB.Checkpoint(ctx))
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.Contains(before, []byte(deletedName)), "the test sees the draft")

	_, err = a.Delete(ctx, []hubapi.Deletion{{DraftID: id, Reason: hubapi.ReasonRequest}})
	require.NoError(t, err)
	require.NoError(t, h.DB.Checkpoint(ctx))
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.False(t, bytes.Contains(b, []byte(deletedName)), p)
		assert.False(t, bytes.Contains(b, []byte("075160001234")), p)
	}
}

func TestDeleteRequestLimits(t *testing.T) {
	h := newHub(t, "sqlite")
	desk, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	one := `{"draft_id":"0190f0e2-7b1a-7c3d-8e4f-0123456789ab","reason":"request"}`
	tests := []struct {
		name, body string
		status     int
		code       string
	}{
		{"too many", `{"protocol":"1.1","deletions":[` +
			strings.Repeat(one+",", hubapi.MaxDeletions) + one + `]}`,
			http.StatusRequestEntityTooLarge, hubapi.CodeTooLarge},
		{"not an object", `[]`, http.StatusBadRequest, hubapi.CodeBadRequest},
		{"wrong major", `{"protocol":"2.0","deletions":[]}`, http.StatusBadRequest,
			hubapi.CodeProtocolUnsupported},
		{"a 1.0 desk's body", `{"protocol":"1.0","deletions":[` + one + `]}`,
			http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := raw(t, h, desk.Token, "POST", hubapi.PathDelete, tt.body)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.code, errCode(body))
		})
	}
	status, body := raw(t, h, "", "POST", hubapi.PathDelete, `{"protocol":"1.1"}`)
	assert.Equal(t, http.StatusUnauthorized, status, "a token is needed")
	assert.Equal(t, hubapi.CodeUnauthorized, errCode(body))
}

// FuzzDecodeDelete is in fuzz_handler_test.go, with the other handlers'.
