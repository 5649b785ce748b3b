package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// seed stores three visits of the morning: one open in a guide, one to
// continue, one anonymous and done.
func (f *fixture) seed() {
	f.t.Helper()
	ctx := context.Background()
	consents := []store.Consent{
		{Purpose: store.PurposeKeepDetails, Granted: true, At: morning, TextVersion: consentVersion},
		{Purpose: store.PurposeSendToHub, Granted: true, At: morning, TextVersion: consentVersion},
		{Purpose: store.PurposeContact, Granted: false, At: morning, TextVersion: consentVersion},
	}
	people := []struct {
		name, id, need, proc, guide string
		step                        int
		outcome                     store.Outcome
	}{
		{"Trần Văn Bình", "075062004321", "guide", "", "vneid-activate", 3, store.OutcomeContinue},
		{"Nguyễn Thị Lan", "075158001234", "procedure", "birth_registration",
			"portal-birth-registration", 1, store.OutcomeNone},
	}
	v, err := f.store.EnsureVolunteer(ctx, "Lê Minh Anh")
	require.NoError(f.t, err)
	for _, p := range people {
		s, err := f.store.StartSession(ctx, store.NewSession{VolunteerID: v.ID, Desk: "Bàn 2",
			Consents: consents})
		require.NoError(f.t, err)
		for k, v := range map[string]string{store.FieldFullName: p.name,
			store.FieldIDNumber: p.id, store.FieldNeedKind: p.need,
			store.FieldNeedProcedure: p.proc, store.FieldNeedGuide: p.guide} {
			_, err := f.store.SetField(ctx, s.DraftID, k, v)
			require.NoError(f.t, err)
		}
		_, err = f.store.SetGuideStep(ctx, s.DraftID, p.guide, p.step)
		require.NoError(f.t, err)
		if p.outcome != store.OutcomeNone {
			require.NoError(f.t, f.store.CloseSession(ctx, s.ID, p.outcome))
		}
	}
	s, err := f.store.StartSession(ctx, store.NewSession{VolunteerID: v.ID, Desk: "Bàn 2",
		Anonymous: true})
	require.NoError(f.t, err)
	_, err = f.store.SetField(ctx, s.DraftID, store.FieldNeedKind, "question")
	require.NoError(f.t, err)
	require.NoError(f.t, f.store.CloseSession(ctx, s.ID, store.OutcomeDone))
}

// TestScreens draws every screen and compares it with its golden image;
// with TIEPSUC_SCREENSHOTS set it also writes them for docs/screenshots.
func TestScreens(t *testing.T) {
	screens := []struct {
		name string
		show func(f *fixture)
	}{
		{"01-home-first-start", nil},
		{"02-home-today", func(f *fixture) { f.seed(); f.desk.show(pageHome) }},
		{"03-consent", func(f *fixture) { f.seed(); f.tap("Tiếp đón công dân mới") }},
		{"04-session-details", func(f *fixture) {
			f.tap("Tiếp đón công dân mới")
			f.check("Lưu thông tin trên máy này")
			f.tap("Đồng ý và tiếp tục")
			f.typeInto("Ví dụ: Nguyễn Thị Lan", "Phạm Thị Hoa")
			f.typeInto("12 chữ số trên thẻ căn cước", "07530")
			f.typeInto("ngày/tháng/năm, ví dụ 05/09/1958", "12/03/1956")
			f.flush()
		}},
		{"05-session-need", func(f *fixture) {
			f.seed()
			f.desk.show(pageDrafts)
			f.tapListRow(0)
			f.tap("3  Nhu cầu")
		}},
		{"06-session-guide", func(f *fixture) {
			f.seed()
			f.desk.showDrafts("lan")
			f.tapListRow(0)
		}},
		{"07-session-close", func(f *fixture) {
			f.seed()
			f.desk.showDrafts("lan")
			f.tapListRow(0)
			f.tap("8  Kết thúc")
		}},
		{"08-session-anonymous", func(f *fixture) {
			f.tap("Tiếp đón công dân mới")
			f.tap("Giúp mà không lưu dữ liệu")
		}},
		{"09-drafts", func(f *fixture) { f.seed(); f.desk.show(pageDrafts) }},
		{"10-guides", func(f *fixture) { f.desk.show(pageGuides) }},
		{"11-guide-player", func(f *fixture) {
			f.desk.show(pageGuides)
			f.tap("Mở hướng dẫn")
			for range 3 {
				f.tap("Tiếp")
			}
			f.shows("Bước 4/")
		}},
		{"12-settings", func(f *fixture) { f.seed(); f.desk.show(pageSettings) }},
		{"13-home-english", func(f *fixture) {
			f.seed()
			f.desk.show(pageSettings)
			f.selectOption("English")
			f.desk.show(pageHome)
		}},
		{"17-session-dossier", func(f *fixture) {
			f.seed()
			f.desk.showDrafts("lan")
			f.tapListRow(0)
			f.tap("5  Hồ sơ")
			f.typeInto("Ví dụ: 000.00.00.H49-250725-0001", "000.00.00.H49-261204-0012")
			f.flush()
			_, err := f.store.RecordStatus(context.Background(), store.StatusRecord{
				Source: store.SourceMail, Ref: "7:41:000.00.00.H49-261204-0012:received",
				DossierCode: "000.00.00.H49-261204-0012", Status: "received",
				At: morning.Add(2 * time.Hour)})
			require.NoError(f.t, err)
			f.tap("4  Hướng dẫn")
			f.tap("5  Hồ sơ")
		}},
		{"24-dossier-form", func(f *fixture) {
			f.desk.welcome()
			f.check("Lưu thông tin trên máy này")
			f.tap("Đồng ý và tiếp tục")
			f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
			f.typeInto("12 chữ số trên thẻ căn cước", "075160001234")
			f.tap("5  Hồ sơ")
			f.selectOption("Đăng ký tạm trú")
			f.flush()
		}},
		{"25-payment-qr", func(f *fixture) {
			ctx := context.Background()
			for k, v := range map[string]string{settingFeeBIN: "970436",
				settingFeeAccount: "0071000123456", settingFeeName: "TT PVHCC Tam Hiệp"} {
				require.NoError(f.t, f.store.SetSetting(ctx, k, v))
			}
			f.desk.welcome()
			f.check("Lưu thông tin trên máy này")
			f.tap("Đồng ý và tiếp tục")
			f.tap("5  Hồ sơ")
			f.selectOption("Đăng ký tạm trú")
			f.tap("6  Lệ phí")
			f.selectRadio("Chuyển khoản vào tài khoản của Trung tâm")
			f.flush() // the mark says "saved" once the saver is done
		}},
		{"00-sign-in", func(f *fixture) { f.desk.lock(false) }},
		{"26-audit-log", func(f *fixture) {
			f.seed()
			f.desk.showDrafts("lan")
			f.tapListRow(0)
			f.desk.show(pageAudit)
		}},
		{"18-mailbox", func(f *fixture) {
			ctx := context.Background()
			_, err := f.store.RecordStatus(ctx, store.StatusRecord{Source: store.SourceMail,
				Ref:         "7:52:000.00.00.H49-261203-0007:result_ready",
				DossierCode: "000.00.00.H49-261203-0007", Status: "result_ready",
				At: morning.Add(-20 * time.Hour)})
			require.NoError(f.t, err)
			_, err = f.store.RecordUnmatchedMail(ctx, store.UnmatchedMail{Mailbox: "INBOX",
				UIDValidity: 7, UID: 53, Subject: "Thông báo lịch làm việc tháng 12",
				Reason: "no-code"})
			require.NoError(f.t, err)
			f.desk.showPage(f.desk.mailboxScreen())
		}},
		{"19-typing-practice", func(f *fixture) {
			f.tap("Hướng dẫn")
			f.tap("Luyện gõ tiếng Việt")
			test.Type(f.practiceEntry(), "Vieetj Na")
		}},
		{"20-citizen-mode", func(f *fixture) {
			g, _ := f.desk.lib.Guide("vneid-activate")
			f.desk.citizenMode(g, 3, nil, nil)
		}},
		{"21-citizen-stuck-contrast", func(f *fixture) {
			g, _ := f.desk.lib.Guide("vneid-activate")
			f.desk.citizenMode(g, 0, nil, nil)
			f.key(fyne.KeyC)
			f.tap("Tôi bị vướng")
		}},
		{"22-presenter", func(f *fixture) {
			g, _ := f.desk.lib.Guide("vneid-install-level1")
			f.desk.presentGuide(g)
			f.key(fyne.KeyPageDown)
			f.key(fyne.KeyPageDown)
			f.key(fyne.KeyPageDown)
			f.key(fyne.KeyPageDown)
			f.key(fyne.KeyPageDown)
		}},
		{"23-presenter-overview", func(f *fixture) {
			g, _ := f.desk.lib.Guide("vneid-install-level1")
			f.desk.presentGuide(g)
			f.key(fyne.KeyRight)
			f.key(fyne.KeyO)
		}},
		{"14-damaged-file", func(f *fixture) {
			ShowDamaged(f.win, "/home/tnv/.config/TiepSuc/tiepsuc.db", func() {}, func() {})
		}},
		{"15-newer-version", func(f *fixture) {
			ShowTooNew(f.win, "/home/tnv/.config/TiepSuc/tiepsuc.db", 7, 1, func() {})
		}},
	}
	n := 0
	restore := store.SetUIDSource(func() (string, error) {
		n++
		return fmt.Sprintf("01938a2c-5d4e-7f00-8a1b-%012d", n), nil
	})
	defer restore()
	t.Run("00-setup", func(t *testing.T) {
		f := openGate(t, false)
		f.win.Resize(fyne.NewSize(1024, 700))
		f.snap("00-setup")
	})
	for _, s := range screens {
		t.Run(s.name, func(t *testing.T) {
			if s.show == nil {
				f := openFixture(t, nil)
				f.snap(s.name)
				return
			}
			f := newFixture(t)
			s.show(f)
			f.win.Resize(fyne.NewSize(1024, 700))
			f.snap(s.name)
		})
	}
}
