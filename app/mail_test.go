package app

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/mail/mailtest"
)

// statusMail is a status mail as a one-stop system sends it.
const statusMail = "From: Mot cua Dong Nai <motcua@example.invalid>\r\n" +
	"To: desk@example.invalid\r\n" +
	"Subject: =?UTF-8?B?VGjDtG5nIGLDoW8gdGnhur9wIG5o4bqtbiBo4buTIHPGoSB0cuG7sWMgdHV54bq/bg==?=\r\n" +
	"Date: Fri, 04 Dec 2026 10:05:00 +0700\r\n" +
	"Message-ID: <tn-0012@motcua.example.invalid>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: 8bit\r\n\r\n" +
	"Hồ sơ mã số 000.00.00.H49-261204-0012 đã được tiếp nhận.\r\n"

// TestStatusMailReachesTheDraft: the volunteer sets up the center's
// mailbox in Settings; a status mail arriving in a real Dovecot on
// 127.0.0.1 is read, tied to the draft with its dossier code, and shown in
// the session, and the mail stays unread on the server.
func TestStatusMailReachesTheDraft(t *testing.T) {
	srv, err := mailtest.Start()
	require.NoError(t, err, "the mail tests need a local Dovecot")
	t.Cleanup(srv.Stop)
	cfg := enginetest.FastConfig()
	cfg.Mail = &engine.MailConfig{Every: 100 * time.Millisecond}
	f := openFixtureWith(t, map[string]string{settingDeskName: "Bàn 2",
		settingVolunteer: "Lê Minh Anh"}, Options{Sync: RunEngine(cfg), Enrol: realEnrol})
	ctx := context.Background()

	f.tap("Tiếp đón công dân mới")
	f.check("Lưu thông tin trên máy này")
	f.tap("Đồng ý và tiếp tục")
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Đinh Thị Hoa")
	f.tap("5  Hồ sơ")
	f.typeInto("Ví dụ: 000.00.00.H49-250725-0001", "000.00.00.H49-261204-0012")
	f.flush()
	draft := f.desk.session.draft.ID
	f.tap("Trang chủ")

	f.tap("Cài đặt")
	f.typeInto("Ví dụ: mail.dongnai.gov.vn:993", srv.Addr)
	f.typeInto("Địa chỉ thư của Trung tâm", mailtest.User)
	f.typeInto("Để trống để giữ mật khẩu đã lưu", mailtest.Password)
	f.selectOption("Không mã hóa (chỉ máy này, để thử)")
	f.tap("Dùng hộp thư này")

	c, err := client.Dial(srv.Addr)
	require.NoError(t, err)
	require.NoError(t, c.Login(mailtest.User, mailtest.Password))
	defer c.Logout()
	require.NoError(t, c.Append("INBOX", nil, time.Now(), bytes.NewBufferString(statusMail)))

	require.Eventually(t, func() bool {
		ss, err := f.store.Statuses(ctx, draft)
		return err == nil && len(ss) == 1 && ss[0].Status == "received"
	}, 15*time.Second, 50*time.Millisecond, "the status reaches the draft")

	f.tap("Hôm nay")
	f.tapListRow(0)
	f.tap("5  Hồ sơ")
	f.shows("Đã được tiếp nhận")

	mbox, err := c.Select("INBOX", true)
	require.NoError(t, err)
	require.Equal(t, uint32(1), mbox.Messages)
	seen := imap.NewSearchCriteria()
	seen.WithFlags = []string{imap.SeenFlag}
	ids, err := c.Search(seen)
	require.NoError(t, err)
	require.Empty(t, ids, "the mail stays unread on the server")
}
