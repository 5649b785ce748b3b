package mail

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// memRecorder stands in for the desk store, which does not implement
// Recorder yet: it knows some dossier codes and keeps each status once per
// mail, by UID and UIDVALIDITY and, across renumbering, by Message-ID.
type memRecorder struct {
	drafts   map[string]bool
	byUID    map[string]bool
	byMsgID  map[string]bool
	statuses map[string][]Finding
	fail     error
}

func newMemRecorder(codes ...string) *memRecorder {
	r := &memRecorder{drafts: map[string]bool{}, byUID: map[string]bool{},
		byMsgID: map[string]bool{}, statuses: map[string][]Finding{}}
	for _, c := range codes {
		r.drafts[c] = true
	}
	return r
}

func (r *memRecorder) Record(_ context.Context, f Finding, ref MailRef) (bool, error) {
	if r.fail != nil {
		return false, r.fail
	}
	if !r.drafts[f.Code] {
		return false, fmt.Errorf("draft for %s: %w", f.Code, ErrNoDraft)
	}
	uidKey := fmt.Sprintf("%d/%d/%s/%d/%d", ref.UIDValidity, ref.UID, f.Code, f.Status,
		f.Payment)
	msgKey := fmt.Sprintf("%s/%s/%d/%d", ref.MessageID, f.Code, f.Status, f.Payment)
	if r.byUID[uidKey] || (ref.MessageID != "" && r.byMsgID[msgKey]) {
		return false, nil
	}
	r.byUID[uidKey], r.byMsgID[msgKey] = true, true
	r.statuses[f.Code] = append(r.statuses[f.Code], f)
	return true, nil
}

func fetchedFixtures(t *testing.T, validity uint32, files ...string) []Fetched {
	var out []Fetched
	for i, f := range files {
		out = append(out, Fetched{Ref: MailRef{UIDValidity: validity, UID: uint32(i + 1)},
			Raw: fixture(t, f)})
	}
	return out
}

func TestProcess(t *testing.T) {
	rec := newMemRecorder("000.00.00.H19-250725-0012", "000.00.00.H19-250821-0001",
		"000.00.00.H19-250821-0002", "000.00.05.H19-250810-0222")
	mails := fetchedFixtures(t, 7, "accepted-split-subject-qp.eml", "digest.eml",
		"forwarded-rfc822.eml", "no-code.eml", "rejected-q-split.eml")
	mails = append(mails, Fetched{Ref: MailRef{UIDValidity: 7, UID: 6},
		Raw: []byte("Subject: x\n\nMã hồ sơ 000.00.00.H19-250901-0001, xin chào\n")})

	res, err := Process(context.Background(), rec, mails)
	require.NoError(t, err)
	assert.Equal(t, 4, res.Recorded)
	assert.Equal(t, 0, res.Repeated)
	assert.Equal(t, []Finding{{"000.00.05.H19-250810-0222", StatusSupplement, 0,
		WhereForwardedSubject}}, rec.statuses["000.00.05.H19-250810-0222"])

	type miss struct {
		uid    uint32
		reason Reason
		codes  []string
	}
	var got []miss
	for _, u := range res.Unmatched {
		got = append(got, miss{u.Ref.UID, u.Reason, u.Codes})
	}
	assert.Equal(t, []miss{
		{2, ReasonNoDraft, []string{"000.00.00.H19-250819-0017"}},
		{4, ReasonNoCode, nil},
		{5, ReasonNoDraft, []string{"000.00.12.H19-250802-0107"}},
		{6, ReasonNoStatus, []string{"000.00.00.H19-250901-0001"}},
	}, got)
	assert.Equal(t, "Thông báo lịch làm việc dịp lễ", res.Unmatched[1].Subject)
	assert.Equal(t, "tonghop-250821@motcua.example.vn", res.Unmatched[0].Ref.MessageID,
		"the Message-ID comes from the mail when the server gave none")

	// The same mails again, as after a failed save or a renumbered mailbox:
	// nothing is recorded twice.
	for i := range mails {
		mails[i].Ref.UIDValidity = 8
	}
	res, err = Process(context.Background(), rec, mails)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Recorded)
	assert.Equal(t, 4, res.Repeated)
}

func TestProcessUnreadableAndStoreFailure(t *testing.T) {
	rec := newMemRecorder("000.00.00.H19-250816-0101")
	mails := []Fetched{
		{Ref: MailRef{UID: 1}, Raw: []byte("Content-Type: multipart/mixed; boundary=x\n\n" +
			"--x\nContent-Type: text/plain\n\nnothing here\n--x\nbad header\n")},
		{Ref: MailRef{UID: 2}, Raw: fixture(t, "broken-mime.eml")},
	}
	res, err := Process(context.Background(), rec, mails)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Recorded, "a damaged mail still gives what it can")
	require.Len(t, res.Unmatched, 1)
	assert.Equal(t, ReasonUnreadable, res.Unmatched[0].Reason)
	assert.Error(t, res.Unmatched[0].Problem)

	rec.fail = errors.New("disk full")
	_, err = Process(context.Background(), rec, mails)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk full")
}

func TestCheckKeepsStateWhenRecordingFails(t *testing.T) {
	c := testClient(t)
	box := newMailbox(t, c)
	appendMail(t, c, box, fixture(t, "accepted-split-subject-qp.eml"))
	w := testWatcher(box)
	rec := newMemRecorder("000.00.00.H19-250725-0012")
	rec.fail = errors.New("store locked")

	state, _, err := w.Check(context.Background(), State{}, rec)
	require.Error(t, err)
	assert.Equal(t, State{}, state, "the mail will be read again")

	rec.fail = nil
	state, res, err := w.Check(context.Background(), state, rec)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Recorded)
	assert.Equal(t, uint32(1), state.LastUID)
	assert.Equal(t, StatusAccepted, rec.statuses["000.00.00.H19-250725-0012"][0].Status)
}
