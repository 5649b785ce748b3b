package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/attach"
	"tiepsuc/internal/store"
)

// fileRef makes the reference of a file whose bytes are seed.
func fileRef(seed, kind string, size int64, paper string) store.AttachmentRef {
	sum := sha256.Sum256([]byte(seed))
	return store.AttachmentRef{SHA256: hex.EncodeToString(sum[:]), Kind: kind, Size: size,
		Paper: paper}
}

// snapshotFiles reads the attachments of an outbox payload, and fails the
// test if the payload holds anything about a file besides them.
func snapshotFiles(t *testing.T, payload []byte) []map[string]any {
	t.Helper()
	var p struct {
		Attachments []map[string]any `json:"attachments"`
	}
	require.NoError(t, json.Unmarshal(payload, &p))
	for _, a := range p.Attachments {
		for k := range a {
			assert.Contains(t, []string{"sha256", "kind", "size", "paper"}, k,
				"a snapshot lists no bytes and no file name")
		}
	}
	return p.Attachments
}

func TestAddAttachment(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	d := start(t, s, true).DraftID
	cccd := fileRef("cccd", "jpeg", 812_345, "1.004194.0")

	v, err := s.AddAttachment(ctx, d, cccd)
	require.NoError(t, err)
	assert.Equal(t, int64(1), v, "a version of its own")

	list, err := s.Attachments(ctx, d)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, cccd, list[0].AttachmentRef)
	assert.False(t, list[0].AddedAt.IsZero())
	assert.Equal(t, store.UploadState{State: store.UploadQueued, Size: 812_345},
		list[0].Upload)

	h, err := s.History(ctx, d)
	require.NoError(t, err)
	last := h[len(h)-1]
	assert.Equal(t, "attachment.add", last.Field)
	assert.Equal(t, cccd.SHA256, last.Value)

	rows, err := s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	files := snapshotFiles(t, rows[0].Payload)
	require.Len(t, files, 1)
	assert.Equal(t, cccd.SHA256, files[0]["sha256"])
	assert.Equal(t, "jpeg", files[0]["kind"])
	assert.EqualValues(t, 812_345, files[0]["size"])
	assert.Equal(t, "1.004194.0", files[0]["paper"])

	ups, err := s.PendingUploads(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []store.Upload{{SHA256: cccd.SHA256, Kind: "jpeg", Size: 812_345}}, ups)

	// The same file again changes nothing; another paper is a change.
	v, err = s.AddAttachment(ctx, d, cccd)
	require.NoError(t, err)
	assert.Equal(t, int64(1), v)
	cccd.Paper = "1.004194.1"
	v, err = s.AddAttachment(ctx, d, cccd)
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)
	list, err = s.Attachments(ctx, d)
	require.NoError(t, err)
	assert.Equal(t, "1.004194.1", list[0].Paper)

	// Later edits of the draft keep listing the file.
	set(t, s, d, store.FieldPhone, "0912345678")
	rows, err = s.PendingOutbox(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, snapshotFiles(t, rows[len(rows)-1].Payload), 1,
		"never lost when the draft is edited")
}

func TestAddAttachmentRefuses(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	d := start(t, s, true).DraftID
	good := fileRef("giấy khai sinh", "pdf", 1000, "")
	tests := []struct {
		name string
		edit func(a *store.AttachmentRef)
	}{
		{"upper-case checksum", func(a *store.AttachmentRef) {
			a.SHA256 = strings.ToUpper(a.SHA256)
		}},
		{"short checksum", func(a *store.AttachmentRef) { a.SHA256 = a.SHA256[:63] }},
		{"path in checksum", func(a *store.AttachmentRef) {
			a.SHA256 = "../" + a.SHA256[3:]
		}},
		{"unknown kind", func(a *store.AttachmentRef) { a.Kind = "heic" }},
		{"empty file", func(a *store.AttachmentRef) { a.Size = 0 }},
		{"over 30 MB", func(a *store.AttachmentRef) { a.Size = attach.MaxBytes + 1 }},
		{"paper id too long", func(a *store.AttachmentRef) {
			a.Paper = strings.Repeat("p", 201)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := good
			tt.edit(&a)
			_, err := s.AddAttachment(ctx, d, a)
			assert.ErrorIs(t, err, store.ErrInvalid)
		})
	}
	full := good
	full.Size = attach.MaxBytes
	_, err := s.AddAttachment(ctx, d, full)
	assert.NoError(t, err, "exactly 30 MB is taken, as attach takes it")

	anon := startAnon(t, s).DraftID
	_, err = s.AddAttachment(ctx, anon, good)
	assert.ErrorIs(t, err, store.ErrAnonymous)
	list, err := s.Attachments(ctx, anon)
	require.NoError(t, err)
	assert.Empty(t, list)

	_, err = s.AddAttachment(ctx, 9999, good)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Attachments(ctx, 9999)
	assert.ErrorIs(t, err, store.ErrNotFound)
}

func TestAttachmentWithoutSyncConsent(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	d := start(t, s, false).DraftID
	_, err := s.AddAttachment(ctx, d, fileRef("sổ hộ khẩu", "png", 5000, ""))
	require.NoError(t, err)

	list, err := s.Attachments(ctx, d)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, store.UploadLocal, list[0].Upload.State, "kept on this desk only")
	ups, err := s.PendingUploads(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, ups)
	n, err := s.OutboxLen(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestRemoveAttachmentKeepsSharedFile(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	a := start(t, s, true).DraftID
	require.NoError(t, s.CloseSession(ctx, sessionOf(t, s, a), store.OutcomeDone))
	b := start(t, s, true).DraftID
	photo := fileRef("ảnh chân dung", "jpeg", 40_000, "")
	other := fileRef("đơn", "pdf", 9_000, "")
	for _, d := range []int64{a, b} {
		_, err := s.AddAttachment(ctx, d, photo)
		require.NoError(t, err)
	}
	_, err := s.AddAttachment(ctx, b, other)
	require.NoError(t, err)

	v, err := s.RemoveAttachment(ctx, a, photo.SHA256)
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)
	used, err := s.AttachmentInUse(ctx, photo.SHA256)
	require.NoError(t, err)
	assert.True(t, used, "draft b still has the photo")
	ups, err := s.PendingUploads(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, ups, 2, "b's photo is still to be sent")

	h, err := s.History(ctx, a)
	require.NoError(t, err)
	assert.Equal(t, "attachment.remove", h[len(h)-1].Field)
	assert.Equal(t, photo.SHA256, h[len(h)-1].Value)
	rows, err := s.OutboxRows(ctx, a)
	require.NoError(t, err)
	assert.Empty(t, snapshotFiles(t, rows[len(rows)-1].Payload))

	// Removing it twice changes nothing.
	v, err = s.RemoveAttachment(ctx, a, photo.SHA256)
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)

	_, err = s.RemoveAttachment(ctx, b, photo.SHA256)
	require.NoError(t, err)
	used, err = s.AttachmentInUse(ctx, photo.SHA256)
	require.NoError(t, err)
	assert.False(t, used, "no draft uses it: the file may go")
	ups, err = s.PendingUploads(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{other.SHA256}, shas(ups), "no upload of an unused file")
	inUse, err := s.AttachmentsInUse(ctx)
	require.NoError(t, err)
	assert.Equal(t, []store.AttachmentRef{{SHA256: other.SHA256, Kind: "pdf", Size: 9_000}},
		inUse)

	_, err = s.RemoveAttachment(ctx, b, "not a checksum")
	assert.ErrorIs(t, err, store.ErrInvalid)
}

// sessionOf returns the session of a draft.
func sessionOf(t *testing.T, s *store.Store, draftID int64) int64 {
	t.Helper()
	d, err := s.Draft(context.Background(), draftID)
	require.NoError(t, err)
	return d.SessionID
}

// shas lists the checksums of uploads.
func shas(ups []store.Upload) []string {
	out := []string{}
	for _, u := range ups {
		out = append(out, u.SHA256)
	}
	return out
}

func TestUploadStates(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	d := start(t, s, true).DraftID
	big := fileRef("ảnh lớn", "jpeg", 4<<20, "")
	gone := fileRef("ảnh đã xoá", "png", 7000, "")
	for _, a := range []store.AttachmentRef{big, gone} {
		_, err := s.AddAttachment(ctx, d, a)
		require.NoError(t, err)
	}
	state := func(sha string) store.UploadState {
		list, err := s.Attachments(ctx, d)
		require.NoError(t, err)
		for _, a := range list {
			if a.SHA256 == sha {
				return a.Upload
			}
		}
		require.FailNow(t, "attachment not listed")
		return store.UploadState{}
	}

	require.NoError(t, s.SetUploadSent(ctx, big.SHA256, 1<<20))
	assert.Equal(t, store.UploadState{State: store.UploadSending, Sent: 1 << 20, Size: 4 << 20},
		state(big.SHA256))
	require.NoError(t, s.MarkUploaded(ctx, big.SHA256))
	assert.Equal(t, store.UploadState{State: store.UploadDone, Sent: 4 << 20, Size: 4 << 20},
		state(big.SHA256))

	n, err := s.CountUploadTry(ctx, gone.SHA256)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	require.NoError(t, s.RefuseUpload(ctx, gone.SHA256, store.ReasonMissing))
	assert.Equal(t, store.UploadRefused, state(gone.SHA256).State)
	assert.Equal(t, "attach.missing", state(gone.SHA256).ReasonKey)
	ups, err := s.PendingUploads(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, ups, "done and refused files are not tried again")

	// The volunteer adds the missing file again: it is queued again.
	_, err = s.RemoveAttachment(ctx, d, gone.SHA256)
	require.NoError(t, err)
	_, err = s.AddAttachment(ctx, d, gone)
	require.NoError(t, err)
	assert.Equal(t, store.UploadQueued, state(gone.SHA256).State)

	// A file the hub refused stays refused.
	require.NoError(t, s.RefuseUpload(ctx, gone.SHA256, store.ReasonRefused))
	_, err = s.RemoveAttachment(ctx, d, gone.SHA256)
	require.NoError(t, err)
	_, err = s.AddAttachment(ctx, d, gone)
	require.NoError(t, err)
	assert.Equal(t, store.UploadState{State: store.UploadRefused, Size: 7000,
		ReasonKey: "attach.up.refused"}, state(gone.SHA256))
}

func TestUploadQueuedWhenSyncComesLater(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, true)
	_, err := s.AddAttachment(ctx, sess.DraftID, fileRef("a", "jpeg", 10, ""))
	require.NoError(t, err)
	require.NoError(t, s.Restrict(ctx, sess.ID, true))
	ups, err := s.PendingUploads(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, ups, "a restricted draft's files wait")
	require.NoError(t, s.Restrict(ctx, sess.ID, false))
	ups, err = s.PendingUploads(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, ups, 1)
}

// handedWithFiles is a hub draft listing files, with one entry that is not
// sound and one repeat, which are left out.
func handedWithFiles(version int64, files ...store.AttachmentRef) store.HubDraft {
	var list []string
	for _, f := range files {
		b, _ := json.Marshal(map[string]any{"sha256": f.SHA256, "kind": f.Kind,
			"size": f.Size, "paper": f.Paper})
		list = append(list, string(b))
	}
	list = append(list, `{"sha256":"../../etc/passwd","kind":"pdf","size":1}`)
	if len(files) > 0 {
		b, _ := json.Marshal(map[string]any{"sha256": files[0].SHA256, "kind": "png",
			"size": 1})
		list = append(list, string(b))
	}
	return store.HubDraft{UID: handedUID, Version: version, DeskID: "desk-b",
		Payload: []byte(`{"uid":"` + handedUID + `","fields":{"need.kind":"procedure"},` +
			`"attachments":[` + strings.Join(list, ",") + `]}`)}
}

func TestImportDraftTakesAttachments(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	photo := fileRef("cccd mặt trước", "jpeg", 300_000, "1.004194.0")
	scan := fileRef("giấy xác nhận", "pdf", 90_000, "")

	out, err := s.ImportDraft(ctx, handedWithFiles(3, photo, scan))
	require.NoError(t, err)
	require.Equal(t, store.ImportNew, out)
	d, err := s.DraftByUID(ctx, handedUID)
	require.NoError(t, err)
	list, err := s.Attachments(ctx, d.ID)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, photo, list[0].AttachmentRef)
	assert.Equal(t, scan, list[1].AttachmentRef)
	assert.Equal(t, store.UploadDone, list[0].Upload.State, "the desk that added it sends it")
	ups, err := s.PendingUploads(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, ups)
	inUse, err := s.AttachmentsInUse(ctx)
	require.NoError(t, err)
	assert.Len(t, inUse, 2, "both files are wanted here")

	out, err = s.ImportDraft(ctx, handedWithFiles(4, scan))
	require.NoError(t, err)
	require.Equal(t, store.ImportUpdated, out)
	list, err = s.Attachments(ctx, d.ID)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, scan.SHA256, list[0].SHA256)
	h, err := s.History(ctx, d.ID)
	require.NoError(t, err)
	last := h[len(h)-1]
	assert.Equal(t, int64(4), last.Version)
	assert.Equal(t, "attachment.remove", last.Field)
	assert.Equal(t, photo.SHA256, last.Value)
}

func TestDeletedDraftFreesItsFiles(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sess := start(t, s, true)
	photo := fileRef("cccd", "jpeg", 1234, "")
	_, err := s.AddAttachment(ctx, sess.DraftID, photo)
	require.NoError(t, err)
	require.NoError(t, s.DeleteSession(ctx, sess.ID, store.DeleteRequested))
	used, err := s.AttachmentInUse(ctx, photo.SHA256)
	require.NoError(t, err)
	assert.False(t, used, "the file of a deleted draft may be removed")
}
