package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// TestFirstStartSetsUpAdmin: a brand-new desk asks its admin for a name
// and a PIN, refuses a PIN anyone could guess, and then opens the desk.
func TestFirstStartSetsUpAdmin(t *testing.T) {
	f := openGate(t, false)
	f.shows("Thiết lập bàn hỗ trợ")
	f.typeInto("Họ tên người quản lý bàn", "Nguyễn Văn Hùng")
	f.typeInto("Mã PIN (6–8 chữ số)", "123456")
	f.typeInto("Nhập lại mã PIN", "123456")
	f.tap("Tạo tài khoản quản lý")
	f.shows("dãy số liên tiếp")
	f.entry("Mã PIN (6–8 chữ số)").SetText("")
	f.entry("Nhập lại mã PIN").SetText("")
	f.typeInto("Mã PIN (6–8 chữ số)", "583920")
	f.typeInto("Nhập lại mã PIN", "583920")
	f.tap("Tạo tài khoản quản lý")
	f.shows("Tiếp đón công dân mới")
	f.shows("TNV: Nguyễn Văn Hùng")
	need, err := f.store.NeedsAdmin(context.Background())
	require.NoError(t, err)
	assert.False(t, need)
}

// TestSignInWithPIN: a wrong PIN says how many tries are left, the fifth
// locks the account, and the right PIN opens the desk once the lock ends.
func TestSignInWithPIN(t *testing.T) {
	f := openGate(t, true)
	f.shows("Đăng nhập")
	f.selectOption("Lê Minh Anh")
	f.typeInto("Mã PIN", "000111")
	f.submit("Mã PIN")
	f.shows("Sai mã PIN. Còn 4 lần thử")
	for range 4 {
		f.typeInto("Mã PIN", "000111")
		f.submit("Mã PIN")
	}
	f.shows("Tài khoản đang tạm khoá")
	f.typeInto("Mã PIN", testPIN)
	f.submit("Mã PIN")
	f.shows("Tài khoản đang tạm khoá") // the right PIN waits for the lock to end

	f.desk.now = func() time.Time { return morning.Add(6 * time.Minute) }
	f.typeInto("Mã PIN", testPIN)
	f.submit("Mã PIN")
	f.shows("Tiếp đón công dân mới")
}

// TestIdleLock: a desk left alone locks itself after the idle time; the
// citizen's edits were kept; the volunteer signs in again and goes on.
func TestIdleLock(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
	f.flush()
	now := morning
	f.desk.now = func() time.Time { return now }
	f.desk.touch()
	now = now.Add(4 * time.Minute)
	f.desk.checkIdle()
	f.shows("Trần Thị Hoà") // still open after 4 minutes
	now = now.Add(2 * time.Minute)
	f.desk.checkIdle()
	f.shows("Đăng nhập")
	assert.NotContains(t, f.texts(), "Trần Thị Hoà", "nothing of the citizen on the lock screen")

	f.selectOption("Lê Minh Anh")
	f.typeInto("Mã PIN", testPIN)
	f.submit("Mã PIN")
	f.tap("Hồ sơ nháp")
	f.shows("Trần Thị Hoà")
}

// TestAuditLogShowsWhoDidWhat: opening a draft and printing its card are in
// the audit log with who did it, and the log says it is whole.
func TestAuditLogShowsWhoDidWhat(t *testing.T) {
	f := newFixture(t)
	f.seed()
	f.desk.showDrafts("lan")
	f.tapListRow(0)
	f.tap("Trang chủ")
	f.tap("Nhật ký")
	f.shows("✓ Nhật ký còn nguyên vẹn")
	f.shows("Lê Minh Anh · xem hồ sơ")
	f.shows("Lê Minh Anh · đăng nhập")
	entries, err := f.store.AuditEntries(f.desk.ctx(), store.AuditFilter{
		Action: store.AuditView})
	require.NoError(t, err)
	require.Len(t, entries, 1)
}

// TestSetupByKeyboardAlone: on a new desk the name box has the keyboard,
// and Enter moves from box to box and creates the account.
func TestSetupByKeyboardAlone(t *testing.T) {
	f := openGate(t, false)
	name := f.entry("Họ tên người quản lý bàn")
	assert.Equal(t, name, f.win.Canvas().Focused(), "the name box has the keyboard")
	for _, s := range []string{"Lan", "583920", "583920"} {
		focused := f.win.Canvas().Focused()
		f.win.Canvas().Focus(focused)
		test.Type(focused.(*deskEntry), s)
		focused.(*deskEntry).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	f.shows("Tiếp đón công dân mới")
}

// TestAdminAddsVolunteer: the desk admin adds a volunteer with her own PIN
// in Settings; a guessable PIN is refused; she can then sign in.
func TestAdminAddsVolunteer(t *testing.T) {
	f := newFixture(t)
	f.tap("Cài đặt")
	f.shows("Tình nguyện viên của bàn")
	f.typeInto("Họ tên tình nguyện viên mới", "Phạm Thu Trang")
	f.tap("Thêm người")
	f.typeInto("Mã PIN (6–8 chữ số)", "111111")
	f.typeInto("Nhập lại mã PIN", "111111")
	f.tap("Lưu mã PIN")
	f.shows("Mã PIN lặp lại")
	f.entry("Mã PIN (6–8 chữ số)").SetText("")
	f.entry("Nhập lại mã PIN").SetText("")
	f.typeInto("Mã PIN (6–8 chữ số)", "736158")
	f.typeInto("Nhập lại mã PIN", "736158")
	f.tap("Lưu mã PIN")
	f.shows("Phạm Thu Trang · tình nguyện viên")

	f.tap("Khoá máy")
	f.selectOption("Phạm Thu Trang")
	f.typeInto("Mã PIN", "736158")
	f.submit("Mã PIN")
	f.shows("TNV: Phạm Thu Trang")
	f.tap("Cài đặt")
	assert.NotContains(t, f.texts(), "Tình nguyện viên của bàn", "a volunteer manages no one")
}

// TestEveryChangeSaysWho: the history of a detail and the audit log name
// the volunteer who typed it, and the log names the field, not its value.
func TestEveryChangeSaysWho(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
	f.flush()
	hist, err := f.store.History(context.Background(), f.desk.session.draft.ID)
	require.NoError(t, err)
	require.NotEmpty(t, hist)
	for _, h := range hist {
		assert.Equal(t, f.desk.account.ID, h.Actor, "%s %s", h.Field, h.Value)
	}
	entries, err := f.store.AuditEntries(f.desk.ctx(), store.AuditFilter{
		Action: store.AuditChange})
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	assert.Equal(t, f.desk.account.ID, entries[0].Actor)
	assert.Equal(t, store.FieldFullName, entries[0].Detail)
	for _, e := range entries {
		assert.NotContains(t, e.Detail, "Trần", "no value in the log")
	}
}
