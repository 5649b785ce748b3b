package engine_test

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/attach"
	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hub"
	"tiepsuc/sync/hub/hubstore"
)

// blobHub is a real hub on SQLite over HTTPS on 127.0.0.1 that keeps
// attachments, and records the order of what it logs.
type blobHub struct {
	DB               *hubstore.DB
	Blobs            *hub.Blobs
	URL, Fingerprint string
	dir              string
	log              *eventLog
	dataDirs         map[*enginetest.Desk]string
}

// startBlobHub starts a hub taking files up to limit bytes (0: 30 MB).
func startBlobHub(t *testing.T, limit int64) *blobHub {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := hubstore.Open(ctx, "sqlite://"+filepath.Join(dir, "hub.db"))
	require.NoError(t, err)
	blobs, err := hub.OpenBlobs(filepath.Join(dir, "blobs"), limit)
	require.NoError(t, err)
	cert, _, err := hub.SelfSignedCert(dir, nil, time.Now())
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	events := &eventLog{}
	log := slog.New(events)
	lim := hub.DefaultLimits()
	lim.PerDesk = hub.Rate{}
	srv := hub.NewHTTPServer(hub.New(db, log, hub.WithLimits(lim), hub.WithBlobs(blobs)),
		cert, enginetest.Quiet)
	done := make(chan error, 1)
	go func() { done <- hub.Serve(ctx, ln, srv) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
		require.NoError(t, db.Close())
	})
	return &blobHub{DB: db, Blobs: blobs, URL: "https://" + ln.Addr().String(),
		Fingerprint: hub.CertFingerprint(cert), dir: filepath.Join(dir, "blobs"), log: events,
		dataDirs: map[*enginetest.Desk]string{}}
}

// files lists the names of the files in the hub's blob folder.
func (h *blobHub) files(t *testing.T) []string {
	t.Helper()
	var names []string
	require.NoError(t, filepath.WalkDir(h.dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			names = append(names, e.Name())
		}
		return err
	}))
	return names
}

// desk enrols a desk of commune whose engine keeps attachments in its own
// data folder; via, when set, is the address it reaches the hub at.
func (h *blobHub) desk(t *testing.T, commune, name, via string) (*enginetest.Desk,
	*attach.Store) {
	t.Helper()
	_, code, err := h.DB.CreateDesk(context.Background(), commune, name, time.Hour,
		time.Now())
	require.NoError(t, err)
	cfg := enginetest.FastConfig()
	cfg.DataDir = t.TempDir()
	if testing.Verbose() {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	opt := enginetest.DeskOptions{Config: cfg}
	if via != "" {
		opt.URL, opt.Fingerprint = via, h.Fingerprint
	}
	d := enginetest.NewDesk(t, h.URL, h.Fingerprint, code, opt)
	h.dataDirs[d] = cfg.DataDir
	files, err := attach.OpenStore(filepath.Join(cfg.DataDir, engine.AttachmentsFolder))
	require.NoError(t, err)
	return d, files
}

// eventLog is a slog handler that keeps the messages of Info and above,
// in order.
type eventLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *eventLog) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelInfo }
func (l *eventLog) WithAttrs([]slog.Attr) slog.Handler            { return l }
func (l *eventLog) WithGroup(string) slog.Handler                 { return l }
func (l *eventLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r.Message)
	return nil
}

// messages returns the messages logged so far.
func (l *eventLog) messages() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.msgs...)
}

// scanPDF makes a scanned-paper PDF of about n bytes, different for each
// seed, that the desk takes.
func scanPDF(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 3))
	body := make([]byte, n-16)
	for i := range body {
		body[i] = byte(r.Uint32())
	}
	return append(append([]byte("%PDF-1.4\n"), body...), []byte("\n%%EOF\n")...)
}

// attachFile puts data in a desk's folder and attaches it to a draft.
func attachFile(t *testing.T, d *enginetest.Desk, files *attach.Store, draftID int64,
	data []byte) attach.Ref {
	t.Helper()
	ref, err := files.Put(data)
	require.NoError(t, err)
	_, err = d.Store.AddAttachment(context.Background(), draftID, store.AttachmentRef{
		SHA256: ref.SHA256, Kind: string(ref.Kind), Size: ref.Size})
	require.NoError(t, err)
	d.Engine.Kick()
	return ref
}

// upload returns the upload state of a draft's file.
func upload(t *testing.T, d *enginetest.Desk, draftID int64, sha string) store.UploadState {
	t.Helper()
	list, err := d.Store.Attachments(context.Background(), draftID)
	require.NoError(t, err)
	for _, a := range list {
		if a.SHA256 == sha {
			return a.Upload
		}
	}
	require.FailNow(t, "attachment not on the draft")
	return store.UploadState{}
}

// waitUpload waits until a draft's file reaches state.
func waitUpload(t *testing.T, d *enginetest.Desk, draftID int64, sha, state string) {
	t.Helper()
	require.Eventually(t, func() bool { return upload(t, d, draftID, sha).State == state },
		20*time.Second, 20*time.Millisecond, "upload never %s: %+v", state,
		upload(t, d, draftID, sha))
}

func TestAttachmentSentBeforeItsDraft(t *testing.T) {
	h := startBlobHub(t, 0)
	d, files := h.desk(t, commune, "Bàn 1", "")
	draft := d.NewDraft(t)
	ref := attachFile(t, d, files, draft, scanPDF(2<<20, 1))
	d.Run()
	waitUpload(t, d, draft, ref.SHA256, store.UploadDone)
	d.WaitSynced(t, 20*time.Second)

	assert.Equal(t, []string{ref.SHA256}, h.files(t))
	msgs := h.log.messages()
	assert.Less(t, indexOf(msgs, "blob complete"), indexOf(msgs, "push"),
		"the file is whole at the hub before the draft that lists it: %v", msgs)
	listed, err := h.DB.CommuneHasBlob(context.Background(), commune, ref.SHA256)
	require.NoError(t, err)
	assert.True(t, listed, "the hub's draft lists the file")
}

// indexOf is where s first is in list, or len(list).
func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return len(list)
}

// cutProxy relays TCP between desks and the hub on 127.0.0.1, TLS and all,
// and cuts the line once, when the desks have sent cutAt bytes.
type cutProxy struct {
	URL   string
	cutAt int64
	sent  atomic.Int64
	cuts  atomic.Int64
	ln    net.Listener

	mu    sync.Mutex
	conns []net.Conn
}

// startCutProxy starts a relay to the hub at hubURL.
func startCutProxy(t *testing.T, hubURL string, cutAt int64) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &cutProxy{URL: "https://" + ln.Addr().String(), cutAt: cutAt, ln: ln}
	target := hubURL[len("https://"):]
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.conns = append(p.conns, c)
			p.mu.Unlock()
			wg.Go(func() { p.relay(c, target) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
		wg.Wait()
	})
	return p
}

// relay copies one connection both ways, cutting both ends at the cut.
func (p *cutProxy) relay(c net.Conn, target string) {
	defer c.Close()
	up, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer up.Close()
	go func() {
		_, _ = io.Copy(c, up)
		c.Close()
	}()
	buf := make([]byte, 16<<10)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			before := p.sent.Add(int64(n)) - int64(n)
			if before < p.cutAt && before+int64(n) >= p.cutAt {
				_, _ = up.Write(buf[:p.cutAt-before])
				p.cuts.Add(1)
				return
			}
			if _, werr := up.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func TestAttachmentUploadResumesAfterCut(t *testing.T) {
	h := startBlobHub(t, 0)
	const size = 4 << 20
	p := startCutProxy(t, h.URL, size*5/8)
	d, files := h.desk(t, commune, "Bàn 1", p.URL)
	draft := d.NewDraft(t)
	ref := attachFile(t, d, files, draft, scanPDF(size, 2))
	d.Run()
	waitUpload(t, d, draft, ref.SHA256, store.UploadDone)
	d.WaitSynced(t, 20*time.Second)

	require.Equal(t, int64(1), p.cuts.Load(), "the line was cut mid-upload")
	written := h.Blobs.Written()
	assert.GreaterOrEqual(t, written, int64(size))
	assert.LessOrEqual(t, written, int64(size+1<<20), "at most one chunk sent again")
	t.Logf("hub wrote %d bytes for a file of %d", written, size)
	assert.Equal(t, []string{ref.SHA256}, h.files(t), "the file appears once, no part left")
}

func TestAttachmentTooLargeForHubRefused(t *testing.T) {
	// The desk takes files up to 30 MB and so, by default, does the hub; a
	// hub set to take less refuses a file the desk holds, as below.
	h := startBlobHub(t, 3<<20)
	d, files := h.desk(t, commune, "Bàn 1", "")
	draft := d.NewDraft(t)
	ref := attachFile(t, d, files, draft, scanPDF(4<<20, 3))
	d.Edit(t, draft, store.FieldPhone, "0912345678")
	d.Run()
	waitUpload(t, d, draft, ref.SHA256, store.UploadRefused)
	d.WaitSynced(t, 20*time.Second)

	st := upload(t, d, draft, ref.SHA256)
	assert.Equal(t, "attach.up.refused", st.ReasonKey)
	rows, err := d.Store.OutboxRows(context.Background(), draft)
	require.NoError(t, err)
	for _, r := range rows {
		assert.Equal(t, store.OutboxSent, r.State, "the draft still syncs")
	}
	// Another round does not try again.
	d.WaitSynced(t, 20*time.Second)
	assert.Zero(t, h.Blobs.Written())
	assert.Empty(t, h.files(t))
}

func TestSamePhotoFromTwoDesksStoredOnce(t *testing.T) {
	h := startBlobHub(t, 0)
	a, filesA := h.desk(t, commune, "Bàn 1", "")
	b, filesB := h.desk(t, "Phú Lợi", "Bàn 1", "")
	photo := scanPDF(1<<20+500, 4)
	da, db := a.NewDraft(t), b.NewDraft(t)
	ref := attachFile(t, a, filesA, da, photo)
	attachFile(t, b, filesB, db, photo)
	a.Run()
	waitUpload(t, a, da, ref.SHA256, store.UploadDone)
	b.Run()
	waitUpload(t, b, db, ref.SHA256, store.UploadDone)

	assert.Equal(t, int64(len(photo)), h.Blobs.Written(), "the bytes crossed once")
	assert.Equal(t, []string{ref.SHA256}, h.files(t))
}

func TestHandedOffDraftBringsItsFiles(t *testing.T) {
	h := startBlobHub(t, 0)
	a, filesA := h.desk(t, commune, "Bàn 1", "")
	b, filesB := h.desk(t, commune, "Bàn 2", "")
	draft := a.NewDraft(t)
	scan := scanPDF(2<<20+77, 5)
	ref := attachFile(t, a, filesA, draft, scan)
	a.Edit(t, draft, store.FieldFullName, "Nguyễn Thị Lan")
	a.Run()
	a.WaitSynced(t, 20*time.Second)
	waitUpload(t, a, draft, ref.SHA256, store.UploadDone)

	b.Run()
	var got []byte
	require.Eventually(t, func() bool {
		data, _, err := filesB.Load(ref.SHA256)
		got = data
		return err == nil
	}, 20*time.Second, 50*time.Millisecond, "desk B fetches the file")
	assert.Equal(t, scan, got)
	d, err := b.Store.DraftByUID(context.Background(), draftUID(t, a, draft))
	require.NoError(t, err)
	list, err := b.Store.Attachments(context.Background(), d.ID)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, ref.SHA256, list[0].SHA256)
}

// draftUID returns the uid of a desk's draft.
func draftUID(t *testing.T, d *enginetest.Desk, draftID int64) string {
	t.Helper()
	dr, err := d.Store.Draft(context.Background(), draftID)
	require.NoError(t, err)
	return dr.UID
}

func TestRemovedAttachmentKeptWhileUsed(t *testing.T) {
	ctx := context.Background()
	h := startBlobHub(t, 0)
	d, files := h.desk(t, commune, "Bàn 1", "")
	first := d.NewDraft(t)
	require.NoError(t, d.Store.CloseSession(ctx, sessionOf(t, d, first), store.OutcomeDone))
	second := d.NewDraft(t)
	photo := scanPDF(300_000, 6)
	ref := attachFile(t, d, files, first, photo)
	attachFile(t, d, files, second, photo)

	// The app's rule: off the disk only once no draft uses the file.
	remove := func(draftID int64) {
		_, err := d.Store.RemoveAttachment(ctx, draftID, ref.SHA256)
		require.NoError(t, err)
		used, err := d.Store.AttachmentInUse(ctx, ref.SHA256)
		require.NoError(t, err)
		if !used {
			require.NoError(t, files.Remove(ref.SHA256))
		}
		d.Engine.Kick()
	}
	remove(first)
	_, _, err := files.Load(ref.SHA256)
	require.NoError(t, err, "the second draft still uses it")
	d.Run()
	waitUpload(t, d, second, ref.SHA256, store.UploadDone)
	d.WaitSynced(t, 20*time.Second)

	remove(second)
	_, _, err = files.Load(ref.SHA256)
	assert.ErrorIs(t, err, attach.ErrMissing, "no draft uses it: gone from the desk")
	d.WaitSynced(t, 20*time.Second)
	assert.Equal(t, "", d.Engine.Status().ErrorKey)
}

// sessionOf returns the session of a desk's draft.
func sessionOf(t *testing.T, d *enginetest.Desk, draftID int64) int64 {
	t.Helper()
	dr, err := d.Store.Draft(context.Background(), draftID)
	require.NoError(t, err)
	return dr.SessionID
}

func TestSweepRemovesFilesOfDeletedDrafts(t *testing.T) {
	ctx := context.Background()
	h := startBlobHub(t, 0)
	d, files := h.desk(t, commune, "Bàn 1", "")
	gone := d.NewDraft(t)
	photo := attachFile(t, d, files, gone, scanPDF(5000, 7))
	require.NoError(t, d.Store.CloseSession(ctx, sessionOf(t, d, gone), store.OutcomeDone))
	kept := d.NewDraft(t)
	scan := attachFile(t, d, files, kept, scanPDF(6000, 8))
	loose, err := files.Put(scanPDF(7000, 9))
	require.NoError(t, err, "put in the folder, not attached yet")

	require.NoError(t, d.Store.DeleteSession(ctx, sessionOf(t, d, gone),
		store.DeleteRequested))
	dataDir := h.dataDirs[d]
	n, err := engine.SweepAttachments(ctx, d.Store, dataDir, time.Hour, time.Now())
	require.NoError(t, err)
	assert.Zero(t, n, "files younger than the grace stay")

	n, err = engine.SweepAttachments(ctx, d.Store, dataDir, time.Hour,
		time.Now().Add(2*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	for sha, want := range map[string]error{photo.SHA256: attach.ErrMissing,
		loose.SHA256: attach.ErrMissing, scan.SHA256: nil} {
		_, _, err := files.Load(sha)
		if want == nil {
			assert.NoError(t, err, "a listed file stays")
		} else {
			assert.ErrorIs(t, err, want, "the deleted draft's photo is gone")
		}
	}
}
