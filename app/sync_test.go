package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/handoff"
	"tiepsuc/internal/store"
	"tiepsuc/sync/engine/enginetest"
)

// realSync and realEnrol are the real engine and enrolment, as main uses
// them, with short pauses for tests.
var (
	realSync  = RunEngine(enginetest.FastConfig())
	realEnrol = EnrolDesk
)

// TestDeskEnrolsAndSyncs: against a real hub on 127.0.0.1, a volunteer
// enrols the desk from Settings with the hub's one-time code, helps a
// citizen who agreed to sync, and the home screen says the draft went.
func TestDeskEnrolsAndSyncs(t *testing.T) {
	hub := enginetest.StartHub(t)
	code := hub.NewCode(t, "Tam Hiệp", "Bàn 2")
	f := openFixtureWith(t, map[string]string{settingDeskName: "Bàn 2",
		settingVolunteer: "Lê Minh Anh"}, Options{Sync: realSync, Enrol: realEnrol})
	ctx := context.Background()

	f.shows("Chưa thiết lập")
	f.tap("Cài đặt")
	f.typeInto("Ví dụ: https://10.0.0.5:8443", hub.URL)
	f.typeInto("SHA-256 do máy chủ in ra (để trống nếu có chứng chỉ thật)",
		hub.Fingerprint)
	f.typeInto("10 ký tự, dùng một lần", code)
	f.tap("Ghi danh bàn này")
	require.Eventually(t, func() bool {
		h, err := f.store.Hub(ctx)
		return err == nil && h.URL == hub.URL
	}, 10*time.Second, 20*time.Millisecond, "the desk enrols")
	h, err := f.store.Hub(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, h.Token)
	v, _, err := f.store.Setting(ctx, settingDeskName)
	require.NoError(t, err)
	assert.Equal(t, "Bàn 2", v, "a desk already named keeps its name")

	f.tap("Hôm nay")
	f.tap("Tiếp đón công dân mới")
	f.check("Lưu thông tin trên máy này")
	f.check("Gửi bản nháp hồ sơ lên hệ thống của tỉnh")
	f.tap("Đồng ý và tiếp tục")
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Võ Thị Sáu")
	f.flush()
	require.Eventually(t, func() bool {
		c, err := f.store.SyncCounts(ctx)
		return err == nil && c.Queued == 0
	}, 15*time.Second, 50*time.Millisecond, "every edit reaches the hub")

	f.tap("Trang chủ")
	require.Eventually(t, func() bool {
		texts := f.texts()
		return contains(texts, "Đồng bộ xong lần cuối") &&
			contains(texts, "Thay đổi đang chờ gửi: 0")
	}, 10*time.Second, 50*time.Millisecond, "the home screen says all went")
}

// TestConflictShownSideBySide: a draft handed to this desk through the hub
// is changed here and, meanwhile, at the desk that made it. Both versions
// are kept; the volunteer sees them side by side and keeps the hub's.
func TestConflictShownSideBySide(t *testing.T) {
	hub := enginetest.StartHub(t)
	ctx := context.Background()
	f := openFixtureWith(t, map[string]string{settingDeskName: "Bàn 2",
		settingVolunteer: "Lê Minh Anh"}, Options{Sync: realSync, Enrol: realEnrol})
	require.NoError(t, realEnrol(ctx, f.store, hub.URL, hub.Fingerprint,
		hub.NewCode(t, "Tam Hiệp", "Bàn 2")))
	f.desk.restartSync()

	other := enginetest.NewDesk(t, hub.URL, hub.Fingerprint,
		hub.NewCode(t, "Tam Hiệp", "Bàn 5"), enginetest.DeskOptions{
			Config: enginetest.FastConfig()})
	id := other.NewDraft(t)
	other.Edit(t, id, store.FieldFullName, "Phan Văn Trị")
	other.Edit(t, id, store.FieldPhone, "0912345678")
	other.Run()
	other.WaitSynced(t, 10*time.Second)
	other.Stop()

	var here store.DraftSummary
	require.Eventually(t, func() bool {
		rows, err := f.store.SearchDrafts(ctx, store.DraftQuery{Text: "phan van tri"})
		if err != nil || len(rows) != 1 {
			return false
		}
		here = rows[0]
		return true
	}, 10*time.Second, 50*time.Millisecond, "the hand-off reaches this desk")

	f.desk.stopSync() // this desk goes offline
	_, err := f.store.SetField(ctx, here.DraftID, store.FieldPhone, "0987654321")
	require.NoError(t, err)
	other.Edit(t, id, store.FieldPhone, "0911222333")
	other.Run()
	other.WaitSynced(t, 10*time.Second)
	other.Stop()

	f.desk.restartSync() // back online
	require.Eventually(t, func() bool {
		cs, err := f.store.Conflicts(ctx)
		return err == nil && len(cs) == 1 && cs[0].HubKnown
	}, 15*time.Second, 50*time.Millisecond, "the conflict is kept with both versions")

	f.desk.show(pageHome)
	require.Eventually(t, func() bool {
		return contains(f.texts(), "1 hồ sơ bị sửa ở hai nơi")
	}, 10*time.Second, 50*time.Millisecond)
	f.tap("Xem và chọn bản đúng")
	f.shows("0987654321")
	f.shows("0911222333")
	f.still().showPage(f.still().conflictsScreen())
	f.stillFixture().snap("16-conflict")

	f.tap("Giữ bản của tỉnh")
	f.shows("Không có hồ sơ nào bị sửa ở hai nơi.")
	d, err := f.store.Draft(ctx, here.DraftID)
	require.NoError(t, err)
	assert.Equal(t, "0911222333", d.Fields[store.FieldPhone], "the hub's version was kept")
	hist, err := f.store.History(ctx, here.DraftID)
	require.NoError(t, err)
	var values []string
	for _, h := range hist {
		values = append(values, h.Value)
	}
	assert.Contains(t, values, "0987654321", "this desk's version stays in the history")
}

// stillFixture is a second window on the same store with sync off, so a
// golden image does not depend on where the engine's rounds stand.
func (f *fixture) stillFixture() *fixture {
	if f.quiet == nil {
		w := test.NewWindow(nil)
		w.Resize(fyne.NewSize(1024, 700))
		f.t.Cleanup(w.Close)
		ui := &uiQueue{}
		d := New(w, f.store, f.desk.lib, Options{Now: func() time.Time { return morning },
			Do: ui.push})
		f.quiet = &fixture{t: f.t, desk: d, win: w, store: f.store, ui: ui}
	}
	return f.quiet
}

// still is the desk of stillFixture.
func (f *fixture) still() *Desk { return f.stillFixture().desk }

// TestHandOffThroughHub: a citizen started at desk 5 comes to desk 2 with
// her draft's code; desk 2, which got the draft through the hub, opens it
// from the code typed in its search box.
func TestHandOffThroughHub(t *testing.T) {
	hub := enginetest.StartHub(t)
	ctx := context.Background()
	f := openFixtureWith(t, map[string]string{settingDeskName: "Bàn 2",
		settingVolunteer: "Lê Minh Anh"}, Options{Sync: realSync, Enrol: realEnrol})
	require.NoError(t, realEnrol(ctx, f.store, hub.URL, hub.Fingerprint,
		hub.NewCode(t, "Tam Hiệp", "Bàn 2")))
	f.desk.restartSync()

	other := enginetest.NewDesk(t, hub.URL, hub.Fingerprint,
		hub.NewCode(t, "Tam Hiệp", "Bàn 5"), enginetest.DeskOptions{
			Config: enginetest.FastConfig()})
	id := other.NewDraft(t)
	other.Edit(t, id, store.FieldFullName, "Đinh Thị Hạnh")
	other.Run()
	other.WaitSynced(t, 10*time.Second)
	other.Stop()
	d, err := other.Store.Draft(ctx, id)
	require.NoError(t, err)
	code := handoff.Code(d.UID)

	require.Eventually(t, func() bool {
		_, err := f.store.DraftByUID(ctx, d.UID)
		return err == nil
	}, 10*time.Second, 50*time.Millisecond, "the draft reaches desk 2")
	f.desk.show(pageHome)
	f.typeInto(searchHint, code)
	f.submit(searchHint)
	f.shows("Đinh Thị Hạnh")
}
