package app

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/handoff"
	"tiepsuc/internal/store"
	"tiepsuc/internal/takehome"
	"tiepsuc/internal/telex"
)

// TestTakeHomeCardFromSession: the volunteer prints the card of the guide
// the citizen is following; the PDF marks where she stopped, holds the
// guide's Vietnamese words intact, and none of her details.
func TestTakeHomeCardFromSession(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Phamj Thij Hoa")
	f.typeInto("12 chữ số trên thẻ căn cước", "075160001234")
	f.tap("3  Nhu cầu")
	f.selectRadio("Học theo hướng dẫn")
	g := f.desk.lib.Guides()[0]
	f.selectOption(g.Title.In("vi"))
	f.tap("Bắt đầu hướng dẫn")
	f.tap("Tiếp")
	f.tap("Tiếp")
	f.tap("In thẻ mang về")
	f.shows("Thẻ không ghi tên hay số giấy tờ của công dân.")
	f.tap("Tạo thẻ")
	f.shows("Đã tạo thẻ, lưu tại:")

	cards, err := filepath.Glob(filepath.Join(filepath.Dir(f.store.Path()), "cards", "*.pdf"))
	require.NoError(t, err)
	require.Len(t, cards, 1)
	out, err := exec.Command("pdftotext", "-layout", cards[0], "-").Output()
	require.NoError(t, err, "pdftotext (poppler-utils) reads the card")
	text := string(out)
	assert.Contains(t, text, g.Steps[2].Title.In("vi"))
	assert.Contains(t, text, "Bác đang ở bước này")
	assert.Contains(t, text, "Bước 3.")
	assert.Contains(t, text, handoff.Code(f.desk.session.draft.UID),
		"the card names the draft for another desk")
	assert.NotContains(t, text, "Phạm Thị Hoa", "no name on the card")
	assert.NotContains(t, text, "075160001234", "no identity number on the card")
	raw, err := os.ReadFile(cards[0])
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(raw), "%PDF"))
}

// TestOpenGuideByCardCode: a citizen comes back with the card; the code
// on it opens the same guide at the same step, and a misread code gets a
// message that says what a code looks like.
func TestOpenGuideByCardCode(t *testing.T) {
	f := newFixture(t)
	g := f.desk.lib.Guides()[1]
	_, code := takehome.GuideLink(g, 3)
	f.tap("Hướng dẫn")
	f.typeInto("Mã trên thẻ mang về, ví dụ 5LMB-4", strings.ToLower(code))
	f.submit("Mã trên thẻ mang về, ví dụ 5LMB-4")
	f.shows(g.Title.In("vi"))
	f.shows("Bước 3/")

	f.tap("Danh sách hướng dẫn")
	f.typeInto("Mã trên thẻ mang về, ví dụ 5LMB-4", "5LMB")
	f.tap("Mở theo mã")
	f.shows("Mã chưa đúng dạng.")
}

// TestGuideSearchIgnoresMarks: typing "kich hoat" without marks finds the
// activation guide; a step's words lead to that step.
func TestGuideSearchIgnoresMarks(t *testing.T) {
	f := newFixture(t)
	f.tap("Hướng dẫn")
	f.typeInto("Tìm hướng dẫn…", "kich hoat")
	g, ok := f.desk.lib.Guide("vneid-activate")
	require.True(t, ok)
	f.shows(g.Title.In("vi"))

	f.entry("Tìm hướng dẫn…").SetText("")
	f.typeInto("Tìm hướng dẫn…", "cau hoi bao mat")
	f.shows("Bước 8: Trả lời hai câu hỏi bảo mật")
	f.entry("Tìm hướng dẫn…").SetText("")
	f.typeInto("Tìm hướng dẫn…", "xyzq")
	f.shows("Không có hướng dẫn nào có các chữ này.")
}

// TestHandOffToAnotherDesk: the draft's hand-off code is shown with its
// QR code when closing; typed (or scanned) into the search box of a desk
// that has the draft, it opens it; an unknown code says what to do.
func TestHandOffToAnotherDesk(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
	f.flush()
	f.tap("8  Kết thúc")
	f.shows("Chuyển sang bàn khác")
	code := handoff.Code(f.desk.session.draft.UID)
	f.shows(code)
	f.qrImage()
	f.tap("Trang chủ")
	f.typeInto(searchHint, strings.ToLower(code))
	f.submit(searchHint)
	f.shows("Lượt hỗ trợ số 1")
	f.shows("Trần Thị Hoà")

	f.tap("Trang chủ")
	f.typeInto(searchHint, "HS-2345-6789")
	f.submit(searchHint)
	f.shows("Chưa có hồ sơ mang mã HS-2345-6789 trên máy này.")
}

// TestHandOffCodeTypedWithTelexOn: a code whose letters Telex would turn
// into Vietnamese ones ("UW" gives "Ư", "UF" "Ù") is typed into the search box with
// Telex on and still opens the draft, as a barcode scanner types it.
func TestHandOffCodeTypedWithTelexOn(t *testing.T) {
	f := newFixture(t)
	restore := store.SetUIDSource(func() (string, error) {
		for i := 0; ; i++ {
			uid := fmt.Sprintf("01938a2c-5d4e-7f00-8a1b-%012d", i)
			c := handoff.Code(uid)
			if telex.Apply(c, telex.Telex, telex.Modern) != c {
				return uid, nil // Telex would change this code
			}
		}
	})
	defer restore()
	startDetails(f)
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Traafn Thij Hoaf")
	f.flush()
	code := handoff.Code(f.desk.session.draft.UID)
	f.tap("Trang chủ")
	f.typeInto(searchHint, code)
	assert.Equal(t, code, f.entry(searchHint).Text)
	f.submit(searchHint)
	f.shows("Trần Thị Hoà")
}
