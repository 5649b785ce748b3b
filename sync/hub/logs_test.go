package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"tiepsuc/internal/store"
	"tiepsuc/internal/textfold"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hubapi"
)

// logBuffer keeps every log line written to it, for many goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// capture returns a logger that writes every record, debug ones too, as
// JSON lines into a buffer.
func capture() (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
		buf
}

// A citizen's details as a volunteer types them.
const (
	citizenName    = "Nguyễn Thị Bích Ngọc"
	citizenID      = "079301012345"
	citizenPhone   = "0912345678"
	citizenAddress = "12 Lê Lợi, Phường Bến Nghé"
	citizenBirth   = "12/03/1990"
	citizenNote    = "con gái Phạm Minh Thư"
)

// personal lists what must never be in a log: each detail as typed, in
// NFD, folded as search keeps it, and JSON-escaped.
func personal() []string {
	var out []string
	for _, s := range []string{citizenName, citizenID, citizenPhone, citizenAddress,
		citizenBirth, citizenNote} {
		esc, _ := json.Marshal(s)
		out = append(out, s, norm.NFD.String(s), textfold.Fold(s),
			strings.Trim(string(esc), `"`))
	}
	return out
}

// assertNoPersonalData fails for every log line with a personal detail.
func assertNoPersonalData(tb testing.TB, who, logs string) {
	tb.Helper()
	for _, line := range strings.Split(logs, "\n") {
		lower := strings.ToLower(line)
		for _, s := range personal() {
			if strings.Contains(lower, strings.ToLower(s)) {
				tb.Errorf("%s logged %q: %s", who, s, line)
			}
		}
	}
}

// citizenPayload is a draft as a desk pushes it, details and all.
func citizenPayload(id string, version int64, phone string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"draft_id":%q,"version":%d,"fields":{`+
		`"citizen.full_name":%q,"citizen.id_number":%q,"citizen.phone":%q,`+
		`"citizen.address":%q,"citizen.birth_date":%q,"notes":%q}}`, id, version,
		citizenName, citizenID, phone, citizenAddress, citizenBirth, citizenNote))
}

// TestHubLogsNoPersonalData runs a hub with its log captured through
// pushes, a conflict, resends, and every kind of bad request carrying a
// citizen's details, and finds none of them in the log.
func TestHubLogsNoPersonalData(t *testing.T) {
	ctx := context.Background()
	log, logs := capture()
	h := startHubWith(t, newDSN(t, "sqlite"), t.TempDir(), log)
	a, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 1")
	a2, _ := h.enrolDesk(t, "Tam Hiệp", "Bàn 2")

	id := newDraftID(t)
	at := time.Now()
	v1 := hubapi.Change{DraftID: id, NewVersion: 1, Payload: citizenPayload(id, 1,
		citizenPhone), DeskTime: at}
	v2 := hubapi.Change{DraftID: id, BaseVersion: 1, NewVersion: 2,
		Payload: citizenPayload(id, 2, citizenPhone), DeskTime: at}
	stale := hubapi.Change{DraftID: id, BaseVersion: 1, NewVersion: 2,
		Payload: citizenPayload(id, 2, "0987654321"), DeskTime: at}
	_, err := a.Push(ctx, []hubapi.Change{v1, v2})
	require.NoError(t, err)
	rs, err := a2.Push(ctx, []hubapi.Change{stale})
	require.NoError(t, err)
	require.Equal(t, hubapi.StatusConflict, rs.Results[0].Status)
	_, err = a2.Push(ctx, []hubapi.Change{stale}) // resent: a duplicate
	require.NoError(t, err)
	_, err = a2.Pull(ctx, 0, 100)
	require.NoError(t, err)

	// Changes the hub refuses, each carrying the details somewhere.
	bad := []hubapi.Change{
		{DraftID: citizenID, NewVersion: 1, Payload: citizenPayload(id, 1, citizenPhone)},
		{DraftID: citizenName, NewVersion: 1, Payload: json.RawMessage(`{}`)},
		{DraftID: newDraftID(t), NewVersion: 1,
			Payload: json.RawMessage(`"` + citizenName + " " + citizenPhone + `"`)},
		{DraftID: newDraftID(t), BaseVersion: 3, NewVersion: 2,
			Payload: citizenPayload(id, 2, citizenPhone)},
	}
	_, err = a.Push(ctx, bad)
	require.NoError(t, err)

	// Requests the hub refuses whole.
	pii := citizenName + " " + citizenID + " " + citizenPhone
	requests := []struct{ token, method, path, body string }{
		{a.Token, "POST", hubapi.PathPush, pii},
		{a.Token, "POST", hubapi.PathPush, `{"protocol":"` + pii + `","changes":[]}`},
		{a.Token, "POST", hubapi.PathPush, `{"protocol":"1.0","changes":[{"draft_id":` +
			`"` + citizenID + `","base_version":"` + citizenPhone + `"}]}`},
		{a.Token, "POST", hubapi.PathPull, `{"protocol":"1.0","cursor":"` + pii + `"}`},
		{a.Token, "POST", hubapi.PathPull, `{"protocol":"1.0","pad":"` +
			strings.Repeat(pii, 200) + `"}`},
		{a.Token, "GET", "/v1/citizens/" + citizenID + "/" + citizenPhone, ""},
		{a.Token, "GET", "/v7/" + citizenID, ""},
		{a.Token, "GET", hubapi.PathPush + "?phone=" + citizenPhone, ""},
		{a.Token, "GET", hubapi.PathGuidePack + "?have=" + citizenPhone, ""},
		{citizenID, "POST", hubapi.PathPull, `{"protocol":"1.0"}`},
		{"tsd1_" + citizenPhone, "POST", hubapi.PathPull, `{"protocol":"1.0"}`},
		{"", "POST", hubapi.PathEnrol, `{"protocol":"1.0","code":"` + citizenID + `"}`},
		{"", "POST", hubapi.PathEnrol, `{"protocol":"1.0","code":"` + pii + `"}`},
		{a.Token, "POST", hubapi.PathDelete, `{"protocol":"1.0","deletions":[{"draft_id":"` +
			citizenID + `","reason":"` + citizenName + `"}]}`},
	}
	for _, rq := range requests {
		header := map[string]string{"Authorization": "Bearer " + rq.token}
		status, _ := send(t, h, rq.method, rq.path, strings.NewReader(rq.body), header)
		assert.GreaterOrEqual(t, status, 200)
	}
	status, _ := send(t, h, "GET", hubapi.PathInfo, nil, map[string]string{
		"X-Citizen": strings.Repeat(pii, 2000)})
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, status)

	// Wrong codes past the per-address limit, from another address.
	c := clientFrom(t, h, "127.0.0.2", "")
	for range 11 {
		_, err := c.Enrol(ctx, citizenPhone)
		require.Error(t, err)
	}

	got := logs.String()
	require.Contains(t, got, `"msg":"push"`, "the capture works")
	require.Contains(t, got, `"code":"enrol_rejected"`)
	require.Contains(t, got, `"code":"unavailable"`)
	require.Contains(t, got, `"code":"bad_request"`)
	assertNoPersonalData(t, "the hub", got)
}

// logDesk is a desk whose store and engine log into one buffer.
type logDesk struct {
	st  *store.Store
	eng *engine.Engine
	vol int64
}

// newLogDesk enrols a desk of commune with the hub and starts its engine;
// it stops at the end of the test.
func newLogDesk(t *testing.T, h *testHub, commune, name string, log *slog.Logger) *logDesk {
	ctx := context.Background()
	_, code, err := h.DB.CreateDesk(ctx, commune, name, time.Hour, time.Now())
	require.NoError(t, err)
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tiepsuc.db"),
		store.WithLogger(log))
	require.NoError(t, err)
	_, err = engine.Enrol(ctx, st, h.URL, h.Fingerprint, code)
	require.NoError(t, err)
	v, err := st.EnsureVolunteer(ctx, "Trần Thị Mai")
	require.NoError(t, err)
	cfg := enginetest.FastConfig()
	cfg.Log = log
	d := &logDesk{st: st, eng: engine.New(st, cfg), vol: v.ID}
	run, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.eng.Run(run)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		_ = st.Close()
	})
	return d
}

// eventually asks the desks to sync until cond holds, failing the test
// after a minute.
func eventually(t *testing.T, what string, cond func() bool, desks ...*logDesk) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		if cond() {
			return
		}
		for _, d := range desks {
			d.eng.SyncNow()
		}
		time.Sleep(50 * time.Millisecond)
	}
	require.FailNow(t, "the desks did not get there", what)
}

// TestDeskLogsNoPersonalData runs two desks of a commune, their stores and
// engines logging into a captured buffer, through a draft with a citizen's
// details, its hand-off, a conflict and a revoked token, and finds none of
// the details in what they logged.
func TestDeskLogsNoPersonalData(t *testing.T) {
	ctx := context.Background()
	log, logs := capture()
	// Parts that log to the default logger are captured too.
	prev := slog.Default()
	slog.SetDefault(log)
	t.Cleanup(func() { slog.SetDefault(prev) })

	h := newHub(t, "sqlite")
	a := newLogDesk(t, h, "Tam Hiệp", "Bàn 1", log)
	b := newLogDesk(t, h, "Tam Hiệp", "Bàn 2", log)

	sess, err := a.st.StartSession(ctx, store.NewSession{VolunteerID: a.vol, Desk: "bàn",
		Consents: []store.Consent{
			{Purpose: store.PurposeKeepDetails, Granted: true, TextVersion: "v1"},
			{Purpose: store.PurposeSendToHub, Granted: true, TextVersion: "v1"}}})
	require.NoError(t, err)
	for field, value := range map[string]string{store.FieldFullName: citizenName,
		store.FieldIDNumber: citizenID, store.FieldPhone: citizenPhone,
		store.FieldAddress: citizenAddress, store.FieldBirthDate: citizenBirth,
		store.FieldNotes: citizenNote} {
		_, err := a.st.SetField(ctx, sess.DraftID, field, value)
		require.NoError(t, err)
	}
	draft, err := a.st.Draft(ctx, sess.DraftID)
	require.NoError(t, err)
	var onB store.Draft
	eventually(t, "b has the draft", func() bool {
		onB, err = b.st.DraftByUID(ctx, draft.UID)
		return err == nil && onB.Version == draft.Version
	}, a, b)

	// Both desks change the draft from the same version; one of them gets
	// a conflict with both versions, details and all.
	_, err = a.st.SetField(ctx, sess.DraftID, store.FieldPhone, "0987654321")
	require.NoError(t, err)
	_, err = b.st.SetField(ctx, onB.ID, store.FieldAddress, citizenAddress+", Quận 1")
	require.NoError(t, err)
	eventually(t, "a conflict for a volunteer to settle", func() bool {
		ca, err := a.st.Conflicts(ctx)
		require.NoError(t, err)
		cb, err := b.st.Conflicts(ctx)
		require.NoError(t, err)
		return len(ca)+len(cb) > 0
	}, a, b)

	// The hub forgets b: its next round fails, and says so in the log.
	hb, err := b.st.Hub(ctx)
	require.NoError(t, err)
	require.NoError(t, h.DB.RevokeDesk(ctx, hb.DeskID, time.Now()))
	eventually(t, "b told to enrol again", func() bool {
		return b.eng.Status().ErrorKey == engine.KeyUnauthorized
	}, b)

	got := logs.String()
	require.Contains(t, got, `"msg":"pushed"`, "the capture works")
	require.Contains(t, got, `"msg":"pulled"`)
	require.Contains(t, got, "sync round failed")
	assertNoPersonalData(t, "a desk", got)
}
